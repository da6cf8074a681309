"""Making kits away from the server's event loop: in worker processes, one temporary folder per job.

Kits take a fraction of a second of pure CPU each; in separate processes they
use every core, never hold up a digit answer, and a class kit's own process
pool forks from a single-threaded worker, never from the threaded server.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile
from collections import OrderedDict

from ..errors import UserError
from ..core.kit import KitOptions, kit_files
from .problems import problem
from .uploads import Upload, place_uploads, request_folder

PREVIEW_WIDTH = 420  # pixels: sharp on a tablet, small enough to send at once
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed, so the same kit gives the same zip


def make_kit(options: dict, uploads: dict[str, Upload], previews: bool, message_lang: str) -> dict:
    """In a worker: {"files": {name: bytes}, "zip": bytes, "previews": {...} or None}, or {"status", "body"}."""
    with request_folder() as folder:
        paths = place_uploads(folder, uploads)
        try:
            if "activity" in uploads:
                refuse_outside_art(uploads["activity"])
            files = kit_files(KitOptions(activity_path=paths.get("activity"), roster=paths.get("roster"),
                                         exercises_from=paths.get("exercises_from"),
                                         counts_file=paths.get("counts_file"), **options))  # fmt: skip
        except UserError as error:
            status, body = problem(error, message_lang, hide=str(folder))
            return {"status": status, "body": body}
    # Zipped here, in the worker: the server's event loop only sends bytes.
    return {"files": files, "zip": zip_bytes(files), "previews": first_pages(files) if previews else None}


def refuse_outside_art(activity: Upload) -> None:
    """An uploaded activity may not name `svg` files: those paths would point into this computer's disk."""
    import tomllib

    try:
        data = tomllib.loads(activity.data.decode("utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return  # load_activity says what is wrong with the file
    emoji = data.get("emoji")
    for entry in emoji if isinstance(emoji, list) else []:
        if isinstance(entry, dict) and "svg" in entry:
            raise UserError("web.activity_svg", file=activity.name, emoji=str(entry.get("char", "?"))[:8])


def first_pages(files: dict[str, bytes]) -> dict[str, dict]:
    """Each PDF's first page as a PNG (base64) and its number of pages."""
    import pypdfium2

    shown = {}
    for name, data in files.items():
        if not name.endswith(".pdf"):
            continue
        pdf = pypdfium2.PdfDocument(data)
        try:
            page = pdf[0]
            scale = PREVIEW_WIDTH / page.get_width()
            image = page.render(scale=scale).to_pil()
            out = io.BytesIO()
            image.save(out, format="PNG", optimize=True)
            shown[name] = {"pages": len(pdf), "png": base64.b64encode(out.getvalue()).decode("ascii")}
        finally:
            pdf.close()
    return shown


def zip_bytes(files: dict[str, bytes]) -> bytes:
    """The kit's files in a zip, in the order they were made, with fixed dates."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return out.getvalue()


def kit_key(options: dict, uploads: dict[str, Upload]) -> str:
    """Same options and same files → same kit (the kit is deterministic), so the same key."""
    digest = hashlib.sha256(json.dumps(options, sort_keys=True).encode())
    for kind in sorted(uploads):
        digest.update(f"\0{kind}\0{uploads[kind].name}\0{len(uploads[kind].data)}\0".encode())
        digest.update(uploads[kind].data)
    return digest.hexdigest()


class KitCache:
    """The last few kits made, bounded in count and bytes (a class asking for the same kit gets it at once)."""

    def __init__(self, *, entries: int = 12, max_bytes: int = 80_000_000) -> None:
        self.entries, self.max_bytes = entries, max_bytes
        self._items: OrderedDict[str, dict] = OrderedDict()

    def get(self, key: str) -> dict | None:
        item = self._items.get(key)
        if item is not None:
            self._items.move_to_end(key)
        return item

    def put(self, key: str, item: dict) -> None:
        self._items[key] = item
        self._items.move_to_end(key)
        while len(self._items) > self.entries or (len(self._items) > 1 and self.size() > self.max_bytes):
            self._items.popitem(last=False)

    def size(self) -> int:
        total = 0
        for item in self._items.values():
            total += sum(len(d) for d in item["files"].values()) + len(item["zip"])
            total += sum(len(p["png"]) for p in (item.get("previews") or {}).values())
        return total

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"KitCache({len(self)} kits, {self.size()} bytes)"


def warm_up() -> None:
    """In a new worker: load fonts, emoji art and page code by making (and dropping) the default kit."""
    kit_files(KitOptions())
