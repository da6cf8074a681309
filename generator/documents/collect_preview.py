"""What `digit --sheet` read, page by page, for the teacher to check: each
drawn box as it was cut from the scan, the digit on the emoji grid, the
counts, the digit ticked, and anything to check, highlighted.

The readings come from scan/read.py; this module lays them out.
"""

from __future__ import annotations

from functools import partial
from typing import Sequence

from reportlab.lib.colors import Color, black
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader

from ..activity import Activity
from ..render.page import Box, Pen, document_pdf
from .sheets import draw_emoji_grid
from ..words import words_for

FLAG_FILL = Color(1.0, 0.88, 0.55)
ROWS = 8


def _image(pen: Pen, picture, box: Box) -> None:
    """A picture fitted in `box` (kept in proportion), framed."""
    width, height = picture.size
    scale = min(box.w / width, box.h / height)
    w, h = width * scale, height * scale
    x, y = box.cx - w / 2, box.cy - h / 2
    pen.canvas.drawImage(ImageReader(picture), x * mm, y * mm, w * mm, h * mm)
    pen.rect(Box(x, y, w, h), stroke=pen.palette.rule, width=0.25)


def draw_preview_page(pen: Pen, content: Box, *, activity: Activity, page, readings: Sequence) -> None:
    words = words_for(pen.lang).labels["collect_preview"]
    flag_words = words_for(pen.lang).labels["collect_flags"]
    say = words_for(pen.lang).printables
    drawn = [r for r in readings if not r.empty]
    pen.text(content.x, content.top - 7, say.preview_title(page=page.number, source=f"{page.source} p{page.index}",
                                                         boxes=len(drawn)), 15, bold=True, max_width=content.w)  # fmt: skip
    empty = [str(r.box) for r in readings if r.empty]
    if empty:
        pen.text(content.x, content.top - 13, say.preview_empty(boxes=empty), 10, color=pen.palette.rule)
    if not drawn:
        pen.text(content.x, content.top - 25, words["nothing"], 12)
        return
    top = content.top - 17
    row_h = min(31.0, (top - content.y) / ROWS)
    picture_w, grid_w = 48.0, row_h - 2
    for i, reading in enumerate(drawn):
        y = top - (i + 1) * row_h
        row = Box(content.x, y, content.w, row_h)
        if reading.flags:
            pen.rect(row.inset(0, 0.6), fill=pen.palette(FLAG_FILL) if pen.palette.color else pen.palette.faint,
                     stroke=None)  # fmt: skip
        pen.line(row.x, row.y, row.right, row.y, width=0.2, color=pen.palette.rule)
        _image(pen, reading.drawing, Box(row.x + 1, row.y + 1, picture_w, row_h - 2))
        draw_emoji_grid(pen, activity, Box(row.x + picture_w + 4, row.y + 1, grid_w, grid_w), reading.exercise.ink)
        x = row.x + picture_w + grid_w + 8
        text_w = row.right - x
        baseline = row.top - 5.5
        pen.text(x, baseline, say.preview_box(box=reading.box, name=reading.name or ""), 11, bold=True,
                 max_width=text_w * 0.55)  # fmt: skip
        _image(pen, reading.name_image, Box(x + text_w * 0.58, baseline - 1.5, text_w * 0.42, 6.0))
        if reading.label is not None:
            label = str(reading.label)
        else:
            label = words_for(pen.lang).labels["collect"]["other"] if reading.ticked == ["other"] else words["no_label"]
        pen.text(x, baseline - 7, f"{words['label']} {label}", 12, bold=True)
        slot = min(16.0, text_w / len(activity.emoji))
        for k, (e, count) in enumerate(zip(activity.emoji, reading.exercise.counts)):
            ex = x + k * slot
            pen.emoji(e.char, ex, baseline - 15, 4.2, svg=e.svg)
            pen.text(ex + 5.0, baseline - 13.9, str(count), 11, bold=True)
        if reading.flags:
            other = words_for(pen.lang).labels["collect"]["other"]
            ticked = ", ".join(other if key == "other" else key for key in reading.ticked)
            said = [flag_words[f] + (f" ({ticked})" if f == "two_ticks" else "") for f in reading.flags]
            text = f"{words['flags']} " + " · ".join(said)
            pen.text(x, baseline - 21, text, 10, bold=True, color=black, max_width=text_w)


def preview_pdf(activity: Activity, pages: Sequence, readings: Sequence[Sequence], *, lang: str, paper: str,
                color: bool) -> bytes:  # fmt: skip
    callbacks = [partial(draw_preview_page, activity=activity, page=page, readings=rs) for page, rs in zip(pages, readings)]
    return document_pdf(callbacks, "collect_preview", activity=activity.name, lang=lang, paper=paper, color=color)
