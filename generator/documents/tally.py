"""The learning round on paper: the class's tally sheets, their key, and learning.json.

tally.pdf: the rule, step by step, then one table per neuron, the same table
as on its card (results, answers) with a third row where pupils write the
true digit of each exercise under the result they computed; cells leave room
for six handwritten digits. tally_key.pdf: the rule applied to the kit's own
exercises, every move with the exercises it fixes and breaks, the filled
tables before and after each kept move, and every exercise's answer before
and after. Numbers come from learning_round (LearningRound, Tally) and the
kit's traces; this module only lays them out.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Callable, Sequence

from reportlab.lib.colors import white

from ..activity import Activity
from ..learning_round import (
    MAX_MOVES,
    MAX_TRIES,
    LearningRound,
    Move,
    Tally,
    answers_after,
    class_learning_round,
    round_tallies,
)
from ..network import Answer, LookupTable, Trace
from ..render.page import Box, PageGeometry, Pen, make_footer, render_pages
from ..render.tables import lookup_cells
from ..words import words_for

HEADER_W = 30.0
MIN_CELL_W = 12.5  # three handwritten digits side by side, two lines of them: six digits
MAX_CELL_W = 16.0
ROW_H = 8.0
RESULT_ROW_H = 10.0  # two lines at 11 pt: the card's "8 ou moins" and "plus de 19" in a number-wide cell
CLASS_DIGITS_H = 16.0
KEY_DIGITS_H = 11.0
BAND_GAP = 2.5
TITLE_H = 8.0
TEXT_SIZE = 10.0
LEADING = 4.6  # mm between lines at TEXT_SIZE

WHOLE_TABLE_ROWS = 16  # 9 + 17 × 6.5 mm: under half an A4 or Letter page
TALLY_FILES = ("tally.pdf", "tally_key.pdf", "learning.json")


# --- words --------------------------------------------------------------------------


def rule_steps(lang: str, moves: int = MAX_MOVES, tries: int = MAX_TRIES) -> list[str]:
    """The printed rule, one sentence per step (what learning_round applies)."""
    words = words_for(lang)
    # Typeset again once the numbers are in: "3 seuils" binds the number to its word.
    return [words.typeset(step.replace("{moves}", str(moves)).replace("{tries}", str(tries)))
            for step in words.section_file("tally.toml")["rule"]]  # fmt: skip


def mistake_numbers(exercises: Sequence) -> list[int]:
    """Numbers (1, 2, …) of the exercises the default draw chose among the network's fixable mistakes."""
    from ..digits.bank_draw import MISTAKE_SOURCE

    return [i for i, e in enumerate(exercises, start=1) if getattr(e, "source", "") == MISTAKE_SOURCE]


def honesty_note(lang: str, numbers: Sequence[int], total: int) -> str:
    """What the class is told about the kit's chosen mistakes (empty when there are none)."""
    return words_for(lang).macros("learning_round.j2").round_honesty(numbers=list(numbers), total=total) if numbers else ""


# --- geometry -------------------------------------------------------------------------


@dataclass(frozen=True)
class TallyLayout:
    """How a tally table is cut into bands (mm)."""

    cell_w: float
    per_band: int
    bands: int
    row_h: tuple[float, float, float]  # results, answers, true digits

    @property
    def height(self) -> float:
        return self.bands * sum(self.row_h) + (self.bands - 1) * BAND_GAP

    def __repr__(self) -> str:
        return f"TallyLayout({self.bands} band(s) of {self.per_band} cells of {self.cell_w:.1f} mm)"


def tally_layout(n_cells: int, width: float, *, digits_h: float = CLASS_DIGITS_H) -> TallyLayout:
    room = width - HEADER_W
    per_band = max(1, min(n_cells, int(room // MIN_CELL_W)))
    bands = -(-n_cells // per_band)
    per_band = -(-n_cells // bands)  # even bands read better than one long and one short
    cell_w = min(MAX_CELL_W, room / per_band)
    return TallyLayout(cell_w, per_band, bands, (RESULT_ROW_H, ROW_H, digits_h))


def tally_texts(tally: Tally, lang: str, *, filled: bool) -> list[tuple[str, str, str]]:
    """(result, answer, true digits) per cell: the card's own cells, in the card's words ("8 or less" first,
    "more than 19 / take away 8" last), so that a pupil finds on the tally exactly the table on their card."""
    cells = lookup_cells(tally.table, lang)
    return [(result, answer, " ".join(map(str, digits)) if filled else "")
            for (result, answer), digits in zip(cells, tally.digits, strict=True)]  # fmt: skip


def draw_tally(pen: Pen, tally: Tally, x: float, top: float, width: float, *, filled: bool,
               digits_h: float = CLASS_DIGITS_H) -> float:  # fmt: skip
    """Results / answers / true digits, wrapped into bands; returns the height used."""
    card = words_for(pen.lang).labels["cards"]  # the card's row names: the same table, the same words
    headers = (card["result"], card["answer"], words_for(pen.lang).section_file("tally.toml")["digits_row"])
    texts = tally_texts(tally, pen.lang, filled=filled)
    layout = tally_layout(len(texts), width, digits_h=digits_h)
    y = top
    for band in range(layout.bands):
        chunk = texts[band * layout.per_band : (band + 1) * layout.per_band]
        row_y = y
        for row, (header, h) in enumerate(zip(headers, layout.row_h)):
            row_y -= h
            head = Box(x, row_y, HEADER_W, h)
            pen.rect(head, fill=pen.palette.faint, width=0.3)
            pen.lines_in(head, header, 8.5, bold=True, max_lines=2)
            for i, cell_texts in enumerate(chunk):
                cell = Box(x + HEADER_W + i * layout.cell_w, row_y, layout.cell_w, h)
                pen.rect(cell, fill=white, width=0.3)
                if cell_texts[row]:
                    pen.lines_in(cell, cell_texts[row], 11 if row < 2 else 10, bold=row == 1, max_lines=3)
        y -= sum(layout.row_h) + BAND_GAP
    return layout.height


# --- blocks and pages ------------------------------------------------------------------

Block = tuple[float, Callable[[Pen, Box, float], None]]  # (height, draw at top)


def _measure(text: str, size: float, bold: bool) -> float:
    """Width in mm with the bundled fonts, before any page exists (a block's height is known up front)."""
    from reportlab.lib.units import mm

    from ..render.fonts import BOLD, REGULAR, register_fonts
    from ..render.page import text_width_pt

    register_fonts()
    return text_width_pt(text, BOLD if bold else REGULAR, size) / mm


def wrap_measured(text: str, size: float, width: float, *, bold: bool = False) -> list[str]:
    """Greedy wrap at ordinary spaces only (a no-break space never starts a line)."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and _measure(lines[-1] + " " + word, size, bold) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def paragraph_block(text: str, width: float, *, size: float = TEXT_SIZE, bold: bool = False, indent: float = 0.0,
                    number: str = "", gap: float = 1.2) -> Block:  # fmt: skip
    """Wrapped text (with an optional step number hanging in the margin)."""
    lines = wrap_measured(text, size, width - indent, bold=bold)
    leading = LEADING * size / TEXT_SIZE

    def draw(pen: Pen, box: Box, top: float) -> None:
        y = top - leading * 0.8
        if number:
            pen.text(box.x + indent - 1.5, y, number, size, bold=True, align="right")
        for line in lines:
            pen.text(box.x + indent, y, line, size, bold=bold)
            y -= leading

    return len(lines) * leading + gap, draw


def flow(blocks: Sequence[Block], height: float) -> list[list[Block]]:
    """Blocks stacked top to bottom, a new page when one does not fit."""
    pages: list[list[Block]] = [[]]
    used = 0.0
    for h, draw in blocks:
        if pages[-1] and used + h > height:
            pages.append([])
            used = 0.0
        pages[-1].append((h, draw))
        used += h
    return pages


def _draw_page(pen: Pen, box: Box, *, blocks: Sequence[Block]) -> None:
    y = box.top
    for h, draw in blocks:
        draw(pen, box, y)
        y -= h


def heading_block(text: str, size: float = 16.0) -> Block:
    def draw(pen: Pen, box: Box, top: float) -> None:
        pen.text(box.x, top - size * 0.42, text, size, bold=True, max_width=box.w)

    return size * 0.42 + 4.0, draw


def rule_blocks(lang: str, width: float) -> list[Block]:
    """The rule in a frame-less numbered list, as pupils follow it."""
    words = words_for(lang).section_file("tally.toml")
    blocks = [heading_block(words["rule_title"], 13.0)]
    for i, step in enumerate(rule_steps(lang), start=1):
        blocks.append(paragraph_block(step, width, indent=6.0, number=f"{i}."))
    return blocks


def _neuron_name(activity: Activity, name: str, lang: str) -> str:
    for o in activity.outputs:
        if o.name == name:
            return o.label(lang)
    return name


def _is_output(activity: Activity, name: str) -> bool:
    """English names output neurons "Green neuron" and hidden ones "Neuron A"."""
    return any(o.name == name for o in activity.outputs)


def tally_block(activity: Activity, tally: Tally, title: str, width: float, *, filled: bool, digits_h: float) -> Block:
    layout = tally_layout(len(tally.digits), width, digits_h=digits_h)

    def draw(pen: Pen, box: Box, top: float) -> None:
        pen.text(box.x, top - 5.5, title, 12, bold=True, max_width=box.w - 12)
        o = next((o for o in activity.outputs if o.name == tally.neuron), None)
        if o is not None:  # output neurons carry their colour (pattern in black and white)
            w = min(pen.width(title, 12, bold=True), box.w - 12)
            pen.swatch(Box(box.x + w + 2, top - 6.3, 6, 4.5), o.color, o.pattern)
        draw_tally(pen, tally, box.x, top - TITLE_H, width, filled=filled, digits_h=digits_h)

    return TITLE_H + layout.height + 4.0, draw


def class_pages(activity: Activity, tallies: Sequence[Tally], lang: str, content: Box) -> list:
    words = words_for(lang).section_file("tally.toml")
    say = words_for(lang).macros("learning_round.j2")
    blocks = [heading_block(words["document"]), paragraph_block(words["intro"], content.w, gap=3.0)]
    blocks += rule_blocks(lang, content.w)
    blocks.append((3.0, lambda pen, box, top: None))
    for t in tallies:
        title = say.round_tally_title(neuron=_neuron_name(activity, t.neuron, lang), threshold=t.threshold,
                                      output=_is_output(activity, t.neuron))
        blocks.append(tally_block(activity, t, title, content.w, filled=False, digits_h=CLASS_DIGITS_H))
    return [partial(_draw_page, blocks=p) for p in flow(blocks, content.h - 2)]


def _numbers(ids: Sequence[str], numbering: dict[str, int]) -> list[int]:
    return [numbering[i] for i in ids]


def move_sentence(activity: Activity, move: Move, numbering: dict[str, int], lang: str, *,
                  continued: bool = False) -> str:  # fmt: skip
    """One tried move, with its reason. `continued`: the class is still going down the same exercise's list of
    hidden neurons (rule step 3), which an earlier move may already have fixed: say so, not its old answer again."""
    c = move.confusion
    return words_for(lang).macros("learning_round.j2").round_move(
        number=numbering[c.exercise], truth=c.truth, answer=c.answer,
        right=_neuron_name(activity, c.right, lang),
        wrong=_neuron_name(activity, c.wrong, lang) if c.wrong else "",
        m=move, fixes=_numbers(move.fixes, numbering), breaks=_numbers(move.breaks, numbering), continued=continued,
    )  # fmt: skip


def key_pages(
    activity: Activity,
    traces: Sequence[Trace],
    learning: LearningRound,
    before: Sequence[Tally],
    moved: Sequence[tuple[Move, Tally]],
    after_answers: dict[str, Answer],
    lang: str,
    content: Box,
    max_moves: int,
    note: str = "",
) -> list:
    words = words_for(lang).section_file("tally.toml")
    say = words_for(lang).macros("learning_round.j2")
    numbering = {t.exercise_id: i for i, t in enumerate(traces, start=1)}
    w = content.w
    blocks = [heading_block(words["key_document"])]
    if note:  # the kit's chosen mistakes, said plainly
        blocks.append(paragraph_block(note, w, gap=3.0))
    blocks.append(paragraph_block(say.round_before(right=learning.before.right, total=learning.before.total), w,
                                  bold=True))  # fmt: skip
    if not learning.before.total:
        blocks.append(paragraph_block(say.round_no_labels(), w, indent=4.0))
    elif learning.confusions:
        for c in learning.confusions:
            blocks.append(paragraph_block(say.round_wrong(number=numbering[c.exercise], truth=c.truth,
                                                          answer=c.answer), w, indent=4.0))  # fmt: skip
    else:
        blocks.append(paragraph_block(say.round_all_right(), w, indent=4.0))
    blocks.append((2.0, lambda pen, box, top: None))
    if learning.tried:
        blocks.append(heading_block(words["moves_title"], 13.0))
        for i, move in enumerate(learning.tried, start=1):
            continued = i > 1 and learning.tried[i - 2].confusion.exercise == move.confusion.exercise
            sentence = move_sentence(activity, move, numbering, lang, continued=continued)
            blocks.append(paragraph_block(sentence, w, indent=6.0, number=f"{i}.", bold=move.kept))
        if len(learning.steps) >= max_moves or len(learning.tried) >= MAX_TRIES:
            blocks.append(paragraph_block(say.round_stop(moves=max_moves, tries=MAX_TRIES), w, indent=6.0))
    changes = [m for m in learning.steps]
    blocks.append(paragraph_block(say.round_after(right=learning.after.right, total=learning.after.total,
                                                  changes=changes), w, bold=True, gap=4.0))  # fmt: skip
    blocks.append(heading_block(words["tallies_title"], 13.0))
    for t in before:
        title = say.round_tally_title(neuron=_neuron_name(activity, t.neuron, lang), threshold=t.threshold,
                                      output=_is_output(activity, t.neuron))
        blocks.append(tally_block(activity, t, title, w, filled=True, digits_h=KEY_DIGITS_H))
    for number, (move, t) in enumerate(moved, start=1):
        title = say.round_moved_title(neuron=_neuron_name(activity, t.neuron, lang), number=number, old=move.old,
                                      new=move.new, output=_is_output(activity, t.neuron))  # fmt: skip
        blocks.append(tally_block(activity, t, title, w, filled=True, digits_h=KEY_DIGITS_H))
    blocks += exercise_blocks(traces, after_answers, numbering, lang)
    return [partial(_draw_page, blocks=p) for p in flow(blocks, content.h - 2)]


def exercise_blocks(traces: Sequence[Trace], after: dict[str, Answer], numbering: dict[str, int], lang: str):
    words = words_for(lang).section_file("tally.toml")
    key_words = words_for(lang).labels["key"]
    row_h = 6.5
    shares = (0.16, 0.16, 0.27, 0.07, 0.27, 0.07)

    def row(pen: Pen, box: Box, top: float, texts, *, bold: bool = False) -> None:
        x = box.x
        for share, text in zip(shares, texts):
            cell = Box(x, top - row_h, box.w * share, row_h)
            pen.rect(cell, fill=pen.palette.faint if bold else white, width=0.25)
            if text:
                pen.lines_in(cell, text, 9.5, bold=bold, max_lines=1)
            x += box.w * share

    def header(pen: Pen, box: Box, top: float) -> None:
        pen.text(box.x, top - 6, words["exercises_title"], 13, bold=True)
        row(pen, box, top - 9, (words["exercise"], words["true_digit"], words["answer_before"], "",
                                words["answer_after"], ""), bold=True)  # fmt: skip

    def mark(trace: Trace, answer: Answer) -> str:
        if trace.label is None:
            return key_words["unknown"]
        right = answer.kind == "digit" and answer.digits == (trace.label,)
        return key_words["right"] if right else key_words["wrong"]

    def answer_short(answer: Answer) -> str:
        return words_for(lang).printables.answer_short(kind=answer.kind, digits=list(answer.digits))

    rows = []
    for t in traces:
        a = after.get(t.exercise_id, t.answer)
        rows.append((str(numbering[t.exercise_id]), "" if t.label is None else str(t.label), answer_short(t.answer),
                     mark(t, t.answer), answer_short(a), mark(t, a)))  # fmt: skip

    def header_and_first_rows(pen: Pen, box: Box, top: float, first) -> None:
        header(pen, box, top)
        for k, texts in enumerate(first):
            row(pen, box, top - 9 - row_h - k * row_h, texts)

    # The title and header never end a page alone: they go with the first rows; a table that
    # fits in half a page (a group's exercises) stays whole, never split over two pages.
    together = rows if len(rows) <= WHOLE_TABLE_ROWS else rows[:2]
    blocks: list[Block] = [(9 + row_h * (1 + len(together)), partial(header_and_first_rows, first=together))]
    for texts in rows[len(together):]:
        blocks.append((row_h, partial(lambda pen, box, top, texts: row(pen, box, top, texts), texts=texts)))
    return blocks


# --- the files -------------------------------------------------------------------------


def _pdf(pages: list, activity: Activity, document: str, *, lang: str, paper: str, color: bool, label: str) -> bytes:
    footer = make_footer(lang, activity=activity.name, document=document, label=label)
    return render_pages(pages, paper=paper, color=color, lang=lang, words=words_for(lang).labels, footer=footer)


def tally_tables(activity: Activity, traces: Sequence[Trace]) -> dict[str, LookupTable]:
    """The cards' own tables, so a pupil's tally reads like the card in their hand.

    A card that says its rule in words keeps only its two ends ("1 or less",
    "more than 1: take away 1"), and so does its tally: two cells, which give
    nothing away and hold every result (listing the kit's results between
    them would print this kit's answers on a pupil's sheet).
    """
    from ..card_tables import card_tables

    return card_tables(activity, traces)


def tally_files(
    activity: Activity,
    exercises: Sequence,
    traces: Sequence[Trace],
    *,
    lang: str,
    paper: str,
    color: bool,
    label: str = "",
    max_moves: int = MAX_MOVES,
) -> dict[str, bytes]:
    """tally.pdf (blank), tally_key.pdf (the round on the kit's exercises) and learning.json.

    `exercises` are the kit's (the traces are theirs, in the same order); a
    class kit calls this once per group with the group's label.
    """
    if len(exercises) != len(traces):
        raise ValueError(f"{len(exercises)} exercises but {len(traces)} traces")
    learning = class_learning_round(activity, traces, max_moves=max_moves)
    tables = tally_tables(activity, traces)
    before, moved = round_tallies(tables, traces, learning)
    blank = [Tally(t.neuron, t.table, tuple(() for _ in t.digits)) for t in before]
    content = PageGeometry.of(paper).content
    words = words_for(lang).section_file("tally.toml")
    style = {"lang": lang, "paper": paper, "color": color, "label": label}
    after = answers_after(activity, traces, learning)
    return {
        "tally.pdf": _pdf(class_pages(activity, blank, lang, content), activity, words["document"], **style),
        "tally_key.pdf": _pdf(key_pages(activity, traces, learning, before, moved, after, lang, content, max_moves,
                                        honesty_note(lang, mistake_numbers(exercises), len(exercises))),
                              activity, words["key_document"], **style),  # fmt: skip
        "learning.json": learning.json_bytes(),
    }
