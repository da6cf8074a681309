"""Whole-number training: a network a 9-year-old can compute with pencil and paper.

Every weight is a whole number from −2 to 2 (0 = not connected), each hidden
neuron sees at most four emoji, and every threshold is a whole number ≥ 0, so
a card reads "🐱 + 2 × 👽 − 😍" and its table holds small whole numbers.

Gradient training and rounding do not mix well at this scale (weights
rounded to whole numbers lose most of what Adam learnt: bench/train.py shows
it), so this is a search over whole numbers directly: coordinate descent.
Each step changes one number — a hidden weight together with its neuron's
threshold, a threshold, an output weight — to the value that most lowers

    score = wrong answers + λ · Σ max(0, MARGIN − m)

where m is how far the true digit's output is ahead of the strongest other
output (and of 0), counted the classroom way: right means the true neuron's
output alone is the largest, and positive. A sweep visits every number once,
in an order drawn from the seed; a descent stops when a sweep changes
nothing. It starts from the activity's own network (rounded into the limits
if it is not already in them), so a good network is only ever improved.
Then a few "kicks" (iterated local search): change three random hidden
weights of the best network, descend again, keep the result if it scores
better on the training examples. Seeded, so the same seed gives the same network.

Everything is whole numbers in numpy: exact, like the pupils' arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .training import TrainingRun, Weights, forward


@dataclass(frozen=True)
class Limits:
    """What a card for a 9-year-old may hold."""

    max_weight: int = 2  # weights from −2 to 2
    max_inputs: int = 4  # emoji per hidden neuron
    min_threshold: int = 0  # "result − threshold" never subtracts a negative number

    def __repr__(self) -> str:
        return f"Limits(weights ±{self.max_weight}, ≤{self.max_inputs} inputs, thresholds ≥ {self.min_threshold})"


CHILD = Limits()
HINGE_WEIGHT = 0.01  # λ: wrong answers first; the hinge only ranks networks with as many
MARGIN = 3  # a right answer with a small lead is one miscounted cell from wrong
MAX_SWEEPS = 40  # a descent usually settles in under 10
KICKS = 8  # restarts from a perturbed best network: +1 to 2 points held out, about 1 s
KICK_SIZE = 3  # hidden weights changed by a kick
THRESHOLD_WINDOW = 3  # a weight change also tries its neuron's threshold shifted by up to this
OUTPUT_THRESHOLD_WINDOW = 6
HIDDEN_THRESHOLD_WINDOW = 6
INT = np.int32  # results stay far below 2³¹; half the memory traffic of int64


def within(weights: Weights, limits: Limits = CHILD) -> bool:
    """Whether a network already is one a child can compute."""
    connections = np.concatenate([weights.hidden.ravel(), weights.outputs.ravel()])
    thresholds = np.concatenate([weights.hidden_thresholds, weights.output_thresholds])
    numbers = np.concatenate([connections, thresholds])
    return bool(
        (numbers == np.round(numbers)).all()
        and (np.abs(connections) <= limits.max_weight).all()
        and ((weights.hidden != 0).sum(axis=1) <= limits.max_inputs).all()
        and (thresholds >= limits.min_threshold).all()
    )


def into_limits(weights: Weights, limits: Limits = CHILD) -> Weights:
    """The nearest network within the limits: round, clip, keep each hidden neuron's strongest inputs."""
    hidden = np.clip(np.round(weights.hidden), -limits.max_weight, limits.max_weight)
    for row, original in zip(hidden, weights.hidden):
        weakest_first = np.argsort(np.abs(original), kind="stable")
        extra = int((row != 0).sum()) - limits.max_inputs
        for j in weakest_first:
            if extra <= 0:
                break
            if row[j] != 0:
                row[j] = 0
                extra -= 1
    outputs = np.clip(np.round(weights.outputs), -limits.max_weight, limits.max_weight)
    return Weights(
        hidden=hidden,
        hidden_thresholds=np.maximum(limits.min_threshold, np.round(weights.hidden_thresholds)),
        mask=hidden != 0,
        outputs=outputs,
        output_thresholds=np.maximum(limits.min_threshold, np.round(weights.output_thresholds)),
    )


def margins(Y: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """m per candidate and example (Y: K×C×N output results − thresholds): right exactly when m > 0.

    Output neurons come first in Y, so "the strongest other output" is an
    element-wise maximum of K contiguous blocks (numpy is slow at reducing a short last axis).
    """
    examples = np.arange(labels.size)
    true = Y[labels, :, examples].T
    others = Y.copy()
    others[labels, :, examples] = 0  # max(0, …) below: a silent neuron counts as 0
    return true - np.maximum(others.max(axis=0), 0)


def score(Y: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """The search's score (lower is better) per candidate: Y is K×C×N."""
    m = margins(Y, labels)
    return (m <= 0).sum(axis=-1) + HINGE_WEIGHT * np.maximum(0, MARGIN - m).sum(axis=-1)


def search_cost(weights: Weights, X: np.ndarray, labels: np.ndarray) -> float:
    """The score the search lowers, for any network (the curve, the loss and the report of a whole-number run)."""
    _, y = forward(weights, np.asarray(X, float))
    return float(score(y.T[:, None, :], np.asarray(labels))[0])


class _Search:
    """The network as whole-number arrays, its results on the examples, and the moves.

    Arrays keep examples last (R, H: k×N; Y: m×N) so every candidate is a contiguous row.
    """

    def __init__(self, start: Weights, X: np.ndarray, labels: np.ndarray, limits: Limits) -> None:
        self.limits = limits
        self.X = np.asarray(X).astype(INT).T.copy()  # n×N
        self.labels = np.asarray(labels, dtype=INT)
        self.W = start.hidden.astype(INT)
        self.t = start.hidden_thresholds.astype(INT)
        self.P = start.outputs.astype(INT)
        self.o = start.output_thresholds.astype(INT)
        self.R = self.W @ self.X  # hidden results
        self.H = np.maximum(0, self.R - self.t[:, None])  # hidden outputs
        self.Y = self.P @ self.H - self.o[:, None]  # output results − thresholds
        self.score = float(score(self.Y[:, None, :], self.labels)[0])
        self.values = np.arange(-limits.max_weight, limits.max_weight + 1, dtype=INT)
        self.means = self.X.mean(axis=1)

    def weights(self) -> Weights:
        return Weights(self.W.astype(float), self.t.astype(float), self.W != 0, self.P.astype(float),
                       self.o.astype(float))  # fmt: skip

    def moves(self, rng: np.random.Generator) -> list[tuple]:
        k, n = self.W.shape
        m = self.P.shape[0]
        moves = [("weight", i, j) for i in range(k) for j in range(n)] + [("threshold", i) for i in range(k)]
        moves += [("output weight", o, i) for o in range(m) for i in range(k)] + [("output threshold", o) for o in range(m)]
        return [moves[i] for i in rng.permutation(len(moves))]

    def _take(self, scores: np.ndarray) -> int | None:
        best = int(np.argmin(scores))  # the first of equals: deterministic
        return best if scores[best] < self.score - 1e-9 else None

    def _try_hidden(self, i: int, results: np.ndarray, thresholds: np.ndarray) -> int | None:
        """The best of neuron i's candidate results (C×N) with thresholds (C,), applied if it beats the score."""
        h = np.maximum(0, results - thresholds[:, None])
        Y = self.Y[:, None, :] + self.P[:, i][:, None, None] * (h - self.H[i])[None, :, :]
        scores = score(Y, self.labels)
        best = self._take(scores)
        if best is not None:
            self.Y = np.ascontiguousarray(Y[:, best, :])
            self.R[i], self.H[i], self.t[i] = results[best], h[best], thresholds[best]
            self.score = float(scores[best])
        return best

    def weight(self, i: int, j: int) -> bool:
        old = int(self.W[i, j])
        full = (self.W[i] != 0).sum() >= self.limits.max_inputs
        values, thresholds = [], []
        for v in self.values:
            if v == old or (old == 0 and v != 0 and full):
                continue
            # Adding a weight moves every result by about weight × mean count: move the threshold with it.
            centre = int(self.t[i] + round((v - old) * self.means[j]))
            low = max(self.limits.min_threshold, centre - THRESHOLD_WINDOW)
            for t in range(low, max(low, centre + THRESHOLD_WINDOW) + 1):
                values.append(v)
                thresholds.append(t)
        if not values:
            return False
        values = np.array(values, dtype=INT)
        results = self.R[i][None, :] + (values - old)[:, None] * self.X[j][None, :]
        best = self._try_hidden(i, results, np.array(thresholds, dtype=INT))
        if best is None:
            return False
        self.W[i, j] = values[best]
        return True

    def threshold(self, i: int) -> bool:
        r = self.R[i]
        t = int(self.t[i])
        low = max(self.limits.min_threshold, int(r.min()) - 1, t - HIDDEN_THRESHOLD_WINDOW)
        high = min(int(r.max()), t + HIDDEN_THRESHOLD_WINDOW)
        candidates = np.array([v for v in range(low, max(low, high) + 1) if v != t], dtype=INT)
        if candidates.size == 0:
            return False
        results = np.broadcast_to(r, (candidates.size, r.size))
        return self._try_hidden(i, results, candidates) is not None

    def output_weight(self, o: int, i: int) -> bool:
        values = self.values[self.values != self.P[o, i]]
        Y = np.repeat(self.Y[:, None, :], values.size, axis=1)
        Y[o] += (values - self.P[o, i])[:, None] * self.H[i][None, :]
        best = self._try_output(Y)
        if best is not None:
            self.P[o, i] = values[best]
        return best is not None

    def output_threshold(self, o: int) -> bool:
        low = max(self.limits.min_threshold, int(self.o[o]) - OUTPUT_THRESHOLD_WINDOW)
        values = np.array([v for v in range(low, int(self.o[o]) + OUTPUT_THRESHOLD_WINDOW + 1) if v != self.o[o]],
                          dtype=INT)  # fmt: skip
        Y = np.repeat(self.Y[:, None, :], values.size, axis=1)
        Y[o] += (self.o[o] - values)[:, None]
        best = self._try_output(Y)
        if best is not None:
            self.o[o] = values[best]
        return best is not None

    def _try_output(self, Y: np.ndarray) -> int | None:
        scores = score(Y, self.labels)
        best = self._take(scores)
        if best is not None:
            self.Y = np.ascontiguousarray(Y[:, best, :])
            self.score = float(scores[best])
        return best

    def step(self, move: tuple) -> bool:
        kind, *where = move
        if kind == "weight":
            return self.weight(*where)
        if kind == "threshold":
            return self.threshold(*where)
        if kind == "output weight":
            return self.output_weight(*where)
        return self.output_threshold(*where)


def descend(search: _Search, rng: np.random.Generator, max_sweeps: int = MAX_SWEEPS) -> int:
    """Sweeps until one changes nothing (or max_sweeps); returns the sweeps made."""
    for sweep in range(1, max_sweeps + 1):
        if not any([search.step(move) for move in search.moves(rng)]):
            break
    return sweep


def kicked(weights: Weights, rng: np.random.Generator, limits: Limits, size: int = KICK_SIZE) -> Weights:
    """The network with `size` random hidden weights set to random values (then put into the limits)."""
    w = weights.copy()
    k, n = w.hidden.shape
    for _ in range(size):
        w.hidden[rng.integers(k), rng.integers(n)] = rng.integers(-limits.max_weight, limits.max_weight + 1)
    w.mask = w.hidden != 0
    return into_limits(w, limits)


def train_whole(
    start: Weights,
    X: np.ndarray,
    labels: np.ndarray,
    *,
    rng: np.random.Generator | int,
    limits: Limits = CHILD,
    kicks: int = KICKS,
) -> TrainingRun:
    """Coordinate descent over whole-number networks within `limits`, from `start` (put into the limits first).

    A descent stops in the first network no single change improves; `kicks`
    times, a few random weights of the best network are changed and the
    descent runs again, and the result is kept if it scores better on the
    training examples (iterated local search). An "iteration" of the run is
    one sweep over every number of the network; its curve and loss are the
    search's own score (`search_cost`) of the best network so far: the seed's
    exponential cost means little for whole numbers (it runs to 10¹⁷).
    """
    rng = np.random.default_rng(rng)
    X = np.asarray(X)
    labels = np.asarray(labels)
    best = _Search(into_limits(start, limits), X, labels, limits)
    curve = [(0, search_cost(start, X, labels))]
    sweeps = descend(best, rng)
    curve.append((sweeps, best.score))
    snapshots = {sweeps: best.weights()}  # the first descent: where the search would stop without kicks
    for _ in range(kicks):
        trial = _Search(kicked(best.weights(), rng, limits), X, labels, limits)
        sweeps += descend(trial, rng)
        if trial.score < best.score - 1e-9:
            best = trial
        curve.append((sweeps, best.score))
    snapshots.pop(sweeps, None)  # the end is the run's own weights
    return TrainingRun("whole", best.weights(), best.score, sweeps, curve, snapshots)
