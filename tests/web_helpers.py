"""A real `neurones serve` on the loopback address, and the command line to compare it with."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import zipfile
from pathlib import Path


def neurones_command() -> list[str]:
    script = Path(sys.executable).with_name("neurones")
    return [str(script)] if script.exists() else [sys.executable, "-m", "generator.cli"]


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*neurones_command(), *args], capture_output=True, cwd=cwd, timeout=300)


def cli_json(*args: str) -> dict:
    done = run_cli(*args)
    assert done.returncode == 0, done.stderr.decode()
    return json.loads(done.stdout)


def cli_kit(folder: Path, *args: str) -> dict[str, bytes]:
    """`neurones kit --out folder ...`: file name → bytes."""
    done = run_cli("kit", "--out", str(folder), *args)
    assert done.returncode == 0, done.stderr.decode()
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def running_server():
    """`neurones serve` in its own process: (url, pid, its temporary folder); stopped and cleaned afterwards.

    The folder is the server's TMPDIR, made here rather than under pytest's
    base folder, which concurrent pytest sessions may prune while this one runs.
    """
    port = free_port()
    temp = Path(tempfile.mkdtemp(prefix="neurones-test-server-"))
    env = {**os.environ, "TMPDIR": str(temp)}
    log = open(temp / "server.log", "wb")
    server = subprocess.Popen([*neurones_command(), "serve", "--no-browser", "--port", str(port)],
                              env=env, stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url + "/", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("neurones serve did not start: " + (temp / "server.log").read_text()) from None
                time.sleep(0.2)
        yield url, server.pid, temp
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
        shutil.rmtree(temp, ignore_errors=True)


def kit_workers(server_pid: int) -> list[int]:
    """The server's kit worker processes (multiprocessing's spawned children)."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
            command = (status.parent / "cmdline").read_bytes()
        except OSError:
            continue
        parent = next((int(line.split()[1]) for line in text.splitlines() if line.startswith("PPid:")), None)
        if parent == server_pid and b"spawn_main" in command:
            found.append(int(status.parent.name))
    return found
