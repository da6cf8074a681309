"""Tables pupils read and fill in: the lookup table of a role card and the
class recording table ("Résultat du calcul | Sortie du neurone").

Each function draws at (x, top) within a width in mm and returns the height it
used, so callers stack blocks without knowing what is inside. Numbers arrive
as LookupTable / Trace values and are only formatted here, never computed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from reportlab.lib.colors import black, white

from ..network import LookupTable
from ..numbers import format_number
from ..words import words_for
from .page import Box, Pen



@dataclass(frozen=True)
class LookupLayout:
    """How a lookup table is cut into bands of cells (pure geometry, mm).

    `widths` has one entry per cell: number cells share one width, the first
    ("8 or less") and the open last cell ("more than 20 / take away 8") are as
    wide as their words. `bands` are (start, stop) cell indices.
    """

    header_w: float
    cell_h: float
    widths: tuple[float, ...]
    bands: tuple[tuple[int, int], ...]
    band_gap: float

    @property
    def height(self) -> float:
        return len(self.bands) * 2 * self.cell_h + (len(self.bands) - 1) * self.band_gap

    @property
    def width(self) -> float:
        return self.header_w + max(sum(self.widths[a:b]) for a, b in self.bands)

    def __repr__(self) -> str:
        return f"LookupLayout({len(self.widths)} cells in {len(self.bands)} band(s), {self.height:.0f} mm high)"


def lookup_cells(table: LookupTable, lang: str) -> list[tuple[str, str]]:
    """(result, output) texts: "8 or less" / 0 first, then every result, then the open cell in words."""
    return list(_lookup_cells(table, lang))


@lru_cache(maxsize=1024)
def _lookup_cells(table: LookupTable, lang: str) -> tuple[tuple[str, str], ...]:
    # A card measures its table, then draws it: format the numbers once.
    say = words_for(lang).printables
    cells = [(format_number(r, lang), format_number(o, lang)) for r, o in table.cells]
    cells[0] = (say.table_low(cells[0][0]), cells[0][1])
    if table.open_above:
        amount, sign = threshold_words(table.threshold, lang)
        cells.append((say.table_high(format_number(table.high, lang)), say.table_high_rule(amount, sign)))
    return tuple(cells)


def threshold_words(threshold, lang: str) -> tuple[str, int]:
    """(amount, sign) for "take away 8" / "add 4" / "the same number": no "take away −4"."""
    sign = (threshold > 0) - (threshold < 0)
    return format_number(abs(threshold), lang), sign


def _is_words(table: LookupTable, i: int) -> bool:
    return i == 0 or (table.open_above and i == len(table.cells))


_LAYOUTS: dict[tuple, LookupLayout] = {}


def lookup_layout(
    pen: Pen,
    table: LookupTable,
    width: float,
    *,
    size: float = 18,
    cell_h: float = 11,
    header_w: float = 34,
    band_gap: float = 3,
) -> LookupLayout:
    # Pure geometry from the table, the language and the fonts' metrics: the same
    # card is laid out again for the bundles of a class set, so remember it.
    key = (table, pen.lang, pen.fonts.regular, pen.fonts.bold, width, size, cell_h, header_w, band_gap)
    found = _LAYOUTS.get(key)
    if found is None:
        if len(_LAYOUTS) > 10_000:  # bounded, for long-lived processes
            _LAYOUTS.clear()
        found = _LAYOUTS[key] = _lookup_layout(pen, table, width, size, cell_h, header_w, band_gap)
    return found


def _lookup_layout(
    pen: Pen, table: LookupTable, width: float, size: float, cell_h: float, header_w: float, band_gap: float
) -> LookupLayout:
    cells = _lookup_cells(table, pen.lang)
    pad = 1.8
    numbers = [max(pen.width(r, size), pen.width(o, size, bold=True)) for i, (r, o) in enumerate(cells)
               if not _is_words(table, i)]  # fmt: skip
    number_w = max([*numbers, 0.0]) + 1.5 * pad
    number_w = max(number_w, cell_h * 1.3)  # the same comfortable width on every card
    widths = [
        max(pen.width(r, size), pen.width(o, size, bold=True)) + 2 * pad if _is_words(table, i) else number_w
        for i, (r, o) in enumerate(cells)
    ]
    room = width - header_w
    n = len(cells)
    for count in range(1, n + 1):
        per = -(-n // count)  # even bands read better than one long and one short
        bands = tuple((a, min(n, a + per)) for a in range(0, n, per))
        if all(sum(widths[a:b]) <= room for a, b in bands):
            break
    return LookupLayout(header_w, cell_h, tuple(widths), bands, band_gap)


def draw_lookup_table(
    pen: Pen,
    table: LookupTable,
    x: float,
    top: float,
    width: float,
    *,
    headers: tuple[str, str],
    size: float = 18,
    cell_h: float = 11,
    header_w: float = 34,
    band_gap: float = 3,
) -> float:
    """'Résultat du calcul / Réponse à montrer' bands of cells; returns the height used.

    Every text in the table, words and numbers, is set at `size`: the same on every card.
    """
    layout = lookup_layout(pen, table, width, size=size, cell_h=cell_h, header_w=header_w, band_gap=band_gap)
    cells = _lookup_cells(table, pen.lang)
    header_size = max(8.0, min(10.0, cell_h * 1.05))  # two lines fit the cell
    y = top
    for a, b in layout.bands:
        for row, header in enumerate(headers):
            row_box = Box(x, y - (row + 1) * layout.cell_h, layout.header_w, layout.cell_h)
            pen.rect(row_box, fill=pen.palette.faint, width=0.35)
            pen.lines_in(row_box, header, header_size, bold=True, max_lines=2)
        cx = x + layout.header_w
        for i in range(a, b):
            w = layout.widths[i]
            words = _is_words(table, i)
            for row, text in enumerate(cells[i]):
                cell = Box(cx, y - (row + 1) * layout.cell_h, w, layout.cell_h)
                pen.rect(cell, fill=pen.palette.faint if words else white, width=0.35)
                pen.centred_in(cell, text, size, bold=bool(row))
            cx += w
        y -= 2 * layout.cell_h + layout.band_gap
    return layout.height


@dataclass(frozen=True)
class RecordRow:
    """One line of a recording table: a neuron, its mark, and what is written (None = blank)."""

    label: str
    values: tuple[str | None, ...]
    swatch: tuple[str, str] | None = None  # (colour, pattern) of an output neuron
    bold_values: bool = True
    highlight: bool = False  # shade the values (e.g. an output neuron that fires)

    def __repr__(self) -> str:
        return f"RecordRow({self.label}: {self.values})"


def draw_record_table(
    pen: Pen,
    x: float,
    top: float,
    width: float,
    *,
    headers: Sequence[str],
    rows: Sequence[RecordRow],
    label_w: float = 48,
    header_h: float = 14,
    row_h: float = 13,
    size: float = 20,
    label_size: float = 15,
    column_widths: Sequence[float] | None = None,
) -> float:
    """Neuron names down the left, one column per header; returns the height used."""
    n = len(headers)
    widths = list(column_widths) if column_widths else [(width - label_w) / n] * n
    xs = [x + label_w + sum(widths[:i]) for i in range(n)]
    y = top - header_h
    for cx, w, header in zip(xs, widths, headers):
        box = Box(cx, y, w, header_h)
        pen.rect(box, fill=pen.palette.faint, width=0.4)
        pen.lines_in(box, header, min(13.0, label_size), bold=True, max_lines=2)
    for row in rows:
        y -= row_h
        label_box = Box(x, y, label_w, row_h)
        pen.rect(label_box, fill=white, width=0.4)
        text_box = label_box
        if row.swatch is not None:
            side = row_h - 4
            pen.swatch(Box(x + 2, y + 2, side, side), *row.swatch)
            text_box = Box(x + side + 3, y, label_w - side - 3, row_h)
        pen.lines_in(text_box, row.label, label_size, bold=True, max_lines=1, align="left")
        for cx, w, value in zip(xs, widths, row.values):
            box = Box(cx, y, w, row_h)
            pen.rect(box, fill=pen.palette.faint if row.highlight else white, width=0.4)
            if value is not None:
                pen.lines_in(box, value, size, bold=row.bold_values, max_lines=2)
    return top - y


def record_table_height(rows: int, *, header_h: float = 14, row_h: float = 13) -> float:
    return header_h + rows * row_h


def draw_banner(pen: Pen, box: Box, text: str, size: float, *, fill=None) -> None:
    """A framed line of large text (verdicts, titles of steps)."""
    pen.rect(box, fill=fill if fill is not None else white, stroke=black, width=0.5, radius=2)
    pen.lines_in(box, text, size, bold=True, max_lines=2)
