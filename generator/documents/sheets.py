"""Emoji calculation sheets: one page per exercise.

The digit drawn on the activity's emoji grid (inked cells shaded, emoji still
visible), a box per emoji for its count, and the hidden layer's calculations
to fill in. An exercise known only by its counts (no ink) shows its counts
where the drawn digit would go.
"""

from __future__ import annotations

from functools import cache, partial
from typing import Mapping, Sequence

from reportlab.lib.colors import Color, black, white

from ..activity import NO_EMOJI, Activity
from ..exercises import Exercise
from ..network import Trace
from ..render.formula import calculation, draw_formula
from ..render.page import Box, Pen, document_pdf
from ..render.tables import RecordRow, draw_record_table
from ..words import words_for


def draw_emoji_grid(pen: Pen, activity: Activity, box: Box, ink: Sequence[Sequence[int]] | None) -> Box:
    """The activity's grid centred in `box`, inked cells shaded; returns the grid's box."""
    grid = activity.grid
    cell = min(box.w / grid.cols, box.h / grid.rows)
    w, h = cell * grid.cols, cell * grid.rows
    frame = Box(box.cx - w / 2, box.top - h, w, h)
    emoji_size = cell * 0.72
    pad = (cell - emoji_size) / 2

    def cell_box(r: int, c: int) -> Box:
        return Box(frame.x + c * cell, frame.top - (r + 1) * cell, cell, cell)

    def rules_and_emoji() -> None:
        pen.rule_grid(frame, grid.rows, grid.cols, color=pen.palette.rule, width=0.2)
        for r, row in enumerate(grid.cells):
            for c, index in enumerate(row):
                if index != NO_EMOJI:
                    e = activity.emoji[index]
                    box_rc = cell_box(r, c)
                    pen.emoji(e.char, box_rc.x + pad, box_rc.y + pad, emoji_size, svg=e.svg)
        pen.rect(frame, stroke=black, width=0.6)

    # The shading, then the rules and emoji on top (visible on inked cells).
    # Only the shading changes from one exercise to the next: the rest is
    # one form per PDF, placed on each page.
    if ink:
        inked = [cell_box(r, c) for r, row in enumerate(ink) for c, value in enumerate(row) if value]
        pen.fill_boxes(inked, pen.palette.ink_cell)
    emoji = tuple((e.char, e.svg) for e in activity.emoji)
    pen.once(("emoji grid", frame, grid.cells, emoji), frame.inset(-1), rules_and_emoji)
    return frame


HANDWRITING_LEVELS = 6  # grey levels of a handwriting picture (a photocopier keeps about that many)


def draw_handwriting(pen: Pen, box: Box, image, *, frame: bool = True) -> Box:
    """A greyscale picture (0 paper … 255 ink, e.g. a bank digit's 28 × 28) as grey squares, centred in `box`.

    Drawn as filled squares, one fill per grey level: vector, the same bytes
    every time, and sharp on any printer.
    """
    import numpy as np

    image = np.asarray(image, dtype=float)
    rows, cols = image.shape
    cell = min(box.w / cols, box.h / rows)
    w, h = cell * cols, cell * rows
    area = Box(box.cx - w / 2, box.top - h, w, h)
    levels = np.ceil(image / 255.0 * HANDWRITING_LEVELS).astype(int)  # 0 = paper
    for level in range(1, HANDWRITING_LEVELS + 1):
        where = np.argwhere(levels == level)
        if where.size == 0:
            continue
        grey = 1.0 - level / HANDWRITING_LEVELS
        boxes = [Box(area.x + c * cell, area.top - (r + 1) * cell, cell * 1.02, cell * 1.02) for r, c in where]
        pen.fill_boxes(boxes, Color(grey, grey, grey))
    if frame:
        pen.rect(area, stroke=pen.palette.rule, width=0.3)
    return area


def handwriting_of(exercise: Exercise, pictures: Mapping[str, object] | None = None):
    """The original handwriting of an exercise (0 paper … 255 ink), or None.

    `pictures` holds what the caller has (a photo as cleaned for the grid, by
    exercise id); bank exercises are found by their bank id (mnist-train-1234).
    """
    if pictures and exercise.id in pictures:
        return pictures[exercise.id]
    index = _bank_index().get(exercise.id)
    if index is None:
        return None
    from ..bank import load_bank

    return load_bank().images[index]


@cache
def _bank_index() -> dict[str, int]:
    from ..bank import load_bank

    return {str(name): i for i, name in enumerate(load_bank().source_ids)}


def draw_count_boxes(pen: Pen, activity: Activity, box: Box, counts: Sequence[int] | None) -> None:
    """Each emoji above an empty box (or its count when the digit is not drawn)."""
    n = len(activity.emoji)
    slot = box.w / n
    picture = min(slot * 0.45, box.h * 0.42, 18)
    answer_h = min(box.h - picture - 2, 20)
    answer = Box(0, box.top - picture - 2 - answer_h, min(slot * 0.7, 24), answer_h)
    for i, e in enumerate(activity.emoji):
        cx = box.x + (i + 0.5) * slot
        pen.emoji(e.char, cx - picture / 2, box.top - picture, picture, svg=e.svg)
        cell = Box(cx - answer.w / 2, answer.y, answer.w, answer.h)
        pen.rect(cell, fill=white, width=0.5, radius=1.5)
        if counts is not None:
            pen.centred_in(cell, str(counts[i]), 22, bold=True)


def draw_sheet(
    pen: Pen, box: Box, *, activity: Activity, exercise: Exercise, trace: Trace, number: int, total: int,
    pictures: Mapping[str, object] | None = None,
) -> None:
    words = words_for(pen.lang).labels["sheets"]
    say = words_for(pen.lang).printables
    top = box.top
    pen.text(box.x, top - 8, say.sheet_title(number, total), 20, bold=True)
    pen.text(box.x, top - 15, words["count_title"], 13, bold=True)
    pen.text(box.x, top - 20.5, words["count_hint"] if exercise.ink else words["not_drawn"], 10.5)
    y = top - 24

    # What follows the grid: count boxes, the calculation table; the grid takes the rest.
    n_hidden = len(activity.hidden)
    row_h = 10.5
    table_h = 11 + n_hidden * row_h
    counts_h = 32
    grid_h = y - box.y - counts_h - table_h - 16
    if exercise.ink is not None:
        frame = draw_emoji_grid(pen, activity, Box(box.x, y - grid_h, box.w, grid_h), exercise.ink)
        picture = handwriting_of(exercise, pictures)
        if picture is not None:
            # The handwriting the grid was made from, small, beside the grid.
            side = min(30.0, frame.x - box.x - 4)
            if side > 12:
                draw_handwriting(pen, Box(frame.x - side - 3, frame.top - side, side, side), picture)
        y -= grid_h + 5
        # Under a drawn digit, the empty count boxes and the calculations are the
        # same on every sheet: one form per PDF (its bounds with room for the
        # table's last line, which ends 2 mm under `box`).
        below = Box(box.x, box.y, box.w, y - box.y)
        pen.once(("sheet's empty boxes", id(activity), below), below.inset(-5),
                 partial(_boxes_and_calculations, pen, activity, box, y, counts_h))  # fmt: skip
    else:
        # No drawing to count from: the counts stand where the digit would be.
        panel = Box(box.x + 6, y - grid_h, box.w - 12, grid_h)
        pen.rect(panel, stroke=pen.palette.rule, width=0.3, dash=(2, 2))
        high = min(42.0, panel.h - 12)
        draw_count_boxes(pen, activity, Box(panel.x + 4, panel.cy_box(high).y, panel.w - 8, high), trace.counts)
        y -= grid_h + 5
        draw_calculations(pen, activity, box, y - (counts_h + 7))


def _boxes_and_calculations(pen: Pen, activity: Activity, box: Box, y: float, counts_h: float) -> None:
    draw_count_boxes(pen, activity, Box(box.x, y - counts_h, box.w, counts_h), None)
    draw_calculations(pen, activity, box, y - (counts_h + 7))


def draw_calculations(pen: Pen, activity: Activity, box: Box, y: float) -> None:
    """The hidden layer's calculations to fill in, from `y` down, across `box`."""
    words = words_for(pen.lang).labels["sheets"]
    say = words_for(pen.lang).printables
    row_h = 10.5
    pen.text(box.x, y - 5, words["calc_title"], 13, bold=True)
    y -= 8
    label_w, result_w = 30, 30
    calc_w = box.w - label_w - 2 * result_w
    rows = [RecordRow(say.neuron_name(h.name), (None, None, None)) for h in activity.hidden]
    draw_record_table(
        pen,
        box.x,
        y,
        box.w,
        headers=(words["calculation"], words["result"], words["output"]),
        rows=rows,
        label_w=label_w,
        header_h=9,
        row_h=row_h,
        label_size=12,
        column_widths=(calc_w, result_w, result_w),
    )
    for i, neuron in enumerate(activity.hidden):
        baseline = y - 9 - (i + 1) * row_h + row_h * 0.32
        pieces = calculation(activity, neuron, pen.lang, ending=" =")
        draw_formula(pen, pieces, box.x + label_w + calc_w / 2, baseline, 16, max_width=calc_w - 4)


def sheet_pages(activity: Activity, exercises: Sequence[Exercise], traces: Sequence[Trace], *,
                pictures: Mapping[str, object] | None = None) -> list:  # fmt: skip
    total = len(exercises)
    return [
        partial(draw_sheet, activity=activity, exercise=e, trace=t, number=i, total=total, pictures=pictures)
        for i, (e, t) in enumerate(zip(exercises, traces, strict=True), start=1)
    ]


def sheets_pdf(
    activity: Activity,
    exercises: Sequence[Exercise],
    traces: Sequence[Trace],
    *,
    lang: str,
    paper: str,
    color: bool,
    label: str = "",
    pictures: Mapping[str, object] | None = None,
) -> bytes:
    """One emoji calculation sheet per exercise, as PDF bytes.

    `pictures`: the original handwriting by exercise id, when the caller has it
    (a photo's cleaned ink); bank digits show theirs without it.

    `traces` are the exercises' forward passes (same order); sheets show pupils
    no network value, only the counts of an exercise that has no drawing.
    """
    if [t.exercise_id for t in traces] != [e.id for e in exercises]:
        raise ValueError("one trace per exercise, in the same order")
    return document_pdf(sheet_pages(activity, exercises, traces, pictures=pictures), "sheets", activity=activity.name, lang=lang,
                        paper=paper, color=color, label=label)  # fmt: skip
