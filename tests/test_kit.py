"""`neurones kit` and its parts through the CLI entry point: files, pages, refusals, reruns."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from generator import cli
from generator.core.kit import kit_input, page_count

sys.path.insert(0, str(Path(__file__).parent))  # the shared kit_helpers module
from kit_helpers import PAPER_PT, colourful_pixels, normalise, page_sizes, page_texts, render_all  # noqa: E402

KIT_FILES = ["cards.pdf", "grids.pdf", "key.json", "key.pdf", "learning.json", "notes.pdf", "sheets.pdf", "tally.pdf",
             "tally_key.pdf"]


@pytest.fixture(scope="module")
def kit_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("kit") / "output"
    assert cli.main(["kit", "--out", str(out), "--exercises", "2", "--group", "CM2 B"]) == 0
    return out


def test_kit_writes_every_file_with_its_pages(kit_dir, capsys):
    assert sorted(p.name for p in kit_dir.iterdir()) == KIT_FILES
    pdfs = {name: (kit_dir / name).read_bytes() for name in KIT_FILES if name.endswith(".pdf")}
    counts = {name: len(page_sizes(data)) for name, data in pdfs.items()}
    tally_pages = {name: counts[name] for name in ("tally.pdf", "tally_key.pdf", "notes.pdf")}
    assert {n: c for n, c in counts.items() if n not in tally_pages} == {"cards.pdf": 5, "sheets.pdf": 2,
                                                                         "grids.pdf": 2, "key.pdf": 3}
    assert all(n >= 2 for n in tally_pages.values())  # the rule and a table per neuron; the guide
    assert all(page_count(data) == counts[name] for name, data in pdfs.items())
    for data in pdfs.values():
        assert all(size == pytest.approx(PAPER_PT["a4"], abs=0.5) for size in page_sizes(data))
        assert all("CM2 B" in text and "OpenMoji" in text for text in page_texts(data))


def test_kit_refuses_to_overwrite_then_force_gives_the_same_bytes(kit_dir, capsys):
    before = {p.name: p.read_bytes() for p in kit_dir.iterdir()}
    assert cli.main(["kit", "--out", str(kit_dir), "--exercises", "2", "--group", "CM2 B"]) == 2
    err = capsys.readouterr().err
    assert "--force" in err and len(err.strip().splitlines()) == 1
    assert {p.name: p.read_bytes() for p in kit_dir.iterdir()} == before
    assert cli.main(["kit", "--out", str(kit_dir), "--exercises", "2", "--group", "CM2 B", "--force"]) == 0
    out = capsys.readouterr().out
    guide = len(page_sizes((kit_dir / "notes.pdf").read_bytes()))
    assert f"Kit prêt\u00a0: 9 fichiers, {18 + guide} pages" in out  # 12, 6 for the learning round, the guide
    assert {p.name: p.read_bytes() for p in kit_dir.iterdir()} == before  # byte-identical rerun


def test_letter_bw_english_kit(tmp_path, capsys):
    out = tmp_path / "us"
    args = ["kit", "--paper", "letter", "--bw", "--lang", "en", "--out", str(out), "--exercises", "2", "--seed", "5"]
    assert cli.main(args) == 0
    assert "Kit ready: 9 files" in capsys.readouterr().out
    for name in ("cards.pdf", "sheets.pdf", "grids.pdf", "key.pdf", "tally.pdf", "tally_key.pdf", "notes.pdf"):
        data = (out / name).read_bytes()
        assert all(size == pytest.approx(PAPER_PT["letter"], abs=0.5) for size in page_sizes(data))
        assert "Emoji: OpenMoji" in page_texts(data)[0]
        for pixels in render_all(data, scale=0.35):
            assert colourful_pixels(pixels) == 0


def test_single_parts_write_only_their_file(tmp_path):
    for part in ("cards", "sheets", "grids"):
        out = tmp_path / part
        assert cli.main([part, "--out", str(out), "--exercises", "1"]) == 0
        assert [p.name for p in out.iterdir()] == [f"{part}.pdf"]
    out = tmp_path / "key"
    assert cli.main(["key", "--out", str(out), "--exercises", "1"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["key.json", "key.pdf"]


def test_sheets_show_the_default_exercises_as_they_are(tmp_path):
    """Drawn digits (ink) show the grid to count; exercises known by counts show the counts."""
    kit = kit_input(activity_path=None, number=2)
    assert cli.main(["sheets", "--out", str(tmp_path), "--exercises", "2"]) == 0
    texts = [normalise(t) for t in page_texts((tmp_path / "sheets.pdf").read_bytes())]
    for exercise, text in zip(kit.exercises, texts):
        assert ("Chiffre non dessiné" in text) == (exercise.ink is None)


def test_bad_exercise_number_is_one_line_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "none"
    assert cli.main(["kit", "--out", str(out), "--exercises", "0"]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert not out.exists()


def custom_activity(tmp_path: Path, replacements: dict[str, str], svg: tuple[str, str] | None = None) -> Path:
    """The bundled activity with some emoji swapped (by text), optionally one drawn from an SVG file."""
    from generator.resources import default_activity_path, layouts_dir

    text = default_activity_path().read_text(encoding="utf-8")
    for old, new in replacements.items():
        text = text.replace(old, new)
    if svg is not None:
        char, source = svg
        (tmp_path / "my_picture.svg").write_bytes((layouts_dir() / "emoji" / "color" / source).read_bytes())
        text = text.replace(f'char = "{char}"', f'char = "{char}"\nsvg = "my_picture.svg"', 1)
    path = tmp_path / "custom.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_custom_emoji_from_a_font_or_an_svg(tmp_path):
    # 🦊 has no bundled OpenMoji picture: the bundled monochrome emoji font draws it;
    # 🐯 is drawn from the SVG file the activity names.
    activity = custom_activity(tmp_path, {"😇": "🦊", "🐱": "🐯"}, svg=("🐯", "1F431.svg"))
    out = tmp_path / "out"
    assert cli.main(["cards", "--activity", str(activity), "--out", str(out)]) == 0
    texts = " ".join(page_texts((out / "cards.pdf").read_bytes()))
    assert "Rôle du neurone A" in texts


def test_emoji_without_any_picture_is_a_clear_error(tmp_path, capsys):
    activity = custom_activity(tmp_path, {"😇": "👩\u200d🚀"})
    out = tmp_path / "out"
    assert cli.main(["kit", "--activity", str(activity), "--out", str(out), "--exercises", "1", "--lang", "en"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "👩\u200d🚀" in err and "svg =" in err
    assert not out.exists()


def test_same_bytes_from_another_process_and_folder(tmp_path):
    """invariant=1 and content-named forms: a fresh process elsewhere writes the same PDF."""
    import subprocess

    here, there = tmp_path / "here", tmp_path / "there"
    assert cli.main(["cards", "--out", str(here), "--exercises", "2", "--bw"]) == 0
    subprocess.run(
        [sys.executable, "-m", "generator.cli", "cards", "--out", str(there), "--exercises", "2", "--bw"],
        cwd=tmp_path, check=True, capture_output=True,
        env={**__import__("os").environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
    )  # fmt: skip
    assert (here / "cards.pdf").read_bytes() == (there / "cards.pdf").read_bytes()


def test_key_command_gives_the_kits_key(kit_dir, tmp_path):
    """`neurones key` and `neurones kit` choose and trace the same exercises: same key.json and key.pdf."""
    out = tmp_path / "key"
    assert cli.main(["key", "--out", str(out), "--exercises", "2", "--group", "CM2 B"]) == 0
    for name in ("key.json", "key.pdf"):
        assert (out / name).read_bytes() == (kit_dir / name).read_bytes()


def test_counts_file_without_digits(tmp_path):
    """A teacher's counts (no drawing, true digit unknown): counts on the sheets, '?' in the key."""
    counts = tmp_path / "counts.csv"
    counts.write_text("6,4,9,6,6,7\n8,7,6,5,6,10,6\n", encoding="utf-8")
    out = tmp_path / "out"
    assert cli.main(["sheets", "--counts-file", str(counts), "--out", str(out)]) == 0
    assert cli.main(["key", "--counts-file", str(counts), "--out", str(out)]) == 0
    sheets = [normalise(t) for t in page_texts((out / "sheets.pdf").read_bytes())]
    assert "6 4 9 6 6 7" in sheets[0] and "8 7 6 5 6 10" in sheets[1]
    summary = normalise(page_texts((out / "key.pdf").read_bytes())[0])
    assert "hésite entre 0 et 6" in summary and "Réponses justes : 0 sur 1" in summary
    assert "vrai chiffre inconnu" in normalise(page_texts((out / "key.pdf").read_bytes())[1])
