"""Properties of the engine over many count vectors (hypothesis)."""

import json
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.activity import load_activity
from generator.keydata import key_to_json, trace_from_json
from generator.network import Network, lookup_table

ACTIVITY = load_activity()
NETWORK = Network(ACTIVITY)

counts_vectors = st.tuples(*(st.integers(0, most) for most in ACTIVITY.max_counts))


@given(counts_vectors)
def test_every_output_is_relu_of_result_minus_threshold(counts):
    trace = NETWORK.forward(counts)
    for neuron, step in zip((*ACTIVITY.hidden, *ACTIVITY.outputs), (*trace.hidden, *trace.outputs)):
        assert step.output == max(0, step.result - neuron.threshold)
        assert step.output >= 0


@given(counts_vectors)
def test_results_are_weighted_sums_of_the_previous_layer(counts):
    trace = NETWORK.forward(counts)
    for neuron, step in zip(ACTIVITY.hidden, trace.hidden):
        assert step.result == sum(w * c for w, c in zip(neuron.weights, counts))
    sent = [s.output for s in trace.hidden]
    for neuron, step in zip(ACTIVITY.outputs, trace.outputs):
        assert step.result == sum(w * x for w, x in zip(neuron.weights, sent))


@given(counts_vectors)
def test_answer_is_never_forced(counts):
    trace = NETWORK.forward(counts)
    outputs = [s.output for s in trace.outputs]
    if max(outputs) <= 0:
        assert trace.answer.kind == "none"
    elif outputs.count(max(outputs)) > 1:
        assert trace.answer.kind == "tie" and len(trace.answer.digits) == outputs.count(max(outputs))
    else:
        assert trace.answer.kind == "digit"
        assert trace.answer.digits == (trace.outputs[outputs.index(max(outputs))].digit,)


@settings(max_examples=60)
@given(st.lists(counts_vectors, min_size=1, max_size=20))
def test_lookup_tables_cover_every_reached_result(rows):
    traces = [NETWORK.forward(c) for c in rows]
    for neuron in (*ACTIVITY.hidden, *ACTIVITY.outputs):
        results = [t.step(neuron.name).result for t in traces]
        table = lookup_table(neuron, results)
        assert table.low <= neuron.threshold  # the "≤ low" cell is honest: all give 0
        assert table.cells[0][1] == 0
        values = [v for v, _ in table.cells]
        assert values == list(range(table.low, table.high + 1))  # contiguous
        for trace in traces:
            step = trace.step(neuron.name)
            assert table.output_for(step.result) == step.output


@given(st.lists(counts_vectors, min_size=1, max_size=8), st.lists(st.sampled_from([None, 0, 3, 6, 9]), min_size=8))
def test_key_json_round_trips(rows, labels):
    traces = [NETWORK.forward(c, exercise_id=f"ex-{i}", label=labels[i]) for i, c in enumerate(rows)]
    document = json.loads(json.dumps(key_to_json(ACTIVITY, traces), ensure_ascii=False))
    assert document["activity"] == ACTIVITY.name
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
