"""How PDFs are drawn: ReportLab's public API only, repeated parts as forms written
once per PDF, and class bundles made of their documents' very pages."""

from __future__ import annotations

import ast
import io
import re
import sys
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

sys.path.insert(0, str(Path(__file__).parent))
from kit_helpers import render_all

PACKAGE = Path(__file__).resolve().parent.parent / "generator"
# Public names that happen to start with an underscore, documented as such by their library.
DOCUMENTED = {"os._exit", "etree._ProcessingInstruction", "etree._Element", "etree._ElementTree", "etree._Comment"}


# --- public API only -------------------------------------------------------------------


def test_no_private_name_of_another_object_anywhere_in_the_package():
    """`x._name` only on self/cls, no __dict__, no getattr/setattr of a private name, no private import:
    the tree leans on no library's internals (ReportLab's canvas least of all)."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            where = f"{path.relative_to(PACKAGE.parent)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Attribute):
                own = isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")
                private = node.attr.startswith("_") and not node.attr.endswith("__")
                if (private and not own and ast.unparse(node) not in DOCUMENTED) or node.attr == "__dict__":
                    found.append(f"{where} {ast.unparse(node)}")
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in (
                "getattr", "setattr", "hasattr", "delattr"
            ):  # fmt: skip
                if len(node.args) > 1 and isinstance(node.args[1], ast.Constant) and str(node.args[1].value).startswith("_"):
                    found.append(f"{where} {ast.unparse(node)}")
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                found += [f"{where} {node.module}.{a.name}" for a in node.names if a.name.startswith("_")]
    assert found == []


def test_reportlab_has_a_lower_bound_only():
    import tomllib

    project = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reportlab = [d for d in project["dependencies"] if d.startswith("reportlab")]
    assert len(reportlab) == 1 and ">=" in reportlab[0] and "<" not in reportlab[0].replace("<=", "")
    assert any(d.startswith("pypdf>=") for d in project["dependencies"])  # bundles need it at run time


# --- forms -----------------------------------------------------------------------------


def forms_used(reader: PdfReader) -> dict[int, str]:
    """Every form XObject the pages use, directly or inside another form: object number → name."""
    found: dict[int, str] = {}

    def visit(resources) -> None:
        xobjects = resources.get_object().get("/XObject", {}) if resources is not None else {}
        for name in xobjects:
            ref = xobjects.raw_get(name)
            form = ref.get_object()
            if form.get("/Subtype") == "/Form" and ref.idnum not in found:
                found[ref.idnum] = name
                visit(form.get("/Resources"))

    for page in reader.pages:
        visit(page.get("/Resources"))
    return found


@pytest.fixture(scope="module")
def drawn_kit(activity):
    from generator.documents.key import key_pdf
    from generator.documents.sheets import sheets_pdf
    from generator.network import Network
    from generator.selection import choose_exercises

    exercises = choose_exercises(activity, number=5, seed=3)  # digits drawn on the grid (the bank)
    assert all(e.ink is not None for e in exercises)
    network = Network(activity)
    traces = [network.forward(e.counts, exercise_id=e.id, label=e.label) for e in exercises]
    style = {"lang": "fr", "paper": "a4", "color": True}
    return exercises, traces, {
        "sheets": sheets_pdf(activity, exercises, traces, **style),
        "key": key_pdf(activity, exercises, traces, **style),
    }


@pytest.mark.parametrize("document", ["sheets", "key"])
def test_each_emoji_and_each_repeated_part_are_one_form_per_pdf(drawn_kit, activity, document):
    """Five pages each show the emoji grid (100 emoji), yet the PDF holds one drawing of each emoji,
    and each part that repeats (the grid, a sheet's empty boxes) is one object every page places."""
    exercises, _, pdfs = drawn_kit
    reader = PdfReader(io.BytesIO(pdfs[document]))
    forms = forms_used(reader)
    emoji = sorted(name for name in forms.values() if "emoji" in name)
    parts = {idnum for idnum, name in forms.items() if "emoji" not in name}
    assert len(emoji) == len(set(emoji)) == len(activity.emoji)
    assert 1 <= len(parts) <= 2
    placed = [{p["/Resources"]["/XObject"].raw_get(n).idnum for n in p["/Resources"].get("/XObject", {})} & parts
              for p in reader.pages]  # fmt: skip
    assert sum(1 for on_page in placed if on_page == parts) == len(exercises)


def draw_document(document: str, activity, exercises, traces, **style) -> bytes:
    from generator.documents.cards import cards_pdf
    from generator.documents.grids import grids_pdf
    from generator.documents.key import key_pdf
    from generator.documents.sheets import sheets_pdf

    if document == "cards":
        return cards_pdf(activity, traces, **style)
    if document == "grids":
        return grids_pdf(activity, traces, **style)
    if document == "key":
        return key_pdf(activity, exercises, traces, **style)
    return sheets_pdf(activity, exercises, traces, **style)


@pytest.mark.parametrize("document, paper, color", [
    ("sheets", "a4", True), ("sheets", "letter", False), ("grids", "a4", True), ("grids", "letter", False),
    ("cards", "a4", True), ("cards", "letter", False), ("key", "letter", False),
])  # fmt: skip
def test_a_part_drawn_as_a_form_looks_as_drawn_in_place(drawn_kit, activity, monkeypatch, document, paper, color):
    """Pen.once changes how a page is stored, never how it looks: the same pages drawn with
    every part in place (no form but the emoji pictures) are pixel-identical, on both papers."""
    import generator.render.page as page_module

    exercises, traces, _ = drawn_kit
    style = {"lang": "fr", "paper": paper, "color": color}
    with_forms = draw_document(document, activity, exercises, traces, **style)

    class InPlacePen(page_module.Pen):
        def once(self, key, bounds, draw) -> None:
            draw()

    monkeypatch.setattr(page_module, "Pen", InPlacePen)  # the real pipeline, with a pen that draws all in place
    in_place = draw_document(document, activity, exercises, traces, **style)
    assert any("emoji" not in n for n in forms_used(PdfReader(io.BytesIO(with_forms))).values())
    assert not any("emoji" not in n for n in forms_used(PdfReader(io.BytesIO(in_place))).values())
    pages, reference = render_all(with_forms, scale=1.0), render_all(in_place, scale=1.0)
    assert len(pages) == len(reference) >= 3
    for a, b in zip(pages, reference):
        assert (a < 128).sum() > 5_000  # something was drawn
        assert np.abs(a - b).max() == 0


# --- class bundles ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def class_set(activity):
    from generator.core.class_set import build_class_set, class_kit

    kit = class_kit(activity, students=21, number=2, seed=7)
    return kit, build_class_set(kit, lang="fr", paper="a4", color=True)


def page_pixels(pdf: bytes) -> list[np.ndarray]:
    document = pdfium.PdfDocument(pdf)
    return [np.asarray(document[i].render(scale=0.8).to_pil().convert("L"), dtype=np.int16)
            for i in range(len(document))]  # fmt: skip


def test_bundle_pages_are_their_documents_pages(class_set):
    """pupils.pdf is each group's roles, cards, sheets and grids in turn; teacher.pdf the notes,
    class summary and key: every bundle page renders exactly as the document page it comes from."""
    from generator.core.class_set import PUPILS_BUNDLE, TEACHER_BUNDLE

    kit, files = class_set
    pixels = {doc: page_pixels(files[doc]) for doc in (*PUPILS_BUNDLE, *TEACHER_BUNDLE)}
    texts = {doc: [p.extract_text() for p in PdfReader(io.BytesIO(files[doc])).pages] for doc in pixels}
    # Expected order, read off the documents themselves (their footers name the group).
    pupils = [(doc, i) for g in kit.groups for doc in PUPILS_BUNDLE for i, text in enumerate(texts[doc])
              if int(re.search(r"Groupe (\d+)\s*page", text).group(1)) == g.group.number]  # fmt: skip
    teacher = [(doc, i) for doc in TEACHER_BUNDLE for i in range(len(pixels[doc]))]
    for bundle, expected in (("pupils", pupils), ("teacher", teacher)):
        got = page_pixels(files[bundle])
        assert len(got) == len(expected) == sum(len(pixels[d]) for d in dict.fromkeys(d for d, _ in expected))
        for page, (doc, index) in zip(got, expected):
            assert (page < 128).sum() > 1000
            assert np.abs(page - pixels[doc][index]).max() == 0, (bundle, doc, index)


def test_bundles_open_strictly_render_and_keep_their_title(class_set):
    from generator.core.class_set import document_title

    kit, files = class_set
    for bundle in ("pupils", "teacher"):
        reader = PdfReader(io.BytesIO(files[bundle]), strict=True)
        assert reader.metadata.title == f"{kit.activity.name} — {document_title(bundle, 'fr')}"
        assert reader.trailer.get("/ID") is None  # nothing that could differ from one run to the next
        document = pdfium.PdfDocument(files[bundle])
        assert all(document[i].render(scale=0.1).width > 0 for i in range(len(document)))


def test_bundles_are_byte_identical_when_made_again(class_set, activity):
    from generator.core.class_set import build_class_set, class_kit

    kit, files = class_set
    again = build_class_set(class_kit(activity, students=21, number=2, seed=7), lang="fr", paper="a4", color=True)
    assert again["pupils"] == files["pupils"] and again["teacher"] == files["teacher"]


def test_a_whole_class_kit_bundles_hold_the_learning_round(activity):
    """The teacher prints pupils.pdf and teacher.pdf only: pupils.pdf has each group's tally pages right after the
    group's own pages, teacher.pdf ends with the tally key; every such page is the very page of tally(_key).pdf."""
    from generator.core.class_set import PUPILS_BUNDLE, class_kit, class_set_files, group_pages
    from generator.core.kit import KitOptions

    options = KitOptions(students=21, number=2, seed=7, lang="fr", paper="a4")
    files = class_set_files(options, activity=activity)
    kit = class_kit(activity, students=21, number=2, seed=7)
    pupils, tally = page_pixels(files["pupils.pdf"]), page_pixels(files["tally.pdf"])
    teacher, key = page_pixels(files["teacher.pdf"]), page_pixels(files["tally_key.pdf"])
    texts = [p.extract_text() for p in PdfReader(io.BytesIO(files["tally.pdf"])).pages]
    at = 0
    for g in kit.groups:
        at += sum(len(group_pages(doc, kit, g, lang="fr", paper="a4")) for doc in PUPILS_BUNDLE)
        own = [i for i, text in enumerate(texts) if int(re.search(r"Groupe (\d+)\s*page", text).group(1)) == g.group.number]
        assert own
        for i in own:
            assert np.abs(pupils[at] - tally[i]).max() == 0, (g.group.number, i)
            at += 1
    assert at == len(pupils)
    assert len(teacher) > len(key) and all(np.abs(a - b).max() == 0 for a, b in zip(teacher[-len(key):], key))
