"""Role cards: one per neuron, two to a page, with cut marks.

Laid out like the seed's "Rôle du neurone F": 1 the calculation (emoji for
hidden neurons, neuron names for output neurons), 2 the lookup table
"Résultat du calcul → Réponse à montrer". Output neurons' cards carry their
colour, and in black and white their pattern and colour word. The tables are
computed in generator/card_tables.py; this module only lays them out.
"""

from __future__ import annotations

from functools import partial
from typing import Mapping, Sequence

from reportlab.lib.colors import black, white

from ..activity import Activity, HiddenNeuron, OutputNeuron
from ..card_tables import card_tables  # also the older import path (documents.cards.card_tables)
from ..network import LookupTable, Trace
from ..numbers import MINUS
from ..render.formula import Piece, calculation, draw_formula, formula_width
from ..render.page import Box, CardGrid, PageGeometry, Pen, document_pdf
from ..render.phrases import phrases, words_of
from ..render.tables import draw_lookup_table, lookup_layout


def _step_heading(pen: Pen, x: float, y: float, number: int, text: str, size: float, width: float) -> None:
    """A step number in a disc, then the instruction in capitals."""
    radius = size * 0.36 / 2.8346 * 1.5
    c = pen.canvas
    c.setFillColor(black)
    c.circle((x + radius) * 2.8346, (y + size / 2.8346 * 0.33) * 2.8346, radius * 2.8346, stroke=0, fill=1)
    pen.text(x + radius, y, str(number), size, bold=True, align="center", color=white)
    pen.text(x + 2 * radius + 2.5, y, text, size, bold=True, max_width=width - 2 * radius - 3)


def draw_card(pen: Pen, box: Box, *, activity: Activity, neuron: HiddenNeuron | OutputNeuron, table: LookupTable) -> None:
    words = words_of(pen.lang)["cards"]
    say = phrases(pen.lang)
    is_output = isinstance(neuron, OutputNeuron)
    inner = box.inset(6, 5)
    name = neuron.label(pen.lang) if is_output else neuron.name

    # How tall the table will be decides the room left for the steps.
    title_h = 16
    steps = 3 if is_output else 2
    step_h = 9.0
    pieces = calculation(activity, neuron, pen.lang)
    lines = formula_lines(pen, pieces, FORMULA_SIZE, inner.w - 10)
    formula_h = 19.0 if len(lines) == 1 else 27.0
    room = inner.h - title_h - 3 - steps * step_h - formula_h - 2
    size, cell_h = table_size(pen, table, inner.w, room)
    if len(lines) > 1:
        # A long calculation (a trained network's decimal weights) goes on two lines, same size.
        size = min(FORMULA_SIZE * (inner.w - 10) / max(formula_width(pen, line, FORMULA_SIZE) for line in lines), 22)
    first_step = inner.top - title_h - 3 - 6.5
    second_step = first_step - (step_h - 6.5) - (formula_h + 6.5)

    def head() -> None:
        """Everything above the table: the same for this neuron whatever the exercises."""
        pen.rect(box, stroke=pen.palette.rule, width=0.25, dash=(1.5, 1.5))  # the cutting line
        # Title, and for output neurons their colour (pattern in black and white) and digit.
        if is_output:
            mark = Box(inner.right - 34, inner.top - title_h, 34, title_h)
            pen.swatch(mark, neuron.color, neuron.pattern)
            label = Box(mark.x + 3, mark.y + 3.5, mark.w - 6, mark.h - 7)
            pen.rect(label, fill=white, stroke=black, width=0.3, radius=1.5)
            pen.lines_in(label, name, 13, bold=True, max_lines=1)
            pen.rect(box.inset(1.2), stroke=pen.palette(neuron.color), width=1.4)
        kind = words["output_kind"] if is_output else words["hidden_kind"]
        title_w = inner.w - (38 if is_output else 0)
        pen.text(inner.x, inner.top - 10, say.role_title(name=name, output=is_output), 24, bold=True, max_width=title_w)
        pen.text(inner.x, inner.top - 15.5, kind, 10, color=pen.palette.rule)
        _step_heading(pen, inner.x, first_step, 1, words["step_calculate"], 14, inner.w)
        y = first_step - (step_h - 6.5)
        if len(lines) == 1:
            draw_formula(pen, pieces, inner.cx, y - formula_h + 6, FORMULA_SIZE, max_width=inner.w - 10)
        else:
            for i, line in enumerate(lines):
                draw_formula(pen, line, inner.cx, y - 9 - i * 12, size, max_width=inner.w - 10)
        _step_heading(pen, inner.x, second_step, 2, words["step_lookup"], 14, inner.w)

    # A class set prints each neuron's card once a group, in the same place: one form per PDF.
    pen.once(("card head", id(activity), neuron.name, box), box.inset(-1), head)
    y = second_step - (step_h - 6.5)
    headers = (words["result"], words["answer"])
    used = draw_lookup_table(
        pen, table, inner.x, y - 1, inner.w, headers=headers, size=size, cell_h=cell_h, max_per_row=MAX_PER_ROW
    )
    if is_output:
        y -= used + 1 + 7.5
        _step_heading(pen, inner.x, y, 3, say.output_says(digit=neuron.digit), 14, inner.w)


FORMULA_SIZE = 28.0


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


MAX_PER_ROW = 16
TABLE_SIZES = (24.0, 22.0, 20.0, 18.0, 16.0, 14.5, 13.0, 12.0, 11.0, 10.0)


_TABLE_SIZES: dict[tuple, tuple[float, float]] = {}


def table_size(pen: Pen, table: LookupTable, width: float, room: float) -> tuple[float, float]:
    """(font size, cell height): the largest digits that fit; fewer bands only at nearly the same size."""
    # Ten layouts per card, and a class set draws each card twice (its file and the bundle).
    key = (table, pen.lang, pen.fonts.regular, pen.fonts.bold, width, room)
    found = _TABLE_SIZES.get(key)
    if found is None:
        if len(_TABLE_SIZES) > 10_000:  # bounded, for long-lived processes
            _TABLE_SIZES.clear()
        found = _TABLE_SIZES[key] = _table_size(pen, table, width, room)
    return found


def _table_size(pen: Pen, table: LookupTable, width: float, room: float) -> tuple[float, float]:
    layouts = [
        (size, size * 0.6, lookup_layout(pen, table, width, size=size, cell_h=size * 0.6, max_per_row=MAX_PER_ROW))
        for size in TABLE_SIZES
    ]
    fitting = [item for item in layouts if item[2].height <= room] or layouts[-1:]
    largest = fitting[0][0]
    close = [item for item in fitting if item[0] >= largest * 0.85]
    fewest = min(layout.bands for _, _, layout in close)
    size, cell_h, _ = next(item for item in close if item[2].bands == fewest)
    return size, cell_h


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
