"""The learning round, simulated: many classes apply the printed rule literally.

Each class is a kit drawn with another --seed, exactly as `neurones kit`
draws it (the default number of exercises, from the bank's held-out part,
counted on the activity's grid, two of eight chosen among the network's
fixable mistakes: digits.bank_draw.mistake_pool; --plain leaves them out).
The class computes its grids (the engine's forward pass), then applies the
rule of learning_round.py to them, and nothing else. We print:

- the share of classes in which the rule finds a move (goal ≥ 80 %);
- exercises right before and after on the class's own sheets (goal +2 on average);
- held-out accuracy before and after, on every held-out bank digit but the
  class's own (goal +5 points on average, after ≥ 85 %);
- the share of classes whose held-out accuracy drops by more than 2 points (goal ≤ 5 %).

It also prints the ceiling of any rule: the best held-out accuracy that
M one-step threshold moves reach, by exhaustive search on the held-out digits
themselves (84.3 % for 3 moves on the default grid: the "after ≥ 85 %" goal
is out of reach of a few threshold moves there), and the held-out accuracy
on the digits like the kit's plain draw (legible, countable).

Usage: python bench/learning_round.py [--classes N] [--activity FILE] [--max-moves M] [--exercises N] [--plain]
       [--thresholds C=16,D=8]  (start from other thresholds: how the rule copes with a network that has room to learn)
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Figure, print_table  # noqa: E402

from generator.activity import load_activity  # noqa: E402
from generator.bank import load_bank  # noqa: E402
from generator.digits import bank_exercises, bank_ink, layout_onehot  # noqa: E402
from generator.learning_round import MAX_MOVES, class_learning_round  # noqa: E402
from generator.network import Network  # noqa: E402
from generator.selection import DEFAULT_EXERCISES, choose_exercises  # noqa: E402

FIRST_SEED = 1  # class k uses --seed FIRST_SEED + k (the default kit's 2026 is one of many)


def held_out_counts(activity):
    """Every held-out bank digit of the activity's digits, counted on its grid, with its id."""
    bank = load_bank()
    ink = bank_ink(activity.grid.rows, activity.grid.cols)
    counts = ink.ink.astype(np.int64) @ layout_onehot(activity.grid, len(activity.emoji))
    keep = bank.held_out & np.isin(bank.labels, activity.digits)
    return counts[keep], bank.labels[keep].astype(int), bank.source_ids[keep]


def any_single_move_helps(activity, exercises, right_before: int) -> bool:
    """The ceiling: does any of the 2 × 10 one-step threshold moves add a right answer (search, not the rule)?"""
    X = np.array([e.counts for e in exercises])
    labels = np.array([e.label for e in exercises])
    hidden = [h.threshold for h in activity.hidden]
    outputs = [o.threshold for o in activity.outputs]
    for i in range(len(hidden) + len(outputs)):
        for change in (-1, 1):
            h, o = list(hidden), list(outputs)
            if i < len(h):
                h[i] += change
            else:
                o[i - len(h)] += change
            if int((Network(activity.with_thresholds(h, o)).predict(X) == labels).sum()) > right_before:
                return True
    return False


def kit_like(activity, ids) -> np.ndarray:
    """Which held-out digits are like the kit's plain draw: countable in about a minute, legible on the grid."""
    from generator.bank import load_bank
    from generator.digits.bank_draw import preferred_digits

    test = load_bank().test()
    return np.isin(ids, test.source_ids[preferred_digits(activity)])


def draw(activity, number: int, seed: int, plain: bool):
    """The default draw (with its chosen mistakes), or with --plain the draw without them."""
    if plain:
        return bank_exercises(activity, number=number, digits=activity.digits, seed=seed)
    return choose_exercises(activity, number=number, seed=seed)


def simulate(activity, classes: int, max_moves: int, number: int = DEFAULT_EXERCISES, plain: bool = False) -> dict:
    counts, labels, ids = held_out_counts(activity)
    like = kit_like(activity, ids)
    before_pred = Network(activity).predict(counts)
    rows = []
    for k in range(classes):
        exercises = draw(activity, number, FIRST_SEED + k, plain)
        network = Network(activity)
        traces = [network.forward(e.counts, exercise_id=e.id, label=e.label) for e in exercises]
        round_ = class_learning_round(activity, traces, max_moves=max_moves)
        others = ~np.isin(ids, [e.id for e in exercises])
        held_before = float((before_pred[others] == labels[others]).mean())
        like_before = float((before_pred[others & like] == labels[others & like]).mean())
        if round_.steps:
            hidden = [round_.after.threshold(h.name) for h in activity.hidden]
            outputs = [round_.after.threshold(o.name) for o in activity.outputs]
            after_pred = Network(activity.with_thresholds(hidden, outputs)).predict(counts)
            held_after = float((after_pred[others] == labels[others]).mean())
            like_after = float((after_pred[others & like] == labels[others & like]).mean())
        else:
            held_after, like_after = held_before, like_before
        ceiling = any_single_move_helps(activity, exercises, round_.before.right)
        rows.append((bool(round_.steps), round_.before.right, round_.after.right, round_.before.total,
                     held_before, held_after, len(round_.tried), ceiling, like_before, like_after))  # fmt: skip
    a = np.array(rows, dtype=float)
    return {
        "moved": a[:, 0].mean(),
        "right_before": a[:, 1].mean(),
        "right_after": a[:, 2].mean(),
        "total": a[:, 3].mean(),
        "held_before": a[:, 4].mean(),
        "held_after": a[:, 5].mean(),
        "held_change": (a[:, 5] - a[:, 4]).mean(),
        "dropped": ((a[:, 4] - a[:, 5]) > 0.02).mean(),
        "tried": a[:, 6].mean(),
        "ceiling": a[:, 7].mean(),
        "all_right": (a[:, 1] == a[:, 3]).mean(),
        "like_before": a[:, 8].mean(),
        "like_after": a[:, 9].mean(),
        "held_out_digits": len(labels),
    }


def best_reachable(activity, moves: int) -> tuple[float, dict]:
    """The ceiling of any threshold rule: the best held-out accuracy within `moves` one-step moves (exhaustive)."""
    counts, labels, _ = held_out_counts(activity)
    start = [n.threshold for n in (*activity.hidden, *activity.outputs)]
    names = [n.name for n in (*activity.hidden, *activity.outputs)]
    n_hidden = len(activity.hidden)
    best = (-1.0, {})

    def visit(i: int, t: list, budget: int) -> None:
        nonlocal best
        if i == len(t):
            score = float((Network(activity.with_thresholds(t[:n_hidden], t[n_hidden:])).predict(counts) == labels).mean())
            if score > best[0]:
                best = (score, {n: v - s for n, v, s in zip(names, t, start) if v != s})
            return
        for d in range(-budget, budget + 1):
            visit(i + 1, [*t[:i], t[i] + d, *t[i + 1 :]], budget - abs(d))

    visit(0, start, moves)
    return best


def goals(r: dict) -> list[Figure]:
    return [
        Figure("learning round: classes finding a move", 100 * r["moved"], "%", 80, higher_is_better=True),
        Figure("learning round: exercises right, after - before", r["right_after"] - r["right_before"], "", 2,
               higher_is_better=True),  # fmt: skip
        Figure("learning round: held-out, after - before", 100 * r["held_change"], "pt", 5, higher_is_better=True),
        Figure("learning round: held-out after", 100 * r["held_after"], "%", 85, higher_is_better=True),
        Figure("learning round: classes losing > 2 pt held-out", 100 * r["dropped"], "%", 5),
    ]


def figures(classes: int = 300) -> list[Figure]:
    """For bench/run.py: the default activity, the default kit's draw, the printed rule (a few seconds)."""
    return goals(simulate(load_activity(None), classes, MAX_MOVES))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--classes", type=int, default=500)
    parser.add_argument("--activity", type=Path, default=None)
    parser.add_argument("--max-moves", type=int, default=MAX_MOVES)
    parser.add_argument("--exercises", type=int, default=DEFAULT_EXERCISES, help="per class (groups pooling: more)")
    parser.add_argument("--thresholds", default="", help="start elsewhere, e.g. C=16,D=8 (how the rule copes)")
    parser.add_argument("--plain", action="store_true", help="kits drawn without their chosen mistakes")
    args = parser.parse_args()
    activity = load_activity(args.activity)
    if args.thresholds:
        moved = dict((k.strip(), int(v)) for k, v in (p.split("=") for p in args.thresholds.split(",")))
        activity = activity.with_thresholds([moved.get(h.name, h.threshold) for h in activity.hidden],
                                            [moved.get(o.name, o.threshold) for o in activity.outputs])
    start = time.perf_counter()
    r = simulate(activity, args.classes, args.max_moves, args.exercises, args.plain)
    seconds = time.perf_counter() - start
    draw_name = "plain draw" if args.plain else "default draw (with its chosen mistakes)"
    print(f"{args.classes} classes of {args.exercises} exercises, {draw_name}, at most {args.max_moves} moves, "
          f"held out: {r['held_out_digits']} bank digits; {seconds:.1f} s")  # fmt: skip
    print(f"exercises right on the class's sheets: {r['right_before']:.2f} → {r['right_after']:.2f} "
          f"of {r['total']:.0f}; moves tried per class: {r['tried']:.2f}")  # fmt: skip
    print(f"held-out accuracy: {100 * r['held_before']:.2f} % → {100 * r['held_after']:.2f} %")
    print(f"held-out accuracy on digits like the kit's plain draw (legible, countable): "
          f"{100 * r['like_before']:.2f} % → {100 * r['like_after']:.2f} %")  # fmt: skip
    print(f"classes where some one-step move (any of 20, by search) adds a right answer: {100 * r['ceiling']:.1f} %"
          " (what any ±1 rule could reach)")
    print(f"classes with nothing to learn (every exercise right before): {100 * r['all_right']:.1f} %")
    ceiling, where = best_reachable(activity, args.max_moves)
    shown = ", ".join(f"{n} {d:+d}" for n, d in where.items())
    print(f"best held-out accuracy any {args.max_moves} one-step moves reach (exhaustive search on the held-out "
          f"digits themselves): {100 * ceiling:.2f} % ({shown})")  # fmt: skip
    print(f"start: {', '.join(f'{n.name} {n.threshold}' for n in (*activity.hidden, *activity.outputs))}")
    print_table(goals(r))


if __name__ == "__main__":
    main()
