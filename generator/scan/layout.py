"""Where things sit on a collection sheet, in mm, in the markers' frame.

The frame is the rectangle the four corner markers span (their outer edges),
origin at its bottom-left corner, y up like PDF. It is the same on A4 and
Letter (it fits both), so a scan is read without knowing the paper: only the
frame's place on the page differs. Top-left marker solid, the other three
with a white hole, so a page scanned upside down or sideways is turned back.
A row of small squares at the bottom (the page code) says the printed page
number, whether an "other" tick is there and how many digit ticks there are,
with a 4-bit check.
"""

from __future__ import annotations

from dataclasses import dataclass

FRAME_W, FRAME_H = 186.0, 244.0
MARKER = 9.0  # side of a corner marker
MARKER_HOLE = 4.6  # side of the white hole in three of them
COLS, ROWS = 2, 4
PER_PAGE = COLS * ROWS
GUTTER = 4.0
BOXES_TOP = FRAME_H - 21.0  # under the title and the instructions
BOXES_BOTTOM = 12.0  # over the page code
NAME_H = 8.0
PAD = 3.0
TICKS_W = 27.0
TICK = 6.5  # side of a tick box
CODE_CELL = 4.0
CODE_X = 16.0
CODE_Y = 2.5
PAGE_BITS, DIGIT_BITS, CHECK_BITS = 10, 4, 4
MAX_PAGE = 2**PAGE_BITS - 1
CODE_BITS = PAGE_BITS + 1 + DIGIT_BITS + CHECK_BITS
CODE_CELLS = CODE_BITS + 2  # a black cell at each end

Rect = tuple[float, float, float, float]  # x0, y0, x1, y1 in mm, y up


@dataclass(frozen=True)
class BoxPlace:
    """One box of a collection sheet: where the name goes, the drawing, each tick box."""

    box: int  # 1-based, left to right then top to bottom
    card: Rect
    name: Rect
    draw: Rect
    ticks: dict[str, Rect]  # "0", "3", ..., and "other" when there is one

    def __repr__(self) -> str:
        return f"BoxPlace({self.box}: draw {self.draw}, ticks {list(self.ticks)})"


@dataclass(frozen=True)
class SheetLayout:
    """Every box of one sheet, for the activity's digits (and an "other" tick when asked)."""

    digits: tuple[int, ...]
    other: bool

    @property
    def tick_keys(self) -> tuple[str, ...]:
        return tuple(str(d) for d in self.digits) + (("other",) if self.other else ())

    def boxes(self) -> list[BoxPlace]:
        card_w = (FRAME_W - (COLS - 1) * GUTTER) / COLS
        card_h = (BOXES_TOP - BOXES_BOTTOM - (ROWS - 1) * GUTTER) / ROWS
        places = []
        for row in range(ROWS):
            for col in range(COLS):
                x0 = col * (card_w + GUTTER)
                y1 = BOXES_TOP - row * (card_h + GUTTER)
                y0 = y1 - card_h
                name = (x0 + PAD, y1 - NAME_H, x0 + card_w - PAD, y1 - 1.0)
                draw = (x0 + PAD, y0 + PAD, x0 + card_w - TICKS_W - PAD, y1 - NAME_H - 1.5)
                places.append(BoxPlace(len(places) + 1, (x0, y0, x0 + card_w, y1), name, draw,
                                       self._ticks(draw[2] + 4.0, draw[1], draw[3])))  # fmt: skip
        return places

    def _ticks(self, x: float, bottom: float, top: float) -> dict[str, Rect]:
        keys = self.tick_keys
        step = (top - bottom) / len(keys)
        side = min(TICK, step - 1.5)
        ticks = {}
        for i, key in enumerate(keys):
            cy = top - (i + 0.5) * step
            ticks[key] = (x, cy - side / 2, x + side, cy + side / 2)
        return ticks

    def __repr__(self) -> str:
        return f"SheetLayout({PER_PAGE} boxes, ticks {', '.join(self.tick_keys)})"


def markers() -> dict[str, Rect]:
    """The four corner markers (top-left is the solid one)."""
    m = MARKER
    return {
        "top_left": (0.0, FRAME_H - m, m, FRAME_H),
        "top_right": (FRAME_W - m, FRAME_H - m, FRAME_W, FRAME_H),
        "bottom_right": (FRAME_W - m, 0.0, FRAME_W, m),
        "bottom_left": (0.0, 0.0, m, m),
    }


MARKER_ORDER = ("top_left", "top_right", "bottom_right", "bottom_left")  # clockwise on the upright page


def marker_centres() -> list[tuple[float, float]]:
    rects = markers()
    return [((r[0] + r[2]) / 2, (r[1] + r[3]) / 2) for r in (rects[k] for k in MARKER_ORDER)]


def code_cells() -> list[Rect]:
    return [(CODE_X + i * CODE_CELL * 1.25, CODE_Y, CODE_X + i * CODE_CELL * 1.25 + CODE_CELL, CODE_Y + CODE_CELL)
            for i in range(CODE_CELLS)]  # fmt: skip


def _check(bits: list[int]) -> list[int]:
    """CRC-4 (x⁴ + x + 1) of the payload bits: a misread cell or a wrong turn of the page shows."""
    register = 0
    for bit in bits:
        top = (register >> 3) & 1
        register = ((register << 1) & 0xF) ^ (0x3 if top ^ bit else 0)
    return [(register >> i) & 1 for i in range(CHECK_BITS - 1, -1, -1)]


def encode_code(page: int, *, other: bool, digits: int) -> list[int]:
    """The page code's cells (1 = black), ends included."""
    if not 1 <= page <= MAX_PAGE or not 1 <= digits < 2**DIGIT_BITS:
        raise ValueError(f"page {page} or {digits} digits out of the code's range")
    payload = [(page >> i) & 1 for i in range(PAGE_BITS - 1, -1, -1)] + [int(other)]
    payload += [(digits >> i) & 1 for i in range(DIGIT_BITS - 1, -1, -1)]
    return [1, *payload, *_check(payload), 1]


@dataclass(frozen=True)
class PageCode:
    page: int
    other: bool
    digits: int


def decode_code(cells: list[int]) -> PageCode | None:
    """The page code read back, or None when its check fails."""
    if len(cells) != CODE_CELLS or cells[0] != 1 or cells[-1] != 1:
        return None
    payload, check = cells[1 : 1 + PAGE_BITS + 1 + DIGIT_BITS], cells[1 + PAGE_BITS + 1 + DIGIT_BITS : -1]
    if _check(payload) != check:
        return None
    page = int("".join(map(str, payload[:PAGE_BITS])), 2)
    digits = int("".join(map(str, payload[PAGE_BITS + 1 :])), 2)
    if page < 1 or digits < 1:
        return None
    return PageCode(page, bool(payload[PAGE_BITS]), digits)


def frame_origin(paper_size: tuple[float, float], content_y: float, content_h: float) -> tuple[float, float]:
    """Where the frame's bottom-left corner sits on a page (mm): centred across, centred in the content's height."""
    return (paper_size[0] - FRAME_W) / 2, content_y + (content_h - FRAME_H) / 2


def pupil_of(page: int, box: int, per_pupil: int) -> int:
    """0-based pupil whose box this is when each pupil has `per_pupil` boxes in a row, pages in order."""
    return ((page - 1) * PER_PAGE + (box - 1)) // per_pupil


def pages_for(pupils: int, per_pupil: int) -> int:
    return max(1, -(-pupils * per_pupil // PER_PAGE))
