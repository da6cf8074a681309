"""Bank draws: every bank digit on a grid, and the default exercises drawn from
the held-out part of the bank."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

from ..activity import Activity
from ..errors import UserError
from .exercise_files import exercise_from_ink
from .grid_ink import ink_grid

MAX_BANK_EXERCISES = 200


@dataclass(frozen=True, eq=False)
class BankInk:
    """Every bank digit resampled onto one grid size, flattened: (n, rows·cols) 0/1."""

    rows: int
    cols: int
    ink: np.ndarray
    labels: np.ndarray
    held_out: np.ndarray
    source_ids: np.ndarray

    def __repr__(self) -> str:
        return f"BankInk({len(self.labels)} digits on {self.rows}×{self.cols}, mean ink {self.ink.sum(1).mean():.1f} cells)"


@cache
def bank_ink(rows: int, cols: int) -> BankInk:
    from ..bank import load_bank

    bank = load_bank()
    images = bank.images.astype(float) / 255.0
    ink = np.stack([ink_grid(image, rows, cols).reshape(-1) for image in images])
    ink.setflags(write=False)
    return BankInk(rows, cols, ink, bank.labels, bank.held_out, bank.source_ids)


def parse_digits(text: str | Sequence[int] | None, activity: Activity) -> tuple[int, ...]:
    """`--digits 0,3,6,9`: digits the activity recognises, in the order given, no repeats."""
    if text is None:
        return activity.digits
    parts = [p for p in text.replace(";", ",").replace(" ", ",").split(",") if p] if isinstance(text, str) else [str(d) for d in text]
    digits: list[int] = []
    for part in parts:
        if not (part.isdigit() and int(part) in activity.digits):
            raise UserError("digits.unknown", value=part[:20], digits=activity.digits)
        if int(part) not in digits:
            digits.append(int(part))
    if not digits:
        raise UserError("digits.unknown", value=text, digits=activity.digits)
    return tuple(digits)


# The default draw takes its digits from the most legible third of each digit
# (LEGIBLE_SHARE), among the digits within the counting limits.
LEGIBLE_SHARE = 1 / 3


def centroid_margins(data: BankInk) -> np.ndarray:
    """Per bank digit: how clearly its grid picture reads as its own digit to a reference classifier.

    The reference is a nearest-centroid classifier on the grid picture itself
    (the 0/1 shaded cells, before any emoji): each digit's centroid is the mean
    picture of that digit over the bank's training part. The margin is the
    squared distance to the closest other digit's centroid minus the one to
    its own, per cell: positive when the picture is read right, larger the
    more clearly. A 3 whose lower loop is lost on the grid, and reads like a
    7, sits close to the 9s' and the 3s' centroids alike: its margin is small.
    """
    labels = data.labels.astype(int)
    digits = np.unique(labels)
    train = ~data.held_out
    pictures = data.ink.astype(float)
    centroids = np.stack([pictures[train & (labels == d)].mean(axis=0) for d in digits])
    distances = ((pictures[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2) / pictures.shape[1]
    own = np.searchsorted(digits, labels)
    mine = distances[np.arange(len(labels)), own]
    distances[np.arange(len(labels)), own] = np.inf
    return distances.min(axis=1) - mine


def preferred_digits(activity: Activity) -> np.ndarray:
    """Held-out bank indices (positions in bank.test()) the default draw prefers: within the counting
    limits on the activity's grid, and in the most legible third of their digit."""
    from ..grid_design import layout_counts
    from ..lesson_time import countable

    rows, cols = activity.grid.rows, activity.grid.cols
    data = bank_ink(rows, cols)
    held = np.flatnonzero(data.held_out)
    margins = centroid_margins(data)[held]
    labels = data.labels[held]
    counts = layout_counts(np.array(activity.grid.cells), data.ink[held], len(activity.emoji))
    legible = np.zeros(len(held), dtype=bool)
    for digit in np.unique(labels):
        mine = labels == digit
        legible |= mine & (margins > 0) & (margins >= np.quantile(margins[mine], 1 - LEGIBLE_SHARE))
    return np.flatnonzero(legible & countable(counts))


# The default kit includes a few digits the network gets wrong, so that the
# learning round has something to learn (the tally key says so): one exercise
# in MISTAKE_SHARE, taken from the more legible half of their digit.
MISTAKE_SHARE = 1 / 4
MISTAKE_LEGIBLE_SHARE = 1 / 2
MISTAKE_SOURCE = "bank-mistake"  # Exercise.source of such a digit (plain draws say "bank")


def mistakes_for(number: int) -> int:
    """How many fixable mistakes a default draw of `number` exercises includes (8 → 2)."""
    return int(number * MISTAKE_SHARE)


@dataclass(frozen=True, eq=False)
class MistakePool:
    """The network's fixable mistakes on the held-out bank (positions in bank.test()), and ordered pairs of
    them whose fixes, found by the printed rule, teach the network the most (on the bank's training digits)."""

    singles: np.ndarray
    pairs: np.ndarray  # (n, 2): the first one, then the second, in the kit's order

    def __repr__(self) -> str:
        return f"MistakePool({len(self.singles)} digits, {len(self.pairs)} ordered pairs)"


@cache
def mistake_pool(activity: Activity) -> MistakePool:
    """Digits the network gets wrong in a way the printed rule fixes, and whose fix makes the network better.

    A digit qualifies when it is countable in about a minute, in the more
    legible half of its digit (its grid picture still reads as itself), the
    activity's network gets it wrong, and the learning round's rule, applied
    to that one exercise, keeps a move that fixes it and that makes the
    network right on more of the bank's training digits (never the held-out
    ones, so held-out figures stay honest). A pair (first, second) qualifies
    when the rule, applied to those two exercises in that order, fixes both
    and ends on the thresholds that do best on the training digits among all
    pairs: on the default activity, the seed's own move (C 17 → 18, D 7 → 6).
    """
    from ..grid_design import layout_counts
    from ..learning_round import class_learning_round
    from ..lesson_time import countable
    from ..network import Network

    data = bank_ink(activity.grid.rows, activity.grid.cols)
    cells = np.array(activity.grid.cells)
    held = np.flatnonzero(data.held_out)
    margins = centroid_margins(data)[held]
    labels = data.labels[held].astype(int)
    counts = layout_counts(cells, data.ink[held], len(activity.emoji))
    network = Network(activity)
    wrong = (network.predict(counts) != labels) & countable(counts) & (margins > 0) & np.isin(labels, activity.digits)
    for digit in np.unique(labels):
        mine = labels == digit
        wrong &= ~mine | (margins >= np.quantile(margins[mine], 1 - MISTAKE_LEGIBLE_SHARE))
    train = ~data.held_out & np.isin(data.labels, activity.digits)
    train_counts = layout_counts(cells, data.ink[train], len(activity.emoji))
    train_labels = data.labels[train]
    scores: dict[tuple, int] = {}

    def trained_right(round_) -> int:
        thresholds = dict(round_.after.thresholds)
        key = tuple(sorted(thresholds.items()))
        if key not in scores:
            moved = activity.with_thresholds([thresholds[h.name] for h in activity.hidden],
                                             [thresholds[o.name] for o in activity.outputs])  # fmt: skip
            scores[key] = int((Network(moved).predict(train_counts) == train_labels).sum())
        return scores[key]

    start = int((network.predict(train_counts) == train_labels).sum())
    traces = {}
    for i in np.flatnonzero(wrong):
        trace = network.forward(tuple(int(c) for c in counts[i]), exercise_id=str(i), label=int(labels[i]))
        round_ = class_learning_round(activity, [trace])
        if round_.steps and round_.after.right == 1 and trained_right(round_) > start:
            traces[int(i)] = trace
    pairs: list[tuple[int, int, int]] = []
    for a in traces:
        for b in traces:
            if a != b:
                round_ = class_learning_round(activity, [traces[a], traces[b]])
                if round_.after.right == 2:
                    pairs.append((trained_right(round_), a, b))
    best = max((score for score, _, _ in pairs), default=start)
    singles = np.array(sorted(traces), dtype=np.int64)
    chosen = np.array([(a, b) for score, a, b in pairs if score == best], dtype=np.int64).reshape(-1, 2)
    for array in (singles, chosen):
        array.setflags(write=False)  # cached: shared by every draw
    return MistakePool(singles, chosen)


def _plan_mistakes(activity: Activity, number: int, digits: Sequence[int], rng: np.random.Generator):
    """(how many more of each digit, the mistakes as ordered groups): balanced, mistakes_for(number) mistakes.

    Mistakes come in the pool's ordered pairs (the rule learns the most
    from them, in that order), then single ones if an odd one is left.
    """
    per_digit = np.full(len(digits), number // len(digits))
    per_digit[rng.choice(len(digits), size=number % len(digits), replace=False)] += 1
    data = bank_ink(activity.grid.rows, activity.grid.cols)
    test_labels = data.labels[data.held_out]
    pool = mistake_pool(activity)
    room = dict(zip(digits, per_digit.tolist()))
    wanted = mistakes_for(number)
    groups: list[list[int]] = []
    used: set[int] = set()

    def take(group) -> None:
        group = [int(i) for i in group]
        need = {}
        for i in group:
            need[int(test_labels[i])] = need.get(int(test_labels[i]), 0) + 1
        if used.isdisjoint(group) and all(room.get(d, 0) >= n for d, n in need.items()):
            groups.append(group)
            used.update(group)
            for d, n in need.items():
                room[d] -= n

    for pair in pool.pairs[rng.permutation(len(pool.pairs))] if len(pool.pairs) else []:
        if wanted - len(used) < 2:
            break
        take(pair)
    for single in rng.permutation(pool.singles) if len(pool.singles) else []:
        if len(used) >= wanted:
            break
        take([single])
    return room, groups


def bank_exercises(activity: Activity, *, number: int, digits: Sequence[int], seed: int, option: str = "--exercises",
                   mistakes: bool = False):  # fmt: skip
    """`number` held-out bank digits, balanced over `digits`, drawn with `seed`.

    Held-out digits are the ones the grid was not designed on, so a class's
    success rate is an honest one. The draw prefers digits a pupil counts in
    about a minute and that stay legible on the grid (preferred_digits); only
    a request for more digits of one kind than those falls back on all of them.
    With `mistakes` (the default kit), mistakes_for(number) of them are
    fixable mistakes of the network (mistake_pool), marked with
    source MISTAKE_SOURCE; the others are drawn as above.
    """
    from ..bank import load_bank

    bank = load_bank()
    missing = [d for d in digits if d not in set(bank.labels.tolist())]
    if missing:
        raise UserError("digits.not_in_bank", digits=missing)
    test = bank.test()
    most = min(MAX_BANK_EXERCISES, len(digits) * min(int((test.labels == d).sum()) for d in digits))
    if not 1 <= number <= most:
        raise UserError("cli.exercises_range", option=option, value=number, most=most)
    if mistakes and mistakes_for(number):
        chosen, planted = _draw_with_mistakes(activity, test, number, digits, seed)
    else:
        chosen, planted = _plain_draw(activity, test, number, digits, seed), set()
    rows, cols = activity.grid.rows, activity.grid.cols
    exercises = []
    for index in chosen:
        ink = ink_grid(test.images[index].astype(float) / 255.0, rows, cols)
        source = MISTAKE_SOURCE if int(index) in planted else "bank"
        exercises.append(
            exercise_from_ink(ink, activity, id=str(test.source_ids[index]), label=int(test.labels[index]), source=source)
        )
    return exercises


def _plain_draw(activity: Activity, test, number: int, digits: Sequence[int], seed) -> np.ndarray:
    preferred = preferred_digits(activity)
    try:
        return preferred[test.subset(preferred).balanced_sample(number, tuple(digits), rng=seed)]
    except ValueError:  # more of one digit than the preferred ones
        return test.balanced_sample(number, tuple(digits), rng=seed)


def _draw_with_mistakes(activity: Activity, test, number: int, digits: Sequence[int], seed: int):
    """(indices in a shuffled order, the planted ones): the mistakes first drawn, the rest as a plain draw."""
    rng = np.random.default_rng(seed)
    room, groups = _plan_mistakes(activity, number, digits, rng)
    planted = [i for group in groups for i in group]
    preferred = np.setdiff1d(preferred_digits(activity), planted)
    rest: list[int] = []
    for digit in digits:
        if not room[digit]:
            continue
        members = preferred[test.labels[preferred] == digit]
        if room[digit] > len(members):  # more of one digit than the preferred ones
            members = np.setdiff1d(np.flatnonzero(test.labels == digit), planted)
        rest += rng.choice(members, size=room[digit], replace=False).tolist()
    order = rng.permutation(np.array(planted + rest, dtype=np.int64))
    for group in groups:  # a pair keeps its order (the rule learns the most from it that way)
        places = sorted(int(np.flatnonzero(order == i)[0]) for i in group)
        order[places] = group
    return order, set(planted)
