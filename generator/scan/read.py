"""Reading the boxes of a located sheet: which tick is marked, whether a
drawing is there, and the drawing itself through the `--image` importer.

Each box is cut out straightened (warp.py), a little inside its printed
corner brackets, so no printed line reaches the drawing. Ink is measured
against the paper around it, so shadows and uneven light do not count.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..activity import Activity
from ..digits import exercise_from_ink, ink_from_grey, ink_grid
from ..errors import UserError
from . import layout as L
from .markers import Located
from .warp import warp

DRAW_INSET = 2.0  # mm inside the drawing area's brackets
DRAW_SIDE = 256  # pixels along the drawing's long side, as the --image importer works
TICK_INSET = 1.3  # mm inside a tick box's printed edge
INK = 0.35  # a pixel this much darker than the paper (share of it) is ink
EMPTY_SHARE = 0.004  # a drawing area with less ink than this share is empty
TICK_SHARE = 0.06  # a tick box with at least this share of ink is ticked
EDGE = 3  # pixels: ink this near the cut's edge may run out of the frame


@dataclass(eq=False)
class BoxReading:
    """One box of a scanned page: what was read, and the pictures the preview shows."""

    page: int
    box: int
    name: str | None
    label: int | None
    flags: list[str]
    exercise: object | None  # None for an empty box
    drawing: object  # Pillow image of the drawing area as cut (None for an empty box)
    name_image: object  # Pillow image of the name strip (None for an empty box)
    ticks: dict[str, float] = field(default_factory=dict)  # ink share in each tick box

    @property
    def ticked(self) -> list[str]:
        return [key for key, share in self.ticks.items() if share >= TICK_SHARE]

    @property
    def empty(self) -> bool:
        return self.exercise is None

    def __repr__(self) -> str:
        what = "empty" if self.empty else f"label {self.label}, counts {list(self.exercise.counts)}"
        return f"BoxReading(page {self.page} box {self.box}: {what}{', ' + ', '.join(self.flags) if self.flags else ''})"


def ink_share(grey: np.ndarray, paper: float) -> np.ndarray:
    """Per pixel: 1 where darker than the paper by INK of it (grey 0..1)."""
    return (grey < (1 - INK) * paper).astype(np.float32)


def _smoothed(image) -> np.ndarray:
    from PIL import ImageFilter

    return np.asarray(image.filter(ImageFilter.BoxBlur(1)), dtype=np.float32) / 255.0


def read_ticks(image, located: Located, place: L.BoxPlace) -> dict[str, float]:
    shares = {}
    for key, (x0, y0, x1, y1) in place.ticks.items():
        around = _smoothed(warp(image, located.homography, (x0 - 1.5, y0 - 1.5, x1 + 1.5, y1 + 1.5), 8.0))
        paper = max(float(np.percentile(around, 90)), 0.05)
        inner = _smoothed(warp(image, located.homography, (x0 + TICK_INSET, y0 + TICK_INSET, x1 - TICK_INSET, y1 - TICK_INSET), 8.0))
        shares[key] = float(ink_share(inner, paper).mean())
    return shares


def label_of(shares: dict[str, float], activity: Activity) -> tuple[int | None, list[str]]:
    marked = [key for key, share in shares.items() if share >= TICK_SHARE]
    if not marked:
        return None, ["no_tick"]
    if len(marked) > 1:
        return None, ["two_ticks"]
    if marked[0] == "other":  # a digit the network does not know: no label, nothing to check
        return None, []
    return int(marked[0]), []


def _cut_drawing(image, located: Located, rect: L.Rect):
    """The drawing area straightened at the scan's own resolution, then shrunk as `--image` shrinks a photo."""
    from PIL import Image

    x0, y0, x1, y1 = rect
    corners = [located.to_pixels(x, y) for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1))]
    across = max(np.hypot(corners[1][0] - corners[0][0], corners[1][1] - corners[0][1]),
                 np.hypot(corners[2][0] - corners[3][0], corners[2][1] - corners[3][1]))  # fmt: skip
    width_mm, height_mm = x1 - x0, y1 - y0
    native = warp(image, located.homography, rect, max(across / width_mm, 1.0))
    scale = DRAW_SIDE / max(native.size)
    if scale >= 1:
        return native
    size = (max(1, round(native.size[0] * scale)), max(1, round(native.size[1] * scale)))
    return native.resize(size, Image.Resampling.BOX)


def read_box(image, located: Located, place: L.BoxPlace, activity: Activity, *, page: int,
             name: str | None) -> BoxReading:  # fmt: skip
    h = located.homography
    x0, y0, x1, y1 = place.draw
    rect = (x0 + DRAW_INSET, y0 + DRAW_INSET, x1 - DRAW_INSET, y1 - DRAW_INSET)
    drawing = _cut_drawing(image, located, rect)
    name_image = warp(image, h, place.name, 6.0)
    grey = _smoothed(drawing)
    paper = max(float(np.percentile(grey, 95)), 0.05)
    inked = ink_share(grey, paper)
    reading = BoxReading(page, place.box, name, None, [], None, drawing, name_image)
    if inked.mean() < EMPTY_SHARE:
        return reading
    try:
        ink = ink_from_grey(np.asarray(drawing, dtype=np.float32) / 255.0, name=f"p{page}-b{place.box}")
    except UserError:  # too faint to be a drawing
        return reading
    grid = ink_grid(ink, activity.grid.rows, activity.grid.cols)
    if grid is None:
        return reading
    reading.ticks = read_ticks(image, located, place)
    reading.label, reading.flags = label_of(reading.ticks, activity)
    if inked[:EDGE].any() or inked[-EDGE:].any() or inked[:, :EDGE].any() or inked[:, -EDGE:].any():
        reading.flags.append("touches_edge")
    reading.exercise = exercise_from_ink(grid, activity, id=f"p{page}-b{place.box}", label=reading.label)
    return reading


def read_page(image, located: Located, activity: Activity, *, page: int, names=None) -> list[BoxReading]:
    """Every box of one page; `names` (a roster) are matched through the page's printed number."""
    sheet = L.SheetLayout(activity.digits, bool(located.code and located.code.other))
    per_pupil = len(activity.digits)
    readings = []
    for place in sheet.boxes():
        name = None
        if names is not None and located.code is not None:
            pupil = L.pupil_of(located.code.page, place.box, per_pupil)
            name = names[pupil] if pupil < len(names) else None
        reading = read_box(image, located, place, activity, page=page, name=name)
        if reading.empty:  # the preview shows drawn boxes only: let a long scan's pictures go
            reading.drawing = reading.name_image = None
        elif located.code is None:
            reading.flags.append("page_unknown")
        readings.append(reading)
    return readings
