"""The teacher key (key.pdf): a summary of every exercise, then one filled
recording sheet per exercise, from the same traces as key.json.

The network's answer is shown honestly: one digit, no answer, or hesitation;
never forced.
"""

from __future__ import annotations

from functools import partial
from typing import Sequence

from reportlab.lib.colors import white

from ..activity import Activity
from ..exercises import Exercise
from ..network import Trace
from ..render.page import Box, Pen, document_pdf
from .answers import answer_mark, answer_short, learned
from .grids import ROW_H, draw_recording, recording_height
from .sheets import draw_emoji_grid, draw_handwriting, handwriting_of
from ..words import words_for

SUMMARY_ROWS = 22  # exercises per summary page
SUMMARY_ROW_H = 9.0
KEY_VERDICT_H = 16.0
KEY_RULE_H = 4.0


def draw_summary_page(
    pen: Pen, box: Box, *, activity: Activity, traces: Sequence[Trace], first: int, total: int, last_page: bool,
    all_traces: Sequence[Trace],
) -> None:  # fmt: skip
    words = words_for(pen.lang).labels["key"]
    say = words_for(pen.lang).printables
    pen.text(box.x, box.top - 8, words["summary_title"], 20, bold=True)
    n_emoji = len(activity.emoji)
    number_w, count_w = 10.0, 11.0
    id_w = max(24.0, min(48.0, max(pen.width(t.exercise_id, 10) for t in traces) + 4))
    rest = box.w - number_w - id_w - n_emoji * count_w
    true_w, mark_w = rest * 0.2, rest * 0.2
    answer_w = rest - true_w - mark_w
    widths = [number_w, id_w, *([count_w] * n_emoji), true_w, answer_w, mark_w]
    xs = [box.x + sum(widths[:i]) for i in range(len(widths))]
    header_h = 14.0
    y = box.top - 14
    headers = ["#", words["exercise"], *([None] * n_emoji), words["true_digit"], words["answer"], ""]
    for i, (x, w, text) in enumerate(zip(xs, widths, headers)):
        cell = Box(x, y - header_h, w, header_h)
        pen.rect(cell, fill=pen.palette.faint, width=0.35)
        if text is None:
            e = activity.emoji[i - 2]
            side = min(w, header_h) * 0.7
            pen.emoji(e.char, cell.cx - side / 2, cell.cy - side / 2, side, svg=e.svg)
        elif text:
            pen.lines_in(cell, text, 10, bold=True, max_lines=2)
    y -= header_h
    for offset, trace in enumerate(traces):
        y -= SUMMARY_ROW_H
        answer = answer_short(pen.lang, trace.answer)
        truth = "" if trace.label is None else str(trace.label)
        values = [str(first + offset), trace.exercise_id, *map(str, trace.counts), truth, answer, answer_mark(pen.lang, trace)]
        wrong = trace.correct is False
        for j, (x, w, text) in enumerate(zip(xs, widths, values)):
            cell = Box(x, y, w, SUMMARY_ROW_H)
            shade = pen.palette.faint if wrong and j == len(values) - 1 else white
            pen.rect(cell, fill=shade, width=0.3)
            size = 10 if j == 1 else 12  # exercise ids can be long
            pen.lines_in(cell, text, size, bold=j in (len(values) - 3, len(values) - 2), max_lines=1)
    if last_page:
        known = [t for t in all_traces if t.correct is not None]
        right = sum(1 for t in known if t.correct)
        pen.text(box.x, y - 10, say.score(right=right, known=len(known)), 14, bold=True)
    pen.text(box.x, y - 17, words_for(pen.lang).labels["rule"]["short"], 12, max_width=box.w)


def draw_key_page(
    pen: Pen, box: Box, *, activity: Activity, exercise: Exercise, trace: Trace, number: int, total: int,
    pictures=None,
) -> None:
    say = words_for(pen.lang).printables
    pen.text(box.x, box.top - 8, say.key_title(number=number, total=total, id=trace.exercise_id), 20, bold=True)
    verdict = say.key_verdict(correct=trace.correct, learned=learned(trace), label=trace.label)
    pen.text(box.x, box.top - 15, say.key_truth(label=trace.label) + (f" · {verdict}" if verdict else ""), 13,
             bold=True)  # fmt: skip

    # Counts: each emoji with its number; the drawing beside them when there is one.
    y = box.top - 20
    counts_h = 22.0
    picture = handwriting_of(exercise, pictures) if exercise.ink is not None else None
    if picture is not None:
        counts_h = 28.0  # two lines of counts
    thumb = (42.0 if picture is not None else counts_h + 20) if exercise.ink is not None else 0.0
    if picture is not None:  # the original handwriting beside the grid
        draw_handwriting(pen, Box(box.right - 2 * thumb - 3, y - thumb, thumb, thumb), picture)
        thumb_room = 2 * thumb + 3
    else:
        thumb_room = thumb
    row = Box(box.x, y - counts_h, box.w - thumb_room - (4 if thumb else 0), counts_h)
    # One row of counts, or two when the handwriting takes the room (the numbers keep their size).
    lines = 2 if picture is not None else 1
    per_line = -(-len(activity.emoji) // lines)
    slot = row.w / per_line
    line_h = 14.0 if lines > 1 else row.h
    for i, (e, count) in enumerate(zip(activity.emoji, trace.counts)):
        line, place = divmod(i, per_line)
        cx = row.x + (place + 0.5) * slot
        cy = row.top - (line + 0.5) * line_h
        side = min(11.0, slot * 0.45)
        pen.emoji(e.char, cx - side - 1, cy - side / 2, side, svg=e.svg)
        cell = Box(cx + 1, cy - 6, min(14.0, slot * 0.45), 12)
        pen.rect(cell, fill=white, width=0.4, radius=1.2)
        pen.centred_in(cell, str(count), 18, bold=True)
    if exercise.ink is not None:
        draw_emoji_grid(pen, activity, Box(box.right - thumb, y - thumb, thumb, thumb), exercise.ink)
    y -= max(counts_h, thumb) + 5
    heights = {"verdict_h": KEY_VERDICT_H, "rule_h": KEY_RULE_H}
    fixed = recording_height(activity, row_h=0, **heights)
    per_row = recording_height(activity, row_h=1, **heights) - fixed
    row_h = min(ROW_H, (y - box.y - fixed) / per_row)
    draw_recording(pen, Box(box.x, box.y, box.w, y - box.y), activity, trace, row_h=row_h, **heights)


def key_pages(activity: Activity, exercises: Sequence[Exercise], traces: Sequence[Trace]) -> list:
    total = len(traces)
    pages = []
    for start in range(0, total, SUMMARY_ROWS):
        chunk = traces[start : start + SUMMARY_ROWS]
        pages.append(partial(draw_summary_page, activity=activity, traces=chunk, first=start + 1, total=total,
                             last_page=start + SUMMARY_ROWS >= total, all_traces=traces))  # fmt: skip
    for i, (exercise, trace) in enumerate(zip(exercises, traces, strict=True), start=1):
        pages.append(partial(draw_key_page, activity=activity, exercise=exercise, trace=trace, number=i, total=total))
    return pages


def key_pdf(
    activity: Activity,
    exercises: Sequence[Exercise],
    traces: Sequence[Trace],
    *,
    lang: str,
    paper: str,
    color: bool,
    label: str = "",
) -> bytes:
    """The teacher key: summary page(s), then each exercise's filled recording sheet."""
    return document_pdf(key_pages(activity, exercises, traces), "key", activity=activity.name, lang=lang,
                        paper=paper, color=color, label=label)  # fmt: skip


def digit_page_pdf(
    activity: Activity, exercises: Sequence[Exercise], traces: Sequence[Trace], *, lang: str, paper: str, color: bool,
    pictures=None,
) -> bytes:
    """`neurones digit`'s printable page: per digit, the grid with its ink, the counts and the
    network's verdict step by step, exactly as on the key (a digit it never learned said so)."""
    total = len(traces)
    pages = [partial(draw_key_page, activity=activity, exercise=e, trace=t, number=i, total=total, pictures=pictures)
             for i, (e, t) in enumerate(zip(exercises, traces, strict=True), start=1)]  # fmt: skip
    return document_pdf(pages, "digit_page", activity=activity.name, lang=lang, paper=paper, color=color)
