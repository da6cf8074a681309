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
from .grid_ink import ink_grid

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
def bank_ink(rows: int, cols: int) -> BankInk:
    from ..bank import load_bank

    bank = load_bank()
    images = bank.images.astype(float) / 255.0
    ink = np.stack([ink_grid(image, rows, cols).reshape(-1) for image in images])
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


# The default draw takes its digits from the most legible third of each digit
# (LEGIBLE_SHARE), among the digits within the counting limits.
LEGIBLE_SHARE = 1 / 3


def centroid_margins(data: BankInk) -> np.ndarray:
    """Per bank digit: how clearly its grid picture reads as its own digit to a reference classifier.

    The reference is a nearest-centroid classifier on the grid picture itself
    (the 0/1 shaded cells, before any emoji): each digit's centroid is the mean
    picture of that digit over the bank's training part. The margin is the
    squared distance to the closest other digit's centroid minus the one to
    its own, per cell: positive when the picture is read right, larger the
    more clearly. A 3 whose lower loop is lost on the grid, and reads like a
    7, sits close to the 9s' and the 3s' centroids alike: its margin is small.
    """
    labels = data.labels.astype(int)
    digits = np.unique(labels)
    train = ~data.held_out
    pictures = data.ink.astype(float)
    centroids = np.stack([pictures[train & (labels == d)].mean(axis=0) for d in digits])
    distances = ((pictures[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2) / pictures.shape[1]
    own = np.searchsorted(digits, labels)
    mine = distances[np.arange(len(labels)), own]
    distances[np.arange(len(labels)), own] = np.inf
    return distances.min(axis=1) - mine


def preferred_digits(activity: Activity) -> np.ndarray:
    """Held-out bank indices (positions in bank.test()) the default draw prefers: within the counting
    limits on the activity's grid, and in the most legible third of their digit."""
    from ..grid_design import layout_counts
    from ..lesson_time import countable

    rows, cols = activity.grid.rows, activity.grid.cols
    data = bank_ink(rows, cols)
    held = np.flatnonzero(data.held_out)
    margins = centroid_margins(data)[held]
    labels = data.labels[held]
    counts = layout_counts(np.array(activity.grid.cells), data.ink[held], len(activity.emoji))
    legible = np.zeros(len(held), dtype=bool)
    for digit in np.unique(labels):
        mine = labels == digit
        legible |= mine & (margins > 0) & (margins >= np.quantile(margins[mine], 1 - LEGIBLE_SHARE))
    return np.flatnonzero(legible & countable(counts))


def bank_exercises(activity: Activity, *, number: int, digits: Sequence[int], seed: int, option: str = "--exercises"):
    """`number` held-out bank digits, balanced over `digits`, drawn with `seed`.

    Held-out digits are the ones the grid was not designed on, so a class's
    success rate is an honest one. The draw prefers digits a pupil counts in
    about a minute and that stay legible on the grid (preferred_digits); only
    a request for more digits of one kind than those falls back on all of them.
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
    preferred = preferred_digits(activity)
    try:
        chosen = preferred[test.subset(preferred).balanced_sample(number, tuple(digits), rng=seed)]
    except ValueError:  # more of one digit than the preferred ones
        chosen = test.balanced_sample(number, tuple(digits), rng=seed)
    rows, cols = activity.grid.rows, activity.grid.cols
    exercises = []
    for index in chosen:
        ink = ink_grid(test.images[index].astype(float) / 255.0, rows, cols)
        exercises.append(
            exercise_from_ink(ink, activity, id=str(test.source_ids[index]), label=int(test.labels[index]), source="bank")
        )
    return exercises
