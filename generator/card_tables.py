"""The lookup tables printed on role cards (and on the tally sheets).

A card's table must work for whatever a pupil computes, not only for the kit's
own exercises: a miscount, or another digit drawn on the same grid, must still
land on a cell. So every table runs

    "8 or less → 0" | 9 → 1 | 10 → 2 | … | high → high − 8 | "more than high: take away 8"

where `high` covers what at least 99.5 % of the bank's digits reach on the
activity's grid (and every result of the kit's exercises), one "≤ threshold"
cell replaces every result that gives 0 (no negative columns), and the open
last cell says the rule in words. A table too long for a card (a decimal
network's results, 0.01 apart) keeps only its two ends: the card then says the
rule in words. Documents only lay these tables out (documents/cards.py).
"""

from __future__ import annotations

from fractions import Fraction
from math import ceil, floor
from typing import Sequence

from .activity import Activity, HiddenNeuron, OutputNeuron
from .network import LookupTable, Trace, neuron_output, result_step
from .numbers import Number, exact, format_number

COVERAGE = 0.995  # share of the bank's digits whose result has its own cell (or the "≤" cell)
MIN_CELLS = 8  # a short table still shows the output growing past the threshold
# What a card holds at documents/cards.TABLE_SIZE on A4 and Letter, by the length of
# its longest number ("37": 2, "113" or "8,5": 3, "18,5": 4, "109,5": 5; tests/test_cards.py
# lays the longest such tables out): three bands on a hidden neuron's card, two on an
# output card (its third step takes the room of one). A longer table keeps its two
# ends: the card says the rule in words.
MAX_CELLS = {
    "hidden": {2: 30, 3: 23, 4: 20, 5: 17},
    "output": {2: 20, 3: 15, 4: 14, 5: 11},
}


def max_cells(neuron: HiddenNeuron | OutputNeuron, longest: int) -> int:
    """How many cells the neuron's card holds when its longest number has `longest` characters."""
    limits = MAX_CELLS["output" if isinstance(neuron, OutputNeuron) else "hidden"]
    return limits[min(max(longest, 2), 5)]


def card_table(
    neuron: HiddenNeuron | OutputNeuron,
    results: Sequence[Number],
    *,
    step: Number = 1,
    reach: float | None = None,
    limit: int | None = None,
) -> LookupTable:
    """The neuron's table: "≤ threshold" cell, every result up to the highest needed, open last cell.

    `results` (the kit's, exact) all get a cell or the "≤" cell; `reach` (a
    float, e.g. the bank's 99.5th percentile) is covered too, rounded up to a
    result the neuron can compute (a multiple of `step`).
    """
    step = exact(step)
    threshold = exact(neuron.threshold)
    low = floor(Fraction(threshold) / Fraction(step))  # in steps: the "≤" edge, never above the threshold
    highs = [low + MIN_CELLS - 1]
    highs += [ceil(Fraction(r) / Fraction(step)) for r in results]
    if reach is not None:
        highs.append(ceil(reach / float(step) - 1e-9))
    high = max(highs)
    # The longest number: at an end, or next to one ("108,5" before "109").
    longest = max(len(format_number(exact(i * step))) for i in (low, low + 1, high - 1, high))
    if high - low + 1 > (limit if limit is not None else max_cells(neuron, longest)):
        indices = [low]  # the rule in words: only the "≤" cell and the open one
    else:
        indices = list(range(low, high + 1))
    cells = tuple((exact(i * step), neuron_output(exact(i * step), threshold)) for i in indices)
    return LookupTable(neuron.name, neuron.threshold, cells, step, open_above=True)


# --- how far the bank's digits reach --------------------------------------------------

_REACH: dict[tuple, dict[str, float]] = {}


def _network_key(activity: Activity) -> tuple:
    return (
        activity.grid.rows, activity.grid.cols, activity.grid.cells, len(activity.emoji),
        tuple((n.weights, n.threshold) for n in activity.hidden),
        tuple((n.weights, n.threshold) for n in activity.outputs),
    )  # fmt: skip


def bank_reach(activity: Activity, coverage: float = COVERAGE) -> dict[str, float]:
    """Per neuron: the result that `coverage` of the bank's digits (all of them, on this grid) do not exceed.

    Computed once per network and process (a class kit asks for every group);
    the bank's ink on a grid is itself cached by digits.bank_ink.
    """
    key = (_network_key(activity), coverage)
    found = _REACH.get(key)
    if found is None:
        if len(_REACH) > 256:  # bounded, for long-lived processes (neurones serve)
            _REACH.clear()
        found = _REACH[key] = _bank_reach(activity, coverage)
    return found


def _bank_reach(activity: Activity, coverage: float) -> dict[str, float]:
    import numpy as np

    from .digits import bank_ink

    ink = bank_ink(activity.grid.rows, activity.grid.cols).ink
    flat = np.asarray(activity.grid.cells).reshape(-1)
    onehot = np.zeros((flat.size, len(activity.emoji)))
    carried = flat >= 0  # empty cells carry no emoji
    onehot[np.flatnonzero(carried), flat[carried]] = 1
    counts = ink.astype(float) @ onehot
    W = np.array([[float(w) for w in n.weights] for n in activity.hidden])
    t = np.array([float(n.threshold) for n in activity.hidden])
    P = np.array([[float(w) for w in n.weights] for n in activity.outputs])
    hidden = counts @ W.T
    outputs = np.maximum(0.0, hidden - t) @ P.T
    results = np.concatenate([hidden, outputs], axis=1)
    # The smallest value at or under which `coverage` of the digits fall.
    rank = max(0, ceil(coverage * len(results)) - 1)
    reach = np.sort(results, axis=0)[rank]
    names = [n.name for n in (*activity.hidden, *activity.outputs)]
    return {name: float(value) for name, value in zip(names, reach)}


def card_tables(activity: Activity, traces: Sequence[Trace]) -> dict[str, LookupTable]:
    """Every neuron's table, covering the bank's digits and every result the traces reach."""
    reach = bank_reach(activity)
    return {
        neuron.name: card_table(
            neuron,
            [t.step(neuron.name).result for t in traces],
            step=result_step(activity, neuron),
            reach=reach[neuron.name],
        )
        for neuron in (*activity.hidden, *activity.outputs)
    }
