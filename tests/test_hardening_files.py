"""Special files, sizes and names: only ordinary files are read, with a byte cap enforced
while reading, never blocking; over-long names, byte-order marks, deep nesting and a full
disk each end in one line (exit 2) and leave the output folder as it was."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import sys

import pytest

from generator import cli
from generator.errors import UserError
from generator.inputs import read_user_file
from generator.resources import default_activity_path

from .conftest import snapshot
from .hardening_helpers import ROOT, run_cli

POSIX = hasattr(os, "mkfifo")
NAME_MAX = 255


def make_inputs(folder):
    """One good file of every kind an option reads, to swap for a bad one."""
    shutil.copy(default_activity_path(), folder / "activity.toml")
    (folder / "roster.csv").write_text("Alice\nBruno\nChloé\nDavid\nEmma\n", encoding="utf-8")
    (folder / "counts.csv").write_text("6,4,9,6,6,7\n", encoding="utf-8")
    return folder


# option → the command line that reads that kind of file
READERS = {
    "activity": lambda f: ["key", "--counts", "6,4,9,6,6,7", "--activity", f, "--out", "kit"],
    "roster": lambda f: ["kit", "--roster", f, "--out", "kit"],
    "counts file": lambda f: ["key", "--counts-file", f, "--out", "kit"],
    "exercises file": lambda f: ["key", "--exercises-from", f, "--out", "kit"],
    "image": lambda f: ["digit", "--image", f, "--json", "-"],
    "text grid": lambda f: ["digit", "--text", f, "--json", "-"],
}


def assert_one_line_error(run, fragment):
    assert run.status == 2, run
    assert len(run.lines) == 1 and "Traceback" not in run.err, run.err
    assert fragment in run.err, run.err


_SPECIAL_RUNS = """
import contextlib, io, json, sys
from generator.cli import main
results = {}
for name, args in json.loads(sys.argv[1]).items():
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        status = main(args)
    results[name] = [status, err.getvalue()]
print(json.dumps(results))
"""


@pytest.fixture(scope="module")
def special_file_runs(tmp_path_factory):
    """Every kind of input given /dev/zero and a FIFO nobody writes to, in one real subprocess.

    If any were opened blocking or read to the end, the subprocess would hang
    or fill the memory, and the timeout would fail every case.
    """
    import json
    import subprocess

    folder = make_inputs(tmp_path_factory.mktemp("special"))
    cases = {}
    if os.path.exists("/dev/zero"):
        cases.update({f"device {kind}": READERS[kind]("/dev/zero") for kind in READERS})
    if POSIX:
        os.mkfifo(folder / "pipe")
        cases.update({f"fifo {kind}": READERS[kind]("pipe") for kind in READERS})
    done = subprocess.run([sys.executable, "-c", _SPECIAL_RUNS, json.dumps(cases)], cwd=folder, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})  # fmt: skip
    assert done.returncode == 0, done.stderr
    return folder, json.loads(done.stdout)


@pytest.mark.parametrize("special", ["device", "fifo"])
@pytest.mark.parametrize("kind", list(READERS))
def test_a_device_or_a_fifo_is_refused_without_reading_or_blocking(special, kind, special_file_runs):
    folder, results = special_file_runs
    if f"{special} {kind}" not in results:
        pytest.skip(f"no {special} on this system")
    status, err = results[f"{special} {kind}"]
    assert status == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    assert "pas un fichier ordinaire" in err, err
    assert not (folder / "kit").exists()


@pytest.mark.skipif(not POSIX, reason="sparse files: POSIX")
@pytest.mark.parametrize("kind", list(READERS))
def test_a_huge_file_is_refused(kind, tmp_path, monkeypatch, capsys):
    """3 GB (sparse: no disk used) of any kind: refused after at most its cap is read."""
    make_inputs(tmp_path)
    with open(tmp_path / "huge", "wb") as f:
        f.truncate(3 * 10**9)
    monkeypatch.chdir(tmp_path)
    assert cli.main(READERS[kind]("huge")) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "trop gros" in err, err


@pytest.mark.skipif(not os.path.exists("/proc/self/maps"), reason="needs Linux /proc")
def test_the_cap_counts_bytes_read_not_the_size_the_file_system_reports(tmp_path):
    """/proc files say they hold 0 bytes and hold more: a cap taken from st_size would let them through."""
    assert os.stat("/proc/self/maps").st_size == 0
    with pytest.raises(UserError) as refused:
        read_user_file("/proc/self/maps", limit=100, too_big="file.too_big")
    assert refused.value.code == "file.too_big"
    assert len(read_user_file("/proc/self/maps", limit=10**7)) > 100  # and it is a readable ordinary file


@pytest.mark.parametrize("kind", list(READERS))
def test_an_over_long_input_name(kind, tmp_path, monkeypatch, capsys):
    make_inputs(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert cli.main(READERS[kind]("n" * (NAME_MAX + 20) + ".txt")) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "trop long" in err, err
    assert len(err) < 400  # the name is shown shortened


@pytest.mark.parametrize(
    "out",
    [
        "o" * (NAME_MAX + 1),  # one component too long
        "/".join(["d" * 200] * 25),  # a path longer than the system allows
        "kit/" + "k" * (NAME_MAX + 5),
    ],
)
def test_an_over_long_out_name(out, tmp_path, capsys):
    for args in (["key", "--counts", "6,4,9,6,6,7"], ["cards"], ["train", "--method", "thresholds"]):
        before = snapshot(tmp_path)
        status = cli.main([*args, "--out", str(tmp_path / out)])
        err = capsys.readouterr().err
        assert status == 2 and len(err.strip().splitlines()) == 1 and "trop long" in err, (args, err)
        assert snapshot(tmp_path) == before


def test_an_over_long_svg_name_in_the_activity(activity_file, capsys):
    text = activity_file.read_text(encoding="utf-8").replace('char = "🐱"\n', f'char = "🐱"\nsvg = "{"s" * 300}.svg"\n')
    activity_file.write_text(text, encoding="utf-8")
    assert cli.main(["check", "--activity", str(activity_file)]) == 2
    assert "trop long" in capsys.readouterr().err


def test_a_byte_order_mark_is_accepted_in_every_text_input(tmp_path, capsys):
    bom = b"\xef\xbb\xbf"
    (tmp_path / "activity.toml").write_bytes(bom + default_activity_path().read_bytes())
    (tmp_path / "counts.csv").write_bytes(bom + b"6,4,9,6,6,7,0\n")
    (tmp_path / "roster.csv").write_bytes(bom + "Zoé\nAdam\nLéa\nNoé\nInès\n".encode())
    assert cli.main(["check", "--activity", str(tmp_path / "activity.toml")]) == 0
    assert cli.main(["key", "--counts-file", str(tmp_path / "counts.csv"), "--json", "-",
                     "--activity", str(tmp_path / "activity.toml")]) == 0  # fmt: skip
    assert '"label": 0' in capsys.readouterr().out
    from generator.roster import read_roster

    assert read_roster(tmp_path / "roster.csv")[0] == "Zoé"
    from generator.activity import load_activity

    assert load_activity(tmp_path / "activity.toml") == load_activity()


@pytest.mark.parametrize(
    "name, text, fragment",
    [
        ("arrays", "x = " + "[" * 100_000 + "]" * 100_000, "trop profondément"),
        ("inline tables", "x = " + "{a = " * 20_000 + "1" + "}" * 20_000, "trop profondément"),
        ("a 5000-digit integer", "x = " + "9" * 5000, "milliers de chiffres"),
    ],
)
def test_activity_files_that_would_exhaust_the_parser(name, text, fragment, activity_file, capsys):
    activity_file.write_text(activity_file.read_text(encoding="utf-8") + "\n" + text + "\n", encoding="utf-8")
    for command in (["check"], ["key", "--counts", "6,4,9,6,6,7", "--json", "-"]):
        assert cli.main([*command, "--activity", str(activity_file)]) == 2
        err = capsys.readouterr().err
        assert len(err.strip().splitlines()) == 1 and fragment in err, err


def test_deeply_nested_exercises_json(tmp_path, capsys):
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    assert cli.main(["key", "--exercises-from", str(tmp_path / "deep.json"), "--json", "-"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "trop profondément" in err, err


@pytest.mark.skipif(not hasattr(signal, "SIGXFSZ"), reason="needs RLIMIT_FSIZE")
def test_a_really_full_disk_changes_nothing(tmp_path):
    """The kernel refuses to grow files past 20 kB (RLIMIT_FSIZE): a real short write, no fake."""
    kit = tmp_path / "kit"
    kit.mkdir()
    (kit / "key.json").write_text('{"teacher": "my own notes"}')
    before = snapshot(kit)
    script = (
        "import resource, signal, sys\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (20000, 20000))\n"
        "from generator.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    import subprocess

    done = subprocess.run([sys.executable, "-c", script, "key", "--counts", "6,4,9,6,6,7", "--out", str(kit),
                           "--force"], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert "impossible d’écrire" in done.stderr and len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert os.strerror(errno.EFBIG) in done.stderr
    assert snapshot(kit) == before
    assert not [p.name for p in kit.iterdir() if p.name.startswith(".")]
