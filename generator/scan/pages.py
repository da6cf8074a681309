"""Scanned pages as greyscale pictures: every page of a scanner's PDF
(rendered with pypdfium2), or one photo per image file.

Pages come out at about 150 dpi for an A4 or Letter page (a long side of
PAGE_SIDE pixels): enough for a drawing 58 mm wide to keep 300 pixels, and
quick to render. Photos larger than that are shrunk first.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from ..errors import UserError
from ..inputs import read_user_file

PAGE_SIDE = 1760  # pixels along a page's long side (≈ 150 dpi on A4)
PHOTO_SIDE = 2400  # photos keep more: the sheet may fill only part of them
MAX_SCAN_BYTES = 500_000_000
MAX_PAGES = 500
MAX_PIXELS = 80_000_000
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp", ".gif")
IMAGE_FORMATS = ("PNG", "JPEG", "GIF", "BMP", "TIFF", "WEBP", "PPM")


@dataclass(frozen=True, eq=False)
class ScanPage:
    """One page of the scan: where it came from and its picture (Pillow, mode "L")."""

    number: int  # 1-based, over every file given, in order
    source: str  # file name
    index: int  # 1-based page within its file
    image: object  # None once the page has been read

    def __repr__(self) -> str:
        size = f", {self.image.size[0]}×{self.image.size[1]} px" if self.image is not None else ""
        return f"ScanPage({self.number}: {self.source} p{self.index}{size})"


def scan_files(paths: list[Path]) -> list[Path]:
    """The files to read: each path given, a folder standing for its PDFs and pictures in name order."""
    files = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            inside = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in (".pdf", *IMAGE_SUFFIXES))
            if not inside:
                raise UserError("sheet.no_files", file=path)
            files += inside
        else:
            files.append(path)
    return files


def iter_pages(paths: list[Path]):
    """Each page of the scan in turn (a 500-page scan is never held in memory at once)."""
    number = 0
    for path in scan_files(paths):
        raw = read_user_file(path, limit=MAX_SCAN_BYTES, too_big="image.file_too_big")
        images = _pdf_pages(raw, path) if raw[:1024].lstrip().startswith(b"%PDF") else iter([_photo(raw, path)])
        for index, image in enumerate(images, start=1):
            number += 1
            if number > MAX_PAGES:
                raise UserError("sheet.too_many_pages", file=path.name, limit=MAX_PAGES)
            yield ScanPage(number, path.name, index, image)


def load_pages(paths: list[Path]) -> list[ScanPage]:
    return list(iter_pages(paths))


def _pdf_pages(raw: bytes, path: Path):
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(raw)
    except pypdfium2.PdfiumError:
        raise UserError("sheet.unreadable_pdf", file=path.name) from None
    try:
        if len(document) > MAX_PAGES:
            raise UserError("sheet.too_many_pages", file=path.name, limit=MAX_PAGES)
        if len(document) == 0:
            raise UserError("sheet.unreadable_pdf", file=path.name)
        for index in range(len(document)):
            page = document[index]
            width, height = page.get_size()
            scale = PAGE_SIDE / max(width, height, 1.0)
            try:
                bitmap = page.render(scale=scale, grayscale=True)
                image = bitmap.to_pil().convert("L")
            except pypdfium2.PdfiumError:
                raise UserError("sheet.unreadable_pdf", file=path.name) from None
            finally:
                page.close()
            yield image
    finally:
        document.close()


def _photo(raw: bytes, path: Path):
    from PIL import Image, ImageOps

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(raw), formats=IMAGE_FORMATS)
    except Image.DecompressionBombError:
        raise UserError("image.too_large", file=path.name, limit=MAX_PIXELS // 1_000_000) from None
    except Exception:  # Pillow raises many kinds on files that are not pictures
        raise UserError("sheet.unreadable", file=path.name) from None
    if image.size[0] * image.size[1] > MAX_PIXELS:
        raise UserError("image.too_large", file=path.name, limit=MAX_PIXELS // 1_000_000)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            image.draft("L", (PHOTO_SIDE, PHOTO_SIDE))  # JPEG: decode at a reduced size, much faster
            image.load()
            image = ImageOps.exif_transpose(image) or image
            if image.mode in ("RGBA", "LA", "PA", "P"):
                image = Image.alpha_composite(Image.new("RGBA", image.size, "white"), image.convert("RGBA"))
            image = image.convert("L")
    except Exception:  # truncated or damaged data surfaces only when decoding
        raise UserError("image.corrupt", file=path.name) from None
    scale = PHOTO_SIDE / max(image.size)
    if scale < 1:
        image = image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))),
                             Image.Resampling.BOX)  # fmt: skip
    return image
