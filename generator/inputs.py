"""Reading a file the user named: its bytes, or a UserError saying what is wrong with it.

Only ordinary files are read. A device (/dev/zero), a pipe nobody writes to
or a socket would never end or block forever, so they are refused before a
single byte is read; and the size cap is enforced while reading, not taken
from what the file system says, so a file that grows while it is read cannot
get past it either.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from .errors import UserError

# Nothing a teacher gives is this big; a larger file is a mistake (or a trap),
# and reading it would only fill the memory.
DEFAULT_LIMIT = 20_000_000
ACTIVITY_LIMIT = 1_000_000  # the default activity is 3 kB; a 40×40 grid with long names is under 20 kB
_CHUNK = 1 << 20

# Open without waiting (a FIFO with no writer), without making a terminal
# ours, and without handing the descriptor to child processes.
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def read_user_file(path: Path | str, *, limit: int | None = None, too_big: str = "", kind: str = "file") -> bytes:
    """The bytes of `path`; missing, a folder, not an ordinary file, unreadable or over `limit` bytes → UserError.

    `kind` picks the messages ("file" or "activity"), so each says what the
    file was for; `too_big` is the message code when the file is over
    `limit` (default: "<kind>.too_big", and `limit` defaults to DEFAULT_LIMIT,
    or ACTIVITY_LIMIT for an activity).
    """
    path = Path(path)
    if limit is None:
        limit = ACTIVITY_LIMIT if kind == "activity" else DEFAULT_LIMIT
    too_big = too_big or f"{kind}.too_big"
    try:
        # stat first: refusing a device or a pipe must not even open it.
        _check_kind(os.stat(path).st_mode, path, kind)
        handle = os.open(path, _OPEN_FLAGS)
    except UserError:
        raise
    except OSError as error:
        raise _open_error(error, path, kind) from None
    try:
        # The file may have been swapped between stat and open: check what was opened.
        _check_kind(os.fstat(handle).st_mode, path, kind)
        return _read_capped(handle, limit, path, too_big)
    except OSError as error:
        raise UserError(f"{kind}.unreadable", file=path, reason=error.strerror or error) from None
    finally:
        os.close(handle)


def read_user_text(path: Path | str, *, not_text: str, limit: int | None = None, too_big: str = "") -> str:
    """`read_user_file` as UTF-8 text (a byte-order mark allowed); binary or other encodings → `not_text`."""
    raw = read_user_file(path, limit=limit, too_big=too_big)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(not_text, file=path) from None
    if "\0" in text:
        raise UserError(not_text, file=path)
    return text


def _check_kind(mode: int, path: Path, kind: str) -> None:
    if stat.S_ISDIR(mode):
        raise UserError(f"{kind}.is_directory", file=path)
    if not stat.S_ISREG(mode):
        raise UserError(f"{kind}.not_regular", file=path)


def _read_capped(handle: int, limit: int, path: Path, too_big: str) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        try:
            chunk = os.read(handle, min(_CHUNK, limit + 1 - size))
        except BlockingIOError:  # only special files block, and they were refused; be safe anyway
            raise UserError("file.not_regular", file=path) from None
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            raise UserError(too_big, file=path, limit=limit)
        chunks.append(chunk)


def _open_error(error: OSError, path: Path, kind: str) -> UserError:
    if error.errno == errno.ENOENT or isinstance(error, FileNotFoundError):
        return UserError(f"{kind}.not_found", file=path)
    if error.errno == errno.EISDIR:
        return UserError(f"{kind}.is_directory", file=path)
    if error.errno == errno.ENAMETOOLONG:
        return UserError("file.name_too_long", file=path)
    if error.errno == errno.ENOTDIR:  # a file used as a folder in the path
        return UserError(f"{kind}.not_found", file=path)
    return UserError(f"{kind}.unreadable", file=path, reason=error.strerror or error)
