"""Properties of the engine over many inputs (hypothesis), each against an independent reference.

The reference network is docs/design.md's table typed out here as whole-number
matrices (not read from the activity file), run with plain integer loops;
the answer rule is written the other way round ("the digit whose output is
positive and beats every other one"), not as the engine writes it.
"""

import json
from fractions import Fraction

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.activity import load_activity
from generator.keydata import key_to_json, trace_from_json
from generator.network import Network, NeuronStep, batch_decide, decide, lookup_table

ACTIVITY = load_activity()
NETWORK = Network(ACTIVITY)

# docs/design.md, "The network": inputs x0..x5 = 😇 🚀 🍕 🐱 😍 👽.
HIDDEN = {  # neuron: (weights on x0..x5, threshold before learning)
    "A": ((-1, 1, 1, 0, 0, 0), 8),
    "B": ((1, 1, 0, 0, 0, -1), 7),
    "C": ((0, 0, 1, 1, 1, 0), 17),
    "D": ((0, 1, 0, -1, 0, 1), 7),
    "E": ((1, 0, 0, 0, 1, 1), 16),
    "F": ((0, 0, 0, 1, -1, 1), 5),
}
OUTPUTS = {  # neuron: (digit, weights on A..F, threshold)
    "vert": (0, (-1, -1, 1, -1, 1, 1), 6),
    "bleu": (3, (1, 1, -1, 1, -1, 0), 7),
    "rose": (6, (-1, 1, -1, 1, 1, -1), 8),
    "jaune": (9, (1, 1, 1, -1, -1, 0), 6),
}


def reference(counts):
    """{neuron: (result, output)} by hand, as pupils compute."""
    steps = {}
    for name, (weights, threshold) in HIDDEN.items():
        result = sum(w * c for w, c in zip(weights, counts))
        steps[name] = (result, max(0, result - threshold))
    sent = [steps[name][1] for name in HIDDEN]
    for name, (_, weights, threshold) in OUTPUTS.items():
        result = sum(w * x for w, x in zip(weights, sent))
        steps[name] = (result, max(0, result - threshold))
    return steps


def reference_answer(outputs: dict[int, object]) -> tuple[str, tuple[int, ...]]:
    """{digit: output} → the answer: a digit that beats every other, else a tie at the top, else none."""
    winners = [d for d, o in outputs.items() if o > 0 and all(o > other for e, other in outputs.items() if e != d)]
    if winners:
        return "digit", tuple(winners)
    top = [d for d, o in outputs.items() if o > 0 and all(o >= other for other in outputs.values())]
    return ("tie", tuple(sorted(top))) if top else ("none", ())


counts_vectors = st.tuples(*(st.integers(0, most) for most in ACTIVITY.max_counts))
# Small output values, so that ties and "no answer" come often.
output_rows = st.lists(st.integers(-2, 3), min_size=4, max_size=4)


def test_the_activity_file_is_design_md_network():
    assert list(ACTIVITY.emoji_chars) == ["😇", "🚀", "🍕", "🐱", "😍", "👽"]
    assert [n.name for n in ACTIVITY.hidden] == list(HIDDEN)
    assert [n.name for n in ACTIVITY.outputs] == list(OUTPUTS)


@given(counts_vectors)
def test_forward_pass_matches_the_hand_computed_reference(counts):
    trace = NETWORK.forward(counts)
    expected = reference(counts)
    for step in (*trace.hidden, *trace.outputs):
        assert (step.result, step.output) == expected[step.neuron], step.neuron
    digits = {OUTPUTS[name][0]: expected[name][1] for name in OUTPUTS}
    assert (trace.answer.kind, trace.answer.digits) == reference_answer(digits)


@given(output_rows)
def test_decide_matches_the_reference_answer_rule(outputs):
    digits = [OUTPUTS[name][0] for name in OUTPUTS]
    steps = [NeuronStep(name, 0, o, d) for name, o, d in zip(OUTPUTS, outputs, digits)]
    answer = decide(steps)
    assert (answer.kind, answer.digits) == reference_answer(dict(zip(digits, outputs)))


@settings(max_examples=50)
@given(st.lists(output_rows, min_size=1, max_size=30))
def test_batch_decide_matches_the_reference_answer_rule(rows):
    """The array form of the rule: the index of the one winner, or -1 for none and for a tie."""
    winners = batch_decide(np.array(rows, dtype=float))
    for row, winner in zip(rows, winners):
        kind, digits = reference_answer(dict(enumerate(row)))
        assert winner == (digits[0] if kind == "digit" else -1)


@settings(max_examples=30)
@given(st.lists(counts_vectors, min_size=1, max_size=40))
def test_batch_forward_and_predict_match_the_reference(rows):
    hidden, outputs = NETWORK.batch_forward(np.array(rows))
    predicted = NETWORK.predict(np.array(rows))
    for counts, h, o, p in zip(rows, hidden, outputs, predicted):
        expected = reference(counts)
        assert list(h) == [expected[name][1] for name in HIDDEN]
        assert list(o) == [expected[name][1] for name in OUTPUTS]
        kind, digits = reference_answer({OUTPUTS[name][0]: expected[name][1] for name in OUTPUTS})
        assert p == (digits[0] if kind == "digit" else -1)


@settings(max_examples=60)
@given(st.lists(counts_vectors, min_size=1, max_size=20))
def test_lookup_tables_cover_every_reached_result(rows):
    thresholds = {**{n: t for n, (_, t) in HIDDEN.items()}, **{n: t for n, (_, _, t) in OUTPUTS.items()}}
    results = {name: [reference(c)[name][0] for c in rows] for name in thresholds}
    for neuron in (*ACTIVITY.hidden, *ACTIVITY.outputs):
        threshold = thresholds[neuron.name]
        table = lookup_table(neuron, results[neuron.name])
        assert table.low <= threshold  # the "≤ low" cell is honest: all give 0
        values = [v for v, _ in table.cells]
        assert values == list(range(table.low, table.high + 1))  # contiguous
        for value, output in table.cells[1:]:
            assert output == max(0, value - threshold)
        for r in results[neuron.name]:
            assert table.output_for(r) == max(0, r - threshold)


@given(st.lists(counts_vectors, min_size=1, max_size=8), st.lists(st.sampled_from([None, 0, 3, 6, 9]), min_size=8))
def test_key_json_round_trips(rows, labels):
    traces = [NETWORK.forward(c, exercise_id=f"ex-{i}", label=labels[i]) for i, c in enumerate(rows)]
    document = json.loads(json.dumps(key_to_json(ACTIVITY, traces), ensure_ascii=False))
    assert document["activity"] == ACTIVITY.name
    for exercise, counts in zip(document["exercises"], rows):
        expected = reference(counts)
        assert [(s["result"], s["output"]) for s in exercise["hidden"]] == [expected[n] for n in HIDDEN]
    back = [trace_from_json(ACTIVITY, e) for e in document["exercises"]]
    assert back == traces


def test_decimal_weights_stay_exact():
    """After rounded training a weight of 1.2 must give 6, not 6.000000000000001."""
    from dataclasses import replace

    hidden = list(ACTIVITY.hidden)
    hidden[0] = replace(hidden[0], weights=(Fraction("1.2"), 0, 0, 0, 0, 0), threshold=Fraction("0.5"))
    trace = Network(replace(ACTIVITY, hidden=tuple(hidden))).forward([5, 0, 0, 0, 0, 0])
    assert trace.hidden[0].result == 6 and isinstance(trace.hidden[0].result, int)
    assert trace.hidden[0].output == Fraction(11, 2)
