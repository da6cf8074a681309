"""What countable digits cost in accuracy: grids searched with the counting goal relaxed step by step.

The seed's network is fixed (its weights and thresholds are DESIGN's numbers);
only the grid's emoji layout is searched (grid_design.py). Two goals pull
against each other on it:

- issue 12: at least 95 % of digits countable by a 9-year-old in about a
  minute (every emoji count ≤ 10, at most 40 emoji cells under the ink);
- issue 13: after the class's learning round, at least 85 % of held-out
  digits right, and at least 5 points gained by the round.

For each counting target (the score's hinge, `limits_target`) and a few
search seeds, this prints the held-out figures of the grid found: the share
countable, the accuracy before, after the seed's own move (C +1, D −1), and
after the round that simulated classes find with the printed rule
(bench/learning_round.py's simulation, the kit's default draw).

Usage: python bench/grid_frontier.py [--iterations N] [--seeds 1,2,3] [--targets 0.965,0.95,0.93,0] [--classes N]
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from learning_round import simulate  # noqa: E402

from generator.activity import load_activity  # noqa: E402
from generator.digits import bank_ink  # noqa: E402
from generator.grid_design import DEFAULT_ITERATIONS, GAP_TARGET, design_grid, layout_figures  # noqa: E402
from generator.learning_round import MAX_MOVES  # noqa: E402


def row(activity, cells: np.ndarray, classes: int) -> dict:
    data = bank_ink(activity.grid.rows, activity.grid.cols)
    held = layout_figures(activity, cells, data, "held_out")
    on_grid = replace(activity, grid=replace(activity.grid, cells=tuple(tuple(int(c) for c in r) for r in cells)))
    r = simulate(on_grid, classes, MAX_MOVES)
    return {"countable": held.within_limits, "before": held.before, "seed_move": held.after,
            "round_before": r["held_before"], "round_after": r["held_after"], "gain": r["held_change"]}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=DEFAULT_ITERATIONS)
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--targets", default="0.965,0.95,0.93,0")
    parser.add_argument("--classes", type=int, default=200)
    args = parser.parse_args()
    activity = load_activity()
    seeds = [int(s) for s in args.seeds.split(",")]
    targets = [float(t) for t in args.targets.split(",")]
    print(f"held-out digits; {args.iterations} steps a search; rounds: {args.classes} classes, the printed rule, "
          f"at most {MAX_MOVES} moves")  # fmt: skip
    header = f"{'grid':<24} {'countable':>9} {'before':>7} {'seed move':>9} {'round':>15} {'gain':>7}"
    print(header)

    def show(name: str, r: dict) -> None:
        print(f"{name:<24} {r['countable']:>9.1%} {r['before']:>7.1%} {r['seed_move']:>9.1%} "
              f"{r['round_before']:>6.1%} → {r['round_after']:>6.1%} {100 * r['gain']:>+5.1f} pt", flush=True)  # fmt: skip

    show("shipped", row(activity, np.array(activity.grid.cells), args.classes))
    for target in targets:
        for seed in seeds:
            start = time.perf_counter()
            design = design_grid(activity, iterations=args.iterations, seed=seed, limits_target=target,
                                 gap_target=GAP_TARGET)  # fmt: skip
            show(f"countable ≥ {target:.1%}, seed {seed}", row(activity, design.cells, args.classes))
            print(f"{'':<24} ({time.perf_counter() - start:.0f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
