"""The collection sheet: boxes pupils draw one digit in each, a tick box per
digit under their hand, four corner markers and a page code for the scanner.

Where everything goes comes from scan/layout.py, which the scan reader uses
too; this module only draws it, and says in collect.json where it drew it
(PDF points from the page's bottom-left corner).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Sequence

from reportlab.lib.colors import Color, black, white
from reportlab.lib.units import mm

from ..activity import Activity
from ..render.page import Box, PageGeometry, Pen, document_pdf
from ..scan import layout as L
from ..words import words_for

BRACKET = 6.0  # arm of the corner brackets around a drawing area
BRACKET_GREY = Color(0.45, 0.45, 0.45)


@dataclass(frozen=True)
class CollectPlan:
    """What each printed page carries: its number and the name (or None) over each box."""

    sheet: L.SheetLayout
    names: tuple[tuple[str | None, ...], ...]  # per page, per box

    @property
    def pages(self) -> int:
        return len(self.names)

    def __repr__(self) -> str:
        named = sum(n is not None for page in self.names for n in page)
        return f"CollectPlan({self.pages} page(s), {named} named boxes, {self.sheet})"


def plan_collect(activity: Activity, *, pages: int, names: Sequence[str] | None = None, other: bool = False) -> CollectPlan:
    """`pages` pages of boxes; with names, each pupil's boxes in a row (one per digit of the activity)."""
    sheet = L.SheetLayout(activity.digits, other)
    per_pupil = len(activity.digits)
    table = []
    for page in range(1, pages + 1):
        row = []
        for box in range(1, L.PER_PAGE + 1):
            pupil = L.pupil_of(page, box, per_pupil)
            row.append(names[pupil] if names is not None and pupil < len(names) else None)
        table.append(tuple(row))
    return CollectPlan(sheet, tuple(table))


def frame_origin(geometry: PageGeometry) -> tuple[float, float]:
    content = geometry.content
    return L.frame_origin((geometry.width, geometry.height), content.y, content.h)


def _box(origin: tuple[float, float], rect: L.Rect) -> Box:
    x0, y0, x1, y1 = rect
    return Box(origin[0] + x0, origin[1] + y0, x1 - x0, y1 - y0)


def draw_collect_page(pen: Pen, content: Box, *, activity: Activity, plan: CollectPlan, page: int) -> None:
    words = words_for(pen.lang).labels["collect"]
    say = words_for(pen.lang).printables
    origin = frame_origin(pen.geometry)
    for key, rect in L.markers().items():
        marker = _box(origin, rect)
        pen.rect(marker, fill=black, stroke=None)
        if key != "top_left":
            hole = (L.MARKER - L.MARKER_HOLE) / 2
            pen.rect(marker.inset(hole), fill=white, stroke=None)
    ox, oy = origin
    left = ox + L.MARKER + 4
    pen.text(left, oy + L.FRAME_H - 7.0, words["title"], 17, bold=True, max_width=L.FRAME_W - 2 * L.MARKER - 8)
    digits = [str(d) for d in activity.digits]
    pen.lines_in(Box(left, oy + L.FRAME_H - 19.5, L.FRAME_W - 2 * L.MARKER - 8, 10.5),
                 say.collect_instruction(digits=digits), 10.5, align="left", max_lines=2)  # fmt: skip
    outputs = {o.digit: o for o in activity.outputs}
    names = plan.names[page - 1]
    for place, name in zip(plan.sheet.boxes(), names):
        _draw_box(pen, origin, place, name, words, outputs)
    code = L.encode_code(page, other=plan.sheet.other, digits=len(activity.digits))
    for bit, rect in zip(code, L.code_cells()):
        if bit:
            pen.rect(_box(origin, rect), fill=black, stroke=None)
    last = L.code_cells()[-1]
    pen.text(ox + last[2] + 4, oy + L.CODE_Y + 0.8, words["code_hint"], 7.5, color=pen.palette.rule,
             max_width=L.FRAME_W - last[2] - L.MARKER - 8)  # fmt: skip


def _draw_box(pen: Pen, origin, place: L.BoxPlace, name: str | None, words: dict, outputs: dict) -> None:
    card = _box(origin, place.card)
    pen.rect(card, stroke=pen.palette.rule, width=0.3, radius=2.0)
    strip = _box(origin, place.name)
    baseline = strip.y + 2.0
    if name is None:
        pen.text(strip.x, baseline, words["name"], 11)
        label_w = pen.width(words["name"], 11)
        pen.line(strip.x + label_w + 2, baseline - 0.6, strip.right - 8, baseline - 0.6, width=0.25, color=pen.palette.rule)
    else:
        pen.text(strip.x, baseline, name, 13, bold=True, max_width=strip.w - 9)
    pen.text(strip.right, baseline, str(place.box), 8, align="right", color=pen.palette.rule)
    # Corner brackets, not a closed frame: a stroke running over the edge
    # joins no printed line, so the digit is read alone.
    draw = _box(origin, place.draw)
    arm = min(BRACKET, draw.w / 4, draw.h / 4)
    for x, dx in ((draw.x, arm), (draw.right, -arm)):
        for y, dy in ((draw.y, arm), (draw.top, -arm)):
            pen.line(x, y, x + dx, y, width=0.5, color=BRACKET_GREY)
            pen.line(x, y, x, y + dy, width=0.5, color=BRACKET_GREY)
    for key, rect in place.ticks.items():
        tick = _box(origin, rect)
        pen.rect(tick, fill=white, stroke=black, width=0.4, radius=0.6)
        text_x = tick.right + 2.0
        if key == "other":
            pen.text(text_x, tick.cy - 1.3, words["other"], 10.5, bold=True, max_width=card.right - text_x - 1.5)
            continue
        pen.text(text_x, tick.cy - 2.0, key, 17, bold=True)
        neuron = outputs.get(int(key))
        if neuron is not None:
            chip = Box(text_x + pen.width(key, 17, bold=True) + 2.5, tick.cy - 2.0, 4.0, 4.0)
            pen.swatch(chip, neuron.color, neuron.pattern)


def collect_pages(activity: Activity, plan: CollectPlan) -> list:
    return [partial(draw_collect_page, activity=activity, plan=plan, page=p) for p in range(1, plan.pages + 1)]


def collect_pdf(activity: Activity, plan: CollectPlan, *, lang: str, paper: str, color: bool) -> bytes:
    return document_pdf(collect_pages(activity, plan), "collect", activity=activity.name, lang=lang, paper=paper,
                        color=color)  # fmt: skip


def _points(origin: tuple[float, float], rect: L.Rect) -> list[float]:
    x0, y0, x1, y1 = rect
    return [round((origin[0] + x0) * mm, 2), round((origin[1] + y0) * mm, 2),
            round((origin[0] + x1) * mm, 2), round((origin[1] + y1) * mm, 2)]  # fmt: skip


def collect_json(plan: CollectPlan, *, paper: str) -> dict:
    """Every page's boxes: drawing and tick rectangles in PDF points from the bottom-left corner."""
    geometry = PageGeometry.of(paper)
    origin = frame_origin(geometry)
    width, height = geometry.size_pt
    markers = {key: _points(origin, rect) for key, rect in L.markers().items()}
    pages = []
    for number, names in enumerate(plan.names, start=1):
        boxes = []
        for place, name in zip(plan.sheet.boxes(), names):
            entry = {"box": place.box, "draw": _points(origin, place.draw),
                     "ticks": {key: _points(origin, rect) for key, rect in place.ticks.items()}}  # fmt: skip
            if name is not None:
                entry["name"] = name
            boxes.append(entry)
        pages.append({"page": number, "size": [round(width, 2), round(height, 2)], "markers": markers, "boxes": boxes})
    return {"paper": paper, "pages": pages}
