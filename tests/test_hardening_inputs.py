"""What an input may cost, the remaining tracebacks, exact parsing and names in any script:
each case through `generator.cli.main`, one line and exit status 2, output folder untouched."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time

import pytest
from pypdf import PdfReader

from generator import cli
from generator.activity import MAX_TABLE_CELLS, MAX_THRESHOLD, MAX_WEIGHT
from generator.resources import default_activity_path

from .conftest import snapshot
from .hardening_helpers import ROOT

DEFAULT = default_activity_path().read_text(encoding="utf-8")


def edited(activity_file, *edits):
    text = activity_file.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    activity_file.write_text(text, encoding="utf-8")
    return str(activity_file)


def one_line(capsys) -> str:
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in captured.err, captured.err
    return lines[0]


# --- no input that eats the machine ------------------------------------------------

HUGE = {
    "threshold 1e9": [("threshold = 17", "threshold = 1e9")],
    "threshold 1e308": [("threshold = 17", "threshold = 1e308")],
    "threshold -1e400": [("threshold = 17", "threshold = -1e400")],
    "threshold of 4000 digits": [("threshold = 17", "threshold = " + "9" * 4000)],
    "weight of 300 digits": [('"🐱" = 1, "😍" = 1 }', '"🐱" = 1' + "0" * 300 + ', "😍" = 1 }')],
    "weight 1e9": [('"🐱" = 1, "😍" = 1 }', '"🐱" = 1e9, "😍" = 1 }')],
    "weight with 1e-999999999": [('"🐱" = 1, "😍" = 1 }', '"🐱" = 1e-999999999, "😍" = 1 }')],
    "weight with 7 decimals": [('"🐱" = 1, "😍" = 1 }', '"🐱" = 0.1234567, "😍" = 1 }')],
    "a table of millions of rows": [  # every number in range, their product is not
        ('weights = { "😇" = -1, "🚀" = 1, "🍕" = 1 }', 'weights = { "😇" = 100, "🚀" = 100, "🍕" = 100 }'),
        ("weights = { A = -1, B = -1, C = 1, D = -1, E = 1, F = 1 }",
         "weights = { A = 100, B = -1, C = 1, D = -1, E = 1, F = 1 }"),
    ],
}  # fmt: skip
HUGE_FIELDS = {
    "threshold 1e9": "C.threshold", "threshold 1e308": "C.threshold", "threshold -1e400": "C.threshold",
    "threshold of 4000 digits": "C.threshold", "weight of 300 digits": "C.weights.🐱",
    "weight 1e9": "C.weights.🐱", "weight with 1e-999999999": "C.weights.🐱",
    "weight with 7 decimals": "C.weights.🐱", "a table of millions of rows": "neurone vert",
}  # fmt: skip


@pytest.mark.parametrize("case", list(HUGE))
def test_check_and_every_command_refuse_numbers_that_would_eat_the_machine(case, activity_file, tmp_path, capsys):
    path = edited(activity_file, *HUGE[case])
    assert cli.main(["check", "--activity", path]) == 2
    assert HUGE_FIELDS[case] in capsys.readouterr().err
    for command in (["key", "--counts", "6,4,9,6,6,7"], ["cards"], ["tally"], ["poster"]):
        before = snapshot(tmp_path)
        assert cli.main([*command, "--activity", path, "--out", str(tmp_path / "kit")]) == 2, command
        assert HUGE_FIELDS[case] in one_line(capsys)
        assert snapshot(tmp_path) == before


def test_the_stated_ranges_hold_at_their_edges(activity_file, capsys):
    """Exactly at the limits is accepted; just past them is not."""
    inside = edited(activity_file, ("threshold = 17", f"threshold = {MAX_THRESHOLD}"),
                    ('"🐱" = 1, "😍" = 1 }', f'"🐱" = -{MAX_WEIGHT}, "😍" = 0.000001 }}'))  # fmt: skip
    assert cli.main(["check", "--activity", inside]) == 0
    capsys.readouterr()
    outside = edited(activity_file, (f"threshold = {MAX_THRESHOLD}", f"threshold = {MAX_THRESHOLD}.5"))
    assert cli.main(["check", "--activity", outside]) == 2
    assert f"entre -{MAX_THRESHOLD} et {MAX_THRESHOLD}" in capsys.readouterr().err


def test_a_table_just_under_the_bound_is_built(activity_file, tmp_path, capsys):
    """The bound is on what a table costs, so one of about 10 000 rows is still made, and the cards too."""
    from generator.activity import load_activity
    from generator.network import lookup_table, reachable_range

    # A computes from −17 to 34; with threshold −10000 its table runs from −10000 up: 10 035 rows.
    path = edited(activity_file, ("threshold = 8\n", f"threshold = -{MAX_THRESHOLD}\n"))
    activity = load_activity(path)
    a = activity.neuron("A")
    low, high = reachable_range(activity, a)
    table = lookup_table(a, [low, high])
    assert len(table.cells) == high + MAX_THRESHOLD + 1 <= MAX_TABLE_CELLS
    assert cli.main(["cards", "--activity", path, "--out", str(tmp_path / "kit")]) == 0
    assert "cards.pdf" in capsys.readouterr().out


_BOUNDED = """
import resource, sys, json
resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))
from generator.cli import main
print(json.dumps([main(args) for args in json.loads(sys.argv[1])]))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS is reliable on Linux")
def test_hostile_activities_cost_little_memory_and_time(tmp_path):
    """In a real process held to 2 GB of memory: every hostile activity above ends in exit 2, quickly."""
    runs = []
    for number, case in enumerate(HUGE):
        path = tmp_path / f"a{number}.toml"
        text = DEFAULT
        for old, new in HUGE[case]:
            text = text.replace(old, new, 1)
        path.write_text(text, encoding="utf-8")
        runs.append(["cards", "--activity", str(path), "--out", str(tmp_path / f"kit{number}")])
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _BOUNDED, json.dumps(runs)], capture_output=True, text=True,
                          timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT)})  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == [2] * len(runs)
    assert "Traceback" not in done.stderr
    assert time.perf_counter() - started < 120


@pytest.mark.parametrize("iterations", ["-1", "1000001", "99999999999"])
def test_design_grid_iterations_are_bounded(iterations, tmp_path, capsys):
    assert cli.main(["design-grid", "--iterations", iterations, "--out", str(tmp_path / "d")]) == 2
    assert "--iterations" in one_line(capsys)
    assert not (tmp_path / "d").exists()


# --- the remaining tracebacks -------------------------------------------------------


def without_outputs(activity_file) -> str:
    text = activity_file.read_text(encoding="utf-8")
    text = "output = []\n" + text[: text.index("[[output]]")]
    activity_file.write_text(text, encoding="utf-8")
    return str(activity_file)


def test_activity_without_output_neuron(activity_file, tmp_path, capsys):
    path = without_outputs(activity_file)
    assert cli.main(["check", "--activity", path]) == 2
    assert "[[output]]" in capsys.readouterr().err
    for command in (["key", "--counts", "6,4,9,6,6,7"], ["kit"], ["tally"], ["train"], ["poster"], ["slides"]):
        assert cli.main([*command, "--activity", path, "--out", str(tmp_path / "kit")]) == 2, command
        assert "[[output]] est vide" in one_line(capsys)


def test_activity_without_hidden_neuron_or_emoji(activity_file, capsys):
    text = activity_file.read_text(encoding="utf-8")
    start, end = text.index("[[hidden]]"), text.index("[[output]]")
    activity_file.write_text("hidden = []\n" + text[:start] + text[end:], encoding="utf-8")
    assert cli.main(["check", "--activity", str(activity_file)]) == 2
    assert "[[hidden]] est vide" in capsys.readouterr().err


COMMANDS_WITH_SEED = {
    "key": ["key"], "kit": ["kit"], "cards": ["cards"], "sheets": ["sheets"], "grids": ["grids"],
    "slides": ["slides"], "tally": ["tally"], "train": ["train"], "digit": ["digit", "--bank", "1"],
    "design-grid": ["design-grid"], "class kit": ["kit", "--students", "12"],
}  # fmt: skip


@pytest.mark.parametrize("command", list(COMMANDS_WITH_SEED))
def test_a_negative_seed_on_every_command(command, tmp_path, capsys):
    assert cli.main([*COMMANDS_WITH_SEED[command], "--seed", "-1", "--out", str(tmp_path / "kit")]) == 2
    assert "--seed" in one_line(capsys)
    assert not (tmp_path / "kit").exists()


# --- exact parsing ------------------------------------------------------------------

NOT_COUNTS = ["1_0", "٦", "６", "+6", "6.0", "0x6", "1e1", "²", "6 6", "-0_1"]


@pytest.mark.parametrize("count", NOT_COUNTS)
def test_counts_are_ascii_digits_only(count, tmp_path, capsys):
    typed = f"{count},4,9,6,6,7" if " " not in count else "6,4,9,6,6,7," + count
    assert cli.main(["key", "--counts", typed, "--json", "-"]) == 2
    one_line(capsys)
    (tmp_path / "c.csv").write_text(f"{count};4;9;6;6;7\n" if " " not in count else f"6;4;9;6;6;{count}\n",
                                    encoding="utf-8")  # fmt: skip
    assert cli.main(["key", "--counts-file", str(tmp_path / "c.csv"), "--json", "-"]) == 2
    assert "c.csv" in one_line(capsys)
    document = {"exercises": [{"id": "x", "counts": dict(zip("😇🚀🍕🐱😍👽", [count, 4, 9, 6, 6, 7]))}]}
    (tmp_path / "e.json").write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    assert cli.main(["key", "--exercises-from", str(tmp_path / "e.json"), "--json", "-"]) == 2
    one_line(capsys)


def test_plain_counts_still_read(capsys):
    assert cli.main(["key", "--counts", " 06, 4 ;9 6,6,7", "--json", "-"]) == 0
    assert json.loads(capsys.readouterr().out)["exercises"][0]["counts"]["😇"] == 6


@pytest.mark.parametrize("digits", ["³", "٠,٣", "０"])
def test_digit_lists_are_ascii_digits_only(digits, capsys):
    assert cli.main(["key", "--digits", digits, "--json", "-"]) == 2
    assert "0 à 9" in one_line(capsys)


@pytest.mark.parametrize(
    "args",
    [
        ["key", "--counts", "6,4,9,6,6,7", "--out", ""],
        ["key", "--counts", "6,4,9,6,6,7", "--out="],
        ["kit", "--out", " "],
        ["train", "--out", ""],
        ["design-grid", "--out", ""],
        ["digit", "--bank", "1", "--out", ""],
        ["key", "--counts", "6,4,9,6,6,7", "--json", ""],
        ["key", "--counts", "6,4,9,6,6,7", "--activity", ""],
        ["kit", "--roster", ""],
        ["key", "--counts-file", ""],
    ],
)
def test_an_empty_path_is_refused_not_taken_for_the_current_folder(args, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert cli.main(args) == 2
    assert "est vide" in one_line(capsys)
    assert list(tmp_path.iterdir()) == []


def test_inputs_with_a_newline_are_shown_escaped(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["key", "--activity", "my\nactivity.toml", "--counts", "1,1,1,1,1,1"]) == 2
    assert "my\\nactivity.toml" in one_line(capsys)
    assert cli.main(["key", "--counts", "6\n4,9,6,6,7,1"]) == 2
    assert "6\\n4" in one_line(capsys)
    (tmp_path / "two\nlines.csv").write_text("6,4,9,6,6,x\n")
    assert cli.main(["key", "--counts-file", "two\nlines.csv"]) == 2
    assert "two\\nlines.csv" in one_line(capsys)
    # Success lines too: one line per file written, whatever the folder is called.
    assert cli.main(["key", "--counts", "6,4,9,6,6,7", "--out", "new\nfolder"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 2 and all("new\\nfolder" in line for line in out), out
    assert (tmp_path / "new\nfolder" / "key.pdf").is_file()


# --- names in any script --------------------------------------------------------------

FOREIGN = {
    "Arabic": ("عمر", "U+0639", "Arabic"),
    "Hebrew": ("דוד", "U+05D3", "Hebrew"),
    "Chinese": ("王小明", "U+738B", "CJK"),
    "Greek": ("Νίκος", "U+039D", "Greek"),
}


@pytest.mark.parametrize("script", list(FOREIGN))
def test_roster_names_the_page_font_cannot_write_are_refused_naming_them(script, tmp_path, capsys):
    name, code, word = FOREIGN[script]
    (tmp_path / "class.csv").write_text(f"Alice\nBruno\n{name}\nDavid\n", encoding="utf-8")
    before = snapshot(tmp_path)
    assert cli.main(["kit", "--roster", str(tmp_path / "class.csv"), "--out", str(tmp_path / "kit")]) == 2
    line = one_line(capsys)
    assert "class.csv, ligne 3" in line and code in line and word in line and name[0] in line, line
    assert snapshot(tmp_path) == before


def test_names_in_scripts_the_font_has_are_printed(tmp_path, capsys):
    """Latin with accents, Vietnamese and Cyrillic are printed, and read back from the PDF."""
    names = ["Zoé Lefèvre", "Nguyễn Thị Mai", "Дмитрий", "Çağla", "Łukasz"]
    (tmp_path / "class.csv").write_text("\n".join(names) + "\n", encoding="utf-8")
    assert cli.main(["cards", "--roster", str(tmp_path / "class.csv"), "--out", str(tmp_path / "kit")]) == 0
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "kit" / "cards.pdf").pages)
    for name in names:
        assert name.split()[0] in text, name


@pytest.mark.parametrize(
    "field, edit",
    [
        ("activity.name", ('name = "Connecte tes neurones"', 'name = "חיבור נוירונים"')),
        ("emoji[3].name.fr", ('name = { fr = "chat", en = "cat" }', 'name = { fr = "猫", en = "cat" }')),
        ("jaune.label.fr", ('label = { fr = "jaune", en = "yellow" }', 'label = { fr = "أصفر", en = "yellow" }')),
        ("hidden[0].name", ('name = "A"', 'name = "א"')),
    ],
)
def test_activity_text_the_page_font_cannot_write(field, edit, activity_file, tmp_path, capsys):
    path = edited(activity_file, edit)
    assert cli.main(["check", "--activity", path]) == 2
    err = capsys.readouterr().err
    assert field in err and "U+" in err, err
    assert cli.main(["cards", "--activity", path, "--out", str(tmp_path / "kit")]) == 2
    assert field in one_line(capsys)


def test_group_label_and_exercise_names_the_font_cannot_write(tmp_path, capsys, activity):
    assert cli.main(["kit", "--group", "כיתה ד", "--out", str(tmp_path / "kit")]) == 2
    assert "U+05DB" in one_line(capsys)
    grid = ["." * activity.grid.cols] * activity.grid.rows
    grid[2] = "#" * activity.grid.cols
    (tmp_path / "سبعة.txt").write_text("\n".join(grid) + "\n", encoding="utf-8")
    assert cli.main(["digit", "--text", str(tmp_path / "سبعة.txt"), "--out", str(tmp_path / "kit")]) == 2
    line = one_line(capsys)
    assert "U+0633" in line and re.search(r"nom d’exercice", line), line
    assert not (tmp_path / "kit").exists()
