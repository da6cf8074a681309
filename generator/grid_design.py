"""Searching the emoji layout of the grid (`neurones design-grid`).

The network's weights and thresholds are fixed (the activity's, before
learning); what decides whether the emoji counts tell 0, 3, 6 and 9 apart is
which emoji sits on which cell. The search starts from a random balanced
layout (every emoji on the same number of cells, give or take one) and swaps
the emoji of two cells at a time, keeping a swap when it does not lower the
score by more than the annealing temperature allows. Swaps keep the balance.

Scoring is a float batch forward pass over the training part of the bank,
with the counts updated in place: a swap of cells i and j changes two count
columns by ink[:, j] − ink[:, i], so no step recounts the whole grid.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from .activity import GRID_SYMBOLS, NO_EMOJI, Activity, EmojiGrid
from .digits import BankInk, bank_ink

DEFAULT_SIDE = 10
DEFAULT_ITERATIONS = 30_000
DEFAULT_SEED = 2026
# The seed's counts run from 1 to 10 per emoji; counts above are still
# countable but leave the range the thresholds were made for.
COUNT_RANGE = (1, 10)
# Weight of the smooth margin term that breaks ties between layouts of equal accuracy.
MARGIN_WEIGHT = 0.002
RANGE_WEIGHT = 0.2


class BatchNetwork:
    """The activity's network as float matrices, for scoring thousands of count rows at once."""

    def __init__(self, activity: Activity) -> None:
        self.W = np.array([[float(w) for w in n.weights] for n in activity.hidden])
        self.t = np.array([float(n.threshold) for n in activity.hidden])
        self.P = np.array([[float(w) for w in n.weights] for n in activity.outputs])
        self.s = np.array([float(n.threshold) for n in activity.outputs])
        self.digits = np.array(activity.digits)

    def outputs(self, counts: np.ndarray) -> np.ndarray:
        hidden = np.maximum(0.0, counts @ self.W.T - self.t)
        return np.maximum(0.0, hidden @ self.P.T - self.s)

    def predict(self, counts: np.ndarray) -> np.ndarray:
        """Digit answered, or -1 for no answer or a tie (the same rule as network.decide)."""
        out = self.outputs(counts)
        best = out.max(axis=1)
        winners = (out == best[:, None]).sum(axis=1)
        return np.where((best > 0) & (winners == 1), self.digits[out.argmax(axis=1)], -1)

    def __repr__(self) -> str:
        return f"BatchNetwork({self.W.shape[0]} hidden, {self.P.shape[0]} outputs)"


@dataclass(frozen=True, eq=False)
class GridDesign:
    rows: int
    cols: int
    cells: np.ndarray  # (rows, cols) emoji index
    train_accuracy: float
    held_out_accuracy: float
    in_range: float  # share of held-out counts inside COUNT_RANGE
    iterations: int
    seconds: float
    seed: int

    def grid(self) -> EmojiGrid:
        return EmojiGrid(self.rows, self.cols, tuple(tuple(int(c) for c in row) for row in self.cells))

    def toml_rows(self) -> list[str]:
        return [" ".join("." if c == NO_EMOJI else GRID_SYMBOLS[c] for c in row) for row in self.cells]

    def __repr__(self) -> str:
        return (
            f"GridDesign({self.rows}×{self.cols}: train {self.train_accuracy:.1%}, "
            f"held out {self.held_out_accuracy:.1%}, {self.iterations} swaps in {self.seconds:.1f} s)"
        )


def balanced_layout(rows: int, cols: int, n_emoji: int, rng: np.random.Generator) -> np.ndarray:
    cells = np.arange(rows * cols) % n_emoji
    return rng.permutation(cells)


def accuracy(network: BatchNetwork, counts: np.ndarray, labels: np.ndarray) -> float:
    return float((network.predict(counts) == labels).mean())


def layout_accuracy(activity: Activity, cells: np.ndarray, data: BankInk, part: str = "held_out") -> float:
    """Share of the bank's digits (part "train" or "held_out") that the activity's network recognises on `cells`."""
    chosen = data.held_out if part == "held_out" else ~data.held_out
    onehot = np.eye(len(activity.emoji), dtype=np.int64)[np.asarray(cells).reshape(-1)]
    counts = data.ink[chosen].astype(np.int64) @ onehot
    return accuracy(BatchNetwork(activity), counts.astype(float), data.labels[chosen])


class _Score:
    """Score of a layout on the training digits: accuracy, plus a small smooth margin and a range penalty."""

    def __init__(self, network: BatchNetwork, labels: np.ndarray) -> None:
        self.network = network
        self.labels = labels
        self.target = (labels[:, None] == network.digits[None, :]).astype(float)

    def __call__(self, counts: np.ndarray) -> tuple[float, float]:
        out = self.network.outputs(counts)
        mine = (out * self.target).sum(axis=1)
        others = np.where(self.target > 0, -np.inf, out).max(axis=1)
        correct = (mine > others) & (mine > 0)
        margin = np.tanh((np.minimum(mine - others, mine)) / 4.0).mean()
        low, high = COUNT_RANGE
        outside = ((counts < low) | (counts > high)).mean()
        acc = float(correct.mean())
        return acc + MARGIN_WEIGHT * float(margin) - RANGE_WEIGHT * float(outside), acc


def design_grid(
    activity: Activity,
    *,
    rows: int = DEFAULT_SIDE,
    cols: int = DEFAULT_SIDE,
    iterations: int = DEFAULT_ITERATIONS,
    seed: int = DEFAULT_SEED,
    start_temperature: float = 0.01,
    end_temperature: float = 0.0002,
) -> GridDesign:
    """Simulated annealing over balanced layouts; seeded, so the same call gives the same grid."""
    began = time.perf_counter()
    rng = np.random.default_rng(seed)
    data = bank_ink(rows, cols)
    n_emoji = len(activity.emoji)
    train = ~data.held_out
    ink = data.ink[train].astype(float)
    network = BatchNetwork(activity)
    score = _Score(network, data.labels[train])

    cells = balanced_layout(rows, cols, n_emoji, rng)
    counts = ink @ np.eye(n_emoji)[cells]
    current, _ = score(counts)
    best_cells, best = cells.copy(), current
    n_cells = rows * cols
    picks = rng.integers(0, n_cells, size=(iterations, 2))
    accept_draws = rng.random(iterations)
    ratio = end_temperature / start_temperature
    for step in range(iterations):
        i, j = picks[step]
        a, b = cells[i], cells[j]
        if a == b:
            continue
        delta = ink[:, j] - ink[:, i]
        counts[:, a] += delta
        counts[:, b] -= delta
        candidate, _ = score(counts)
        temperature = start_temperature * ratio ** (step / max(1, iterations - 1))
        if candidate >= current or accept_draws[step] < np.exp((candidate - current) / temperature):
            cells[i], cells[j] = b, a
            current = candidate
            if current > best:
                best, best_cells = current, cells.copy()
        else:
            counts[:, a] -= delta
            counts[:, b] += delta
    layout = best_cells.reshape(rows, cols)
    held_counts = data.ink[data.held_out].astype(float) @ np.eye(n_emoji)[best_cells]
    low, high = COUNT_RANGE
    return GridDesign(
        rows=rows,
        cols=cols,
        cells=layout,
        train_accuracy=layout_accuracy(activity, layout, data, "train"),
        held_out_accuracy=layout_accuracy(activity, layout, data, "held_out"),
        in_range=float(((held_counts >= low) & (held_counts <= high)).mean()),
        iterations=iterations,
        seconds=time.perf_counter() - began,
        seed=seed,
    )
