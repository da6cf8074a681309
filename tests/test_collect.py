"""`neurones collect`: the pages pupils draw on and collect.json, checked on the rendered page."""

import json

import numpy as np
import pypdfium2
import pytest
from pypdf import PdfReader

from generator import cli
from generator.scan import layout as L


def run(capsys, *args):
    status = cli.main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def render(pdf_path, index=0, dpi=100):
    document = pypdfium2.PdfDocument(str(pdf_path))
    try:
        return np.asarray(document[index].render(scale=dpi / 72, grayscale=True).to_pil().convert("L"), dtype=float) / 255
    finally:
        document.close()


def mean_in(picture, rect, height_pt, dpi=100, inset=1.0):
    """Mean brightness of the picture inside a rectangle given in PDF points (y up), `inset` points in."""
    k = dpi / 72
    x0, y0, x1, y1 = rect
    top, bottom = (height_pt - y1 + inset) * k, (height_pt - y0 - inset) * k
    return picture[int(round(top)) : int(round(bottom)), int(round((x0 + inset) * k)) : int(round((x1 - inset) * k))].mean()


def test_collect_writes_pdf_and_json_that_agree(tmp_path, capsys, activity):
    status, out, err = run(capsys, "collect", "--out", str(tmp_path), "--lang", "en", "--pages", "2")
    assert status == 0, err
    assert "collect.pdf (pages: 2)" in out
    reader = PdfReader(tmp_path / "collect.pdf")
    assert len(reader.pages) == 2
    text = reader.pages[0].extract_text()
    assert "Draw your digits" in text and "Name:" in text
    data = json.loads((tmp_path / "collect.json").read_text())
    assert [p["page"] for p in data["pages"]] == [1, 2]
    page = data["pages"][0]
    width, height = page["size"]
    assert (width, height) == pytest.approx((595.28, 841.89), abs=0.01)
    assert [b["box"] for b in page["boxes"]] == list(range(1, 9))
    picture = render(tmp_path / "collect.pdf")
    for box in page["boxes"]:
        x0, y0, x1, y1 = box["draw"]
        assert 0 < x0 < x1 < width and 0 < y0 < y1 < height
        assert list(box["ticks"]) == [str(d) for d in activity.digits]
        # The drawing area is blank paper on the rendered page; each tick box is an empty square
        # whose edge is printed exactly where collect.json says.
        assert mean_in(picture, box["draw"], height, inset=4) > 0.99
        for tick in box["ticks"].values():
            tx0, ty0, tx1, ty1 = tick
            assert tx0 > x1 and tx1 - tx0 == pytest.approx(ty1 - ty0, abs=0.02)
            assert mean_in(picture, tick, height, inset=2.5) > 0.97
            edge = (tx0 - 0.5, ty0 - 0.5, tx0 + 1.0, ty1 + 0.5)
            assert mean_in(picture, edge, height, inset=0) < 0.75
    # Markers: the solid one at the top left, a white hole in the others.
    markers = page["markers"]
    for key, rect in markers.items():
        x0, y0, x1, y1 = rect
        centre = ((x0 + x1) / 2 - 1, (y0 + y1) / 2 - 1, (x0 + x1) / 2 + 1, (y0 + y1) / 2 + 1)
        assert mean_in(picture, (x0, y0, x0 + 4, y1), height, inset=0.5) < 0.1, key
        assert (mean_in(picture, centre, height, inset=0) < 0.1) == (key == "top_left"), key


def test_page_code_printed_reads_back_as_the_page(tmp_path, capsys):
    assert run(capsys, "collect", "--out", str(tmp_path), "--pages", "3", "--other")[0] == 0
    data = json.loads((tmp_path / "collect.json").read_text())
    height = data["pages"][0]["size"][1]
    origin = np.array(data["pages"][0]["markers"]["bottom_left"][:2]) / 72 * 25.4  # mm
    for index in range(3):
        picture = render(tmp_path / "collect.pdf", index)
        cells = []
        for x0, y0, x1, y1 in L.code_cells():
            rect = [(origin[0] + x0) * 72 / 25.4, (origin[1] + y0) * 72 / 25.4, (origin[0] + x1) * 72 / 25.4,
                    (origin[1] + y1) * 72 / 25.4]
            cells.append(int(mean_in(picture, rect, height) < 0.5))
        assert L.decode_code(cells) == L.PageCode(index + 1, True, 4)
        assert "other" in data["pages"][index]["boxes"][0]["ticks"]


def test_code_check_catches_a_misread_cell():
    cells = L.encode_code(37, other=False, digits=4)
    assert L.decode_code(cells) == L.PageCode(37, False, 4)
    for i in range(1, len(cells) - 1):
        flipped = list(cells)
        flipped[i] ^= 1
        assert L.decode_code(flipped) is None, i
    assert L.decode_code(cells[::-1]) is None  # read from the wrong end (page upside down)


def test_roster_prints_each_name_over_its_pupils_boxes(tmp_path, capsys, activity):
    roster = tmp_path / "pupils.csv"
    roster.write_text("Prénom\nAïcha\nBruno\nChloé\n", encoding="utf-8")
    status, out, err = run(capsys, "collect", "--roster", str(roster), "--out", str(tmp_path / "out"))
    assert status == 0, err
    data = json.loads((tmp_path / "out" / "collect.json").read_text())
    per_pupil = len(activity.digits)
    assert len(data["pages"]) == -(-3 * per_pupil // 8)
    names = [b.get("name") for p in data["pages"] for b in p["boxes"]]
    assert names[: 3 * per_pupil] == [n for n in ("Aïcha", "Bruno", "Chloé") for _ in range(per_pupil)]
    assert all(n is None for n in names[3 * per_pupil :])
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "out" / "collect.pdf").pages)
    assert text.count("Chloé") == per_pupil


def test_students_and_letter_paper(tmp_path, capsys):
    status, _, err = run(capsys, "collect", "--students", "25", "--paper", "letter", "--bw", "--out", str(tmp_path))
    assert status == 0, err
    data = json.loads((tmp_path / "collect.json").read_text())
    assert len(data["pages"]) == 13  # 25 pupils × 4 digits, 8 boxes a page
    assert data["pages"][0]["size"] == [612.0, 792.0]
    for box in data["pages"][0]["boxes"]:
        assert box["draw"][0] > 0 and box["draw"][2] < 612 and box["draw"][1] > 0 and box["draw"][3] < 792


def test_same_options_same_bytes(tmp_path, capsys):
    for name in ("a", "b"):
        assert run(capsys, "collect", "--out", str(tmp_path / name), "--lang", "fr")[0] == 0
    assert (tmp_path / "a" / "collect.pdf").read_bytes() == (tmp_path / "b" / "collect.pdf").read_bytes()
    assert "Dessine tes chiffres" in PdfReader(tmp_path / "a" / "collect.pdf").pages[0].extract_text()


@pytest.mark.parametrize(
    "args, words",
    [
        (["--pages", "0"], "--pages 0"),
        (["--pages", "2", "--students", "20"], "--pages"),
        (["--students", "0"], "--students 0"),
    ],
)
def test_bad_options_one_line_exit_2_nothing_written(tmp_path, capsys, args, words):
    status, out, err = run(capsys, "collect", "--lang", "en", "--out", str(tmp_path / "out"), *args)
    assert status == 2
    assert words in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_never_overwrites_without_force(tmp_path, capsys):
    assert run(capsys, "collect", "--out", str(tmp_path))[0] == 0
    before = (tmp_path / "collect.json").read_bytes()
    status, _, err = run(capsys, "collect", "--out", str(tmp_path), "--pages", "2", "--lang", "en")
    assert status == 2 and "--force" in err
    assert (tmp_path / "collect.json").read_bytes() == before
