"""Reading a file the user named: its bytes, or a UserError saying what is wrong with it."""

from __future__ import annotations

from pathlib import Path

from .errors import UserError


def read_user_file(path: Path | str, *, limit: int | None = None, too_big: str = "", kind: str = "file") -> bytes:
    """The bytes of `path`; missing, a folder, unreadable or over `limit` bytes → UserError.

    `kind` picks the messages ("file" or "activity"), so each says what the
    file was for; `too_big` is the message code used when `limit` is passed.
    """
    path = Path(path)
    try:
        if limit is not None and path.stat().st_size > limit:
            raise UserError(too_big, file=path, limit=limit)
        return path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"{kind}.not_found", file=path) from None
    except IsADirectoryError:
        raise UserError(f"{kind}.is_directory", file=path) from None
    except OSError as error:
        raise UserError(f"{kind}.unreadable", file=path, reason=error.strerror or error) from None
