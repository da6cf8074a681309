"""Ctrl-C, SIGTERM and a killed parent: stop cleanly, say so in one line, leave no half-written file.

* `handling_signals()` (used by `cli.main`) turns SIGINT, SIGTERM and SIGHUP
  into `Interrupted`, a BaseException: typer turns KeyboardInterrupt into a
  silent exit status 130, and `except Exception` blocks must not swallow it.
* `deferred_signals()` holds those signals back during a step that must not
  stop half-way (renaming finished files into place, cleaning up); the
  signals that arrived are handed back so the caller can act on them.
  (SIGKILL cannot be held back: output.py removes what it leaves behind.)
* `worker_started()` is the initializer of drawing processes: they leave
  Ctrl-C to their parent (which stops them), and end quietly if the parent
  dies, even by SIGKILL.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


class Interrupted(BaseException):
    """The user (or the system) asked the command to stop.

    `written` is the folder whose files were already all replaced when the
    signal came, so the message can say so honestly; None when nothing was.
    """

    def __init__(self, signum: int, written: Path | None = None) -> None:
        super().__init__(signum)
        self.signum = signum
        self.written = written

    @property
    def exit_status(self) -> int:
        return 128 + self.signum  # what a shell reports for a process stopped by that signal

    def __repr__(self) -> str:
        return f"Interrupted({signal.Signals(self.signum).name}, written={self.written})"


def _raise_interrupted(signum: int, frame: object) -> None:
    raise Interrupted(signum)


@contextmanager
def handling_signals() -> Iterator[None]:
    """Within the block, a stop signal raises Interrupted; the previous handlers come back after."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers; a caller thread keeps its host's
        return
    previous = {signum: signal.getsignal(signum) for signum in STOP_SIGNALS}
    try:
        for signum in STOP_SIGNALS:
            signal.signal(signum, _raise_interrupted)
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)


@contextmanager
def deferred_signals() -> Iterator[list[int]]:
    """Hold stop signals back inside the block; the list yielded holds those that came.

    Python runs signal handlers in the main thread only, between two steps
    of its own code, so a handler that only writes the signal down makes the
    block uninterruptible (but for SIGKILL). In another thread the block is
    left as it is: the main thread is the one a signal would stop.
    """
    arrived: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield arrived
        return
    previous = {signum: signal.getsignal(signum) for signum in STOP_SIGNALS}
    try:
        for signum in STOP_SIGNALS:
            signal.signal(signum, lambda signum, frame: arrived.append(signum))
        yield arrived
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)


# --- drawing processes ---------------------------------------------------------


def worker_started() -> None:
    """Initializer of a drawing process (multiprocessing Pool)."""
    # Ctrl-C reaches every process of the terminal's group: the parent alone
    # acts on it and terminates its pool (SIGTERM), which then ends a worker
    # at once, without a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    # Nothing a worker could print helps: what it draws, and any error in
    # drawing, go back to the parent through the pool. What is left is noise
    # such as a broken pipe to a parent that is gone.
    sys.stderr = open(os.devnull, "w")
    _die_with_parent_linux()
    parent = os.getppid()
    threading.Thread(target=_end_with_parent, args=(parent,), name="end-with-parent", daemon=True).start()


def _die_with_parent_linux() -> None:
    # Linux can end a process as soon as its parent dies (prctl PR_SET_PDEATHSIG).
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM, 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # the polling thread below still does it


def _end_with_parent(parent: int, every: float = 0.2) -> None:
    # A parent killed by SIGKILL cannot stop its pool: when it is gone, this
    # process is adopted by another (its parent id changes) and ends quietly.
    stop = threading.Event()
    while not stop.wait(every):
        if os.getppid() != parent:
            os._exit(0)
