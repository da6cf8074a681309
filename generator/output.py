"""Writing results: all or nothing, never over a teacher's files without --force.

Every file goes to a temporary file in the destination folder first, and is
renamed into place only once all of them are written, so an error half-way
leaves the folder as it was.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Mapping

from .errors import UserError


def check_destination(folder: Path, names: list[str], *, force: bool) -> None:
    """Fail before any work if a file would be overwritten or the folder is not usable."""
    if folder.exists() and not folder.is_dir():
        raise UserError("output.not_a_folder", folder=folder)
    existing = [n for n in names if (folder / n).exists()]
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
        raise UserError("output.cannot_write", folder=folder, reason=error.strerror or error) from None
    temporaries: list[tuple[Path, Path]] = []
    try:
        for name, data in files.items():
            handle, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=folder)
            # mkstemp makes private files; a kit is for sharing, so give it
            # the permissions an ordinary new file would get.
            os.chmod(temp, 0o666 & ~_umask())
            with os.fdopen(handle, "wb") as f:
                f.write(data)
            temporaries.append((Path(temp), folder / name))
    except OSError as error:
        for temp, _ in temporaries:
            temp.unlink(missing_ok=True)
        for leftover in folder.glob(".*.part"):
            leftover.unlink(missing_ok=True)
        if created_folder:
            _remove_if_empty(folder)
        raise UserError("output.cannot_write", folder=folder, reason=error.strerror or error) from None
    for temp, final in temporaries:
        os.replace(temp, final)
    return [final for _, final in temporaries]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _remove_if_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass
