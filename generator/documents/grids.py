"""Answer grids: the seed's class recording sheet, blank for the class.

Hidden neurons A–F ("Résultat du calcul | Sortie du neurone"), the arrow
"ENVOYÉ À LA COUCHE SUIVANTE", the output neurons with their colours, and the
verdict line. The teacher key draws the same sheet filled in from a trace.
"""

from __future__ import annotations

from functools import partial
from typing import Sequence

from reportlab.lib.colors import black, white

from ..activity import Activity
from ..network import Trace
from ..numbers import format_number
from ..render.page import Box, Pen, document_pdf
from ..render.tables import RecordRow, draw_record_table, record_table_height
from . import answers
from ..words import words_for

ROW_H = 13.0
HEADER_H = 14.0
ARROW_H = 17.0


VERDICT_H = 33.0
RULE_H = 29.0  # the deciding rule printed above the blank verdict box


def recording_height(activity: Activity, *, row_h: float = ROW_H, verdict_h: float = VERDICT_H,
                     rule_h: float = 0.0) -> float:  # fmt: skip
    hidden = record_table_height(len(activity.hidden), header_h=HEADER_H, row_h=row_h)
    outputs = record_table_height(len(activity.outputs), header_h=HEADER_H, row_h=row_h)
    return hidden + 4 + ARROW_H + 4 + outputs + 5 + (rule_h + 3 if rule_h else 0) + verdict_h


def draw_recording(
    pen: Pen,
    box: Box,
    activity: Activity,
    trace: Trace | None = None,
    *,
    row_h: float = ROW_H,
    verdict_h: float | None = None,
    rule_h: float = 0.0,
) -> float:
    """The recording sheet from the top of `box`: blank, or filled from `trace`. Returns the height used.

    With `rule_h`, the deciding rule (who wins) is printed above the verdict.
    """
    words = words_for(pen.lang).labels["grids"]
    say = words_for(pen.lang).printables
    if verdict_h is None:
        verdict_h = VERDICT_H if trace is None else 16.0

    def value(neuron: str) -> tuple[str | None, ...]:
        if trace is None:
            return (None, None)
        step = trace.step(neuron)
        return (format_number(step.result, pen.lang), format_number(step.output, pen.lang))

    headers = (words["result"], words["output"])
    label_w = 50.0
    width = min(box.w, 170.0)
    x = box.cx - width / 2
    hidden_rows = [RecordRow(say.neuron_name(name=h.name), value(h.name)) for h in activity.hidden]
    y = box.top
    y -= draw_record_table(pen, x, y, width, headers=headers, rows=hidden_rows, label_w=label_w,
                           header_h=HEADER_H, row_h=row_h)  # fmt: skip
    y -= 4
    pen.arrow_down(Box(x + label_w, y - ARROW_H, width - label_w, ARROW_H), words["sent"], 13)
    y -= ARROW_H + 4
    output_rows = []
    for o in activity.outputs:
        values = value(o.name)
        fires = False
        if trace is not None:
            fires = trace.step(o.name).fires
            says = say.is_digit(digit=o.digit) if fires else say.is_not_digit(digit=o.digit)
            values = (*values, says)
        name = say.neuron_name(name=o.label(pen.lang), output=True)
        output_rows.append(RecordRow(name, values, swatch=(o.color, o.pattern), highlight=fires))
    if trace is None:
        used = draw_record_table(pen, x, y, width, headers=headers, rows=output_rows, label_w=label_w,
                                 header_h=HEADER_H, row_h=row_h)  # fmt: skip
    else:
        # The key adds what each output neuron says.
        key_words = words_for(pen.lang).labels["key"]
        column = (width - label_w) * 0.27
        used = draw_record_table(
            pen, x, y, width, headers=(*headers, key_words["verdicts"]), rows=output_rows, label_w=label_w,
            header_h=HEADER_H, row_h=row_h, column_widths=(column, column, width - label_w - 2 * column),
        )  # fmt: skip
    y -= used + 5
    if rule_h and trace is None:
        draw_rule(pen, Box(x, y - rule_h, width, rule_h))
        y -= rule_h + 3
    elif rule_h:  # the key: the rule in one line, above the verdict it gives
        pen.text(x, y - rule_h + 1.5, words_for(pen.lang).labels["rule"]["short"], 12, bold=True, max_width=width)
        y -= rule_h + 3
    verdict = Box(x, y - verdict_h, width, verdict_h)
    if trace is None:
        draw_verdict_choices(pen, verdict, activity)
    else:
        draw_answer(pen, verdict, trace)
    y -= verdict_h
    return box.top - y


def draw_rule(pen: Pen, box: Box) -> None:
    """The deciding rule in three lines, one per case (the cases exclude each other)."""
    rule = words_for(pen.lang).labels["rule"]
    pen.rect(box, fill=pen.palette.faint, stroke=black, width=0.4, radius=2)
    pen.text(box.x + 3, box.top - 6, rule["title"], 13, bold=True, max_width=box.w - 6)
    size, leading = 12.0, 5.0
    y = box.top - 7 - leading
    for line in (rule["none"], rule["one"], rule["tie"]):  # a long line goes on two, at the same size
        for i, part in enumerate(pen.wrap(line, size, box.w - 10)):
            if i == 0:
                pen.text(box.x + 3, y, "•", size, bold=True)
            pen.text(box.x + 7, y, part, size, max_width=box.w - 10)
            y -= leading


def draw_verdict_choices(pen: Pen, box: Box, activity: Activity) -> None:
    """'LE RÉSEAU DIT :' then a box to tick per verdict the rule allows: each digit, no answer, a tie."""
    words = words_for(pen.lang).labels["grids"]
    say = words_for(pen.lang).printables
    pen.rect(box, fill=white, stroke=black, width=0.5, radius=2)
    pen.text(box.x + 3, box.top - 7, words["verdict"], 14, bold=True)
    lines = [[say.is_digit(digit=d) for d in activity.digits], [words["no_answer"]], [words["tie"]]]
    square, size = 4.5, 13.0
    for row, choices in enumerate(lines):
        baseline = box.top - 14.5 - row * 7.5
        slot = (box.w - 6) / len(choices)
        for i, choice in enumerate(choices):
            x = box.x + 3 + i * slot
            pen.rect(Box(x, baseline - 0.6, square, square), stroke=black, width=0.4)
            pen.text(x + square + 1.8, baseline, choice, size, bold=True, max_width=slot - square - 4)


def answer_text(pen: Pen, trace: Trace) -> str:
    """The older call (bench/kit.py uses it): the answer in full, as documents/answers.py words it."""
    return answers.answer_text(pen.lang, trace.answer)


def draw_answer(pen: Pen, box: Box, trace: Trace) -> None:
    """The network's answer in a banner: one digit, no answer, or hesitation."""
    words = words_for(pen.lang).labels["grids"]
    pen.rect(box, fill=pen.palette.faint, stroke=black, width=0.6, radius=2)
    label_w = pen.width(words["verdict"], 14, bold=True) + 6
    pen.text(box.x + 3, box.cy - 14 * 0.33 / 2.8346, words["verdict"], 14, bold=True)
    pen.lines_in(Box(box.x + label_w, box.y, box.w - label_w - 2, box.h), answers.answer_text(pen.lang, trace.answer), 16,
                 bold=True, max_lines=2)  # fmt: skip


def draw_grid_page(pen: Pen, box: Box, *, activity: Activity, number: int, total: int) -> None:
    say = words_for(pen.lang).printables
    pen.text(box.x, box.top - 8, say.grid_title(number, total), 20, bold=True)
    body = Box(box.x, box.y, box.w, box.h - 14)
    fixed = recording_height(activity, row_h=0, rule_h=RULE_H)
    per_row = recording_height(activity, row_h=1, rule_h=RULE_H) - fixed
    row_h = min(ROW_H * 1.15, (body.h - fixed) / per_row)
    # Blank, the sheet is the same for every exercise: one form per PDF (the activity is alive while it draws).
    # Its lines may stand half their width outside `body`: the form's bounds leave room.
    pen.once(("blank recording", id(activity), body, row_h), body.inset(-2),
             partial(draw_recording, pen, body, activity, None, row_h=row_h, rule_h=RULE_H))  # fmt: skip


def grid_pages(activity: Activity, total: int) -> list:
    return [partial(draw_grid_page, activity=activity, number=i, total=total) for i in range(1, total + 1)]


def grids_pdf(
    activity: Activity,
    traces: Sequence[Trace],
    *,
    lang: str,
    paper: str,
    color: bool,
    label: str = "",
) -> bytes:
    """One blank class recording sheet per exercise (numbered like the emoji sheets)."""
    return document_pdf(grid_pages(activity, len(traces)), "grids", activity=activity.name, lang=lang,
                        paper=paper, color=color, label=label)  # fmt: skip
