"""Running `neurones` in a real subprocess, and tracing which files it opens.

Two tracers, because they see different things:
* an audit hook (`sys.addaudithook`) inside the subprocess records every file
  Python code opens (`open` events) and every process it starts;
* on Linux, inotify watches folders from outside and sees any open, also by
  C libraries such as libxml2, which no audit hook sees.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import os
import struct
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_TRACED = """
import json, sys
opened, started = [], []

def hook(event, args):
    if event == "open" and isinstance(args[0], (str, bytes)):
        opened.append(args[0] if isinstance(args[0], str) else args[0].decode("utf-8", "replace"))
    elif event in ("subprocess.Popen", "os.exec", "os.posix_spawn", "os.system"):
        started.append(repr(args)[:200])

sys.addaudithook(hook)
from generator.cli import main
try:
    status = main(sys.argv[2:])
finally:
    with open(sys.argv[1], "w") as f:
        json.dump({"opened": opened, "started": started}, f)
sys.exit(status)
"""


@dataclass
class Run:
    status: int
    out: str
    err: str
    opened: list[str]
    started: list[str]

    @property
    def lines(self) -> list[str]:
        return self.err.strip().splitlines()

    def __repr__(self) -> str:
        return f"Run(status={self.status}, err={self.err[-300:]!r})"


def environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "NEURONES_WORKERS")}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


def run_cli(args: list[str], cwd: Path, *, timeout: float = 120, traced: bool = False, **env: str) -> Run:
    """`neurones ARGS` in a fresh Python process, in `cwd`."""
    trace = Path(cwd) / ".trace.json"
    if traced:
        command = [sys.executable, "-c", _TRACED, str(trace), *args]
    else:
        command = [sys.executable, "-c", "import sys; from generator.cli import main; sys.exit(main(sys.argv[1:]))", *args]
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=environment(**env))
    opened, started = [], []
    if traced:
        record = json.loads(trace.read_text())
        trace.unlink()
        opened, started = record["opened"], record["started"]
    return Run(done.returncode, done.stdout, done.stderr, opened, started)


# --- inotify (Linux) ------------------------------------------------------------

IN_ACCESS, IN_OPEN = 0x001, 0x020
_EVENT = struct.Struct("iIII")


@contextmanager
def watching_opens(*folders: Path):
    """Yields a function returning the names of files opened in `folders` so far (Linux only)."""
    libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
    fd = libc.inotify_init1(os.O_NONBLOCK)
    assert fd >= 0, os.strerror(ctypes.get_errno())
    watches = {}
    for folder in folders:
        wd = libc.inotify_add_watch(fd, str(folder).encode(), IN_OPEN | IN_ACCESS)
        assert wd >= 0, os.strerror(ctypes.get_errno())
        watches[wd] = Path(folder)
    seen: list[str] = []

    def opened() -> list[str]:
        while True:
            try:
                data = os.read(fd, 65536)
            except BlockingIOError:
                return list(seen)
            offset = 0
            while offset < len(data):
                wd, mask, _, length = _EVENT.unpack_from(data, offset)
                name = data[offset + _EVENT.size : offset + _EVENT.size + length].rstrip(b"\0").decode()
                seen.append(str(watches[wd] / name) if name else str(watches[wd]))
                offset += _EVENT.size + length

    try:
        yield opened
    finally:
        os.close(fd)
