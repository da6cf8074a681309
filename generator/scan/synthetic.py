"""Filled-in collection sheets made by program, for the bench and the tests:
the real collect.pdf rendered, bank digits drawn into its boxes, ticks
marked with a pen stroke, then the scanner's or the phone's faults
(turn, perspective, blur, uneven light, noise, JPEG).

Everything is drawn with a seeded numpy generator: same seed, same page.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import layout as L


@dataclass(frozen=True, eq=False)
class FilledBox:
    box: int
    label: int | None  # the digit drawn (None: box left empty)
    ticked: tuple[str, ...]
    drawing: object | None  # the drawing alone on white, at the page's resolution (Pillow "L")


@dataclass(frozen=True, eq=False)
class FilledPage:
    image: object  # Pillow "L"
    boxes: tuple[FilledBox, ...]

    def __repr__(self) -> str:
        return f"FilledPage({self.image.size}, {sum(b.label is not None for b in self.boxes)} drawn)"


def render_page(pdf: bytes, index: int, dpi: float):
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        return document[index].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    finally:
        document.close()


def fill_page(page, *, paper_mm: tuple[float, float], origin_mm: tuple[float, float], sheet: L.SheetLayout,
              digits: list[tuple[np.ndarray, int] | None], rng: np.random.Generator, ticks: dict[int, tuple[str, ...]] | None = None,
              inset: float = 2.0) -> FilledPage:  # fmt: skip
    """Draw `digits` (a 28 × 28 bank image and its label, or None for an empty box) into the boxes of `page`."""
    from PIL import Image, ImageDraw

    image = page.copy()
    scale = image.size[0] / paper_mm[0]  # pixels per mm

    def px(x: float, y: float) -> tuple[float, float]:
        return (origin_mm[0] + x) * scale, (paper_mm[1] - origin_mm[1] - y) * scale

    pen = ImageDraw.Draw(image)
    filled = []
    for place, chosen in zip(sheet.boxes(), digits):
        if chosen is None:
            filled.append(FilledBox(place.box, None, (), None))
            continue
        picture, label = chosen
        x0, y0, x1, y1 = place.draw
        height_mm = (y1 - y0 - 4.0) * rng.uniform(0.7, 0.95)
        side = max(8, round(height_mm * scale))
        digit = Image.fromarray(picture.astype(np.uint8), "L").resize((side, side), Image.Resampling.BICUBIC)
        room_x = (x1 - x0 - 5.0) * scale - side
        room_y = (y1 - y0 - 5.0) * scale - side
        left, top = px(x0 + 2.5, y1 - 2.5)
        left += rng.uniform(0, max(room_x, 0))
        top += rng.uniform(0, max(room_y, 0))
        darkness = rng.uniform(0.75, 1.0)
        ink = np.asarray(digit, dtype=np.float32) / 255.0 * darkness
        box = (round(left), round(top))
        region = np.asarray(image.crop((box[0], box[1], box[0] + side, box[1] + side)), dtype=np.float32)
        image.paste(Image.fromarray(np.round(region * (1 - ink)).astype(np.uint8), "L"), box)
        # The same drawing alone, framed as the reader frames it (the drawing area less its inset).
        ax, ay = px(x0 + inset, y1 - inset)
        bx, by = px(x1 - inset, y0 + inset)
        drawing = Image.new("L", (round(bx - ax), round(by - ay)), 255)
        drawing.paste(Image.fromarray(np.round(255 * (1 - ink)).astype(np.uint8), "L"), (round(box[0] - ax), round(box[1] - ay)))
        marked = ticks.get(place.box, (str(label),)) if ticks else (str(label),)
        for key in marked:
            tx0, ty0, tx1, ty1 = place.ticks[key]
            a, b = px(tx0 + 1.0, ty1 - 1.0), px(tx1 - 1.0, ty0 + 1.0)
            width = max(1, round(0.6 * scale))
            pen.line([a, b], fill=30, width=width)
            pen.line([(a[0], b[1]), (b[0], a[1])], fill=30, width=width)
        filled.append(FilledBox(place.box, label, tuple(marked), drawing))
    return FilledPage(image, tuple(filled))


def degrade(image, rng: np.random.Generator, *, turn: float = 5.0, perspective: float = 0.10, blur: float = 1.0,
            light: float = 0.35, noise: float = 8.0):  # fmt: skip
    """What a scanner or a phone does to a page: each fault drawn at random up to the given strength."""
    from PIL import Image, ImageFilter

    width, height = image.size
    image = image.rotate(float(rng.uniform(-turn, turn)), resample=Image.Resampling.BILINEAR, expand=True, fillcolor=235)
    w, h = image.size
    if perspective > 0:
        # Each corner of the page pulled inwards by up to `perspective` of the side: a phone held at an angle.
        shift = rng.uniform(0, perspective, size=(4, 2)) * np.array([w, h]) / 2
        corners = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=float) - shift * np.array([[1, 1], [-1, 1], [-1, -1], [1, -1]])
        source = corners
        target = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=float)
        from .markers import homography

        m = homography(target, source)
        image = image.transform((w, h), Image.Transform.PERSPECTIVE, tuple((m / m[2, 2]).reshape(-1)[:8]),
                                Image.Resampling.BILINEAR, fillcolor=235)  # fmt: skip
    if blur > 0:
        image = image.filter(ImageFilter.GaussianBlur(float(rng.uniform(0.3, blur)) * width / 1240))
    grey = np.asarray(image, dtype=np.float32)
    if light > 0:
        ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
        angle = rng.uniform(0, 2 * np.pi)
        ramp = (np.cos(angle) * xs / w + np.sin(angle) * ys / h)
        ramp = (ramp - ramp.min()) / max(float(np.ptp(ramp)), 1e-6)
        grey = grey * (1 - light * ramp)
    if noise > 0:
        grey = grey + rng.normal(0, noise, size=grey.shape).astype(np.float32)
    return Image.fromarray(np.clip(np.round(grey), 0, 255).astype(np.uint8), "L")


def jpeg(image, quality: int = 60) -> bytes:
    import io

    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()
