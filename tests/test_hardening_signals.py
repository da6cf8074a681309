"""Interruptions and reproducible builds.

Ctrl-C and SIGTERM print the promised line and change no file; drawing workers
stop with their parent and print nothing; a signal (even SIGKILL) during the
write phase leaves no hidden `.part` file behind for long: a later run removes
what a killed one left. With SOURCE_DATE_EPOCH set, PDFs are dated from it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator import cli, output

from .conftest import snapshot
from .hardening_helpers import ROOT, environment

POSIX = os.name == "posix"
LINUX = sys.platform.startswith("linux")
ABORTED = "Interrompu\u00a0: aucun fichier n’a été modifié."


def children_of(pid: int) -> list[int]:
    """Living (not zombie) child processes of `pid`, from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def alive(pids: list[int]) -> list[int]:
    living = []
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            living.append(pid)
    return living


def start_class_kit(folder: Path, **env: str) -> subprocess.Popen:
    """A class kit drawn by two worker processes: long enough to interrupt."""
    command = [sys.executable, "-c", "import sys; from generator.cli import main; sys.exit(main(sys.argv[1:]))",
               "kit", "--students", "200", "--out", str(folder / "kit")]  # fmt: skip
    return subprocess.Popen(command, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=environment(NEURONES_WORKERS="2", **env), start_new_session=True)  # fmt: skip


def wait_for_workers(process: subprocess.Popen, count: int = 2, timeout: float = 60) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        workers = children_of(process.pid)
        if len(workers) >= count:
            time.sleep(0.1)  # let them start drawing (a 200-pupil set keeps them busy for seconds)
            return workers
        if process.poll() is not None:
            pytest.fail(f"the kit ended before its workers started: {process.communicate()}")
        time.sleep(0.05)
    pytest.fail("no drawing workers started")


@pytest.mark.skipif(not LINUX, reason="worker processes are used on Linux only")
@pytest.mark.parametrize("signum, status", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_ctrl_c_or_sigterm_says_so_and_stops_the_workers(signum, status, tmp_path):
    process = start_class_kit(tmp_path)
    workers = wait_for_workers(process)
    # Ctrl-C in a terminal reaches every process of the group; SIGTERM (a service stopping) the parent only.
    if signum == signal.SIGINT:
        os.killpg(process.pid, signum)
    else:
        process.send_signal(signum)
    out, err = process.communicate(timeout=60)
    assert process.returncode == status, err
    assert err.strip() == ABORTED, err  # the promised line, and only it: workers print nothing
    assert out == ""
    assert not (tmp_path / "kit").exists()
    deadline = time.monotonic() + 10
    while alive(workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(workers)


@pytest.mark.skipif(not LINUX, reason="worker processes are used on Linux only")
def test_workers_end_with_a_parent_killed_by_sigkill(tmp_path):
    process = start_class_kit(tmp_path)
    workers = wait_for_workers(process)
    process.kill()
    out, err = process.communicate(timeout=60)  # returns once no process holds the pipes: workers gone too
    assert process.returncode == -signal.SIGKILL
    assert err == "" and out == ""
    deadline = time.monotonic() + 10
    while alive(workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(workers)
    assert not (tmp_path / "kit").exists()


def test_ctrl_c_through_cli_main(tmp_path, monkeypatch, capsys):
    """In-process: the signal handler main() installs turns Ctrl-C into the line (typer alone says nothing)."""
    from generator.core import kit

    real = kit.build_kit

    def interrupted_build(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(1)  # the handler runs here
        return real(*args, **kwargs)

    monkeypatch.setattr(kit, "build_kit", interrupted_build)
    before = signal.getsignal(signal.SIGINT)
    assert cli.main(["kit", "--out", str(tmp_path / "kit")]) == 130
    assert capsys.readouterr().err.strip() == ABORTED
    assert not (tmp_path / "kit").exists()
    assert signal.getsignal(signal.SIGINT) is before  # pytest's own handler is back


# --- signals during the write phase -------------------------------------------------

_SIGNAL_WHILE = """
import os, signal, sys, time
from generator import output
step, signum = sys.argv[1], int(sys.argv[2])
real = {"write": output._Temporary.write, "rename": output._Temporary.put_in_place}[step]
calls = []

def with_signal(self, *args):
    result = real(self, *args)
    calls.append(self)
    if len(calls) == 1:  # after the first file: the others are still to come
        os.kill(os.getpid(), signum)
        time.sleep(0.5)
    return result

setattr(output._Temporary, {"write": "write", "rename": "put_in_place"}[step], with_signal)
from generator.cli import main
sys.exit(main(sys.argv[3:]))
"""


def signalled_key(kit: Path, step: str, signum: int) -> subprocess.CompletedProcess:
    """`neurones key` into `kit`, sending itself `signum` (a real signal) after the first file of `step`."""
    args = ["key", "--counts", "6,4,9,6,6,7", "--out", str(kit), "--force"]
    return subprocess.run([sys.executable, "-c", _SIGNAL_WHILE, step, str(int(signum)), *args], capture_output=True,
                          text=True, timeout=120, env=environment())  # fmt: skip


@pytest.fixture
def teacher_kit(tmp_path):
    kit = tmp_path / "kit"
    kit.mkdir()
    (kit / "key.json").write_text('{"teacher": "my own notes"}', encoding="utf-8")
    (kit / "key.pdf").write_bytes(old_pdf())
    return kit


def old_pdf() -> bytes:
    """A real PDF (every PDF under tmp_path is opened after each test), its words left uncompressed."""
    import io

    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pageCompression=0, invariant=1)
    canvas.drawString(72, 720, "the teacher's old key")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def visible(folder: Path) -> dict[str, bytes]:
    return {name: data for name, data in snapshot(folder).items() if not name.startswith(".")}


def hidden_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.mark.skipif(not POSIX, reason="POSIX signals")
@pytest.mark.parametrize("signum, status", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_while_writing_changes_nothing_and_leaves_no_part_file(signum, status, teacher_kit):
    before = snapshot(teacher_kit)
    done = signalled_key(teacher_kit, "write", signum)
    assert done.returncode == status, done.stderr
    assert done.stderr.strip() == ABORTED
    assert snapshot(teacher_kit) == before
    assert hidden_files(teacher_kit) == []


@pytest.mark.skipif(not POSIX, reason="POSIX signals")
@pytest.mark.parametrize("signum, status", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_while_renaming_waits_for_every_file_and_says_so(signum, status, teacher_kit):
    """Renaming is not interrupted half-way: all new files are in place, and the line says so honestly."""
    done = signalled_key(teacher_kit, "rename", signum)
    assert done.returncode == status, done.stderr
    assert done.stderr.strip().startswith("Interrompu, mais les fichiers étaient déjà écrits"), done.stderr
    assert b"teacher" not in (teacher_kit / "key.json").read_bytes()
    assert b"old key" not in (teacher_kit / "key.pdf").read_bytes()
    assert hidden_files(teacher_kit) == []


@pytest.mark.skipif(not POSIX, reason="POSIX signals")
def test_sigkill_while_writing_leaves_a_part_file_that_the_next_run_removes(teacher_kit, capsys):
    before = snapshot(teacher_kit)
    done = signalled_key(teacher_kit, "write", signal.SIGKILL)
    assert done.returncode == -signal.SIGKILL
    assert visible(teacher_kit) == before
    left = hidden_files(teacher_kit)
    assert len(left) == 1 and left[0].endswith(".part"), left  # what SIGKILL cannot avoid…
    # …is cleared by the next run into the same folder.
    assert cli.main(["key", "--counts", "6,4,9,6,6,7", "--out", str(teacher_kit), "--force"]) == 0
    assert hidden_files(teacher_kit) == []
    assert b"teacher" not in (teacher_kit / "key.json").read_bytes()


@pytest.mark.skipif(not POSIX, reason="file locks")
def test_the_part_file_of_a_run_still_writing_is_left_alone(teacher_kit, capsys):
    """Two runs into one folder: the cleaning one removes only files whose writer is gone."""
    live = output._Temporary.create(teacher_kit, "notes.txt")  # a writer that is alive (this process holds its lock)
    try:
        live.write(b"half of the notes")
        assert cli.main(["key", "--counts", "6,4,9,6,6,7", "--out", str(teacher_kit), "--force"]) == 0
        assert live.path.exists()
        live.put_in_place()
    finally:
        if live.handle >= 0:
            live.discard()
    assert (teacher_kit / "notes.txt").read_bytes() == b"half of the notes"
    assert hidden_files(teacher_kit) == []


def test_only_the_kits_own_hidden_files_are_cleaned(teacher_kit, capsys):
    (teacher_kit / ".teacher-notes.txt").write_text("mine")
    (teacher_kit / ".draft.part").write_text("not ours: no random part")
    assert cli.main(["key", "--counts", "6,4,9,6,6,7", "--out", str(teacher_kit), "--force"]) == 0
    assert hidden_files(teacher_kit) == [".draft.part", ".teacher-notes.txt"]


# --- reproducible builds ---------------------------------------------------------------


def kit_files(folder: Path, env: dict[str, str]) -> dict[str, bytes]:
    done = subprocess.run([sys.executable, "-c", "import sys; from generator.cli import main; sys.exit(main(sys.argv[1:]))",
                           "key", "--counts", "6,4,9,6,6,7", "--out", str(folder)],
                          capture_output=True, text=True, timeout=120, env=environment(**env))  # fmt: skip
    assert done.returncode == 0, done.stderr
    return snapshot(folder)


def test_source_date_epoch_dates_the_pdfs_and_two_builds_are_identical(tmp_path):
    epoch = "1700000000"  # 2023-11-14 22:13:20 UTC
    first = kit_files(tmp_path / "a", {"SOURCE_DATE_EPOCH": epoch, "TZ": "UTC"})
    second = kit_files(tmp_path / "b", {"SOURCE_DATE_EPOCH": epoch, "TZ": "Asia/Tokyo", "LC_ALL": "C"})
    assert first == second
    plain = kit_files(tmp_path / "c", {})
    info = PdfReader(tmp_path / "a" / "key.pdf").metadata
    assert info["/CreationDate"] == info["/ModDate"] == "D:20231114221320+00'00'"
    assert PdfReader(tmp_path / "c" / "key.pdf").metadata["/CreationDate"] == "D:20000101000000+00'00'"  # as before
    ids = [PdfReader(tmp_path / d / "key.pdf").trailer["/ID"][0] for d in ("a", "c")]
    assert ids[0] != ids[1]  # the id is a digest that includes the date
    assert first["key.json"] == plain["key.json"]


@pytest.mark.parametrize("value", ["yesterday", "-5", "1.5", "99999999999999999999", "١٧٠٠٠٠٠٠٠٠"])
def test_a_bad_source_date_epoch_is_one_line(value, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    assert cli.main(["key", "--counts", "6,4,9,6,6,7", "--out", str(tmp_path / "kit")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "SOURCE_DATE_EPOCH" in err, err
    assert not (tmp_path / "kit").exists()
