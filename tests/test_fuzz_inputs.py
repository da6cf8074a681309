"""Fuzzing: any activity file or counts text gives a result or a UserError, nothing else."""

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.activity import Activity, load_activity
from generator.errors import UserError
from generator.exercises import parse_counts, read_counts_file
from generator.resources import default_activity_path

DEFAULT_TEXT = default_activity_path().read_text(encoding="utf-8")
ACTIVITY = load_activity()
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def load_text(tmp_path: Path, data: bytes):
    f = tmp_path / "fuzz.toml"
    f.write_bytes(data)
    try:
        return load_activity(f)
    except UserError as error:
        message = error.render("fr")
        assert message and "\n" not in message
        return error


@FUZZ
@given(st.binary(max_size=300))
def test_activity_loader_survives_any_bytes(tmp_path, data):
    assert isinstance(load_text(tmp_path, data), (Activity, UserError))


@FUZZ
@given(st.data())
def test_activity_loader_survives_line_edits(tmp_path, data):
    """Teachers edit the default file by hand: delete, duplicate or replace a line."""
    lines = DEFAULT_TEXT.splitlines()
    i = data.draw(st.integers(0, len(lines) - 1))
    action = data.draw(st.sampled_from(["delete", "duplicate", "replace"]))
    if action == "delete":
        del lines[i]
    elif action == "duplicate":
        lines.insert(i, lines[i])
    else:
        lines[i] = data.draw(
            st.one_of(
                st.text(max_size=40),
                st.sampled_from(["threshold = -1e400", "threshold = nan", "threshold = inf", "rows = 0",
                                 "cols = 99999", 'cells = ["z"]', "digit = true", "weights = {}",
                                 'weights = { A = "x" }', "[[hidden]]", "[[output]]", "[grid]", "char = 3",
                                 # hardening: what would eat the machine or print as blanks
                                 "threshold = 1e9", "threshold = 1e-999999999", "threshold = " + "9" * 5000,
                                 "weights = { A = 100, B = 100, C = 100, D = 100, E = 100, F = 100 }",
                                 "x = " + "[" * 5000 + "]" * 5000, 'name = "王"', 'label = "عمر"',
                                 "output = []", "hidden = []", 'svg = "/etc/hostname"', 'svg = "/dev/zero"']),
            )
        )
    result = load_text(tmp_path, "\n".join(lines).encode("utf-8"))
    assert isinstance(result, (Activity, UserError))


@FUZZ
@given(st.one_of(st.text(max_size=60), st.text(alphabet="0123456789,;_ +-.\n\t٦６²", max_size=30)))
def test_counts_parser_survives_any_text(text):
    try:
        exercise = parse_counts(text, ACTIVITY)
    except UserError as error:
        assert "\n" not in error.render("en")
    else:
        assert all(0 <= c <= m for c, m in zip(exercise.counts, ACTIVITY.max_counts))
        # Read exactly: only ASCII digits and separators were accepted.
        assert set(text) <= set("0123456789,; ") | {c for c in text if c.isspace() and c.isascii()}, text


@FUZZ
@given(st.binary(max_size=200))
def test_counts_file_survives_any_bytes(tmp_path, data):
    f = tmp_path / "counts.csv"
    f.write_bytes(data)
    try:
        exercises = read_counts_file(f, ACTIVITY)
    except UserError:
        return
    assert exercises and all(len(e.counts) == len(ACTIVITY.emoji) for e in exercises)
