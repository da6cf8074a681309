"""Bank draws: every bank digit on a grid, and the default exercises drawn from
the held-out part of the bank."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

from ..activity import Activity
from ..errors import UserError
from .exercise_files import exercise_from_ink
from .grid_ink import INK_LEVEL, ink_grid

MAX_BANK_EXERCISES = 200



@dataclass(frozen=True, eq=False)
class BankInk:
    """Every bank digit resampled onto one grid size, flattened: (n, rows·cols) 0/1."""

    rows: int
    cols: int
    ink: np.ndarray
    labels: np.ndarray
    held_out: np.ndarray
    source_ids: np.ndarray

    def __repr__(self) -> str:
        return f"BankInk({len(self.labels)} digits on {self.rows}×{self.cols}, mean ink {self.ink.sum(1).mean():.1f} cells)"


@cache
def bank_ink(rows: int, cols: int, level: float = INK_LEVEL) -> BankInk:
    from ..bank import load_bank

    bank = load_bank()
    images = bank.images.astype(float) / 255.0
    ink = np.stack([ink_grid(image, rows, cols, level=level).reshape(-1) for image in images])
    ink.setflags(write=False)
    return BankInk(rows, cols, ink, bank.labels, bank.held_out, bank.source_ids)



def parse_digits(text: str | Sequence[int] | None, activity: Activity) -> tuple[int, ...]:
    """`--digits 0,3,6,9`: digits the activity recognises, in the order given, no repeats."""
    if text is None:
        return activity.digits
    parts = [p for p in text.replace(";", ",").replace(" ", ",").split(",") if p] if isinstance(text, str) else [str(d) for d in text]
    digits: list[int] = []
    for part in parts:
        if not (part.isdigit() and int(part) in activity.digits):
            raise UserError("digits.unknown", value=part[:20], digits=activity.digits)
        if int(part) not in digits:
            digits.append(int(part))
    if not digits:
        raise UserError("digits.unknown", value=text, digits=activity.digits)
    return tuple(digits)


def bank_exercises(activity: Activity, *, number: int, digits: Sequence[int], seed: int, option: str = "--exercises"):
    """`number` held-out bank digits, balanced over `digits`, drawn with `seed`.

    Held-out digits are the ones the grid was not designed on, so a class's
    success rate is an honest one.
    """
    from ..bank import load_bank

    bank = load_bank()
    missing = [d for d in digits if d not in set(bank.labels.tolist())]
    if missing:
        raise UserError("digits.not_in_bank", digits=missing)
    test = bank.test()
    most = min(MAX_BANK_EXERCISES, len(digits) * min(int((test.labels == d).sum()) for d in digits))
    if not 1 <= number <= most:
        raise UserError("cli.exercises_range", option=option, value=number, most=most)
    chosen = test.balanced_sample(number, tuple(digits), rng=seed)
    rows, cols = activity.grid.rows, activity.grid.cols
    exercises = []
    for index in chosen:
        ink = ink_grid(test.images[index].astype(float) / 255.0, rows, cols)
        exercises.append(
            exercise_from_ink(ink, activity, id=str(test.source_ids[index]), label=int(test.labels[index]), source="bank")
        )
    return exercises
