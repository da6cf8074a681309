"""Errors as the API gives them: HTTP 4xx and {"error": code, "message": text} in the page's language."""

from __future__ import annotations

import re

from ..errors import UserError


class WebError(UserError):
    """A UserError with the HTTP status that fits it (400 bad value, 413 too large, 422 malformed)."""

    def __init__(self, status: int, code: str, **params: object) -> None:
        super().__init__(code, **params)
        self.status = status

    def __repr__(self) -> str:
        return f"WebError({self.status}, {self.code!r})"


# Input too large for the importers is "payload too large", whatever module noticed it.
TOO_LARGE_CODES = frozenset({"image.too_large", "image.file_too_big", "roster.too_big", "exercises.too_big",
                             "digit.text_too_big", "counts.too_many_lines", "roster.too_many"})  # fmt: skip


def status_of(error: UserError) -> int:
    if isinstance(error, WebError):
        return error.status
    return 413 if error.code in TOO_LARGE_CODES else 400


def problem(error: UserError, lang: str, *, hide: str | None = None) -> tuple[int, dict]:
    """(status, body). `hide` is the request's temporary folder: a message never shows where it was."""
    text = error.render(lang)
    if hide:  # uploads sit in <hide>/<kind>/<name>: the teacher knows the file by its name
        text = re.sub(re.escape(hide.rstrip("/")) + r"(?:/[a-z_]+)?/?", "", text)
    return status_of(error), {"error": error.code, "message": text}
