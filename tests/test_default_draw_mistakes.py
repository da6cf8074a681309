"""The default kit includes mistakes the class can fix (issue 13): checked against references of this file.

The network's answers are recomputed here from DESIGN.md's formulas in numpy
(not the engine's forward pass); the counting limits are the lesson's
(at most 10 of an emoji, at most 40 emoji cells); the rule is the engine's
own (tests/test_tally.py reproduces it independently from the printed sheets).
"""

from collections import Counter

import numpy as np
import pytest

from generator.digits.bank_draw import MISTAKE_SOURCE, mistake_pool, mistakes_for
from generator.learning_round import class_learning_round
from generator.network import Network
from generator.selection import choose_exercises, default_number

SEEDS = range(1, 31)


def design_answers(activity, counts, hidden_th=None, output_th=None):
    """DESIGN.md: result = weighted sum, output = max(0, result − threshold), the largest positive output alone wins."""
    X = np.array(counts, dtype=float)
    W = np.array([[float(w) for w in h.weights] for h in activity.hidden])
    P = np.array([[float(w) for w in o.weights] for o in activity.outputs])
    th_h = np.array(hidden_th or [float(h.threshold) for h in activity.hidden])
    th_o = np.array(output_th or [float(o.threshold) for o in activity.outputs])
    out = np.maximum(0, np.maximum(0, X @ W.T - th_h) @ P.T - th_o)
    best = out.max(axis=1)
    alone = (out == best[:, None]).sum(axis=1) == 1
    digits = np.array([o.digit for o in activity.outputs])
    return np.where((best > 0) & alone, digits[out.argmax(axis=1)], -1)


@pytest.fixture(scope="module")
def kits(activity):
    return {seed: choose_exercises(activity, seed=seed) for seed in SEEDS}


def test_every_default_kit_includes_fixable_mistakes_and_the_rule_fixes_them(kits, activity):
    network = Network(activity)
    for seed, exercises in kits.items():
        planted = [e for e in exercises if e.source == MISTAKE_SOURCE]
        assert len(planted) == mistakes_for(default_number(activity)) == 2, seed  # a pair (PAIR_FROM)
        answers = design_answers(activity, [e.counts for e in planted])
        assert all(a != e.label for a, e in zip(answers, planted)), seed  # the network really gets them wrong
        traces = [network.forward(e.counts, exercise_id=e.id, label=e.label) for e in exercises]
        round_ = class_learning_round(activity, traces)
        assert round_.steps, seed  # the printed rule finds a move
        fixed = {i for m in round_.steps for i in m.fixes}
        assert fixed & {e.id for e in planted}, seed
        assert round_.after.right > round_.before.right, seed
        # what the round says after equals an independent forward pass with the new thresholds
        after = dict(round_.after.thresholds)
        right = design_answers(activity, [e.counts for e in exercises], [after[h.name] for h in activity.hidden],
                               [after[o.name] for o in activity.outputs]) == [e.label for e in exercises]  # fmt: skip
        assert int(right.sum()) == round_.after.right, seed


def test_the_default_kit_learns_the_seeds_move(activity):
    """DESIGN.md's learning: C 17 → 18, D 7 → 6; the default kit (seed 2026) and most others find exactly that."""
    network = Network(activity)
    found = Counter()
    for seed in (2026, *SEEDS):
        exercises = choose_exercises(activity, seed=seed)
        traces = [network.forward(e.counts, exercise_id=e.id, label=e.label) for e in exercises]
        steps = tuple((m.neuron, m.change) for m in class_learning_round(activity, traces).steps)
        if seed == 2026:
            assert steps == (("C", 1), ("D", -1))
        found[steps] += 1
    assert found[(("C", 1), ("D", -1))] >= 0.8 * len(SEEDS)


def test_chosen_mistakes_are_legible_countable_held_out_digits(kits, activity):
    from generator.bank import load_bank

    test = load_bank().test()
    held_out = set(test.source_ids.tolist())
    for seed, exercises in kits.items():
        for e in exercises:
            assert e.id in held_out
            if e.source == MISTAKE_SOURCE:
                assert max(e.counts) <= 10 and sum(e.counts) <= 40, (seed, e)
        per_digit = Counter(e.label for e in exercises)
        assert set(per_digit) <= set(activity.digits) and sum(per_digit.values()) == default_number(activity), seed
        shares = [per_digit.get(d, 0) for d in activity.digits]
        assert max(shares) - min(shares) <= 1, seed  # still balanced


def test_same_seed_same_draw_and_other_seeds_differ(kits, activity):
    again = choose_exercises(activity, seed=7)
    assert [(e.id, e.source, e.counts) for e in again] == [(e.id, e.source, e.counts) for e in kits[7]]
    assert len({tuple(e.id for e in exercises) for exercises in kits.values()}) == len(kits)


def test_the_pairs_fixes_improve_the_training_digits(activity):
    """Mistakes are chosen on what their fixes do to the bank's training part (held-out figures stay honest)."""
    from generator.digits import bank_ink, layout_onehot

    pool = mistake_pool(activity)
    assert len(pool.singles) >= 4 and len(pool.pairs) >= 4
    assert set(pool.pairs.reshape(-1).tolist()) <= set(pool.singles.tolist())
    data = bank_ink(activity.grid.rows, activity.grid.cols)
    counts = data.ink.astype(np.int64) @ layout_onehot(activity.grid, len(activity.emoji))
    train = ~data.held_out & np.isin(data.labels, activity.digits)
    held = counts[data.held_out]
    before = (design_answers(activity, counts[train]) == data.labels[train]).mean()
    network = Network(activity)
    for a, b in pool.pairs[:: max(1, len(pool.pairs) // 8)]:
        traces = [network.forward(tuple(int(c) for c in held[i]), exercise_id=str(i),
                                  label=int(data.labels[data.held_out][i])) for i in (a, b)]  # fmt: skip
        after = dict(class_learning_round(activity, traces).after.thresholds)
        moved = design_answers(activity, counts[train], [after[h.name] for h in activity.hidden],
                               [after[o.name] for o in activity.outputs])  # fmt: skip
        assert (moved == data.labels[train]).mean() > before


def test_small_kits_and_other_sources_have_no_chosen_mistakes(activity):
    assert mistakes_for(3) == 0
    assert not any(e.source == MISTAKE_SOURCE for e in choose_exercises(activity, number=3, seed=5))
    assert not any(e.source == MISTAKE_SOURCE for e in choose_exercises(activity, counts="6,4,9,6,6,7"))


def test_honesty_note_names_the_chosen_exercises():
    from generator.documents.tally import honesty_note

    fr = honesty_note("fr", [1, 3], 8)
    en = honesty_note("en", [4], 8)
    assert "exercices 1 et 3" in fr and "6\u00a0autres exercices" in fr
    assert "1 digit the network gets wrong (exercise 4)" in en and "other 7 exercises" in en
    assert honesty_note("en", [], 8) == ""
