"""Threshold moves by search (repairs, design-grid), and lookup tables of rounded networks."""

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.exercises import Exercise, seed_exercises
from generator.learning import count_correct, learn_thresholds
from generator.network import Network, lookup_table, result_step


def test_seed_examples_learning_steps(activity):
    exercises = seed_exercises(activity)
    assert count_correct(activity, exercises) == 5
    learnt, steps = learn_thresholds(activity, exercises)
    # D −1 first, as the seed's class did; then E and B.
    assert [(s.neuron, s.old, s.new) for s in steps] == [("D", 7, 6), ("E", 16, 15), ("B", 7, 6)]
    assert [(s.correct_before, s.correct_after) for s in steps] == [(5, 8), (8, 9), (9, 10)]
    assert count_correct(learnt, exercises) == 10
    assert [n.threshold for n in learnt.hidden] == [8, 6, 17, 6, 15, 5]
    assert [n.weights for n in learnt.hidden] == [n.weights for n in activity.hidden]
    first = steps[0]
    assert first.edge_result == 7 and first.edge_digits == (3,) and first.fixed == (3, 6, 6) and first.broken == ()


def test_no_single_move_helps_at_the_end(activity):
    exercises = seed_exercises(activity)
    learnt, _ = learn_thresholds(activity, exercises)
    best = count_correct(learnt, exercises)
    k = len(learnt.hidden)
    for i in range(k + len(learnt.outputs)):
        for delta in (1, -1):
            thresholds = [n.threshold for n in (*learnt.hidden, *learnt.outputs)]
            thresholds[i] += delta
            moved = learnt.with_thresholds(thresholds[:k], thresholds[k:])
            assert count_correct(moved, exercises) <= best


def test_step_explained_in_pupils_words(activity):
    """The reason names only what the move did (the digits it fixed), which is true by construction."""
    _, steps = learn_thresholds(activity, seed_exercises(activity))
    from generator.words import words_for

    fr = words_for("fr").learning.step(steps[0])
    en = words_for("en").learning.step(steps[0])
    assert fr == "D\u00a0: −1 (seuil 7 → 6)\u00a0: le réseau reconnaît en plus un 3 et deux 6, 8\u00a0bonnes réponses au lieu de 5."
    assert en == "D: −1 (threshold 7 → 6): the network now also recognises one 3 and two 6s, 8 right answers instead of 5."


counts = st.tuples(*[st.integers(0, 10)] * 6)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(counts, st.sampled_from([0, 3, 6, 9])), min_size=1, max_size=12))
def test_learning_never_lowers_accuracy_and_is_deterministic(activity, rows):
    exercises = [Exercise(f"e{i}", c, label) for i, (c, label) in enumerate(rows)]
    before = count_correct(activity, exercises)
    learnt, steps = learn_thresholds(activity, exercises)
    assert count_correct(learnt, exercises) >= before
    assert [s.correct_after for s in steps] == sorted(s.correct_after for s in steps)
    assert all(s.correct_after > s.correct_before for s in steps)
    again, steps_again = learn_thresholds(activity, exercises)
    assert again == learnt and steps_again == steps


# --- lookup tables of rounded networks -------------------------------------------


def test_integer_tables_unchanged(activity):
    f = activity.neuron("F")
    assert lookup_table(f, range(1, 10)) == lookup_table(f, range(1, 10), step=1)
    assert [o for _, o in lookup_table(f, range(1, 10)).cells] == [0, 0, 0, 0, 0, 1, 2, 3, 4]
    assert all(result_step(activity, n) == 1 for n in (*activity.hidden, *activity.outputs))


def test_rounded_network_tables_match_its_results(activity):
    """E = 0,7😇 + 1,2😍 + 👽 (the seed's slide), threshold 16,7: results every 0,1."""
    from dataclasses import replace

    e = replace(activity.neuron("E"), weights=(Fraction(7, 10), 0, 0, 0, Fraction(6, 5), 1), threshold=Fraction(167, 10))
    trained = replace(activity, hidden=tuple(e if n.name == "E" else n for n in activity.hidden))
    step = result_step(trained, e)
    assert step == Fraction(1, 10)
    network = Network(trained)
    results = [network.forward(x.counts).step("E").result for x in seed_exercises(trained)]
    table = lookup_table(e, results, step=step)
    values = [r for r, _ in table.cells]
    assert all(b - a == step for a, b in zip(values, values[1:]))
    for x in seed_exercises(trained):
        s = network.forward(x.counts).step("E")
        assert table.output_for(s.result) == s.output  # every result is a cell, with the engine's output
    assert table.low <= e.threshold
    with pytest.raises(ValueError):
        lookup_table(e, [Fraction(1, 20)], step=step)


def test_output_step_follows_hidden_outputs(activity):
    from dataclasses import replace

    hidden = tuple(replace(n, threshold=Fraction(15, 2)) if n.name == "A" else n for n in activity.hidden)
    bleu = replace(activity.neuron("bleu"), weights=(Fraction(1, 2), 1, -1, 1, -1, 0))
    trained = replace(activity, hidden=hidden, outputs=tuple(bleu if o.name == "bleu" else o for o in activity.outputs))
    # A sends multiples of 1/2 (threshold 7,5), times 1/2: bleu's results go by 1/4.
    assert result_step(trained, bleu) == Fraction(1, 4)


def test_trained_network_tables_list_the_results_reached(activity):
    """Without a step, a decimal network's table is '≤ threshold' then each result reached, with its output."""
    from dataclasses import replace

    e = replace(activity.neuron("E"), weights=(Fraction(7, 10), 0, 0, 0, Fraction(6, 5), 1), threshold=Fraction(167, 10))
    trained = replace(activity, hidden=tuple(e if n.name == "E" else n for n in activity.hidden))
    network = Network(trained)
    steps = [network.forward(x.counts).step("E") for x in seed_exercises(trained)]
    table = lookup_table(e, [s.result for s in steps], min_cells=8)
    assert table.cells[0] == (Fraction(167, 10), 0)
    assert [r for r, _ in table.cells[1:]] == sorted({s.result for s in steps if s.result > e.threshold})
    for s in steps:
        assert table.output_for(s.result) == s.output
    assert all(o == r - e.threshold for r, o in table.cells[1:])


@pytest.mark.parametrize("precision", ["1", "0.5", "0.1"])
def test_card_tables_of_a_rounded_trained_network(activity, precision):
    """Trained, rounded, then carded: every exercise's result is in its neuron's table with the engine's output."""
    from generator.core.training import PRECISIONS, load_examples, train
    from generator.documents.cards import card_tables

    examples = load_examples(activity, "seed", seed=1)
    trained = train(activity, examples, method="fast", precision=PRECISIONS[precision]).trained
    traces = [Network(trained).forward(e.counts, label=e.label) for e in examples.train]
    tables = card_tables(trained, traces)
    for trace in traces:
        for step in (*trace.hidden, *trace.outputs):
            assert tables[step.neuron].output_for(step.result) == step.output
    for neuron in (*trained.hidden, *trained.outputs):
        for result, output in tables[neuron.name].cells[1:]:
            assert output == max(0, result - neuron.threshold)
