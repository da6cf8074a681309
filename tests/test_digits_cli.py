"""`neurones digit` through the real entry point: JSON contract, files, and bad images."""

import io
import json

import numpy as np
import pytest
from pypdf import PdfReader

from generator import cli
from generator.digits import count_emoji
from generator.network import Network
from generator.selection import choose_exercises

from .conftest import snapshot
from .test_digits_images import huge_png_header, thick_image


def run(capsysbinary, *args):
    status = cli.main(list(args))
    captured = capsysbinary.readouterr()
    return status, captured.out.decode("utf-8"), captured.err.decode("utf-8")


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "photo.jpg"
    thick_image(3).convert("RGB").save(path, quality=90)
    return path


def test_image_json_is_the_design_contract(capsysbinary, photo, activity):
    status, out, err = run(capsysbinary, "digit", "--image", str(photo), "--json", "-")
    assert status == 0, err
    data = json.loads(out)
    assert list(data) == ["ink", "counts"]
    ink = np.array(data["ink"])
    assert ink.shape == (activity.grid.rows, activity.grid.cols) and set(np.unique(ink)) <= {0, 1}
    assert list(data["counts"]) == list(activity.emoji_chars)
    assert tuple(data["counts"].values()) == count_emoji(ink, activity)


def test_text_grid_json(capsysbinary, tmp_path, activity):
    rows, cols = activity.grid.rows, activity.grid.cols
    text = "\n".join("#" * cols if r in (0, rows - 1) else "#" + "." * (cols - 2) + "#" for r in range(rows))
    path = tmp_path / "zero.txt"
    path.write_text(text + "\n", encoding="utf-8")
    status, out, err = run(capsysbinary, "digit", "--text", str(path), "--json", "-")
    assert status == 0, err
    data = json.loads(out)
    assert sum(map(sum, data["ink"])) == 2 * cols + 2 * (rows - 2)
    assert sum(data["counts"].values()) == 2 * cols + 2 * (rows - 2)


def test_bank_json_is_balanced_and_seeded(capsysbinary, activity):
    args = ("digit", "--bank", "6", "--digits", "0,9", "--seed", "5", "--json", "-")
    status, out, err = run(capsysbinary, *args)
    assert status == 0, err
    again = run(capsysbinary, *args)[1]
    assert out == again
    data = json.loads(out)
    assert sorted(e["label"] for e in data["exercises"]) == [0, 0, 0, 9, 9, 9]
    assert all(e["id"].startswith("mnist-train-") and e["source"] == "bank" for e in data["exercises"])


def test_image_out_writes_exercise_preview_and_key(capsysbinary, photo, tmp_path, activity):
    out = tmp_path / "out"
    status, stdout, err = run(capsysbinary, "digit", "--image", str(photo), "--label", "3", "--out", str(out), "--lang", "en")
    assert status == 0, err
    names = sorted(p.name for p in out.iterdir())
    assert names == ["photo-exercises.json", "photo-key.json", "photo-preview.pdf", "photo-verdict.pdf"]
    assert "#" in stdout and "Written:" in stdout
    (exercise,) = choose_exercises(activity, exercises_from=out / "photo-exercises.json")
    assert exercise.id == "photo" and exercise.label == 3 and exercise.source == "photo.jpg"
    key = json.loads((out / "photo-key.json").read_text(encoding="utf-8"))
    trace = Network(activity).forward(exercise.counts)
    assert key["exercises"][0]["counts"] == dict(zip(activity.emoji_chars, exercise.counts))
    assert key["exercises"][0]["answer"]["kind"] == trace.answer.kind
    pdf = PdfReader(io.BytesIO((out / "photo-preview.pdf").read_bytes()))
    assert len(pdf.pages) == 1
    # Same inputs, same bytes.
    first = snapshot(out)
    assert run(capsysbinary, "digit", "--image", str(photo), "--label", "3", "--out", str(out), "--lang", "en", "--force")[0] == 0
    assert snapshot(out) == first


def test_out_refuses_to_overwrite(capsysbinary, photo, tmp_path):
    out = tmp_path / "out"
    assert run(capsysbinary, "digit", "--image", str(photo), "--out", str(out))[0] == 0
    before = snapshot(out)
    status, _, err = run(capsysbinary, "digit", "--image", str(photo), "--out", str(out))
    assert status == 2 and "--force" in err
    assert snapshot(out) == before


BAD = {
    "blank": lambda p: thick_image(0).point(lambda v: 235).save(p, "PNG"),
    "corrupt": lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00\x01garbage" * 20),
    "not an image": lambda p: p.write_text("6,4,9,6,6,7\n", encoding="utf-8"),
    "huge header": lambda p: p.write_bytes(huge_png_header(10000, 9000)),
    "folder": lambda p: p.mkdir(),
    "missing": lambda p: None,
}


@pytest.mark.parametrize("case", sorted(BAD))
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_bad_images_exit_2_with_one_line(capsysbinary, tmp_path, case, lang):
    path = tmp_path / "digit.png"
    BAD[case](path)
    out = tmp_path / "out"
    status, stdout, err = run(capsysbinary, "digit", "--image", str(path), "--out", str(out), "--lang", lang)
    assert status == 2
    assert err.count("\n") == 1 and err.startswith("Erreur" if lang == "fr" else "Error"), err
    assert "Traceback" not in err and stdout == ""
    assert not out.exists()


@pytest.mark.parametrize(
    "args",
    [
        ("digit",),
        ("digit", "--bank", "2", "--text", "x.txt"),
        ("digit", "--bank", "0"),
        ("digit", "--bank", "4", "--digits", "1,7"),
        ("digit", "--text", "nowhere.txt"),
        ("digit", "--image", "nowhere.png", "--label", "5"),
    ],
)
def test_bad_arguments_exit_2(capsysbinary, args):
    status, _, err = run(capsysbinary, *args, "--json", "-")
    assert status == 2 and err.count("\n") == 1 and "Traceback" not in err


def test_exercises_from_a_digit_file_feed_the_key(capsysbinary, tmp_path, activity):
    out = tmp_path / "o"
    assert run(capsysbinary, "digit", "--bank", "3", "--seed", "9", "--out", str(out))[0] == 0
    exercises = choose_exercises(activity, exercises_from=out / "bank-3-seed9-exercises.json")
    assert [e.id for e in exercises] == [e.id for e in choose_exercises(activity, number=3, seed=9)]


EIGHT = """
.....###..
....##.##.
...##..##.
...##..#..
...#####..
..######..
..#....#..
.##...##..
..##..#...
..####....
"""


def test_a_digit_the_network_never_learned_is_kept_and_answered_honestly(capsysbinary, tmp_path, activity):
    from generator.digits.text_grid import parse_text_grid

    from .kit_helpers import normalise, render_page

    grid = tmp_path / "eight.txt"
    grid.write_text(EIGHT, encoding="utf-8")
    out = tmp_path / "o"
    status, _, err = run(capsysbinary, "digit", "--text", str(grid), "--label", "8", "--out", str(out))
    assert status == 0, err
    ink = parse_text_grid(EIGHT, activity.grid.rows, activity.grid.cols)
    trace = Network(activity).forward(count_emoji(ink, activity))
    key = json.loads((out / "eight-key.json").read_text(encoding="utf-8"))["exercises"][0]
    assert key["label"] == 8  # kept in the key
    assert key["answer"] == {"kind": trace.answer.kind, "digits": list(trace.answer.digits)}
    # The exercises file stays readable by --exercises-from: the unknown digit is set aside.
    data = json.loads((out / "eight-exercises.json").read_text(encoding="utf-8"))["exercises"][0]
    assert data["label"] is None and data["not_learned"] == 8
    (again,) = choose_exercises(activity, exercises_from=out / "eight-exercises.json")
    assert again.counts == trace.counts
    # The printable page: counts, every neuron's numbers, the rule, the verdict, and why.
    pdf = (out / "eight-verdict.pdf").read_bytes()
    text = normalise(PdfReader(io.BytesIO(pdf)).pages[0].extract_text())
    assert "n’a jamais appris le 8" in text
    for step in (*trace.hidden, *trace.outputs):
        assert f"{step.result} {step.output}".replace("-", "\u2212") in text
    assert "La plus grande sortie gagne" in text
    expected = {"none": "PAS DE RÉPONSE", "digit": "C’EST UN", "tie": "HÉSITE"}[trace.answer.kind]
    assert expected in text.split("LE RÉSEAU DIT")[-1]
    assert render_page(pdf, 0, scale=0.3).min() < 60


@pytest.mark.parametrize("label", ["x", "10", "-1", "3.5"])
def test_label_must_be_one_digit(capsysbinary, tmp_path, label):
    grid = tmp_path / "eight.txt"
    grid.write_text(EIGHT, encoding="utf-8")
    out = tmp_path / "o"
    status, _, err = run(capsysbinary, "digit", "--text", str(grid), "--label", label, "--out", str(out))
    assert status == 2 and err.count("\n") == 1 and "0" in err and "9" in err
    assert not out.exists()


def test_a_photo_shows_its_cleaned_picture_beside_the_grid(capsysbinary, photo, tmp_path):
    """The photo as the grid saw it goes on the preview sheet and the verdict page; a text grid has none."""
    from .kit_helpers import render_page

    grid = tmp_path / "eight.txt"
    grid.write_text(EIGHT, encoding="utf-8")
    assert run(capsysbinary, "digit", "--image", str(photo), "--out", str(tmp_path / "p"))[0] == 0
    assert run(capsysbinary, "digit", "--text", str(grid), "--out", str(tmp_path / "t"))[0] == 0
    scale = 2.0
    mm = 72 / 25.4 * scale
    strip = (slice(int(33 * mm), int(70 * mm)), slice(int(12 * mm), int(42 * mm)))

    def dark(path):
        return int((render_page(path.read_bytes(), 0, scale=scale)[strip].min(axis=2) < 100).sum())

    assert dark(tmp_path / "p" / "photo-preview.pdf") > 20 * dark(tmp_path / "t" / "eight-preview.pdf") + 500
