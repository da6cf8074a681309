"""Tally sheets for unplugged learning, as in the seed's learning slides.

Each neuron gets its lookup table with a third row: under the result it
computed for an example, the pupil writes that example's true digit. The
class version leaves that row blank; the key fills it, before learning on
the left and after on the right, then lists the threshold moves and every
exercise's answer before and after. Numbers come from learning.Tally and
Trace objects; this module only lays them out.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, partial
from typing import Sequence

from reportlab.lib.colors import white

from ..activity import Activity
from ..learning import Tally, ThresholdStep
from ..network import Trace
from ..numbers import format_number
from ..render.page import Box, Pen, make_footer, render_pages
from ..render.phrases import phrases, words_of
from ..text import environment

LESS_OR_EQUAL = "\u2264"
TITLE_H = 9.0
HEADER_W = 30.0
MAX_CELL_W = 13.0
MIN_CELL_W = 7.5


@cache
def learning_phrases(lang: str):
    """The macros of layouts/<lang>/learning.j2, each returning one line of text."""
    module = environment(lang).get_template("learning.j2").module

    class Phrases:
        def __getattr__(self, name):
            macro = getattr(module, name)
            return lambda *a, **k: " ".join(str(macro(*a, **k)).split())

    return Phrases()


@dataclass(frozen=True)
class TallyLayout:
    """How a tally table is cut into bands (mm)."""

    cell_w: float
    per_band: int
    bands: int
    row_h: tuple[float, float, float]  # results, outputs, digits
    gap: float = 3.0

    @property
    def height(self) -> float:
        return self.bands * sum(self.row_h) + (self.bands - 1) * self.gap

    def __repr__(self) -> str:
        return f"TallyLayout({self.bands} band(s) of {self.per_band} cells of {self.cell_w:.1f} mm)"


def tally_layout(n_cells: int, width: float, *, digits_h: float = 15.0, row_h: float = 8.0) -> TallyLayout:
    room = width - HEADER_W
    per_band = max(1, min(n_cells, int(room // MIN_CELL_W)))
    bands = -(-n_cells // per_band)
    per_band = -(-n_cells // bands)  # even bands
    cell_w = min(MAX_CELL_W, room / per_band)
    return TallyLayout(cell_w, per_band, bands, (row_h, row_h, digits_h))


def tally_texts(tally: Tally, lang: str, *, filled: bool) -> list[tuple[str, str, str]]:
    texts = []
    for i, ((result, output), digits) in enumerate(zip(tally.table.cells, tally.digits)):
        shown = format_number(result, lang)
        if i == 0:
            shown = f"{LESS_OR_EQUAL} {shown}"
        texts.append((shown, format_number(output, lang), " ".join(map(str, digits)) if filled else ""))
    return texts


def draw_tally(pen: Pen, tally: Tally, x: float, top: float, width: float, *, filled: bool,
               digits_h: float = 15.0) -> float:  # fmt: skip
    """Results / outputs / true digits rows, wrapped into bands; returns the height used."""
    grids = words_of(pen.lang)["grids"]
    headers = (grids["result"], grids["output"], learning_phrases(pen.lang).tally_digits_row())
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
                text = cell_texts[row]
                if text:
                    pen.lines_in(cell, text, 10 if row < 2 else 11, bold=row > 0, max_lines=4)
        y -= sum(layout.row_h) + layout.gap
    return layout.height


def _title(pen: Pen, activity: Activity, neuron: str, text: str, x: float, y: float, width: float) -> None:
    pen.text(x, y, text, 12.5, bold=True, max_width=width)
    try:
        o = next(o for o in activity.outputs if o.name == neuron)
    except StopIteration:
        return
    w = pen.width(text, 12.5, bold=True)
    pen.swatch(Box(x + min(w, width) + 2, y - 0.8, 6, 4.5), o.color, o.pattern)


def _neuron_title(activity: Activity, name: str, lang: str) -> str:
    for o in activity.outputs:
        if o.name == name:
            return o.label(lang)
    return name


# --- pages -----------------------------------------------------------------------


def _flow(blocks: Sequence[tuple[float, callable]], height: float) -> list[list[tuple[float, callable]]]:
    """Blocks (height, draw) stacked top to bottom, a new page when one does not fit."""
    pages: list[list] = [[]]
    used = 0.0
    for h, draw in blocks:
        if pages[-1] and used + h > height:
            pages.append([])
            used = 0.0
        pages[-1].append((h, draw))
        used += h
    return pages


def _page(pen: Pen, box: Box, *, blocks, heading: str | None, intro: str | None = None) -> None:
    y = box.top
    if heading:
        y -= 7
        pen.text(box.x, y, heading, 16, bold=True, max_width=box.w)
        y -= 5
    if intro:
        pen.lines_in(Box(box.x, y - 8, box.w, 8), intro, 11, align="left", max_lines=2)
        y -= 9
    for h, draw in blocks:
        draw(pen, box, y)
        y -= h


def class_pages(activity: Activity, tallies: Sequence[Tally], lang: str, height: float, width: float) -> list:
    say = learning_phrases(lang)

    def block(tally: Tally):
        layout = tally_layout(len(tally.table.cells), width)
        h = TITLE_H + layout.height + 6

        def draw(pen: Pen, box: Box, top: float) -> None:
            title = say.tally_title(neuron=_neuron_title(activity, tally.neuron, pen.lang))
            _title(pen, activity, tally.neuron, title, box.x, top - 6, box.w - 10)
            draw_tally(pen, tally, box.x, top - TITLE_H, box.w, filled=False)

        return h, draw

    pages = _flow([block(t) for t in tallies], height - 21)
    return [partial(_page, blocks=p, heading=say.tally_document(), intro=say.tally_intro()) for p in pages]


def key_pages(
    activity: Activity,
    before: Sequence[Tally],
    after: Sequence[Tally],
    after_activity: Activity,
    steps: Sequence[ThresholdStep],
    traces_before: Sequence[Trace],
    traces_after: Sequence[Trace],
    lang: str,
    height: float,
    width: float,
) -> list:
    say = learning_phrases(lang)
    half = (width - 6) / 2

    def block(b: Tally, a: Tally):
        h = TITLE_H + 5 + max(tally_layout(len(b.table.cells), half).height,
                              tally_layout(len(a.table.cells), half).height) + 7  # fmt: skip

        def draw(pen: Pen, box: Box, top: float) -> None:
            name = _neuron_title(activity, b.neuron, pen.lang)
            _title(pen, activity, b.neuron, say.tally_key_title(neuron=name), box.x, top - 6, box.w * 0.6)
            threshold = say.tally_threshold(before=b.table.threshold, after=a.table.threshold)
            pen.text(box.right, top - 6, threshold, 10.5, align="right", bold=b.table.threshold != a.table.threshold)
            for x, tally, label in ((box.x, b, say.before()), (box.x + half + 6, a, say.after())):
                pen.text(x, top - TITLE_H - 3, label, 9.5, bold=True, color=pen.palette.rule)
                draw_tally(pen, tally, x, top - TITLE_H - 5, half, filled=True, digits_h=13.0)

        return h, draw

    blocks = [_summary_block(steps, traces_before, traces_after, lang, width)]
    blocks += [block(b, a) for b, a in zip(before, after)]
    blocks += _exercise_blocks(traces_before, traces_after, lang)
    pages = _flow(blocks, height - 12)
    return [partial(_page, blocks=p, heading=say.tally_key_document() if i == 0 else None)
            for i, p in enumerate(pages)]  # fmt: skip


def _summary_block(steps, traces_before, traces_after, lang: str, width: float):
    say = learning_phrases(lang)
    right_before = sum(1 for t in traces_before if t.correct)
    right_after = sum(1 for t in traces_after if t.correct)
    known = sum(1 for t in traces_before if t.label is not None)
    lines = [say.tally_key_intro(before=right_before, after=right_after, total=known)]
    if steps is not None:  # None: the "after" network was trained by gradient, not by the class
        lines += [say.tally_moves_title()] + ([f"• {say.step(s)}" for s in steps] or [say.no_moves()])
    line_h = 4.6
    estimated = sum(1 + len(line) * 1.9 // width for line in lines)  # rough, at 9.5 pt

    def draw(pen: Pen, box: Box, top: float) -> None:
        y = top - 5
        for i, line in enumerate(lines):
            for part in pen.wrap(line, 9.5, box.w - 4):
                pen.text(box.x + (0 if i < 2 else 2), y, part, 9.5, bold=i == 1)
                y -= line_h
            y -= 1

    return estimated * line_h + len(lines) + 8, draw


def _exercise_blocks(traces_before: Sequence[Trace], traces_after: Sequence[Trace], lang: str):
    say = learning_phrases(lang)
    key_words = words_of(lang)["key"]
    row_h = 6.0
    blocks = []

    def header(pen: Pen, box: Box, top: float) -> None:
        pen.text(box.x, top - 6, say.exercises_title(), 12.5, bold=True)
        _row(pen, box, top - 9, (key_words["exercise"], key_words["true_digit"], say.answer_before(), "",
                                 say.answer_after(), ""), bold=True)  # fmt: skip

    blocks.append((9 + row_h, header))
    for b, a in zip(traces_before, traces_after):
        def draw(pen: Pen, box: Box, top: float, b=b, a=a) -> None:
            texts = (b.exercise_id, "" if b.label is None else str(b.label), _answer(pen, b), _mark(pen, b),
                     _answer(pen, a), _mark(pen, a))  # fmt: skip
            _row(pen, box, top, texts)

        blocks.append((row_h, draw))
    return blocks


def _row(pen: Pen, box: Box, top: float, texts, *, bold: bool = False) -> None:
    shares = (0.26, 0.12, 0.22, 0.09, 0.22, 0.09)
    x = box.x
    for share, text in zip(shares, texts):
        cell = Box(x, top - 6.0, box.w * share, 6.0)
        pen.rect(cell, fill=pen.palette.faint if bold else white, width=0.25)
        if text:
            pen.lines_in(cell, text, 9, bold=bold, max_lines=1)
        x += box.w * share


def _answer(pen: Pen, trace: Trace) -> str:
    return phrases(pen.lang).answer_short(kind=trace.answer.kind, digits=list(trace.answer.digits))


def _mark(pen: Pen, trace: Trace) -> str:
    words = words_of(pen.lang)["key"]
    if trace.correct is None:
        return words["unknown"]
    return words["right"] if trace.correct else words["wrong"]


def tally_pdf(activity: Activity, tallies: Sequence[Tally], *, lang: str, paper: str, color: bool,
              label: str = "") -> bytes:  # fmt: skip
    """The class's tally sheets: every neuron's table with a blank row for true digits."""
    from ..render.page import PageGeometry

    content = PageGeometry.of(paper).content
    footer = make_footer(lang, activity=activity.name, document=learning_phrases(lang).tally_document(), label=label)
    pages = class_pages(activity, tallies, lang, content.h, content.w)
    return render_pages(pages, paper=paper, color=color, lang=lang, words=words_of(lang), footer=footer)


def tally_key_pdf(
    activity: Activity,
    before: Sequence[Tally],
    after: Sequence[Tally],
    after_activity: Activity,
    steps: Sequence[ThresholdStep],
    traces_before: Sequence[Trace],
    traces_after: Sequence[Trace],
    *,
    lang: str,
    paper: str,
    color: bool,
    label: str = "",
) -> bytes:
    """The teacher's tally key: filled tallies before and after learning, side by side."""
    from ..render.page import PageGeometry

    content = PageGeometry.of(paper).content
    say = learning_phrases(lang)
    footer = make_footer(lang, activity=activity.name, document=say.tally_key_document(), label=label)
    pages = key_pages(activity, before, after, after_activity, steps, traces_before, traces_after, lang,
                      content.h, content.w)  # fmt: skip
    return render_pages(pages, paper=paper, color=color, lang=lang, words=words_of(lang), footer=footer)
