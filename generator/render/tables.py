"""Tables pupils read and fill in: the lookup table of a role card and the
class recording table ("Résultat du calcul | Sortie du neurone").

Each function draws at (x, top) within a width in mm and returns the height it
used, so callers stack blocks without knowing what is inside. Numbers arrive
as LookupTable / Trace values and are only formatted here, never computed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from math import ceil
from typing import Sequence

from reportlab.lib.colors import black, white

from ..network import LookupTable
from ..numbers import format_number
from .page import Box, Pen

LESS_OR_EQUAL = "\u2264"


@dataclass(frozen=True)
class LookupLayout:
    """How a lookup table is cut into bands of cells (pure geometry, mm)."""

    header_w: float
    cell_w: float
    cell_h: float
    per_row: int
    bands: int
    band_gap: float
    first_extra: float = 0.0  # the "≤ a" cell is this much wider than the others

    @property
    def height(self) -> float:
        return self.bands * 2 * self.cell_h + (self.bands - 1) * self.band_gap


def lookup_cells(table: LookupTable, lang: str) -> list[tuple[str, str]]:
    """(result, output) texts; the first cell stands for every result ≤ low."""
    return list(_lookup_cells(table, lang))


@lru_cache(maxsize=1024)
def _lookup_cells(table: LookupTable, lang: str) -> tuple[tuple[str, str], ...]:
    # A card measures its table at ten sizes, then draws it: format the numbers once.
    cells = [(format_number(r, lang), format_number(o, lang)) for r, o in table.cells]
    cells[0] = (f"{LESS_OR_EQUAL} {cells[0][0]}", cells[0][1])
    return tuple(cells)


_LAYOUTS: dict[tuple, LookupLayout] = {}


def lookup_layout(
    pen: Pen,
    table: LookupTable,
    width: float,
    *,
    size: float = 18,
    cell_h: float = 11,
    header_w: float = 34,
    max_per_row: int = 12,
    band_gap: float = 3,
) -> LookupLayout:
    # Pure geometry from the table, the language and the fonts' metrics: the same
    # card is laid out again for the bundles of a class set, so remember it.
    key = (table, pen.lang, pen.fonts.regular, pen.fonts.bold, width, size, cell_h, header_w, max_per_row, band_gap)
    found = _LAYOUTS.get(key)
    if found is None:
        if len(_LAYOUTS) > 10_000:  # bounded, for long-lived processes
            _LAYOUTS.clear()
        found = _LAYOUTS[key] = _lookup_layout(pen, table, width, size, cell_h, header_w, max_per_row, band_gap)
    return found


def _lookup_layout(
    pen: Pen, table: LookupTable, width: float, size: float, cell_h: float, header_w: float, max_per_row: int,
    band_gap: float,
) -> LookupLayout:  # fmt: skip
    cells = _lookup_cells(table, pen.lang)
    # The "≤ a" cell may shrink its text; the other cells set the width.
    body = cells[1:] or cells
    widest = max(max(pen.width(r, size * 0.9), pen.width(o, size, bold=True)) for r, o in body)
    min_w = max(widest + 2.5, cell_h * 0.85)
    first_w = pen.width(cells[0][0], size * 0.9) + 3.0
    room = width - header_w
    per_row = max(1, min(max_per_row, int((room - max(0.0, first_w - min_w)) // min_w)))
    bands = ceil(len(cells) / per_row)
    per_row = ceil(len(cells) / bands)  # even bands read better than one long and one short
    cell_w = min(room / per_row, max(min_w, cell_h * 1.5))
    first_extra = max(0.0, first_w - cell_w)
    if first_extra:
        cell_w = min(cell_w, (room - first_extra) / per_row)
        first_extra = max(0.0, first_w - cell_w)
    return LookupLayout(header_w, cell_w, cell_h, per_row, bands, band_gap, first_extra)


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
    max_per_row: int = 12,
) -> float:
    """'Résultat du calcul / Réponse à montrer' bands of cells; returns the height used."""
    layout = lookup_layout(pen, table, width, size=size, cell_h=cell_h, header_w=header_w, max_per_row=max_per_row)
    cells = _lookup_cells(table, pen.lang)
    header_size = max(9.0, min(12.0, size * 0.65))
    y = top
    for band in range(layout.bands):
        chunk = cells[band * layout.per_row : (band + 1) * layout.per_row]
        for row, header in enumerate(headers):
            row_box = Box(x, y - (row + 1) * layout.cell_h, layout.header_w, layout.cell_h)
            pen.rect(row_box, fill=pen.palette.faint, width=0.35)
            pen.lines_in(row_box, header, header_size, bold=True, max_lines=2)
        for i, (result, output) in enumerate(chunk):
            extra = layout.first_extra if band == 0 else 0.0
            cx = x + layout.header_w + i * layout.cell_w + (extra if i else 0.0)
            w = layout.cell_w + (extra if i == 0 else 0.0)
            for row, text in enumerate((result, output)):
                cell = Box(cx, y - (row + 1) * layout.cell_h, w, layout.cell_h)
                pen.rect(cell, fill=white, width=0.35)
                pen.centred_in(cell, text, size if row else size * 0.9, bold=bool(row))
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
