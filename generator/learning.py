"""Moving thresholds one step at a time, by search (repairs after rounding, design-grid).

The class's own rule, which a class applies with pencils, is learning_round.py.
`learn_thresholds` instead tries every threshold up and down, greedily and
deterministically (for `train`'s repairs of rounded networks and
`design-grid`), and keeps each move with what it fixed and broke. It never
accepts a move that does not add a right answer, so training accuracy never
goes down.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import lcm
from typing import Sequence

from .activity import Activity, HiddenNeuron, OutputNeuron
from .exercises import Exercise
from .network import Network, Trace
from .numbers import Number, exact

MAX_STEPS = 50  # a class session moves a handful of thresholds; this only stops runaway loops


@dataclass(frozen=True)
class ThresholdStep:
    """One threshold moved by ±1, and what it changed."""

    neuron: str
    old: Number
    new: Number
    edge_result: Number  # the result whose output switched between 0 and 1
    edge_digits: tuple[int, ...]  # true digits of the examples that landed on it (sorted, repeated)
    fixed: tuple[int, ...]  # true digits of the examples now recognised
    broken: tuple[int, ...]  # true digits of the examples no longer recognised
    correct_before: int
    correct_after: int
    total: int

    @property
    def delta(self) -> Number:
        return exact(self.new - self.old)

    def __repr__(self) -> str:
        sign = "+" if self.delta > 0 else ""
        return f"ThresholdStep({self.neuron}: {sign}{self.delta}, {self.correct_before}→{self.correct_after}/{self.total})"


def _neurons(activity: Activity) -> list[HiddenNeuron | OutputNeuron]:
    return [*activity.hidden, *activity.outputs]


def _thresholds(activity: Activity) -> list[Number]:
    return [n.threshold for n in _neurons(activity)]


def _with(activity: Activity, thresholds: Sequence[Number]) -> Activity:
    k = len(activity.hidden)
    return activity.with_thresholds(list(thresholds[:k]), list(thresholds[k:]))


def traces(activity: Activity, exercises: Sequence[Exercise]) -> list[Trace]:
    network = Network(activity)
    return [network.forward(e.counts, exercise_id=e.id, label=e.label) for e in exercises]


def count_correct(activity: Activity, exercises: Sequence[Exercise]) -> int:
    return sum(1 for t in traces(activity, exercises) if t.correct)


class _Scorer:
    """Right answers for many threshold settings, exactly, with whole numbers in numpy.

    Every weight and threshold is a decimal, so scaling the hidden layer by
    the common denominator q1 and the output layer by q2 makes every
    result a whole number (results at scale q1, outputs' at q1·q2): as exact
    as the pupils' Fractions, a thousand times faster for the search.
    """

    def __init__(self, activity: Activity, exercises: Sequence[Exercise], step: Number) -> None:
        import numpy as np

        def denominator(values) -> int:
            return lcm(*(Fraction(v).denominator for v in values))

        self.np = np
        self.k = len(activity.hidden)
        self.q1 = denominator([w for n in activity.hidden for w in (*n.weights, n.threshold)] + [step])
        self.q2 = denominator([w for n in activity.outputs for w in (*n.weights, n.threshold)] + [step])
        W = np.array([[int(w * self.q1) for w in n.weights] for n in activity.hidden], dtype=np.int64)
        self.P = np.array([[int(w * self.q2) for w in n.weights] for n in activity.outputs], dtype=np.int64)
        X = np.array([e.counts for e in exercises], dtype=np.int64).reshape(len(exercises), len(activity.emoji))
        self.results = X @ W.T
        self.labels = np.array([activity.digits.index(e.label) for e in exercises], dtype=np.int64)

    def correct(self, thresholds: Sequence[Number]) -> int:
        np, k = self.np, self.k
        hidden_t = np.array([int(t * self.q1) for t in thresholds[:k]], dtype=np.int64)
        output_t = np.array([int(t * self.q1 * self.q2) for t in thresholds[k:]], dtype=np.int64)
        sent = np.maximum(0, self.results - hidden_t)
        out = np.maximum(0, sent @ self.P.T - output_t)
        best = out.max(axis=1)
        alone = (out == best[:, None]).sum(axis=1) == 1
        return int(((out.argmax(axis=1) == self.labels) & (best > 0) & alone).sum())


def learn_thresholds(
    activity: Activity, exercises: Sequence[Exercise], *, step: Number = 1
) -> tuple[Activity, list[ThresholdStep]]:
    """Move one threshold by ±1 at a time while a move adds right answers.

    (`step` 0.1 instead of 1 repairs a network whose weights were rounded to 0.1.)

    Each round tries every neuron up and down (hidden neurons first, in the
    activity's order, + before −) and keeps the move that recognises the most
    examples; the first of equals wins, so the result is deterministic.
    Exercises without a true digit are ignored.
    """
    labelled = [e for e in exercises if e.label is not None]
    current = activity
    before = traces(current, labelled)
    correct = sum(1 for t in before if t.correct)
    steps: list[ThresholdStep] = []
    seen = {tuple(_thresholds(current))}
    scorer = _Scorer(activity, labelled, step)
    while len(steps) < MAX_STEPS:
        best = None
        thresholds = _thresholds(current)
        for i in range(len(thresholds)):
            for delta in (step, -step):
                moved = list(thresholds)
                moved[i] = exact(moved[i] + delta)
                if tuple(moved) in seen:
                    continue
                score = scorer.correct(moved)
                if score > correct and (best is None or score > best[0]):
                    best = (score, i, delta, moved)
        if best is None:
            break
        score, i, delta, moved = best
        candidate = _with(current, moved)
        after = traces(candidate, labelled)
        steps.append(_describe(current, i, delta, before, after, correct, score))
        seen.add(tuple(_thresholds(candidate)))
        current, before, correct = candidate, after, score
    return current, steps


def _describe(activity, index, delta, before, after, correct, score) -> ThresholdStep:
    neuron = _neurons(activity)[index]
    old = neuron.threshold
    # Raising the threshold silences the results just above it; lowering it
    # wakes up the results sitting on it.
    edge = exact(old + delta) if delta > 0 else old
    edge_digits = tuple(sorted(t.label for t in before if t.step(neuron.name).result == edge))
    fixed = tuple(sorted(b.label for b, a in zip(before, after) if a.correct and not b.correct))
    broken = tuple(sorted(b.label for b, a in zip(before, after) if b.correct and not a.correct))
    return ThresholdStep(neuron.name, old, exact(old + delta), edge, edge_digits, fixed, broken, correct, score,
                         len(before))
