"""Class sets end to end: `neurones kit --students/--groups/--roster`, read back with pypdf."""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from functools import cache
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from generator.cli import main
from generator.render.emoji import emoji_hex
from generator.render.page import Palette

sys.path.insert(0, str(Path(__file__).parent))
from kit_helpers import normalise

NAMES = ["Chloé Martin", "Éloïse Durand", "Noël Bà", "Zoé Lefèvre", "Inès Moreau", "Jules Roux", "Léo Petit",
         "Maëlys Faure", "Hugo Girard", "Lina Morel", "Yanis Simon", "Anaïs Blanc", "Tom Garnier", "Sacha Chevalier",
         "Mia Fontaine", "Nathan Robin", "Emma Guérin", "Louis Muller", "Jade Henry", "Adam Roussel", "Lou Mathieu",
         "Gabriel Lemaire", "Rose Dumont"]  # fmt: skip
INK = tuple(round(v, 2) for v in Palette(True).ink_cell.rgb())  # the fill of an inked cell


def run(capsys, *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture(scope="module")
def class_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("class")
    roster = folder / "classe.csv"
    # A spreadsheet export: header, ';', a byte-order mark and Windows line ends.
    roster.write_bytes(("\ufeffPrénom;Nom\r\n" + "".join(f"{n.replace(' ', ';', 1)}\r\n" for n in NAMES)).encode())
    status = main(["kit", "--roster", str(roster), "--exercises", "2", "--seed", "4", "--out", str(folder / "out")])
    assert status == 0
    return folder / "out"


@cache
def texts(folder: Path, name: str) -> list[str]:
    """Each page's text (pdfium reads a hundred pages much faster than pypdf)."""
    document = pdfium.PdfDocument((folder / name).read_bytes())
    return [normalise(document[i].get_textpage().get_text_range()) for i in range(len(document))]


def group_of(text: str, word: str = "Groupe") -> int:
    return int(re.search(rf"{word} (\d+) page", text).group(1))


def test_files_and_group_labels_on_every_page(class_dir):
    names = sorted(p.name for p in class_dir.iterdir())
    assert names == sorted(["cards.pdf", "sheets.pdf", "grids.pdf", "key.pdf", "key.json", "roles.pdf", "class.pdf",
                            "notes.pdf", "pupils.pdf", "teacher.pdf", "tally.pdf", "tally_key.pdf",
                            "learning.json"])  # fmt: skip
    for name in ("cards.pdf", "sheets.pdf", "grids.pdf", "key.pdf", "roles.pdf", "pupils.pdf", "tally.pdf",
                 "tally_key.pdf"):  # fmt: skip
        groups = [group_of(t) for t in texts(class_dir, name)]
        assert groups == sorted(groups) and set(groups) == {1, 2}, name  # group by group
    # 23 pupils: two groups of 12 and 11, so one and two counters.
    summary = texts(class_dir, "class.pdf")[0]
    assert "23 élèves en 2 groupes" in summary
    assert "Groupe 1 12" in summary and "Groupe 2 11" in summary
    # With a roster, the summary names every role's pupil and the counters.
    assert summary.count("compteurs :") == 2
    assert all(name in summary for name in NAMES)


def test_groups_get_distinct_exercises(class_dir):
    key = json.loads((class_dir / "key.json").read_text(encoding="utf-8"))
    groups = key["groups"]
    ids = [i for g in groups for i in g["exercises"]]
    assert [len(g["exercises"]) for g in groups] == [2, 2]
    assert len(set(ids)) == len(ids) == 4
    assert [e["id"] for e in key["exercises"]] == ids


def placed_emoji(reader: PdfReader, stream, resources) -> list[tuple[float, float, str]]:
    """(x, y, emoji hex) of every emoji form a content stream places, looking inside the
    other forms it uses (the emoji grid is one form, placed where it was drawn)."""
    xobjects = resources.get("/XObject", {}) if resources else {}
    origin, placed = (0.0, 0.0), []
    for operands, op in ContentStream(stream, reader).operations:
        if op == b"cm":
            origin = (float(operands[4]), float(operands[5]))  # where the next emoji form goes
        elif op == b"Do":
            name = str(operands[0])
            if "emoji" in name:  # /FormXob.emoji_color_<HEX>_<hash>
                placed.append((*origin, name.split("_")[2]))
            else:
                form = xobjects[name].get_object()
                placed += placed_emoji(reader, form, form.get("/Resources"))
    return placed


def sheet_counts(reader: PdfReader, page_index: int, emoji_order: list[str]) -> tuple[int, ...]:
    """Counts read off a sheet page: the emoji drawn inside rectangles filled with the ink colour."""
    page = reader.pages[page_index]
    fill, inked_boxes = None, []
    for operands, op in ContentStream(page.get_contents(), reader).operations:
        if op == b"rg":
            fill = tuple(round(float(v), 2) for v in operands)
        elif op == b"re" and fill == INK:
            x, y, w, h = (float(v) for v in operands)
            inked_boxes.append((x, y, x + w, y + h))
    counts = Counter(
        hex_ for x, y, hex_ in placed_emoji(reader, page.get_contents(), page["/Resources"])
        if any(x0 <= x <= x1 and y0 <= y <= y1 for x0, y0, x1, y1 in inked_boxes)
    )
    return tuple(counts[emoji_hex(e)] for e in emoji_order)


def test_every_key_section_matches_its_groups_sheets(class_dir, activity):
    key = json.loads((class_dir / "key.json").read_text(encoding="utf-8"))
    exercises = {e["id"]: e for e in key["exercises"]}
    reader = PdfReader(class_dir / "sheets.pdf")
    sheet_texts = texts(class_dir, "sheets.pdf")
    key_texts = texts(class_dir, "key.pdf")
    order = list(activity.emoji_chars)
    for g in key["groups"]:
        number = g["group"]
        sheets = [i for i, t in enumerate(sheet_texts) if group_of(t) == number]
        key_pages = [t for t in key_texts if group_of(t) == number]
        assert len(sheets) == len(g["exercises"])
        summary = key_pages[0]
        for k, (page, exercise_id) in enumerate(zip(sheets, g["exercises"]), start=1):
            counted = sheet_counts(reader, page, order)
            expected = exercises[exercise_id]["counts"]
            assert counted == tuple(expected[c] for c in order), (number, k)
            # The group's key lists this exercise, in this place, with these counts.
            row = f"{k} {exercise_id} " + " ".join(map(str, counted))
            assert row in summary
            assert f"({exercise_id})" in key_pages[k]
        for other in key["groups"]:
            if other["group"] != number:
                assert not any(i in summary for i in other["exercises"])


def test_roster_names_on_the_right_cards_and_roles_sheet(class_dir):
    cards = texts(class_dir, "cards.pdf")
    roles = texts(class_dir, "roles.pdf")
    seen = Counter()
    holders: dict[tuple[int, str], str] = {}
    for text in cards:
        group = group_of(text)
        for card in text.split("Rôle du neurone ")[1:]:
            role = card.split()[0]
            after = card.split("joué par : ", 1)[1]
            holders[(group, role)] = next(n for n in NAMES if after.startswith(n))
    assert len(holders) == 20  # 10 roles in each of 2 groups
    for (group, role), name in holders.items():
        assert name in NAMES
        seen[name] += 1
        # The roles sheet of the same group says the same pupil plays this role.
        sheet = roles[group - 1]
        assert re.search(rf"{re.escape(name)} (Neurone \S+ puis )?Neurone {re.escape(role)}\b", sheet) or \
            re.search(rf"{re.escape(name)} Neurone \S+ puis Neurone {re.escape(role)}\b", sheet), (name, role)  # fmt: skip
    # Groups follow the roster: the first 12 names are group 1; nobody is in both.
    group1 = {n for (g, _), n in holders.items() if g == 1}
    assert group1 <= set(NAMES[:12])
    counters = [n for n in NAMES if n not in seen]
    assert len(counters) == 3 and all(f"{n} compteur" in " ".join(roles) for n in counters)


def test_same_seed_same_bytes_other_seed_other_roles(tmp_path, capsys, class_dir):
    roster = class_dir.parent / "classe.csv"
    args = ["kit", "--roster", str(roster), "--exercises", "2", "--seed", "4", "--out"]
    assert run(capsys, *args, str(tmp_path / "a"))[0] == 0
    for name in ("cards.pdf", "pupils.pdf", "teacher.pdf", "key.json"):
        assert (tmp_path / "a" / name).read_bytes() == (class_dir / name).read_bytes(), name


def test_groups_alone_in_english(tmp_path, capsys):
    status, out, _ = run(capsys, "kit", "--groups", "3", "--exercises", "1", "--lang", "en", "--bw", "--out",
                         str(tmp_path))  # fmt: skip
    assert status == 0
    assert "pupils.pdf" in out and "teacher.pdf" in out
    cards = texts(tmp_path, "cards.pdf")
    assert all("played by: ____" in t for t in cards)
    assert [group_of(t, "Group") for t in texts(tmp_path, "grids.pdf")] == [1, 2, 3]
    notes = " ".join(texts(tmp_path, "notes.pdf"))
    assert "3 groups of 10 roles" in notes and "can’t decide" in notes


@pytest.mark.parametrize(
    "content, extra, expected",
    [
        (b"", [], "holds no name"),
        ("Léa\nLéa\n".encode(), [], "already on line 1"),
        ("Léa\nZoé\nTom\n".encode(), ["--groups", "2"], "need at least 10 pupils"),
        ("Chloé\n".encode("cp1252"), [], "not UTF-8"),
        ("Martin;Chloé;CM2;2015\n".encode(), [], "4 columns"),
    ],
)
def test_roster_errors_exit_2_with_one_line(tmp_path, capsys, content, extra, expected):
    roster = tmp_path / "pupils.csv"
    roster.write_bytes(content)
    status, _, err = run(capsys, "kit", "--roster", str(roster), "--lang", "en", *extra, "--out", str(tmp_path / "o"))
    assert status == 2
    assert err.count("\n") == 1 and expected in err, err
    assert not (tmp_path / "o").exists()


def test_class_limits_and_fixed_exercises(tmp_path, capsys):
    for args, expected in (
        (["--students", "0"], "--students 0"),
        (["--students", "401"], "from 1 to 400"),
        (["--groups", "41"], "from 1 to 40"),
        (["--students", "400", "--exercises", "8"], "--exercises 5"),
        (["--students", "20", "--counts-file", "x.csv"], "--counts-file"),
        (["--roster", str(tmp_path / "missing.csv")], "not found"),
    ):
        status, _, err = run(capsys, "kit", *args, "--lang", "en", "--out", str(tmp_path / "o"))
        assert status == 2 and err.count("\n") == 1 and expected in err, (args, err)


def test_drawing_in_parallel_gives_the_same_bytes(activity, monkeypatch):
    from generator.core.class_set import build_class_set, class_kit

    kit = class_kit(activity, students=21, number=1, seed=9)
    monkeypatch.setenv("NEURONES_WORKERS", "2")
    parallel = build_class_set(kit, lang="fr", paper="letter", color=False)
    monkeypatch.setenv("NEURONES_WORKERS", "1")
    assert build_class_set(kit, lang="fr", paper="letter", color=False) == parallel


def test_class_name_before_each_group_label(tmp_path, capsys):
    status, _, err = run(capsys, "cards", "--students", "20", "--group", "CM2 B", "--exercises", "1", "--out",
                         str(tmp_path))  # fmt: skip
    assert status == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cards.pdf"]  # one document alone: no bundles
    cards = texts(tmp_path, "cards.pdf")
    assert [t.count("CM2 B · Groupe 2") for t in cards] == [0] * 5 + [1] * 5


def test_class_kit_has_each_groups_learning_round(tmp_path):
    """learning.json keeps its contract for the class (grids pooled) and adds each group's own round."""
    import json

    from generator import cli
    from generator.learning_round import class_learning_round
    from generator.network import Network
    from generator.activity import load_activity

    assert cli.main(["kit", "--students", "21", "--out", str(tmp_path)]) == 0
    learning = json.loads((tmp_path / "learning.json").read_text("utf-8"))
    key = json.loads((tmp_path / "key.json").read_text("utf-8"))
    assert set(learning) == {"exercises", "before", "steps", "after", "groups"}
    assert learning["exercises"] == [e["id"] for e in key["exercises"]]
    assert [g["group"] for g in learning["groups"]] == [g["group"] for g in key["groups"]]
    activity = load_activity()
    network = Network(activity)
    by_id = {e["id"]: e for e in key["exercises"]}
    for group, listed in zip(learning["groups"], key["groups"]):
        assert group["exercises"] == listed["exercises"]
        traces = [network.forward(list(by_id[i]["counts"].values()), exercise_id=i, label=by_id[i]["label"])
                  for i in listed["exercises"]]  # fmt: skip
        assert group["before"]["right"] == sum(t.correct for t in traces)
        assert {k: group[k] for k in ("before", "steps", "after")} == {
            k: v for k, v in class_learning_round(activity, traces).to_json().items() if k != "exercises"}
    tally = PdfReader(tmp_path / "tally.pdf")
    labels = [p.extract_text() for p in tally.pages]
    for g in key["groups"]:
        assert any(f"Groupe {g['group']}" in text for text in labels)


def test_each_group_gets_what_a_lesson_holds_unless_told(activity):
    """Groups work at the same time, so each gets the lesson's number of exercises (the time model's), as the
    command's class sets do; not a fixed number that would overrun the hour."""
    from generator.core.class_set import class_kit
    from generator.lesson_time import plan_lesson
    from generator.selection import default_number

    kit = class_kit(activity, students=12, seed=5)
    assert kit.per_group == default_number(activity) == plan_lesson(activity=activity).exercises_per_group
    assert all(len(g.group.exercises) == kit.per_group for g in kit.groups)
