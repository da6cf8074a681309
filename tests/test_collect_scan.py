"""`neurones digit --sheet`: filled collection sheets, scanned or photographed, read back.

The sheets are the real collect.pdf rendered at 150 dpi, with bank digits
drawn into the boxes and ticks marked (generator/scan/synthetic.py), saved
as a scanner's PDF or as JPEG photos. What was drawn is the reference.
"""

import io
import json

import numpy as np
import pytest
from PIL import Image

from generator import cli
from generator.bank import load_bank
from generator.digits import image_exercise
from generator.documents.collect import frame_origin
from generator.render.page import PageGeometry
from generator.scan import layout as L
from generator.scan.synthetic import degrade, fill_page, jpeg, render_page

from .conftest import snapshot


def run(capsysbinary, *args):
    status = cli.main([str(a) for a in args])
    captured = capsysbinary.readouterr()
    return status, captured.out.decode("utf-8"), captured.err.decode("utf-8")


@pytest.fixture(scope="module")
def collect_pdf(tmp_path_factory):
    folder = tmp_path_factory.mktemp("collect")
    roster = folder / "roster.txt"
    roster.write_text("Aïcha\nBruno\nChloé\n", encoding="utf-8")
    assert cli.main(["collect", "--roster", str(roster), "--out", str(folder), "--lang", "en"]) == 0
    return (folder / "collect.pdf").read_bytes(), roster


def filled(pdf, page_index, seed, *, empty=(), ticks=None, faults=True):
    """A filled page (Pillow image) and what was drawn in each box."""
    rng = np.random.default_rng(seed)
    bank = load_bank().test()
    geometry = PageGeometry.of("a4")
    chosen = rng.choice(len(bank.labels), 8, replace=False)
    digits = [None if b + 1 in empty else (bank.images[i], int(bank.labels[i])) for b, i in enumerate(chosen)]
    page = fill_page(render_page(pdf, page_index, 150), paper_mm=(geometry.width, geometry.height),
                     origin_mm=frame_origin(geometry), sheet=L.SheetLayout((0, 3, 6, 9), False), digits=digits,
                     rng=rng, ticks=ticks)  # fmt: skip
    image = degrade(page.image, rng, turn=3, perspective=0.05, blur=0.8, noise=5) if faults else page.image
    return Image.open(io.BytesIO(jpeg(image, 60))), page.boxes


def scanner_pdf(images) -> bytes:
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    size = PageGeometry.of("a4").size_pt
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=size, invariant=1)
    for image in images:
        canvas.drawImage(ImageReader(image), 0, 0, *size)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_scanned_pdf_to_a_kit_of_the_class_digits(tmp_path, capsysbinary, collect_pdf, activity):
    pdf, roster = collect_pdf
    first, truth1 = filled(pdf, 0, 1, empty={3})
    second, truth2 = filled(pdf, 1, 2, empty={6, 7, 8})
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(scanner_pdf([first, second.rotate(180)]))  # the second page went in upside down
    status, out, err = run(capsysbinary, "digit", "--sheet", scan, "--roster", roster, "--out", tmp_path / "read",
                           "--lang", "en")  # fmt: skip
    assert status == 0, err
    assert "Read 2 page(s): 12 digit(s), 4 empty box(es), 0 to check" in out
    document = json.loads((tmp_path / "read" / "class_digits.json").read_text(encoding="utf-8"))
    drawn = [(page, b) for page, truth in ((1, truth1), (2, truth2)) for b in truth if b.label is not None]
    entries = document["exercises"]
    assert [e["id"] for e in entries] == [f"p{page}-b{b.box}" for page, b in drawn]
    assert [e["label"] for e in entries] == [b.label for _, b in drawn]
    # Names come from the roster through the printed page code: 4 boxes per pupil, in order.
    names = ["Aïcha", "Bruno", "Chloé"]
    expected = [L.pupil_of(page, b.box, 4) for page, b in drawn]
    assert [e.get("name") for e in entries] == [names[k] if k < 3 else None for k in expected]
    assert "Chloé" in [e.get("name") for e in entries] and None in [e.get("name") for e in entries]
    assert entries[0]["source"] == "scan.pdf p1 b1"

    status, out, err = run(capsysbinary, "kit", "--exercises-from", tmp_path / "read" / "class_digits.json",
                           "--out", tmp_path / "kit", "--lang", "en")  # fmt: skip
    assert status == 0, err
    key = json.loads((tmp_path / "kit" / "key.json").read_text(encoding="utf-8"))
    assert [e["id"] for e in key["exercises"]] == [e["id"] for e in entries]
    assert [e["label"] for e in key["exercises"]] == [e["label"] for e in entries]
    assert [list(e["counts"].values()) for e in key["exercises"]] == [list(e["counts"].values()) for e in entries]


def test_json_contract_and_counts_close_to_a_direct_import(tmp_path, capsysbinary, collect_pdf, activity):
    pdf, _ = collect_pdf
    image, truth = filled(pdf, 0, 5, faults=False)
    photo = tmp_path / "page.png"
    image.save(photo)
    status, out, err = run(capsysbinary, "digit", "--sheet", photo, "--json", "-")
    assert status == 0, err
    boxes = json.loads(out)
    assert len(boxes) == 8
    cells = np.array(activity.grid.cells)
    identical = 0
    for entry, drawn in zip(boxes, truth):
        assert list(entry) == ["page", "box", "label", "ink", "counts", "flags"]
        assert (entry["page"], entry["box"], entry["label"], entry["flags"]) == (1, drawn.box, drawn.label, [])
        ink = np.array(entry["ink"])
        recount = [int(ink[cells == k].sum()) for k in range(len(activity.emoji))]
        assert list(entry["counts"].values()) == recount
        # The same drawing imported alone with --image: the importer is the same and works
        # on grey ink cut at fractional bounds, so the grids differ at most where two cells
        # at the edge of the most-inked 38 are almost equal: one cell traded for another
        # (a trade counts twice), in a few boxes only; bench/collect.py measures it.
        alone = tmp_path / f"box{drawn.box}.png"
        drawn.drawing.save(alone)
        direct = np.array(image_exercise(alone, activity).ink)
        assert np.abs(direct - ink).sum() <= 2, drawn.box
        identical += bool((direct == ink).all())
    assert identical >= 5  # 6 of 8 here; with 0/1 ink cut at whole pixels, 3 (and trades of up to 3 cells)


def test_each_box_goes_through_the_image_importer(tmp_path, collect_pdf, activity):
    """The box as cut, saved as a picture and given to `digit --image`, gives the very same grid."""
    from generator.scan.markers import locate
    from generator.scan.read import read_page

    pdf, _ = collect_pdf
    image, truth = filled(pdf, 0, 6)
    readings = read_page(image, locate(image), activity, page=1)
    for reading in readings:
        path = tmp_path / f"box{reading.box}.png"
        reading.drawing.save(path)
        assert image_exercise(path, activity).ink == reading.exercise.ink, reading.box


def test_photos_in_any_order_and_turned_get_the_right_names(tmp_path, capsysbinary, collect_pdf):
    pdf, roster = collect_pdf
    second, truth2 = filled(pdf, 1, 8, empty={5, 6, 7, 8})
    first, truth1 = filled(pdf, 0, 9)
    folder = tmp_path / "photos"
    folder.mkdir()
    second.rotate(90, expand=True, fillcolor=90).save(folder / "a.jpg", quality=70)  # sideways, on a dark table
    first.save(folder / "b.png")
    status, out, err = run(capsysbinary, "digit", "--sheet", folder, "--roster", roster, "--json", "-")
    assert status == 0, err
    boxes = json.loads(out)
    assert [(b["page"], b["box"], b["label"]) for b in boxes] == (
        [(1, t.box, t.label) for t in truth2 if t.label is not None] + [(2, t.box, t.label) for t in truth1]
    )
    status, out, err = run(capsysbinary, "digit", "--sheet", folder, "--roster", roster, "--out", tmp_path / "out")
    entries = json.loads((tmp_path / "out" / "class_digits.json").read_text(encoding="utf-8"))["exercises"]
    assert [e["name"] for e in entries[:4]] == ["Chloé"] * 4  # printed page 2, scanned first
    assert entries[4]["name"] == "Aïcha"


def test_two_ticks_or_none_are_flagged_and_reading_goes_on(tmp_path, capsysbinary, collect_pdf):
    pdf, _ = collect_pdf
    image, truth = filled(pdf, 0, 11, ticks={1: ("0", "3"), 2: ()})
    scan = tmp_path / "scan.jpg"
    image.save(scan)
    status, out, err = run(capsysbinary, "digit", "--sheet", scan, "--json", "-")
    assert status == 0, err
    boxes = json.loads(out)
    assert (boxes[0]["label"], boxes[0]["flags"]) == (None, ["two_ticks"])
    assert (boxes[1]["label"], boxes[1]["flags"]) == (None, ["no_tick"])
    assert [b["label"] for b in boxes[2:]] == [t.label for t in truth[2:]]
    status, out, err = run(capsysbinary, "digit", "--sheet", scan, "--out", tmp_path / "out", "--lang", "en")
    assert status == 0 and "2 to check in the preview" in out
    from pypdf import PdfReader

    text = PdfReader(tmp_path / "out" / "class_digits-preview.pdf").pages[0].extract_text()
    assert "more than one box ticked" in text and "no box ticked" in text


def test_same_scan_same_files(tmp_path, capsysbinary, collect_pdf):
    pdf, _ = collect_pdf
    image, _ = filled(pdf, 0, 12)
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(scanner_pdf([image]))
    for name in ("a", "b"):
        assert run(capsysbinary, "digit", "--sheet", scan, "--out", tmp_path / name)[0] == 0
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")


def test_page_without_markers_is_named_and_nothing_is_written(tmp_path, capsysbinary, collect_pdf):
    pdf, _ = collect_pdf
    image, _ = filled(pdf, 0, 13)
    blank = Image.new("L", image.size, 250)
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(scanner_pdf([image, blank]))
    status, out, err = run(capsysbinary, "digit", "--sheet", scan, "--out", tmp_path / "out", "--lang", "en")
    assert status == 2
    assert err.strip() == (
        "Error: scan.pdf, page 2: the four black squares in the corners were not found. Scan or photograph the "
        "whole page, flat, with its four corners visible."
    )
    assert not (tmp_path / "out").exists()


def test_a_sheet_with_nothing_drawn_is_refused(tmp_path, capsysbinary, collect_pdf):
    pdf, _ = collect_pdf
    scan = tmp_path / "empty.png"
    render_page(pdf, 0, 150).save(scan)
    status, out, err = run(capsysbinary, "digit", "--sheet", scan, "--out", tmp_path / "out", "--lang", "en")
    assert status == 2 and "no drawn box was found in empty.png" in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "name, data, words",
    [
        ("broken", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage", "is not a PDF that can be read"),
        ("notes.txt", b"hello, not a scan", "is neither a PDF nor an image"),
    ],
)
def test_unreadable_scans_one_line_exit_2(tmp_path, capsysbinary, name, data, words):
    path = tmp_path / name
    path.write_bytes(data)
    status, out, err = run(capsysbinary, "digit", "--sheet", path, "--lang", "en")
    assert status == 2 and words in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_sheet_is_one_source_among_others(tmp_path, capsysbinary):
    path = tmp_path / "x.png"
    Image.new("L", (10, 10), 255).save(path)
    status, out, err = run(capsysbinary, "digit", "--sheet", path, "--bank", "3", "--lang", "en")
    assert status == 2 and "--sheet" in err


def test_other_tick_gives_no_label_and_nothing_to_check(tmp_path, capsysbinary):
    assert run(capsysbinary, "collect", "--other", "--out", tmp_path / "sheet")[0] == 0
    pdf = (tmp_path / "sheet" / "collect.pdf").read_bytes()
    rng = np.random.default_rng(21)
    bank = load_bank().test()
    geometry = PageGeometry.of("a4")
    digits = [(bank.images[i], int(bank.labels[i])) for i in rng.choice(len(bank.labels), 8, replace=False)]
    page = fill_page(render_page(pdf, 0, 150), paper_mm=(geometry.width, geometry.height),
                     origin_mm=frame_origin(geometry), sheet=L.SheetLayout((0, 3, 6, 9), True), digits=digits,
                     rng=rng, ticks={4: ("other",)})  # fmt: skip
    scan = tmp_path / "scan.png"
    page.image.save(scan)
    status, out, err = run(capsysbinary, "digit", "--sheet", scan, "--json", "-")
    assert status == 0, err
    boxes = json.loads(out)
    assert [(b["label"], b["flags"]) for b in boxes] == [
        (None if t.box == 4 else t.label, []) for t in page.boxes
    ]


def test_page_code_hidden_the_solid_marker_still_turns_the_page(tmp_path, capsysbinary, collect_pdf):
    """A sticker over the page code: the page is still read, upside down too; its boxes are flagged."""
    from PIL import ImageDraw

    pdf, roster = collect_pdf
    image, truth = filled(pdf, 0, 14, faults=False)
    geometry = PageGeometry.of("a4")
    ox, oy = frame_origin(geometry)
    scale = image.size[0] / geometry.width
    cells = L.code_cells()
    left, right = (ox + cells[0][0] - 1) * scale, (ox + cells[-1][2] + 1) * scale
    top, bottom = (geometry.height - oy - L.CODE_Y - L.CODE_CELL - 1) * scale, (geometry.height - oy - L.CODE_Y + 1) * scale
    image = image.copy()
    ImageDraw.Draw(image).rectangle((left, top, right, bottom), fill=255)
    scan = tmp_path / "scan.png"
    image.rotate(180).save(scan)
    status, out, err = run(capsysbinary, "digit", "--sheet", scan, "--roster", roster, "--json", "-")
    assert status == 0, err
    boxes = json.loads(out)
    assert [(b["box"], b["label"], b["flags"]) for b in boxes] == [(t.box, t.label, ["page_unknown"]) for t in truth]
