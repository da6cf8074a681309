"""The lookup tables printed on role cards, computed from the traces.

Each neuron's table covers every result the exercises reach, so no pupil meets
a result missing from their card; short tables are widened to show the output
growing past the threshold, long ones start at a higher "≤" edge. Documents
only lay these tables out (documents/cards.py); the class kit computes them
once per group and draws them on every copy.
"""

from __future__ import annotations

from typing import Sequence

from .activity import Activity, HiddenNeuron, OutputNeuron
from .network import LookupTable, Trace, lookup_table
from .numbers import Number

MIN_CELLS = 8  # a short table still shows the output growing past the threshold
MAX_CELLS = 24  # longer tables start at a higher "≤" edge instead


def card_table(
    neuron: HiddenNeuron | OutputNeuron, results: Sequence[Number], *, max_cells: int = MAX_CELLS
) -> LookupTable:
    """The neuron's table covering `results` (from traces), at most `max_cells` long.

    Results far below the threshold all give 0, so when the table would be too
    long its "≤" edge moves up, but never past the last result that gives 0:
    every result is still covered, by its own cell or by the "≤" cell.
    """
    table = lookup_table(neuron, results, min_cells=MIN_CELLS)
    if len(table.cells) > max_cells:
        edge = min(table.high - max_cells + 1, _threshold_edge(table))
        table = lookup_table(neuron, [edge, *(r for r in results if r >= edge)], min_cells=MIN_CELLS)
    return table


def _threshold_edge(table: LookupTable) -> Number:
    # The highest result whose output is still 0: the lowest honest "≤" edge.
    return max(r for r, output in table.cells if output == 0)


def card_tables(activity: Activity, traces: Sequence[Trace]) -> dict[str, LookupTable]:
    """Every neuron's table, covering every result the traces reach."""
    return {
        neuron.name: card_table(neuron, [t.step(neuron.name).result for t in traces])
        for neuron in (*activity.hidden, *activity.outputs)
    }
