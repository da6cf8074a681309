"""Role cards: one per neuron, two to a page, with cut marks.

Laid out like the seed's "Rôle du neurone F": 1 the calculation (emoji for
hidden neurons, neuron names for output neurons), 2 the lookup table
"Résultat du calcul → Réponse à montrer" ("8 ou moins → 0", 9 → 1, …, "plus de
20 → enlève 8"), set at one size on every card and cut into as many bands as
the card holds (or, for a table too long, the rule in words), and on output
cards 3 what to say either way, at the bottom of the card. Output neurons'
cards carry their colour, and in black and white their pattern and colour
word. The tables are computed in generator/card_tables.py; this module only
lays them out (card_layout says where each part goes; tests check it).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Mapping, Sequence

from reportlab.lib.colors import black, white

from ..activity import Activity, HiddenNeuron, OutputNeuron
from ..card_tables import card_tables  # also the older import path (documents.cards.card_tables)
from ..network import LookupTable, Trace
from ..numbers import MINUS, format_number
from ..render.formula import Piece, calculation, draw_formula, formula_width
from ..render.page import Box, CardGrid, PageGeometry, Pen, document_pdf
from ..render.tables import draw_lookup_table, lookup_layout, threshold_words
from ..words import words_for


def _step_heading(pen: Pen, x: float, y: float, number: int, text: str, size: float, width: float) -> None:
    """A step number in a disc, then the instruction in capitals."""
    radius = size * 0.36 / 2.8346 * 1.5
    c = pen.canvas
    c.setFillColor(black)
    c.circle((x + radius) * 2.8346, (y + size / 2.8346 * 0.33) * 2.8346, radius * 2.8346, stroke=0, fill=1)
    pen.text(x + radius, y, str(number), size, bold=True, align="center", color=white)
    pen.text(x + 2 * radius + 2.5, y, text, size, bold=True, max_width=width - 2 * radius - 3)


@dataclass(frozen=True)
class CardLayout:
    """Where each part of a card goes (mm): tests check every text stays in its frame."""

    inner: Box
    step1: float  # baselines of the step headings
    formula: Box
    step2: float
    table: Box
    rule: Box | None  # the rule in words under a table that keeps only its two ends
    step3: Box | None  # output cards: what to say, beside the step's disc
    room: float = 0.0  # height between the second step and the bottom (or the third step)
    tip: Box | None = None  # under the table: what to do when the minus terms are larger (no negative numbers)
    tip_size: float = 0.0

    @property
    def fits(self) -> bool:
        lowest = self.rule.y if self.rule is not None else self.table.y
        return lowest >= self.table.top - self.room - 1e-6

    def __repr__(self) -> str:
        return f"CardLayout(table {self.table.w:.0f}×{self.table.h:.0f} mm, step 3 {'yes' if self.step3 else 'no'})"


# Every card sets its table at the same size, whatever its length (card_tables.MAX_CELLS fits).
TABLE_SIZE = 18.0
CELL_H = 8.5
BAND_GAP = 2.5
STEP_SIZE = 14.0
SAYS_SIZE = 14.0
TIP_SIZES = (SAYS_SIZE, 12.0, 11.0)  # the tip is written without digits ("zéro"), so it may be smaller than 14 pt
HEADER_W = 27.0
FORMULA_SIZE = 26.0
TITLE_H = 16.0
STEP_H = 9.0
PT = 2.8346  # points per mm


def card_layout(pen: Pen, box: Box, *, activity: Activity, neuron: HiddenNeuron | OutputNeuron,
                table: LookupTable) -> CardLayout:  # fmt: skip
    """The card's parts from the top down; the last step sits at the bottom of the card."""
    is_output = isinstance(neuron, OutputNeuron)
    inner = box.inset(6, 5)
    lines = formula_lines(pen, calculation(activity, neuron, pen.lang), FORMULA_SIZE, inner.w - 10)
    formula_h = 16.0 if len(lines) == 1 else 25.0
    y = inner.top - TITLE_H - 3 - 6.5
    step1 = y
    y -= STEP_H - 6.5
    formula = Box(inner.x, y - formula_h, inner.w, formula_h)
    y -= formula_h + 6.5
    step2 = y
    y -= STEP_H - 6.5 + 1
    step3 = Box(inner.x, inner.y, inner.w, 2 * SAYS_SIZE * 1.15 / PT + 1) if is_output else None
    bottom = step3.top + 2 if step3 else inner.y
    layout = lookup_layout(pen, table, inner.w, size=TABLE_SIZE, cell_h=CELL_H, header_w=HEADER_W, band_gap=BAND_GAP)
    rule = None
    if table.rule_only:
        rule = Box(inner.x, y - layout.height - 15, inner.w, 13)
    table_box = Box(inner.x, y - layout.height, layout.width, layout.height)
    # Sums with minus terms can go below 0, which 9-year-olds may not have met: the tip
    # says the answer without them (true whenever the threshold is 0 or more), where it fits.
    tip, tip_size = None, 0.0
    if any(w < 0 for w in neuron.weights) and neuron.threshold >= 0:
        under = rule.y if rule is not None else table_box.y
        floor = step3.top + 0.5 if step3 else inner.y  # step 3's words start a little under its box's top
        text = words_for(pen.lang).labels["cards"]["tip_minus"]
        # The largest size that fits between the table and the bottom (or step 3), with air if there is room.
        fits = ((size, gap) for size in TIP_SIZES for gap in (3.0, 1.2))
        for size, gap in fits:
            tip_h = min(len(pen.wrap(text, size, inner.w - 2)), 2) * size * 1.15 / PT + 1
            if under - gap - tip_h >= floor:
                tip, tip_size = Box(inner.x, under - gap - tip_h, inner.w, tip_h), size
                break
    return CardLayout(inner, step1, formula, step2, table_box, rule, step3, room=y - bottom, tip=tip,
                      tip_size=tip_size)  # fmt: skip


def draw_card(pen: Pen, box: Box, *, activity: Activity, neuron: HiddenNeuron | OutputNeuron, table: LookupTable) -> None:
    words = words_for(pen.lang).labels["cards"]
    say = words_for(pen.lang).printables
    is_output = isinstance(neuron, OutputNeuron)
    layout = card_layout(pen, box, activity=activity, neuron=neuron, table=table)
    if not layout.fits:
        # card_tables.MAX_CELLS keeps tables within every card; an odd table still never
        # overlaps the last step: the card then says its rule in words.
        table = LookupTable(table.neuron, table.threshold, table.cells[:1], table.step, open_above=True)
        layout = card_layout(pen, box, activity=activity, neuron=neuron, table=table)
    inner = layout.inner
    name = neuron.label(pen.lang) if is_output else neuron.name

    def head() -> None:
        """Everything above the table: the same for this neuron whatever the exercises."""
        pen.rect(box, stroke=pen.palette.rule, width=0.25, dash=(1.5, 1.5))  # the cutting line
        # Title, and for output neurons their colour (pattern in black and white) and digit.
        if is_output:
            mark = Box(inner.right - 34, inner.top - TITLE_H, 34, TITLE_H)
            pen.swatch(mark, neuron.color, neuron.pattern)
            label = Box(mark.x + 3, mark.y + 3.5, mark.w - 6, mark.h - 7)
            pen.rect(label, fill=white, stroke=black, width=0.3, radius=1.5)
            pen.lines_in(label, name, 13, bold=True, max_lines=1)
            pen.rect(box.inset(1.2), stroke=pen.palette(neuron.color), width=1.4)
        kind = words["output_kind"] if is_output else words["hidden_kind"]
        title_w = inner.w - (38 if is_output else 0)
        pen.text(inner.x, inner.top - 10, say.role_title(name=name, output=is_output), 24, bold=True,
                 max_width=title_w)  # fmt: skip
        pen.text(inner.x, inner.top - 15.5, kind, 10, color=pen.palette.rule)
        pieces = calculation(activity, neuron, pen.lang)
        lines = formula_lines(pen, pieces, FORMULA_SIZE, inner.w - 10)
        _step_heading(pen, inner.x, layout.step1, 1, words["step_calculate"], STEP_SIZE, inner.w)
        f = layout.formula
        if len(lines) == 1:
            draw_formula(pen, pieces, inner.cx, f.y + 6, FORMULA_SIZE, max_width=inner.w - 10)
        else:
            # A long calculation (a trained network's decimal weights) goes on two lines, same size.
            size = min(FORMULA_SIZE * (inner.w - 10) / max(formula_width(pen, line, FORMULA_SIZE) for line in lines),
                       22)  # fmt: skip
            for i, line in enumerate(lines):
                draw_formula(pen, line, inner.cx, f.top - 8 - i * 11.5, size, max_width=inner.w - 10)
        _step_heading(pen, inner.x, layout.step2, 2, words["step_lookup"], STEP_SIZE, inner.w)

    # A class set prints each neuron's card once a group, in the same place: one form per PDF.
    pen.once(("card head", id(activity), neuron.name, box, layout.step1, layout.step2, layout.formula),
             box.inset(-1), head)  # fmt: skip
    headers = (words["result"], words["answer"])
    draw_lookup_table(pen, table, inner.x, layout.table.top, inner.w, headers=headers, size=TABLE_SIZE,
                      cell_h=CELL_H, header_w=HEADER_W, band_gap=BAND_GAP)  # fmt: skip
    if layout.rule is not None:
        amount, sign = threshold_words(table.threshold, pen.lang)
        sentence = say.table_rule(format_number(table.threshold, pen.lang), amount, sign)
        pen.lines_in(layout.rule, sentence, SAYS_SIZE, max_lines=2, align="left")
    if layout.tip is not None:
        pen.lines_in(layout.tip, words["tip_minus"], layout.tip_size, max_lines=2, align="left")
    if layout.step3 is not None:
        _says_step(pen, layout.step3, 3, say.output_says(digit=neuron.digit))


def _says_step(pen: Pen, box: Box, number: int, text: str) -> None:
    """The last step: its disc at the top left, the sentence on up to two lines beside it."""
    radius = STEP_SIZE * 0.36 / PT * 1.5
    first = box.top - 1 - SAYS_SIZE / PT * 0.8  # the first line's baseline
    c = pen.canvas
    c.setFillColor(black)
    c.circle((box.x + radius) * PT, (first + STEP_SIZE / PT * 0.33) * PT, radius * PT, stroke=0, fill=1)
    pen.text(box.x + radius, first, str(number), STEP_SIZE, bold=True, align="center", color=white)
    text_box = Box(box.x + 2 * radius + 1.5, box.y, box.w - 2 * radius - 1.5, box.h)
    pen.lines_in(text_box, text, SAYS_SIZE, bold=True, max_lines=2, align="left")


def formula_lines(pen: Pen, pieces: list[Piece], size: float, width: float) -> list[list[Piece]]:
    """The calculation on one line, or two split at a + or − when one line would shrink below 75 %."""
    if formula_width(pen, pieces, size) * 0.75 <= width:
        return [pieces]
    signs = [i for i, p in enumerate(pieces) if i and p.text.strip() in ("+", MINUS)]
    if not signs:
        return [pieces]
    half = formula_width(pen, pieces, size) / 2
    cut = min(signs, key=lambda i: abs(formula_width(pen, pieces[:i], size) - half))
    return [pieces[:cut], pieces[cut:]]




def card_grid(paper: str) -> CardGrid:
    return CardGrid(PageGeometry.of(paper), cols=1, rows=2)


def card_pages(activity: Activity, tables: Mapping[str, LookupTable], paper: str) -> list:
    grid = card_grid(paper)
    neurons = [*activity.hidden, *activity.outputs]
    pages = []
    for start in range(0, len(neurons), grid.per_page):
        chunk = neurons[start : start + grid.per_page]
        pages.append(partial(_draw_card_page, activity=activity, neurons=chunk, tables=tables, grid=grid))
    return pages


def _draw_card_page(pen: Pen, box: Box, *, activity, neurons, tables, grid: CardGrid) -> None:
    for slot, neuron in zip(grid.slots(), neurons):
        draw_card(pen, slot, activity=activity, neuron=neuron, table=tables[neuron.name])
    pen.cut_marks(grid)


def cards_pdf(
    activity: Activity,
    traces: Sequence[Trace],
    *,
    lang: str,
    paper: str,
    color: bool,
    label: str = "",
    tables: Mapping[str, LookupTable] | None = None,
) -> bytes:
    """Every neuron's role card; tables cover every result in `traces` (or are given)."""
    tables = dict(tables) if tables is not None else card_tables(activity, traces)
    return document_pdf(card_pages(activity, tables, paper), "cards", activity=activity.name, lang=lang,
                        paper=paper, color=color, label=label)  # fmt: skip
