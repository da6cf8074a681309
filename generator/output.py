"""Writing results: all or nothing, never over a teacher's files without --force.

Every file goes to a hidden temporary file (`.NAME.XXXXXXXX.part`) in the
destination folder first, and is renamed into place only once all of them are
written, so an error half-way leaves the folder as it was.

Interruptions: Ctrl-C or SIGTERM while the temporary files are written
removes them and the folder is unchanged; during the renames (a few
milliseconds) the signal waits until every file is in place, and the command
then stops saying the files were written. SIGKILL cannot be caught: each
temporary file is locked while its writer lives, and any run writing into the
folder later removes the ones whose writer is gone.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
import time
from pathlib import Path
from typing import Mapping

from .errors import UserError
from .interrupts import Interrupted, deferred_signals

try:
    import fcntl
except ImportError:  # Windows: stale temporary files are recognised by their age instead
    fcntl = None

# mkstemp's names: the prefix we give, 8 random characters, the suffix.
_PART = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.part$")
_STALE_AGE = 3600.0  # seconds; only used where files cannot be locked


def check_destination(folder: Path, names: list[str], *, force: bool) -> None:
    """Fail before any work if a file would be overwritten or the folder is not usable."""
    try:
        if folder.exists() and not folder.is_dir():
            raise UserError("output.not_a_folder", folder=folder)
    except OSError as error:  # a name too long, a loop of links, …
        raise _output_error(error, folder) from None
    existing = []
    for name in names:
        try:
            if (folder / name).exists():
                existing.append(name)
        except OSError as error:
            raise _output_error(error, folder / name) from None
    if existing and not force:
        raise UserError("output.exists", folder=folder, files=existing)


def write_files(folder: Path, files: Mapping[str, bytes], *, force: bool) -> list[Path]:
    """Write every file or none of them."""
    folder = Path(folder)
    check_destination(folder, list(files), force=force)
    created_folder = not folder.exists()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _output_error(error, folder) from None
    remove_stale_parts(folder)
    temporaries: list[_Temporary] = []
    try:
        for name, data in files.items():
            with deferred_signals() as arrived:  # created and listed together, so never forgotten
                temporaries.append(_Temporary.create(folder, name))
            if arrived:
                raise Interrupted(arrived[0])
            temporaries[-1].write(data)
    except BaseException as error:
        with deferred_signals():  # a second Ctrl-C must not stop the clean-up half-way
            for temporary in temporaries:
                temporary.discard()
            if created_folder:
                _remove_if_empty(folder)
        if isinstance(error, OSError):
            raise _output_error(error, folder) from None
        raise
    with deferred_signals() as arrived:
        done = 0
        try:
            for temporary in temporaries:
                temporary.put_in_place()
                done += 1
        except OSError as error:
            for temporary in temporaries[done:]:
                temporary.discard()
            raise _output_error(error, folder) from None
    if arrived:
        raise Interrupted(arrived[0], written=folder)
    return [t.final for t in temporaries]


class _Temporary:
    """A hidden file beside its final name, locked (where locks exist) until it is renamed or removed."""

    def __init__(self, handle: int, path: Path, final: Path) -> None:
        self.handle, self.path, self.final = handle, path, final

    @classmethod
    def create(cls, folder: Path, name: str) -> _Temporary:
        while True:
            handle, temp = tempfile.mkstemp(prefix=f".{name[:80]}.", suffix=".part", dir=folder)
            if fcntl is None:
                break
            fcntl.flock(handle, fcntl.LOCK_EX)
            # Another run may have taken it for a leftover between mkstemp and
            # flock, and removed it: then make another.
            if os.fstat(handle).st_nlink > 0:
                break
            os.close(handle)
        # mkstemp makes private files; a kit is for sharing, so give it the
        # permissions an ordinary new file would get.
        os.chmod(handle if os.chmod in os.supports_fd else temp, 0o666 & ~_umask())
        return cls(handle, Path(temp), folder / name)

    def write(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            written = os.write(self.handle, view)
            view = view[written:]

    def put_in_place(self) -> None:
        os.replace(self.path, self.final)
        self._close()

    def discard(self) -> None:
        try:
            self.path.unlink(missing_ok=True)
        finally:
            self._close()

    def _close(self) -> None:
        if self.handle >= 0:
            os.close(self.handle)  # releases the lock
            self.handle = -1

    def __repr__(self) -> str:
        return f"_Temporary({self.path.name} → {self.final.name})"


def remove_stale_parts(folder: Path) -> list[Path]:
    """Remove the temporary files a killed run left in `folder` (not those of a run still writing)."""
    removed = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        if _PART.match(name) and _remove_if_stale(folder / name):
            removed.append(folder / name)
    return removed


def _remove_if_stale(path: Path) -> bool:
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        handle = os.open(path, flags)
    except OSError:
        return False
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            return False
        if fcntl is not None:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                return False  # its writer is alive and holds it
        elif time.time() - info.st_mtime < _STALE_AGE:
            return False
        # Still the same file under that name (not renamed into place meanwhile)?
        if os.stat(path, follow_symlinks=False).st_ino != info.st_ino:
            return False
        os.unlink(path)
        return True
    except OSError:
        return False
    finally:
        os.close(handle)


def _output_error(error: OSError, folder: Path) -> UserError:
    if error.errno == errno.ENAMETOOLONG:
        return UserError("file.name_too_long", file=error.filename or folder)
    return UserError("output.cannot_write", folder=folder, reason=error.strerror or error)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _remove_if_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass
