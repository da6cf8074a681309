"""Projector slides (16:9) stepping through one exercise like the seed deck.

The digit and its emoji counts; the hidden layer's recording table filled one
neuron a slide, each with its calculation written out; "ENVOYÉ À LA COUCHE
SUIVANTE"; the output neurons one a slide; then the verdict. Every number is
a count, result or output of the exercise's Trace, only formatted here.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from reportlab.lib.colors import Color, black, white

from ..activity import Activity
from ..exercises import Exercise
from ..network import NeuronStep, Trace
from ..numbers import format_number
from ..render.formula import (
    Input,
    calculation,
    draw_formula,
    formula_pieces,
)
from ..render.page import Box, Pen
from ..render.tables import RecordRow, draw_banner, draw_record_table
from .answers import answer_text
from .pages import SLIDE, draw_document
from .sheets import draw_emoji_grid
from ..words import words_for

TITLE_SIZE = 24
STRIP_H = 17.0
TABLE_W = 132.0
LABEL_W = 44.0


# --- pieces -------------------------------------------------------------------------


def neuron_label(pen: Pen, activity: Activity, name: str) -> str:
    neuron = activity.neuron(name)
    output = neuron in activity.outputs
    return words_for(pen.lang).classes.neuron(neuron.label(pen.lang) if output else name, output=output)


def draw_title(pen: Pen, box: Box, text: str, *, exercise_id: str) -> float:
    """The slide's title (the exercise is named in the footer); returns the top of what follows."""
    pen.text(box.x, box.top - 9, text, TITLE_SIZE, bold=True, max_width=box.w)
    return box.top - 13


def draw_counts_strip(pen: Pen, box: Box, activity: Activity, counts: Sequence[int]) -> None:
    """Each emoji beside its count, in one row."""
    slot = box.w / len(activity.emoji)
    picture = min(box.h - 2, 13.0)
    for i, (e, count) in enumerate(zip(activity.emoji, counts)):
        x = box.x + i * slot
        frame = Box(x + 1, box.y, slot - 2, box.h)
        pen.rect(frame, stroke=pen.palette.rule, fill=white, width=0.3, radius=2)
        pen.emoji(e.char, x + 3, box.cy_box(picture).y, picture, svg=e.svg)
        pen.centred_in(Box(x + 3 + picture, box.y, slot - picture - 6, box.h), format_number(count, pen.lang), 30,
                       bold=True)  # fmt: skip


def draw_sent_strip(pen: Pen, box: Box, activity: Activity, trace: Trace) -> None:
    """What the hidden layer sent: each hidden neuron's name over its output."""
    slot = box.w / len(activity.hidden)
    for i, h in enumerate(activity.hidden):
        frame = Box(box.x + i * slot + 1, box.y, slot - 2, box.h)
        pen.rect(frame, stroke=black, fill=white, width=0.4, radius=2)
        pen.centred_in(Box(frame.x, frame.y, frame.w * 0.45, frame.h), h.name, 22, bold=True,
                       color=pen.palette.rule)  # fmt: skip
        pen.centred_in(Box(frame.x + frame.w * 0.4, frame.y, frame.w * 0.6, frame.h),
                       format_number(trace.step(h.name).output, pen.lang), 30, bold=True)  # fmt: skip


def table_rows(pen: Pen, activity: Activity, trace: Trace, names: Sequence[str], filled: int, *, verdicts=False):
    """Rows for `names`, the first `filled` of them written from the trace."""
    say = words_for(pen.lang).printables
    rows = []
    for i, name in enumerate(names):
        neuron = activity.neuron(name)
        swatch = (neuron.color, neuron.pattern) if neuron in activity.outputs else None
        values: tuple[str | None, ...] = (None, None)
        if i < filled:
            step = trace.step(name)
            values = (format_number(step.result, pen.lang), format_number(step.output, pen.lang))
        if verdicts:
            step = trace.step(name)
            values = (*values, say.is_digit(digit=step.digit) if step.fires else say.is_not_digit(digit=step.digit))
        rows.append(RecordRow(neuron_label(pen, activity, name), values, swatch=swatch))
    return rows


def draw_table(pen: Pen, x: float, top: float, width: float, rows, *, row_h: float, current: int | None,
               extra_header: str | None = None) -> float:  # fmt: skip
    words = words_for(pen.lang).labels["grids"]
    headers = (words["result"], words["output"]) + ((extra_header,) if extra_header else ())
    widths = None
    if extra_header:
        column = (width - LABEL_W) * 0.22
        widths = (column, column, width - LABEL_W - 2 * column)
    header_h = 13.0
    used = draw_record_table(pen, x, top, width, headers=headers, rows=rows, label_w=LABEL_W, header_h=header_h,
                             row_h=row_h, size=26, label_size=17, column_widths=widths)  # fmt: skip
    if current is not None:
        # The row being filled now: a thick frame (a colour on screen, black dashes in bw).
        y = top - header_h - (current + 1) * row_h
        frame = Box(x - 1, y - 0.8, width + 2, row_h + 1.6)
        if pen.palette.color:
            pen.rect(frame, stroke=Color(0.95, 0.45, 0.0), width=1.2, radius=1.5)
        else:
            pen.rect(frame, stroke=black, width=1.0, radius=1.5, dash=(2.5, 1.5))
    return used


def draw_calculation(pen: Pen, box: Box, activity: Activity, step: NeuronStep, inputs: Sequence) -> None:
    """The current neuron: its calculation, the same with the numbers, its result and its answer."""
    neuron = activity.neuron(step.neuron)
    words = words_for(pen.lang).classes
    pen.rect(box, stroke=pen.palette.rule, fill=pen.palette.faint, width=0.4, radius=3)
    inner = box.inset(4, 3)
    y = inner.top - 9
    pen.text(inner.cx, y, neuron_label(pen, activity, step.neuron), 22, bold=True, align="center",
             max_width=inner.w)  # fmt: skip
    y -= 17
    draw_formula(pen, calculation(activity, neuron, pen.lang, ending=" ="), inner.cx, y, 22, max_width=inner.w)
    # The same calculation with this exercise's numbers in place of the emoji or neurons.
    numbers = [Input(format_number(v, pen.lang), False) for v in inputs]
    y -= 15
    draw_formula(pen, formula_pieces(neuron.weights, numbers, pen.lang, ending=" ="), inner.cx, y, 22,
                 max_width=inner.w)  # fmt: skip
    y -= 22
    pen.text(inner.cx, y, format_number(step.result, pen.lang), 48, bold=True, align="center")
    y -= 13
    line = f"{words.slides_threshold(value=format_number(neuron.threshold, pen.lang))}  →  " \
        f"{words.slides_output(value=format_number(step.output, pen.lang))}"
    pen.text(inner.cx, y, line, 20, bold=True, align="center", max_width=inner.w)


# --- slides ---------------------------------------------------------------------------


def digit_slide(pen: Pen, box: Box, *, activity: Activity, exercise: Exercise, trace: Trace) -> None:
    words = words_for(pen.lang).classes
    # Typed counts (the worked example) have no drawing: a mystery digit, which the network will name.
    heading = words.slides_digit_title() if exercise.ink is not None else words.slides_counts_only_title()
    top = draw_title(pen, box, heading, exercise_id=trace.exercise_id)
    body = Box(box.x, box.y, box.w, top - box.y - 3)
    if exercise.ink is not None:
        grid_box = Box(body.x, body.y, body.w * 0.48, body.h)
        draw_emoji_grid(pen, activity, grid_box, exercise.ink)
        side = Box(body.x + body.w * 0.52, body.y, body.w * 0.48, body.h)
        pen.text(side.x, side.top - 6, words.slides_counts_title(), 15, bold=True, max_width=side.w)
        side = Box(side.x, side.y, side.w, side.h - 10)
    else:
        pen.lines_in(Box(body.x, body.top - 16, body.w, 16), words.slides_not_drawn(), 16, max_lines=2)
        side = Box(body.x + body.w * 0.15, body.y, body.w * 0.7, body.h - 17)
    # Counts in two columns of large emoji.
    n = len(activity.emoji)
    per_col = (n + 1) // 2
    cell_h = min(side.h / per_col, 30.0)
    picture = cell_h * 0.72
    for i, (e, count) in enumerate(zip(activity.emoji, trace.counts)):
        col, row = divmod(i, per_col)
        x = side.x + col * side.w / 2
        y = side.top - (row + 1) * cell_h
        pen.emoji(e.char, x + 2, y + (cell_h - picture) / 2, picture, svg=e.svg)
        pen.text(x + picture + 6, y + cell_h / 2 - 4.5, f"= {format_number(count, pen.lang)}", 38, bold=True)


def hidden_slide(pen: Pen, box: Box, *, activity: Activity, trace: Trace, index: int) -> None:
    words = words_for(pen.lang).classes
    names = [h.name for h in activity.hidden]
    top = draw_title(pen, box, words.slides_hidden_title(name=names[index]), exercise_id=trace.exercise_id)
    draw_counts_strip(pen, Box(box.x, top - STRIP_H, box.w, STRIP_H), activity, trace.counts)
    top -= STRIP_H + 4
    row_h = min(12.5, (top - box.y - 13) / len(names))
    draw_table(pen, box.x, top, TABLE_W, table_rows(pen, activity, trace, names, index + 1), row_h=row_h,
               current=index)  # fmt: skip
    panel = Box(box.x + TABLE_W + 6, box.y, box.w - TABLE_W - 6, top - box.y)
    draw_calculation(pen, panel, activity, trace.hidden[index], trace.counts)


def sent_slide(pen: Pen, box: Box, *, activity: Activity, trace: Trace) -> None:
    words = words_for(pen.lang).classes
    names = [h.name for h in activity.hidden]
    top = draw_title(pen, box, words.slides_hidden_all(), exercise_id=trace.exercise_id)
    row_h = min(13.5, (top - box.y - 15) / len(names))
    draw_table(pen, box.x, top - 2, TABLE_W, table_rows(pen, activity, trace, names, len(names)), row_h=row_h,
               current=None)  # fmt: skip
    right = Box(box.x + TABLE_W + 8, box.y, box.w - TABLE_W - 8, top - box.y)
    arrow = Box(right.x, right.top - 62, right.w, 58)
    pen.arrow_down(arrow, words_for(pen.lang).labels["grids"]["sent"], 17)
    draw_sent_strip(pen, Box(right.x, right.y + 4, right.w, 20), activity, trace)


def outputs_start_slide(pen: Pen, box: Box, *, activity: Activity, trace: Trace) -> None:
    words = words_for(pen.lang).classes
    names = [o.name for o in activity.outputs]
    top = draw_title(pen, box, words.slides_output_start(), exercise_id=trace.exercise_id)
    draw_sent_strip(pen, Box(box.x, top - STRIP_H, box.w, STRIP_H), activity, trace)
    top -= STRIP_H + 5
    row_h = min(17.0, (top - box.y - 13) / len(names))
    width = box.w * 0.7
    draw_table(pen, box.cx - width / 2, top, width, table_rows(pen, activity, trace, names, 0), row_h=row_h,
               current=None)  # fmt: skip


def output_slide(pen: Pen, box: Box, *, activity: Activity, trace: Trace, index: int) -> None:
    words = words_for(pen.lang).classes
    say = words_for(pen.lang).printables
    output = activity.outputs[index]
    names = [o.name for o in activity.outputs]
    top = draw_title(pen, box, words.slides_output_title(name=output.label(pen.lang)), exercise_id=trace.exercise_id)
    draw_sent_strip(pen, Box(box.x, top - STRIP_H, box.w, STRIP_H), activity, trace)
    top -= STRIP_H + 4
    row_h = min(15.0, (top - box.y - 13 - 18) / len(names))
    used = draw_table(pen, box.x, top, TABLE_W, table_rows(pen, activity, trace, names, index + 1), row_h=row_h,
                      current=index)  # fmt: skip
    step = trace.outputs[index]
    verdict = say.is_digit(digit=step.digit) if step.fires else say.is_not_digit(digit=step.digit)
    banner = Box(box.x, top - used - 20, TABLE_W, 15)
    draw_banner(pen, banner, verdict, 22, fill=pen.palette.light(output.color, 0.35) if step.fires else white)
    panel = Box(box.x + TABLE_W + 6, box.y, box.w - TABLE_W - 6, top - box.y)
    sent = [h.output for h in trace.hidden]
    draw_calculation(pen, panel, activity, step, sent)


def verdict_slide(pen: Pen, box: Box, *, activity: Activity, trace: Trace) -> None:
    words = words_for(pen.lang).classes
    names = [o.name for o in activity.outputs]
    top = draw_title(pen, box, words.slides_verdict_title(), exercise_id=trace.exercise_id)
    row_h = 12.5
    used = draw_table(pen, box.x, top - 2, box.w, table_rows(pen, activity, trace, names, len(names), verdicts=True),
                      row_h=row_h, current=None, extra_header=words_for(pen.lang).labels["key"]["verdicts"])  # fmt: skip
    # The deciding rule, right above the verdict it gives.
    pen.text(box.cx, top - 2 - used - 6.5, words_for(pen.lang).labels["rule"]["short"], 15, bold=True, align="center",
             max_width=box.w)  # fmt: skip
    banner = Box(box.x + 10, top - 2 - used - 34, box.w - 20, 25)
    fill = pen.palette.faint
    if trace.answer.kind == "digit":
        winner = next(o for o in activity.outputs if o.digit == trace.answer.digits[0])
        fill = pen.palette.light(winner.color, 0.45)
    draw_banner(pen, banner, answer_text(pen.lang, trace.answer), 36, fill=fill)
    truth = words.slides_truth(label=trace.label)
    if truth:
        pen.text(box.cx, banner.y - 8, truth, 16, align="center", color=pen.palette.rule)


def slide_pages(activity: Activity, exercise: Exercise, trace: Trace) -> list:
    common = {"activity": activity, "trace": trace}
    pages = [partial(digit_slide, exercise=exercise, **common)]
    pages += [partial(hidden_slide, index=i, **common) for i in range(len(activity.hidden))]
    pages.append(partial(sent_slide, **common))
    pages.append(partial(outputs_start_slide, **common))
    pages += [partial(output_slide, index=i, **common) for i in range(len(activity.outputs))]
    pages.append(partial(verdict_slide, **common))
    return pages


def slide_footer(activity: Activity, trace: Trace):
    def draw(pen: Pen, number: int, total: int) -> None:
        g = pen.geometry
        y = g.margin - 2.5
        words = words_for(pen.lang).classes
        pen.text(g.margin, y, f"{activity.name} · {words.slides_document()} · {words.slide_exercise(id=trace.exercise_id)}",
                 8, color=pen.palette.rule, max_width=g.width * 0.45)  # fmt: skip
        pen.text(g.width - g.margin, y, words.slide_number(n=number, total=total), 11, bold=True, align="right")
        pen.text(g.margin, y - 3.2, pen.words["page"]["attribution"], 5.5, color=pen.palette.rule,
                 max_width=g.width - 2 * g.margin - 20)  # fmt: skip

    return draw


def slides_pdf(activity: Activity, exercise: Exercise, trace: Trace, *, lang: str, color: bool) -> bytes:
    """The deck for one exercise, as PDF bytes."""
    if trace.exercise_id != exercise.id:
        raise ValueError("the trace is not this exercise's")
    footer = slide_footer(activity, trace)
    pages = [(page, footer) for page in slide_pages(activity, exercise, trace)]
    title = f"{activity.name} — {words_for(lang).classes.slides_document()}"
    return draw_document(pages, geometry=SLIDE, color=color, lang=lang, title=title, subject=trace.exercise_id)
