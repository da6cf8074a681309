"""The whole lesson as projector slides (16:9): opening, roles, the worked
example step by step, the deciding rule, a digit the network never learned,
the learning round and the closing.

Every number on a slide is a count, result or output of an engine Trace (the
worked example's counts, bank digits, the drawn 8), only formatted here. The
words live in layouts/<lang>/slides.toml and the slides_* macros of classes.j2.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from reportlab.lib.colors import black, white

from ..activity import Activity
from ..exercises import Exercise
from ..network import Network, Trace
from ..numbers import format_number
from ..render.page import Box, Pen
from ..render.tables import draw_banner
from ..words import words_for
from .answers import answer_text
from .pages import SLIDE, draw_document
from .sheets import draw_emoji_grid, draw_handwriting
from .slides import TITLE_SIZE, slide_footer, slide_pages
from .tally import rule_steps

WORKED_COUNTS = (6, 4, 9, 6, 6, 7)  # DESIGN.md's worked example
UNKNOWN_FILE = "unknown_digit_8.txt"  # an 8 drawn by hand on 28 × 28
UNKNOWN_LABEL = 8
LEARNING_STEPS_PER_SLIDE = 3


@dataclass(frozen=True)
class Lesson:
    """What the lesson's slides show, every number from the engine."""

    worked: Exercise
    worked_trace: Trace
    examples: tuple[tuple[Exercise, Trace], ...]  # the deciding rule at work: bank digits
    unknown: Exercise
    unknown_trace: Trace
    unknown_picture: object  # the 8's 28 × 28 drawing (0 paper, 255 ink)
    postcode: tuple  # one bank picture per postcode digit

    def __repr__(self) -> str:
        return f"Lesson(worked {self.worked_trace!r}; {len(self.examples)} rule examples; unknown {self.unknown_trace!r})"


def worked_exercise(activity: Activity, lang: str) -> Exercise:
    """The worked example: the seed's example with these counts (a 0), else the counts alone."""
    from ..exercises import seed_exercises

    for exercise in seed_exercises(activity):
        if exercise.counts == WORKED_COUNTS:
            return exercise
    return Exercise("worked", WORKED_COUNTS)


def unknown_drawing():
    """The 8 of generator/data, as a 28 × 28 picture (0 paper … 255 ink)."""
    from ..digits.text_grid import parse_text_grid
    from ..resources import data_dir

    text = (data_dir() / UNKNOWN_FILE).read_text(encoding="utf-8")
    return parse_text_grid(text, 28, 28, name=UNKNOWN_FILE) * 255


def unknown_exercise(activity: Activity) -> tuple[Exercise, object]:
    from ..digits import exercise_from_ink, ink_grid

    picture = unknown_drawing()
    ink = ink_grid(picture / 255.0, activity.grid.rows, activity.grid.cols)
    return exercise_from_ink(ink, activity, id="8", label=UNKNOWN_LABEL, source=UNKNOWN_FILE), picture


def rule_examples(activity: Activity) -> tuple[tuple[Exercise, Trace], ...]:
    """The first held-out bank digits (bank order) with one output lit, two lit, a tie and none lit."""
    import numpy as np

    from ..digits import bank_ink, exercise_from_ink
    from ..digits.grid_ink import layout_onehot

    rows, cols = activity.grid.rows, activity.grid.cols
    data = bank_ink(rows, cols)
    network = Network(activity)
    held = np.flatnonzero(data.held_out)
    counts = data.ink[held] @ layout_onehot(activity.grid, len(activity.emoji))
    _, outputs = network.batch_forward(counts)
    lit = (outputs > 0).sum(axis=1)
    top = outputs.max(axis=1)
    tie = ((outputs == top[:, None]) & (outputs > 0)).sum(axis=1) > 1
    wanted = [(lit == 1), (lit >= 2) & ~tie, tie, (lit == 0)]
    examples = []
    for mask in wanted:
        found = np.flatnonzero(mask)
        for position in found[:5]:  # the float pass only proposes: the exact trace decides
            index = held[position]
            ink = data.ink[index].reshape(rows, cols)
            exercise = exercise_from_ink(ink, activity, id=str(data.source_ids[index]), label=int(data.labels[index]),
                                         source="bank")  # fmt: skip
            trace = network.trace(exercise)
            kinds = {0: trace.answer.kind == "digit" and sum(s.fires for s in trace.outputs) == 1,
                     1: trace.answer.kind == "digit" and sum(s.fires for s in trace.outputs) >= 2,
                     2: trace.answer.kind == "tie", 3: trace.answer.kind == "none"}  # fmt: skip
            if kinds[len(examples)]:
                examples.append((exercise, trace))
                break
        else:
            examples.append(None)
    return tuple(e for e in examples if e is not None)


def postcode_pictures(activity: Activity, postcode: str) -> tuple:
    """One bank picture per postcode digit: the first legible held-out digits, each used once.

    The postcode is the language's own (slides.toml: Lyon's 69003, Nedlands'
    6009 in Western Australia), a real one written with the network's digits only.
    """
    from ..bank import load_bank
    from ..digits.bank_draw import preferred_digits

    test = load_bank().test()
    preferred = preferred_digits(activity)
    used: list[int] = []
    for digit in (int(c) for c in postcode):
        index = next(int(i) for i in preferred if test.labels[i] == digit and int(i) not in used)
        used.append(index)
    return tuple(test.images[i] for i in used)


def make_lesson(activity: Activity, lang: str) -> Lesson:
    network = Network(activity)
    worked = worked_exercise(activity, lang)
    unknown, picture = unknown_exercise(activity)
    return Lesson(worked, network.trace(worked), rule_examples(activity), unknown, network.trace(unknown), picture,
                  postcode_pictures(activity, slide_words(lang)["opening"]["postcode"]))  # fmt: skip


# --- slides ---------------------------------------------------------------------------


def slide_words(lang: str) -> dict:
    return words_for(lang).section_file("slides.toml")


def title(pen: Pen, box: Box, text: str) -> float:
    pen.text(box.x, box.top - 9, text, TITLE_SIZE, bold=True, max_width=box.w)
    return box.top - 14


def paragraph(pen: Pen, box: Box, lines: Sequence[str], size: float, *, gap: float = 2.5, bold=False) -> float:
    """Lines wrapped in `box` from its top, a bullet each; returns the y below them."""
    y = box.top
    leading = size * 1.2 / 2.8346
    for line in lines:
        wrapped = pen.wrap(line, size, box.w - 6, bold=bold)
        for i, part in enumerate(wrapped):
            y -= leading
            if i == 0:
                pen.text(box.x, y, "•", size, bold=True)
            pen.text(box.x + 5, y, part, size, bold=bold)
        y -= gap
    return y


def opening_slide(pen: Pen, box: Box, *, lesson: Lesson) -> None:
    words = slide_words(pen.lang)["opening"]
    top = title(pen, box, words["title"])
    # An envelope with a handwritten postcode: the bank's own handwriting.
    env = Box(box.x + 2, box.y + 22, box.w * 0.5, top - box.y - 26)
    pen.rect(env, fill=white, stroke=black, width=0.8, radius=2)
    # The front of the envelope: a stamp and the address (a flap's lines would cross the stamp).
    stamp = Box(env.right - 20, env.top - 24, 16, 20)
    pen.rect(stamp, stroke=pen.palette.rule, width=0.5, dash=(1.5, 1))
    pen.text(env.x + 10, env.y + 30, words["name"], 15)
    pen.text(env.x + 10, env.y + 23, words["street"], 15)
    # The last line as the country writes it: "69003 LYON", "NEDLANDS WA 6009";
    # the postcode in handwriting where the layout puts "{postcode}".
    before, _, after = (part.strip() for part in words["last_line"].partition("{postcode}"))
    size, x = 22, env.x + 8
    if before:
        pen.text(x, env.y + 8, before, size, bold=True)
        x += pen.width(before, size, bold=True) + 4
    room = env.right - 6 - x - (pen.width(after, size, bold=True) + 4 if after else 0)
    side = min(17.0, room / len(lesson.postcode) - 1)
    for i, picture in enumerate(lesson.postcode):
        draw_handwriting(pen, Box(x + i * (side + 1), env.y + 3, side, side), picture, frame=False)
    if after:
        pen.text(x + len(lesson.postcode) * (side + 1) + 4, env.y + 8, after, size, bold=True)
    text = Box(env.right + 8, box.y + 20, box.right - env.right - 8, top - box.y - 22)
    paragraph(pen, text, words["lines"], 17, gap=4)
    draw_banner(pen, Box(box.x + 10, box.y + 2, box.w - 20, 15), words["question"], 24, fill=pen.palette.faint)


def roles_slide(pen: Pen, box: Box, *, activity: Activity, lesson: Lesson) -> None:
    words = slide_words(pen.lang)["roles"]
    cw = words_for(pen.lang).classes
    top = title(pen, box, words["title"])
    columns = [
        (words["inputs"], words["inputs_text"]),
        (words["hidden"], words["hidden_text"]),
        (words["outputs"], words["outputs_text"]),
    ]
    gap = 12.0
    col_w = (box.w - 2 * gap) / 3
    body_top, body_bottom = top - 2, box.y + 14
    for k, (heading, text) in enumerate(columns):
        col = Box(box.x + k * (col_w + gap), body_bottom, col_w, body_top - body_bottom)
        pen.rect(col, fill=pen.palette.faint, stroke=black, width=0.5, radius=3)
        pen.text(col.cx, col.top - 9, heading, 20, bold=True, align="center", max_width=col.w - 4)
        items = Box(col.x + 4, col.y + 30, col.w - 8, col.top - 14 - col.y - 30)
        if k == 0:
            per_row = 3
            side = min(items.w / per_row - 3, items.h / 2 - 3)
            for i, e in enumerate(activity.emoji):
                r, c = divmod(i, per_row)
                pen.emoji(e.char, items.x + c * items.w / per_row + 2, items.top - (r + 1) * (side + 3), side, svg=e.svg)
        elif k == 1:
            names = [h.name for h in activity.hidden]
            per_row = 3
            cell_w = items.w / per_row
            for i, name in enumerate(names):
                r, c = divmod(i, per_row)
                cell = Box(items.x + c * cell_w + 2, items.top - (r + 1) * 16, cell_w - 4, 13)
                pen.rect(cell, fill=white, stroke=black, width=0.5, radius=6)
                pen.centred_in(cell, name, 24, bold=True)
        else:
            row_h = min(items.h / len(activity.outputs), 12.0)
            for i, o in enumerate(activity.outputs):
                y = items.top - (i + 1) * row_h
                pen.swatch(Box(items.x + 2, y + 1.5, row_h - 3, row_h - 3), o.color, o.pattern)
                pen.text(items.x + row_h + 2, y + row_h / 2 - 2, f"{cw.neuron(o.label(pen.lang), output=True)} → {o.digit}",
                         17, bold=True, max_width=items.w - row_h - 2)  # fmt: skip
        pen.lines_in(Box(col.x + 3, col.y + 2, col.w - 6, 27), text, 15, max_lines=4)
        if k < 2:
            pen.text(col.right + gap / 2, col.cy, "→", 30, bold=True, align="center")
    pen.text(box.cx, box.y + 5, words["counters"], 15, align="center", max_width=box.w)


def outputs_line(pen: Pen, box: Box, activity: Activity, trace: Trace, *, size: float = 18) -> None:
    """Each output neuron's swatch and output, side by side, the largest in bold frames."""
    slot = box.w / len(trace.outputs)
    best = max(s.output for s in trace.outputs)
    for i, (o, step) in enumerate(zip(activity.outputs, trace.outputs)):
        cell = Box(box.x + i * slot + 1, box.y, slot - 2, box.h)
        top = step.output > 0 and step.output == best
        pen.rect(cell, fill=white, stroke=black, width=1.4 if top else 0.3, radius=2)
        side = box.h - 4
        pen.swatch(Box(cell.x + 2, cell.y + 2, side, side), o.color, o.pattern)
        pen.centred_in(Box(cell.x + side + 3, cell.y, cell.w - side - 4, cell.h), format_number(step.output, pen.lang),
                       size, bold=True)  # fmt: skip


def rule_slide(pen: Pen, box: Box, *, activity: Activity, lesson: Lesson) -> None:
    words = slide_words(pen.lang)["rule"]
    rule = pen.words["rule"]
    top = title(pen, box, words["title"])
    pen.text(box.x, top - 4, rule["short"], 18, bold=True, max_width=box.w)
    top -= 8
    y = paragraph(pen, Box(box.x, box.y, box.w, top - box.y), [rule["none"], rule["one"], rule["tie"]], 16, gap=1.5,
                  bold=True)  # fmt: skip
    pen.text(box.x, y - 6, words["examples"], 15, color=pen.palette.rule)
    y -= 9
    if not lesson.examples:
        return
    row_h = min(15.0, (y - box.y) / len(lesson.examples))
    cw = words_for(pen.lang).classes
    for k, (exercise, trace) in enumerate(lesson.examples):
        row = Box(box.x, y - (k + 1) * row_h, box.w, row_h - 2)
        pen.text(row.x, row.cy - 1.5, cw.slides_example(id=exercise.id, truth=exercise.label), 12,
                 color=pen.palette.rule, max_width=48)  # fmt: skip
        outputs_line(pen, Box(row.x + 50, row.y, 110, row.h), activity, trace)
        pen.text(row.x + 164, row.cy - 2, "→", 20, bold=True)
        pen.lines_in(Box(row.x + 172, row.y, row.w - 172, row.h), answer_text(pen.lang, trace.answer), 16, bold=True,
                     max_lines=2, align="left")  # fmt: skip


def unknown_slide(pen: Pen, box: Box, *, activity: Activity, lesson: Lesson) -> None:
    words = slide_words(pen.lang)["unknown"]
    cw = words_for(pen.lang).classes
    trace = lesson.unknown_trace
    top = title(pen, box, words["title"])
    side = min(52.0, top - box.y - 40)
    draw_handwriting(pen, Box(box.x, top - side, side, side), lesson.unknown_picture)
    draw_emoji_grid(pen, activity, Box(box.x + side + 6, top - side, side, side), lesson.unknown.ink)
    right = Box(box.x + 2 * side + 14, box.y, box.w - 2 * side - 14, top - box.y)
    slot = right.w / 3
    picture = 10.0
    for i, (e, count) in enumerate(zip(activity.emoji, trace.counts)):
        r, c = divmod(i, 3)
        x, y = right.x + c * slot, right.top - (r + 1) * 14
        pen.emoji(e.char, x, y, picture, svg=e.svg)
        pen.text(x + picture + 2, y + 2, f"= {format_number(count, pen.lang)}", 24, bold=True)
    outputs_line(pen, Box(right.x, right.top - 48, right.w, 14), activity, trace, size=22)
    draw_banner(pen, Box(right.x, right.top - 66, right.w, 14), answer_text(pen.lang, trace.answer), 24,
                fill=pen.palette.faint)  # fmt: skip
    says = cw.slides_unknown_says(kind=trace.answer.kind, digits=list(trace.answer.digits), known=list(activity.digits),
                                  label=trace.label)
    pen.lines_in(Box(box.x, box.y + 14, box.w, top - side - box.y - 16), says, 17, max_lines=2)
    draw_banner(pen, Box(box.x + 20, box.y, box.w - 40, 13), words["lesson"], 24, fill=pen.palette.faint)


def learning_slide(pen: Pen, box: Box, *, steps: Sequence[str], first: int, part: int, parts: int) -> None:
    words = slide_words(pen.lang)["learning"]
    cw = words_for(pen.lang).classes
    heading = words["title"] + (f" {cw.slides_learning_part(part=part, parts=parts)}" if parts > 1 else "")
    top = title(pen, box, heading)
    y = top
    size = 17.0
    leading = size * 1.2 / 2.8346
    for n, step in enumerate(steps, start=first):
        lines = pen.wrap(step, size, box.w - 14)
        pen.text(box.x + 4, y - leading, f"{n}.", size, bold=True, align="center")
        for line in lines:
            y -= leading
            pen.text(box.x + 12, y, line, size)
        y -= 4


def closing_slide(pen: Pen, box: Box) -> None:
    words = slide_words(pen.lang)["closing"]
    top = title(pen, box, words["title"])
    paragraph(pen, Box(box.x + 4, box.y, box.w - 8, top - box.y - 2), words["lines"], 20, gap=5)


def lesson_pages(activity: Activity, lesson: Lesson, lang: str) -> list:
    """(page, footer) pairs: the lesson in order; the worked example is the one-exercise deck."""
    plain = lesson_footer(activity)
    pages = [(partial(opening_slide, lesson=lesson), plain), (partial(roles_slide, activity=activity, lesson=lesson), plain)]
    worked_footer = slide_footer(activity, lesson.worked_trace)
    pages += [(page, worked_footer) for page in slide_pages(activity, lesson.worked, lesson.worked_trace)]
    pages.append((partial(rule_slide, activity=activity, lesson=lesson), plain))
    pages.append((partial(unknown_slide, activity=activity, lesson=lesson), plain))
    steps = rule_steps(lang)
    chunks = [steps[i : i + LEARNING_STEPS_PER_SLIDE] for i in range(0, len(steps), LEARNING_STEPS_PER_SLIDE)]
    for part, chunk in enumerate(chunks, start=1):
        first = 1 + (part - 1) * LEARNING_STEPS_PER_SLIDE
        pages.append((partial(learning_slide, steps=chunk, first=first, part=part, parts=len(chunks)), plain))
    pages.append((closing_slide, plain))
    return pages


def lesson_footer(activity: Activity):
    def draw(pen: Pen, number: int, total: int) -> None:
        g = pen.geometry
        y = g.margin - 2.5
        words = words_for(pen.lang).classes
        pen.text(g.margin, y, f"{activity.name} · {words.slides_document()} · {words.slides_lesson_footer()}", 8,
                 color=pen.palette.rule, max_width=g.width * 0.45)  # fmt: skip
        pen.text(g.width - g.margin, y, words.slide_number(n=number, total=total), 11, bold=True, align="right")
        pen.text(g.margin, y - 3.2, pen.words["page"]["attribution"], 5.5, color=pen.palette.rule,
                 max_width=g.width - 2 * g.margin - 20)  # fmt: skip

    return draw


def lesson_pdf(activity: Activity, *, lang: str, color: bool) -> tuple[bytes, int]:
    """The whole lesson's deck: (PDF bytes, number of slides)."""
    lesson = make_lesson(activity, lang)
    pages = lesson_pages(activity, lesson, lang)
    title_text = f"{activity.name} — {words_for(lang).classes.slides_document()}"
    return draw_document(pages, geometry=SLIDE, color=color, lang=lang, title=title_text), len(pages)
