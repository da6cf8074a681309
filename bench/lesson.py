"""The lesson's time and the exercises' load: can a class run it in 55 minutes?

The time model (generator/lesson_time.py) per exercise, for one group:
counting, SECONDS_PER_CELL for each emoji cell under the ink, one cell after
the other (one sheet per group); then every hidden neuron at once,
SECONDS_PER_TERM per term added and SECONDS_PER_LOOKUP for its table; the
hidden answers handed over one by one (SECONDS_PER_HANDOVER each); every
output neuron at once, as the hidden ones; the output answers announced one
by one; SECONDS_PER_SHEET to change sheets.

Printed over the bank, on the shipped grid: minutes per exercise (mean, p95),
the share of exercises within the counting limits (every count ≤ 10, ≤ 40
emoji cells under the ink), the emoji cells under the ink (mean, p95), the
share of default kits' exercises within the limits (50 draws), held-out
accuracy of the network pupils start with (C 17, D 7) and end with (after the
seed's move, C 18, D 6), the reference classifier's legibility of the grid
pictures, and the 55-minute plan.
"""

from __future__ import annotations

import numpy as np
from common import Figure, print_table

from generator import lesson_time as model
from generator.activity import load_activity
from generator.digits import bank_exercises, bank_ink
from generator.digits.bank_draw import centroid_margins
from generator.grid_design import layout_counts, layout_figures

KITS = 50


def figures() -> list[Figure]:
    activity = load_activity()
    data = bank_ink(activity.grid.rows, activity.grid.cols)
    counts = layout_counts(np.array(activity.grid.cells), data.ink, len(activity.emoji))
    cells = counts.sum(axis=1)
    minutes = np.array([model.exercise_time(activity, int(c)).minutes for c in cells])
    within = model.countable(counts)
    held = layout_figures(activity, np.array(activity.grid.cells), data, "held_out")
    margins = centroid_margins(data)
    kit_shares, kit_legible = [], []
    for seed in range(KITS):
        exercises = bank_exercises(activity, number=8, digits=activity.digits, seed=seed)
        kit_counts = np.array([e.counts for e in exercises])
        kit_shares.append(float(model.countable(kit_counts).mean()))
        ids = {str(s): k for k, s in enumerate(data.source_ids)}
        kit_legible.append(float(np.mean([margins[ids[e.id]] > 0 for e in exercises])))
    plan = model.plan_lesson(55, activity=activity)
    return [
        Figure("lesson: minutes per exercise, bank mean", float(minutes.mean()), "min", 3.5),
        Figure("lesson: minutes per exercise, bank p95", float(np.percentile(minutes, 95)), "min", 3.5),
        Figure("lesson: bank exercises within counting limits", float(within.mean()), "", 0.95, True),
        Figure("lesson: emoji cells under the ink, bank mean", float(cells.mean()), "", 40),
        Figure("lesson: emoji cells under the ink, bank p95", float(np.percentile(cells, 95)), "", 40),
        Figure(f"lesson: worst default kit's share within limits ({KITS} seeds)", min(kit_shares), "", 0.95, True),
        Figure("lesson: held out, network pupils start with (C 17, D 7)", held.before, "", held.after - 0.05),
        Figure("lesson: held out, network after the seed's move (C 18, D 6)", held.after, "", 0.85, True),
        Figure("lesson: seed's move gain on held out (points)", 100 * (held.after - held.before), "pt", 5.0, True),
        Figure("lesson: reference classifier reads the grid picture right, held out", float((margins[data.held_out] > 0).mean()), "", 0.85, True),
        Figure(f"lesson: same, default kits' exercises ({KITS} seeds)", float(np.mean(kit_legible)), "", 1.0, True),
        Figure("lesson: exercises per group in a 55-minute plan", plan.exercises_per_group, "", model.MIN_EXERCISES, True),
    ]


if __name__ == "__main__":
    activity = load_activity()
    print(
        f"time model: {model.SECONDS_PER_CELL:g} s per emoji cell counted, {model.SECONDS_PER_TERM:g} s per term added, "
        f"{model.SECONDS_PER_LOOKUP:g} s per table look-up, {model.SECONDS_PER_HANDOVER:g} s per hand-over, "
        f"{model.SECONDS_PER_SHEET:g} s per sheet change; hidden neurons at once, then outputs"
    )
    print(model.plan_lesson(55, activity=activity))
    print_table(figures())
