"""Named bad inputs through the real entry point (`generator.cli.main`): each
exits 2 with one line naming the problem, and leaves the output folder as it was."""

import errno
import os

import pytest

from generator import cli, output

from .conftest import snapshot


def activity_with(activity_file, old, new):
    text = activity_file.read_text(encoding="utf-8")
    assert old in text, old
    activity_file.write_text(text.replace(old, new, 1), encoding="utf-8")
    return str(activity_file)


def broken_activity(edit):
    """A case whose activity file is the default one with one edit."""
    return lambda tmp_path, activity_file: ["key", "--activity", activity_with(activity_file, *edit)]


CASES = {
    "broken TOML": (
        broken_activity(("[grid]", "[grid")), "TOML"),
    "missing activity name": (
        broken_activity(('name = "Connecte tes neurones"', "")), "activity.name"),
    "threshold is text": (
        broken_activity(("threshold = 17", 'threshold = "dix-sept"')), "C.threshold"),
    "threshold is nan": (
        broken_activity(("threshold = 17", "threshold = nan")), "C.threshold"),
    "unknown emoji in weights": (
        broken_activity(('"🐱" = 1, "😍" = 1 }', '"🐶" = 1, "😍" = 1 }')), "🐶"),
    "weight on a missing neuron": (
        broken_activity(("A = 1, B = 1, C = 1, D = -1, E = -1 }", "A = 1, G = 1 }")), "«\u00a0G\u00a0»"),
    "duplicated neuron name": (
        broken_activity(('name = "F"', 'name = "E"')), "«\u00a0E\u00a0» apparaît deux fois"),
    "duplicated digit": (
        broken_activity(("digit = 9", "digit = 6")), "output.digit"),
    "grid cell out of range": (
        broken_activity(("[grid]\nrows = 10\ncols = 10\ncells = [\n  \"3", "[grid]\nrows = 10\ncols = 10\ncells = [\n  \"9")),
        "ligne 1, colonne 1"),
    "grid row too short": (
        broken_activity(("cells = [\n  \"", "cells = [\n  \"0 ")), "ligne 1 de grid.cells"),
    "grid rows count": (
        broken_activity(("rows = 10", "rows = 9")), "9 lignes"),
    "bad colour": (
        broken_activity(('color = "#f0c000"', 'color = "yellow"')), "jaune"),
    "binary activity file": (
        lambda tmp_path, activity_file: (activity_file.write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff"),
                                         ["key", "--activity", str(activity_file)])[1],
        "UTF-8"),
    "activity is a folder": (
        lambda tmp_path, activity_file: ["key", "--activity", str(tmp_path)], "dossier"),
    "activity missing": (
        lambda tmp_path, activity_file: ["key", "--activity", str(tmp_path / "nope.toml")], "introuvable"),
    "counts with letters": (
        lambda tmp_path, activity_file: ["key", "--counts", "six,4,9,6,6,7"], "«\u00a0six\u00a0»"),
    "too many counts": (
        lambda tmp_path, activity_file: ["key", "--counts", "6,4,9,6,6,7,8"], "7 nombre(s) au lieu de 6"),
    "too few counts": (
        lambda tmp_path, activity_file: ["key", "--counts", "6"], "1 nombre(s) au lieu de 6"),
    "negative count": (
        lambda tmp_path, activity_file: ["key", "--counts", "6,4,9,6,-6,7"], "négatif"),
    "impossible count": (
        lambda tmp_path, activity_file: ["key", "--counts", "6,4,9,6,6,700"], "700 👽"),
    "binary counts file": (
        lambda tmp_path, activity_file: ((tmp_path / "c.csv").write_bytes(b"\x00\x01\x02\xff\xfe"),
                                         ["key", "--counts-file", str(tmp_path / "c.csv")])[1],
        "pas un fichier texte"),
    "counts file with short line": (
        lambda tmp_path, activity_file: ((tmp_path / "c.csv").write_text("1,2,3,4,5,6\n1,2\n"),
                                         ["key", "--counts-file", str(tmp_path / "c.csv")])[1],
        "c.csv, ligne 2"),
    "counts file with unknown digit": (
        lambda tmp_path, activity_file: ((tmp_path / "c.csv").write_text("1,2,3,4,5,6,7\n"),
                                         ["key", "--counts-file", str(tmp_path / "c.csv")])[1],
        "«\u00a07\u00a0»"),
    "counts and counts file": (
        lambda tmp_path, activity_file: ["key", "--counts", "1,2,3,4,5,6", "--counts-file", "x.csv"],
        "--counts-file"),
    "unknown language": (
        lambda tmp_path, activity_file: ["key", "--lang", "de"], "--lang"),
    "unknown option": (
        lambda tmp_path, activity_file: ["key", "--colour"], "--colour"),
    "output folder is a file": (
        lambda tmp_path, activity_file: ["key", "--counts", "1,1,1,1,1,1", "--out", str(activity_file)],
        "n’est pas un dossier"),
    "output folder under a file": (
        lambda tmp_path, activity_file: ["key", "--counts", "1,1,1,1,1,1", "--out", str(activity_file / "kit")],
        "impossible d’écrire"),
    "existing output without force": (
        lambda tmp_path, activity_file: ["key", "--counts", "1,1,1,1,1,1", "--out", str(tmp_path / "kit")],
        "--force"),
}


@pytest.fixture
def existing_kit(tmp_path):
    kit = tmp_path / "kit"
    kit.mkdir()
    (kit / "key.json").write_text('{"teacher": "my own notes"}', encoding="utf-8")
    return kit


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input(name, tmp_path, activity_file, existing_kit, capsys):
    make_args, fragment = CASES[name]
    args = make_args(tmp_path, activity_file)
    if "--out" not in args:
        args += ["--out", str(existing_kit), "--force"]
    before = snapshot(existing_kit)
    status = cli.main(args)
    captured = capsys.readouterr()
    assert status == 2, captured
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert fragment in lines[0], lines[0]
    assert "Traceback" not in captured.err and captured.out == ""
    assert snapshot(existing_kit) == before


def test_full_disk_leaves_nothing_behind(tmp_path, existing_kit, capsys, monkeypatch):
    """A write that fails half-way (disk full) changes no file and leaves no temporary file."""
    real_fdopen = os.fdopen

    class FullDisk:
        def __init__(self, handle):
            self.file = real_fdopen(handle, "wb")

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.file.close()

        def write(self, data):
            self.file.write(data[: len(data) // 2])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(output.os, "fdopen", lambda handle, mode: FullDisk(handle))
    before = snapshot(existing_kit)
    status = cli.main(["key", "--counts", "6,4,9,6,6,7", "--out", str(existing_kit), "--force"])
    err = capsys.readouterr().err
    assert status == 2 and "impossible d’écrire" in err and len(err.strip().splitlines()) == 1
    assert snapshot(existing_kit) == before
    assert not list(existing_kit.glob(".*"))


def test_messages_follow_the_language(tmp_path, capsys):
    assert cli.main(["key", "--counts", "1,2", "--lang", "en"]) == 2
    assert "2 number(s) instead of 6" in capsys.readouterr().err
    assert cli.main(["key", "--lang", "en", "--bogus"]) == 2
    assert capsys.readouterr().err.startswith("Error:")


def test_at_least_25_named_cases():
    assert len(CASES) >= 25


def test_written_files_are_readable_by_others(tmp_path):
    """Kits are shared: files get ordinary permissions, not mkstemp's private 0600."""
    old = os.umask(0o022)
    try:
        assert cli.main(["key", "--counts", "6,4,9,6,6,7", "--out", str(tmp_path / "kit")]) == 0
    finally:
        os.umask(old)
    assert (tmp_path / "kit" / "key.json").stat().st_mode & 0o777 == 0o644
