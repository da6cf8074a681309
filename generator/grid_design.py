"""Searching the emoji layout of the grid (`neurones design-grid`).

The network's weights and thresholds are fixed (the activity's); what decides
whether the emoji counts tell 0, 3, 6 and 9 apart is which emoji sits on which
cell. The search starts from a random balanced layout (every emoji on the
same number of cells, give or take one) and, at each step, either swaps the
symbols of two cells or gives one cell another symbol (another emoji, or no
emoji when up to `empty` cells may have none; every emoji keeps at least
MIN_CELLS_PER_EMOJI cells). A step is kept when it does not lower the score
by more than the annealing temperature allows.

The score, on the training part of the bank, asks for three things at once:

- the network pupils end the lesson with (the activity after the seed's
  learning move, C +1 and D −1) recognises as many digits as possible;
- the network they start with (the activity as it is) recognises clearly
  fewer (GAP_TARGET), so that the class's learning round has mistakes to fix,
  as in the seed (issue 13);
- nearly every digit (LIMITS_TARGET) is countable by a 9-year-old in about a
  minute: every emoji count at most COUNT_LIMIT and at most CELL_LIMIT emoji
  cells under the ink, as in the seed's 16 examples (issue 12).

A step only changes the counts of the digits inked on the cells it touches
(for a swap: on exactly one of the two), so each step scores those rows alone (one batch forward pass of
`Network` each, before and after the move) and keeps running totals.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from .activity import GRID_SYMBOLS, NO_EMOJI, Activity, EmojiGrid
from .digits import BankInk, bank_ink
from .lesson_time import CELL_LIMIT, COUNT_LIMIT, countable
from .network import Network

DEFAULT_SIDE = 10
DEFAULT_ITERATIONS = 30_000
DEFAULT_SEED = 2026
# The run that made the shipped grid (layouts/activity.toml names it):
# `neurones design-grid --rows 10 --cols 10 --iterations 15000 --seed 4`,
# half the default 30000 swaps so that a test reruns it in seconds; of seeds
# 1–6 and 2026 at this budget, seed 4 scored best on the training digits.
SHIPPED_RUN = {"rows": 10, "cols": 10, "iterations": 15_000, "seed": 4}
# The seed's learning round: "C : +1, D : −1" (docs/design.md, "The network").
SEED_MOVE = {"C": 1, "D": -1}
# Targets on the training digits, a little above the goals on held-out digits
# (95 % countable, after ≥ before + 5 points) to leave room for the difference.
LIMITS_TARGET = 0.965
GAP_TARGET = 0.07
# Weights of the score's terms: the hinges matter as much as accuracy itself;
# the smooth margin only breaks ties between layouts of equal accuracy.
GAP_WEIGHT = 1.0
LIMITS_WEIGHT = 1.0
EXCESS_WEIGHT = 0.05
MARGIN_WEIGHT = 0.02
# Half the moves give one cell another symbol (so an emoji may hold more
# cells than another, and cells may lose their emoji), half swap two cells.
RECOLOUR_SHARE = 0.5
# Each emoji keeps room for the largest count of the seed's examples (10).
MIN_CELLS_PER_EMOJI = 10
DEFAULT_EMPTY = 0
START_TEMPERATURE = 0.01
END_TEMPERATURE = 0.0002


def learned(activity: Activity) -> Activity:
    """The activity after the seed's learning move (C +1, D −1), for the neurons it has by those names."""
    hidden = [n.threshold + SEED_MOVE.get(n.name, 0) for n in activity.hidden]
    return activity.with_thresholds(hidden, [n.threshold for n in activity.outputs])


def answers(network: Network, counts: np.ndarray) -> np.ndarray:
    """Index of the digit each count row gets (the rule of network.decide), −1 for no answer or a tie."""
    _, out = network.batch_forward(counts)
    return _top(out)


# numpy reduces a short last axis (4 outputs, 6 emoji) row by row, ten times
# slower than these loops over the columns; the search calls them millions of times.
def _column_max(m: np.ndarray) -> np.ndarray:
    best = m[:, 0].copy()
    for k in range(1, m.shape[1]):
        np.maximum(best, m[:, k], out=best)
    return best


def _column_sum(m: np.ndarray) -> np.ndarray:
    total = m[:, 0].copy()
    for k in range(1, m.shape[1]):
        total += m[:, k]
    return total


def _top(out: np.ndarray) -> np.ndarray:
    """Per row: the column of the single largest positive value, or −1."""
    best = _column_max(out)
    winner = np.full(len(out), -1)
    ties = np.zeros(len(out), dtype=np.int64)
    for k in range(out.shape[1] - 1, -1, -1):
        at_top = out[:, k] == best
        ties += at_top
        winner[at_top] = k
    return np.where((best > 0) & (ties == 1), winner, -1)


@dataclass(frozen=True)
class LayoutFigures:
    """How a layout does on one part of the bank."""

    before: float  # share recognised by the activity as it is
    after: float  # share recognised after the seed's learning move
    within_limits: float  # share with every count ≤ COUNT_LIMIT and ≤ CELL_LIMIT emoji cells under the ink
    cells_mean: float  # emoji cells under the ink
    cells_p95: float
    count_max: int

    def __repr__(self) -> str:
        return (
            f"LayoutFigures(before {self.before:.1%}, after {self.after:.1%}, within limits {self.within_limits:.1%}, "
            f"cells {self.cells_mean:.1f} mean / {self.cells_p95:.0f} p95)"
        )


def layout_counts(cells: np.ndarray, ink: np.ndarray, n_emoji: int) -> np.ndarray:
    """Emoji counts of every ink row (n, rows·cols) on a layout (cells hold emoji indices or NO_EMOJI)."""
    flat = np.asarray(cells).reshape(-1)
    onehot = np.zeros((flat.size, n_emoji), dtype=np.int64)
    carried = flat != NO_EMOJI
    onehot[np.flatnonzero(carried), flat[carried]] = 1
    return np.asarray(ink, dtype=np.int64) @ onehot


def layout_figures(activity: Activity, cells: np.ndarray, data: BankInk, part: str = "held_out") -> LayoutFigures:
    """Figures of a layout on the bank's "train" or "held_out" digits."""
    chosen = data.held_out if part == "held_out" else ~data.held_out
    counts = layout_counts(cells, data.ink[chosen], len(activity.emoji))
    labels = data.labels[chosen]
    emoji_cells = counts.sum(axis=1)
    return LayoutFigures(
        before=float((Network(activity).predict(counts) == labels).mean()),
        after=float((Network(learned(activity)).predict(counts) == labels).mean()),
        within_limits=float(countable(counts).mean()),
        cells_mean=float(emoji_cells.mean()),
        cells_p95=float(np.percentile(emoji_cells, 95)),
        count_max=int(counts.max()),
    )


def layout_accuracy(activity: Activity, cells: np.ndarray, data: BankInk, part: str = "held_out") -> float:
    """Share of the bank's digits (part "train" or "held_out") that the activity's network recognises on `cells`."""
    chosen = data.held_out if part == "held_out" else ~data.held_out
    counts = layout_counts(cells, data.ink[chosen], len(activity.emoji))
    return float((Network(activity).predict(counts) == data.labels[chosen]).mean())


@dataclass(frozen=True, eq=False)
class GridDesign:
    rows: int
    cols: int
    cells: np.ndarray  # (rows, cols) emoji index or NO_EMOJI
    train: LayoutFigures
    held_out: LayoutFigures
    iterations: int
    seconds: float
    seed: int
    empty: int = 0  # at most this many cells without emoji

    @property
    def train_accuracy(self) -> float:
        return self.train.before

    @property
    def held_out_accuracy(self) -> float:
        return self.held_out.before

    def grid(self) -> EmojiGrid:
        return EmojiGrid(self.rows, self.cols, tuple(tuple(int(c) for c in row) for row in self.cells))

    def toml_rows(self) -> list[str]:
        return [" ".join("." if c == NO_EMOJI else GRID_SYMBOLS[c] for c in row) for row in self.cells]

    def __repr__(self) -> str:
        return (
            f"GridDesign({self.rows}×{self.cols}, {int((self.cells == NO_EMOJI).sum())} empty: held out {self.held_out.before:.1%} before, "
            f"{self.held_out.after:.1%} after, {self.held_out.within_limits:.1%} within limits; "
            f"{self.iterations} swaps in {self.seconds:.1f} s)"
        )


def balanced_layout(rows: int, cols: int, n_emoji: int, rng: np.random.Generator, *, empty: int = 0) -> np.ndarray:
    """A random layout: `empty` cells without emoji, the others shared evenly between the emoji."""
    cells = np.concatenate([np.arange(rows * cols - empty) % n_emoji, np.full(empty, NO_EMOJI)])
    return rng.permutation(cells)


class _Scorer:
    """Running totals of the score's parts over the training digits, updated one step at a time."""

    def __init__(self, activity: Activity, ink: np.ndarray, labels: np.ndarray, cells: np.ndarray, *,
                 limits_target: float = LIMITS_TARGET, gap_target: float = GAP_TARGET) -> None:  # fmt: skip
        self.n_emoji = len(activity.emoji)
        self.limits_target, self.gap_target = limits_target, gap_target
        self.ink = ink.astype(np.int8)  # a difference of two columns is −1, 0 or 1
        self.n = len(labels)
        self.before_net, self.after_net = Network(activity), Network(learned(activity))
        self.truth = np.array([activity.digits.index(int(d)) for d in labels])
        # Count columns: the emoji, then one for cells without emoji (never read by the network).
        self.counts = self._counts(cells)
        self.rows = self._row_parts(self.counts, self.truth)
        self.totals = self.rows.sum(axis=0)

    def _counts(self, cells: np.ndarray) -> np.ndarray:
        columns = np.where(cells == NO_EMOJI, self.n_emoji, cells)
        return self.ink.astype(float) @ np.eye(self.n_emoji + 1)[columns]  # floats: what batch_forward takes

    def _row_parts(self, counts: np.ndarray, truth: np.ndarray) -> np.ndarray:
        """Per digit: right after, right before, within limits, count excess, margin after."""
        emoji = counts[:, : self.n_emoji]
        _, out = self.after_net.batch_forward(emoji)
        after_right = _top(out) == truth
        before_right = answers(self.before_net, emoji) == truth
        rows = np.arange(len(out))
        mine = out[rows, truth]
        others = out.copy()
        others[rows, truth] = -np.inf
        margin = np.tanh(np.minimum(mine - _column_max(others), mine) / 4.0)
        largest, cells = _column_max(emoji), _column_sum(emoji)
        excess = np.maximum(0, largest - COUNT_LIMIT) + np.maximum(0, cells - CELL_LIMIT) / 4
        within = (largest <= COUNT_LIMIT) & (cells <= CELL_LIMIT)  # lesson_time.countable, on the columns
        return np.column_stack([after_right, before_right, within, excess, margin]).astype(float)

    def score(self, totals: np.ndarray) -> float:
        after, before, limits, excess, margin = totals / self.n
        return (
            after
            - GAP_WEIGHT * max(0.0, self.gap_target - (after - before))
            - LIMITS_WEIGHT * max(0.0, self.limits_target - limits)
            - EXCESS_WEIGHT * excess
            + MARGIN_WEIGHT * margin
        )

    def try_move(self, ink: np.ndarray, a: int, b: int):
        """(score, commit) of moving `ink` (−1/0/1 per digit) from count column a to column b; commit() applies it.

        Giving cell i's symbol b instead of a moves ink[:, i]; swapping cells i
        (a) and j (b) moves ink[:, i] − ink[:, j].
        """
        changed = np.flatnonzero(ink)
        counts = self.counts[changed]
        counts[:, a] -= ink[changed]
        counts[:, b] += ink[changed]
        rows = self._row_parts(counts, self.truth[changed])
        totals = self.totals + rows.sum(axis=0) - self.rows[changed].sum(axis=0)

        def commit() -> None:
            self.counts[changed] = counts
            self.rows[changed] = rows
            self.totals = totals

        return self.score(totals), commit


def design_grid(
    activity: Activity,
    *,
    rows: int = DEFAULT_SIDE,
    cols: int = DEFAULT_SIDE,
    iterations: int = DEFAULT_ITERATIONS,
    seed: int = DEFAULT_SEED,
    empty: int = DEFAULT_EMPTY,
    limits_target: float = LIMITS_TARGET,
    gap_target: float = GAP_TARGET,
) -> GridDesign:
    """Simulated annealing over layouts with at most `empty` cells without emoji; seeded, so the same call gives the same grid.

    `limits_target` and `gap_target` are the score's two hinges (the share of
    countable digits, the seed move's gain); bench/grid_frontier.py varies
    them to show what one costs of the other.
    """
    began = time.perf_counter()
    rng = np.random.default_rng(seed)
    data = bank_ink(rows, cols)
    n_emoji = len(activity.emoji)
    train = ~data.held_out
    cells = balanced_layout(rows, cols, n_emoji, rng)
    scorer = _Scorer(activity, data.ink[train], data.labels[train], cells, limits_target=limits_target,
                     gap_target=gap_target)  # fmt: skip
    current = scorer.score(scorer.totals)
    best_cells, best = cells.copy(), current
    # Count columns: the emoji, then NO_EMOJI's.
    held = np.bincount(np.where(cells == NO_EMOJI, n_emoji, cells), minlength=n_emoji + 1)
    n_cells = rows * cols
    picks = rng.integers(0, n_cells, size=(iterations, 2))
    recolour = rng.random(iterations) < RECOLOUR_SHARE
    symbols = rng.integers(0, n_emoji + (1 if empty else 0), size=iterations)
    accept_draws = rng.random(iterations)
    ratio = END_TEMPERATURE / START_TEMPERATURE
    ink = scorer.ink
    for step in range(iterations):
        i, j = picks[step]
        a = n_emoji if cells[i] == NO_EMOJI else cells[i]
        if recolour[step]:
            b = symbols[step]
            if a == b or (a < n_emoji and held[a] <= MIN_CELLS_PER_EMOJI) or (b == n_emoji and held[b] >= empty):
                continue
            moved = ink[:, i]
        else:
            b = n_emoji if cells[j] == NO_EMOJI else cells[j]
            if a == b:
                continue
            moved = ink[:, i] - ink[:, j]
        candidate, commit = scorer.try_move(moved, a, b)
        temperature = START_TEMPERATURE * ratio ** (step / max(1, iterations - 1))
        if candidate >= current or accept_draws[step] < np.exp((candidate - current) / temperature):
            commit()
            symbol = lambda column: NO_EMOJI if column == n_emoji else column  # noqa: E731
            if recolour[step]:
                cells[i] = symbol(b)
                held[a] -= 1
                held[b] += 1
            else:
                cells[i], cells[j] = symbol(b), symbol(a)
            current = candidate
            if current > best:
                best, best_cells = current, cells.copy()
    layout = best_cells.reshape(rows, cols)
    return GridDesign(
        rows=rows,
        cols=cols,
        cells=layout,
        train=layout_figures(activity, layout, data, "train"),
        held_out=layout_figures(activity, layout, data, "held_out"),
        iterations=iterations,
        seconds=time.perf_counter() - began,
        seed=seed,
        empty=empty,
    )
