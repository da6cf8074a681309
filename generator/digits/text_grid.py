"""Text grids: a digit typed as lines of '#' and '.', one character per cell."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ..errors import UserError
from ..inputs import read_user_text

INK_CHAR, BLANK_CHAR = "#", "."
MAX_TEXT_BYTES = 64_000


def grid_to_text(ink: np.ndarray | Sequence[Sequence[int]]) -> str:
    return "".join("".join(INK_CHAR if c else BLANK_CHAR for c in row) + "\n" for row in ink)


def parse_text_grid(text: str, rows: int, cols: int, *, name: str = "--text") -> np.ndarray:
    """An ASCII grid: one line per row, '#' (or X, x, 1, *) ink, '.' (or 0, -, _) blank.

    Spaces between cells, blank lines and '//' comment lines are ignored.
    """
    ink_marks, blank_marks = set("#Xx1*■█"), set(".0-_□")
    lines = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.replace(" ", "").replace("\t", "").strip()
        if not line or line.startswith("//"):
            continue
        row = []
        for position, char in enumerate(line, start=1):
            if char in ink_marks:
                row.append(1)
            elif char in blank_marks:
                row.append(0)
            else:
                raise UserError("digit.text_bad_char", file=name, line=number, col=position, char=char)
        if len(row) != cols:
            raise UserError("digit.text_cols", file=name, line=number, found=len(row), cols=cols)
        lines.append(row)
    if len(lines) != rows:
        raise UserError("digit.text_rows", file=name, found=len(lines), rows=rows, cols=cols)
    grid = np.array(lines, dtype=np.uint8)
    if not grid.any():
        raise UserError("digit.text_blank", file=name)
    return grid


def read_text_grid(path: Path, rows: int, cols: int) -> np.ndarray:
    text = read_user_text(path, not_text="file.not_text_grid", limit=MAX_TEXT_BYTES, too_big="digit.text_too_big")
    return parse_text_grid(text, rows, cols, name=Path(path).name)
