"""The learning round: the rule a class applies with pencils, and what it finds.

The class has its grids (every hidden result already written on them), the
output neurons' cards and its tally sheets. The printed rule, step by step:

1. On the class grids, mark the exercises the network got wrong: true digit
   d, and the network said e, gave no answer, or hesitated.
2. Take the next wrong exercise, in grid order. Compare the cards of
   neuron d (the right one) and neuron e (the one that spoke instead; when it
   hesitated, the other digit it named): the hidden neurons that one adds and
   the other subtracts. With no answer, every hidden neuron on d's card.
3. For each such hidden neuron H, in letter order (the activity's order, A to F): if the right neuron
   adds H, lower H's threshold by 1 (H sends 1 more); if it subtracts H,
   raise it by 1 (H sends 1 less). Skip H when its answer on this
   exercise's grid would not change (it cannot fix it), and never undo a
   move already kept.
4. Recompute every exercise's outputs from the hidden results already on the
   grids: H's new answer is its result minus its new threshold, or 0.
5. Keep the move if more exercises come out right than before (more fixed
   than broken); otherwise put the threshold back.
6. Back to 2, until every wrong exercise has been looked at, the class has
   kept `max_moves` moves, or it has tried `max_tries`.

`class_learning_round` applies exactly that: it reads only what the grids
and cards show (hidden results, output weights, true digits), never tries a
move the rule does not name, and records for every move the exercises it
fixes and breaks, so a printed reason is always true. Exercises without a
true digit (typed counts) cannot be judged: they are left out of the round,
of learning.json's "exercises" and of its totals.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Sequence

from .activity import Activity
from .network import Answer, LookupTable, NeuronStep, Trace, decide, neuron_output
from .numbers import Number, exact, to_json

MAX_MOVES = 3  # a class has about fifteen minutes: a few moves, each checked on every grid
MAX_TRIES = 6  # every try means redoing the output sums of the grids it changes


@dataclass(frozen=True)
class RoundState:
    """Every neuron's threshold, and how many exercises the network gets right with them."""

    thresholds: tuple[tuple[str, Number], ...]
    right: int
    total: int

    def threshold(self, neuron: str) -> Number:
        return dict(self.thresholds)[neuron]

    def to_json(self) -> dict:
        return {"thresholds": {n: to_json(t) for n, t in self.thresholds}, "right": self.right, "total": self.total}

    def __repr__(self) -> str:
        shown = " ".join(f"{n}{t}" for n, t in self.thresholds)
        return f"RoundState({self.right}/{self.total}; {shown})"


@dataclass(frozen=True)
class Confusion:
    """A wrong exercise as the class reads it on its grid: true digit, and what the network said."""

    exercise: str
    truth: int
    answer: Answer
    right: str  # the output neuron of the true digit
    wrong: str | None  # the output neuron that spoke instead (None: no answer)

    def __repr__(self) -> str:
        return f"Confusion({self.exercise}: {self.truth} → {self.answer!r})"


@dataclass(frozen=True)
class Move:
    """One threshold the rule names, tried on every grid: kept when it fixes more than it breaks."""

    neuron: str
    change: int  # +1 or −1
    old: Number
    new: Number
    confusion: Confusion
    right_weight: Number  # what the right neuron's card does with this hidden neuron (its weight)
    wrong_weight: Number | None  # and the wrong one's (None: no answer)
    fixes: tuple[str, ...]  # exercise ids now right
    breaks: tuple[str, ...]  # exercise ids no longer right
    right_before: int
    right_after: int
    kept: bool

    def to_json(self) -> dict:
        return {"neuron": self.neuron, "change": self.change, "fixes": list(self.fixes), "breaks": list(self.breaks)}

    # The names `neurones train` reports threshold moves with (learning.ThresholdStep's).
    @property
    def delta(self) -> int:
        return self.change

    @property
    def correct_before(self) -> int:
        return self.right_before

    @property
    def correct_after(self) -> int:
        return self.right_after

    def __repr__(self) -> str:
        verdict = "kept" if self.kept else "put back"
        return (f"Move({self.neuron} {self.change:+d}: fixes {list(self.fixes)}, breaks {list(self.breaks)}, "
                f"{self.right_before}→{self.right_after}, {verdict})")  # fmt: skip


@dataclass(frozen=True)
class LearningRound:
    """The whole round: the exercises, the network before, every move tried, the network after."""

    exercises: tuple[str, ...]
    before: RoundState
    tried: tuple[Move, ...]  # in the order the class tries them, kept or not
    after: RoundState
    confusions: tuple[Confusion, ...]  # the wrong exercises at the start, in grid order

    @property
    def steps(self) -> tuple[Move, ...]:
        """The moves the class keeps (learning.json's steps)."""
        return tuple(m for m in self.tried if m.kept)

    def to_json(self) -> dict:
        return {
            "exercises": list(self.exercises),
            "before": self.before.to_json(),
            "steps": [m.to_json() for m in self.steps],
            "after": self.after.to_json(),
        }

    def json_bytes(self) -> bytes:
        return (json.dumps(self.to_json(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")

    def __repr__(self) -> str:
        moves = ", ".join(f"{m.neuron} {m.change:+d}" for m in self.steps) or "no move"
        return f"LearningRound({self.before.right}→{self.after.right}/{self.before.total}: {moves})"


class _Grids:
    """What the class grids say: each exercise's hidden results, and its true digit."""

    def __init__(self, activity: Activity, traces: Sequence[Trace]) -> None:
        self.activity = activity
        self.traces = [t for t in traces if t.label is not None and t.label in activity.digits]
        self.hidden_names = [h.name for h in activity.hidden]
        self.results = [[t.step(n).result for n in self.hidden_names] for t in self.traces]

    def answers(self, thresholds: dict[str, Number]) -> list[Answer]:
        """Every exercise's answer, recomputed from the hidden results written on the grids."""
        answers = []
        for results in self.results:
            sent = [neuron_output(r, thresholds[n]) for r, n in zip(results, self.hidden_names)]
            steps = []
            for o in self.activity.outputs:
                result = exact(sum((w * s for w, s in zip(o.weights, sent) if w), 0))
                steps.append(NeuronStep(o.name, result, neuron_output(result, thresholds[o.name]), o.digit))
            answers.append(decide(steps))
        return answers

    def right(self, answers: Sequence[Answer]) -> list[bool]:
        return [a.kind == "digit" and a.digits == (t.label,) for a, t in zip(answers, self.traces)]


def _confusion(activity: Activity, trace: Trace, answer: Answer) -> Confusion:
    by_digit = {o.digit: o.name for o in activity.outputs}
    others = [d for d in answer.digits if d != trace.label]
    wrong = by_digit[others[0]] if others else None
    return Confusion(trace.exercise_id, trace.label, answer, by_digit[trace.label], wrong)


def candidate_moves(activity: Activity, confusion: Confusion) -> list[tuple[str, int, Number, Number | None]]:
    """Step 2 and 3: (hidden neuron, change, right weight, wrong weight) in letter order, as the rule prints it.

    The activity's order of hidden neurons (A to F), not the order a card
    prints its terms in (additions first): the order changes which moves
    the class keeps, so the printed rule names it.
    """
    right = activity.neuron(confusion.right)
    wrong = activity.neuron(confusion.wrong) if confusion.wrong is not None else None
    moves = []
    for i, hidden in enumerate(activity.hidden):
        r = right.weights[i]
        w = wrong.weights[i] if wrong is not None else None
        if r == 0:
            continue
        if wrong is not None and not (r * w < 0):  # one adds it, the other subtracts it
            continue
        moves.append((hidden.name, -1 if r > 0 else +1, r, w))
    return moves


def class_learning_round(
    activity: Activity, traces: Sequence[Trace], *, max_moves: int = MAX_MOVES, max_tries: int = MAX_TRIES
) -> LearningRound:
    """Apply the printed rule to the class's grids (traces of its exercises with true digits)."""
    grids = _Grids(activity, traces)
    thresholds = {n.name: n.threshold for n in (*activity.hidden, *activity.outputs)}
    order = tuple(thresholds)
    total = len(grids.traces)

    def state() -> RoundState:
        return RoundState(tuple((n, thresholds[n]) for n in order), sum(grids.right(grids.answers(thresholds))), total)

    before = state()
    answers = grids.answers(thresholds)
    right = grids.right(answers)
    confusions = tuple(_confusion(activity, t, a) for t, a, ok in zip(grids.traces, answers, right) if not ok)
    tried: list[Move] = []
    kept = 0
    index = 0
    while kept < max_moves and len(tried) < max_tries:
        # Step 2: the next exercise (in grid order) still wrong and not looked at yet.
        while index < total and right[index]:
            index += 1
        if index >= total:
            break
        confusion = _confusion(activity, grids.traces[index], answers[index])
        looked_at = grids.results[index]
        index += 1
        for neuron, change, r, w in candidate_moves(activity, confusion):
            if kept >= max_moves or len(tried) >= max_tries:
                break
            if any(m.neuron == neuron and m.change == -change for m in tried if m.kept):
                continue  # never undo a move the class kept
            result = looked_at[grids.hidden_names.index(neuron)]
            if neuron_output(result, thresholds[neuron]) == neuron_output(result, exact(thresholds[neuron] + change)):
                continue  # its answer on this exercise's grid would not change: it cannot fix it
            old = thresholds[neuron]
            thresholds[neuron] = exact(old + change)
            new_answers = grids.answers(thresholds)
            new_right = grids.right(new_answers)
            ids = [t.exercise_id for t in grids.traces]
            fixes = tuple(i for i, a, b in zip(ids, right, new_right) if b and not a)
            breaks = tuple(i for i, a, b in zip(ids, right, new_right) if a and not b)
            keep = len(fixes) > len(breaks)
            tried.append(Move(neuron, change, old, thresholds[neuron], confusion, r, w, fixes, breaks,
                              sum(right), sum(new_right), keep))  # fmt: skip
            if keep:
                kept += 1
                answers, right = new_answers, new_right
            else:
                thresholds[neuron] = old
    return LearningRound(tuple(t.exercise_id for t in grids.traces), before, tuple(tried), state(), confusions)


# --- tallies: where each exercise lands on a neuron's table ------------------------


@dataclass(frozen=True)
class Tally:
    """A neuron's table (as on its card) with the true digits written under the results they reached."""

    neuron: str
    table: LookupTable
    # One tuple per cell, in exercise order; then, when the table ends in an open
    # cell ("more than high"), one more for the results above it, as on the card.
    digits: tuple[tuple[int, ...], ...]

    @property
    def threshold(self) -> Number:
        return self.table.threshold

    def __repr__(self) -> str:
        return f"Tally({self.neuron}, threshold {self.threshold}: {sum(map(len, self.digits))} digits)"


def with_threshold(table: LookupTable, threshold: Number) -> LookupTable:
    """The same results with the outputs a new threshold gives; the "≤" cell still gives 0."""
    step = table.step or 1
    results = [r for r, _ in table.cells]
    while results[0] > threshold:  # the threshold came down past the "≤" edge: open cells below it
        results.insert(0, exact(results[0] - step))
    return LookupTable(table.neuron, threshold, tuple((r, neuron_output(r, threshold)) for r in results), table.step,
                       open_above=table.open_above)  # fmt: skip


def tally(table: LookupTable, traces: Sequence[Trace]) -> Tally:
    """Each exercise's true digit under the cell of the result it reached ("≤" cell for low ones, the open
    cell for results above the table when it has one)."""
    results = [r for r, _ in table.cells]
    cells: list[list[int]] = [[] for _ in range(len(results) + table.open_above)]
    for trace in traces:
        if trace.label is None:
            continue
        result = trace.step(table.neuron).result
        if result <= table.low:
            index = 0
        elif table.open_above and result > table.high:
            index = len(results)
        else:
            index = results.index(result)
        cells[index].append(trace.label)
    return Tally(table.neuron, table, tuple(tuple(c) for c in cells))


def round_tallies(tables: dict[str, LookupTable], traces: Sequence[Trace], learning: LearningRound):
    """(before, moved): every neuron's tally before, then the moved neuron's tally after each kept move."""
    before = [tally(table, traces) for table in tables.values()]
    moved = []
    for move in learning.steps:
        table = tables[move.neuron]
        moved.append((move, tally(with_threshold(table, move.new), traces)))
        tables = {**tables, move.neuron: with_threshold(table, move.new)}
    return before, moved


def answers_after(activity: Activity, traces: Sequence[Trace], learning: LearningRound) -> dict[str, Answer]:
    """Each exercise's answer with the thresholds after the round, recomputed from the grids' hidden results."""
    grids = _Grids(activity, traces)
    answers = grids.answers(dict(learning.after.thresholds))
    return {t.exercise_id: a for t, a in zip(grids.traces, answers)}
