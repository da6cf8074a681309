"""Reading a request's body and form within limits; uploads kept as (safe name, bytes), never as paths."""

from __future__ import annotations

import re
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .problems import WebError

MAX_BODY_BYTES = 20_000_000  # a phone photo, a roster, an activity and an exercises file, with room to spare
MAX_FIELDS = 40
MAX_FILES = 4
MAX_FIELD_BYTES = 100_000
SAFE_CHARS = re.compile(r"[^\w.\- ]+")


@dataclass(frozen=True)
class Upload:
    """A file the browser sent: the name it will carry in messages and pages, and its bytes."""

    name: str
    data: bytes

    def __repr__(self) -> str:
        return f"Upload({self.name!r}, {len(self.data)} bytes)"


def safe_name(filename: str | None, default: str) -> str:
    """The last part of the browser's file name, reduced to letters, digits, '.', '_', '-', spaces.

    It only names the copy inside the request's own temporary folder (and the
    file in messages, as on the command line): it can never leave that folder.
    """
    name = re.split(r"[\\/]", filename or "")[-1]
    name = SAFE_CHARS.sub("_", name).strip(" .")[:80]
    return name or default


async def read_body(request) -> bytes:
    """The whole body, refused (413) as soon as it passes MAX_BODY_BYTES, whatever Content-Length said."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise WebError(413, "web.too_large", limit=MAX_BODY_BYTES // 1_000_000)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise WebError(413, "web.too_large", limit=MAX_BODY_BYTES // 1_000_000)
        chunks.append(chunk)
    return b"".join(chunks)


async def read_form(request) -> tuple[dict[str, str], dict[str, Upload]]:
    """(text fields, uploads) of a multipart or url-encoded form, within the limits above."""
    from starlette.requests import Request

    body = await read_body(request)
    sent = False

    async def replay() -> dict:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    content_type = request.headers.get("content-type", "")
    if not body:
        return {}, {}  # an empty form: each page then says which field is missing
    if not content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        raise WebError(422, "web.not_a_form")
    try:
        form = await Request(request.scope, replay).form(
            max_files=MAX_FILES, max_fields=MAX_FIELDS, max_part_size=MAX_FIELD_BYTES
        )
    except Exception:  # python-multipart and Starlette raise several kinds on a broken body
        raise WebError(422, "web.not_a_form") from None
    fields: dict[str, str] = {}
    files: dict[str, Upload] = {}
    for key, value in form.multi_items():
        if isinstance(value, str):
            fields[key] = value
        elif getattr(value, "filename", None) is not None:
            data = await value.read()
            if data:  # an empty file input sends an empty part: nothing chosen
                files[key] = Upload(safe_name(value.filename, key), data)
    await form.close()
    return fields, files


@contextmanager
def request_folder():
    """A temporary folder for one request's uploads, removed (with everything in it) afterwards."""
    with tempfile.TemporaryDirectory(prefix="neurones-web-") as folder:
        yield Path(folder)


def place_uploads(folder: Path, uploads: dict[str, Upload]) -> dict[str, Path]:
    """Each upload written as <folder>/<kind>/<safe name>; kind is one of the form's own file fields."""
    paths = {}
    for kind, upload in uploads.items():
        home = folder / kind
        home.mkdir()
        path = home / upload.name
        path.write_bytes(upload.data)
        paths[kind] = path
    return paths
