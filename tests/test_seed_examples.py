"""The seed's 16 examples through the default network, against a table computed
here independently: plain loops over the matrices as docs/design.md writes them."""

import csv

import pytest

from generator.exercises import seed_exercises
from generator.network import Network
from generator.resources import data_dir

# docs/design.md's network, written out again on purpose (not read from the activity).
HIDDEN_ROWS = {
    "A": ([-1, 1, 1, 0, 0, 0], 8),
    "B": ([1, 1, 0, 0, 0, -1], 7),
    "C": ([0, 0, 1, 1, 1, 0], 17),
    "D": ([0, 1, 0, -1, 0, 1], 7),
    "E": ([1, 0, 0, 0, 1, 1], 16),
    "F": ([0, 0, 0, 1, -1, 1], 5),
}
OUTPUT_ROWS = {
    "vert": (0, [-1, -1, 1, -1, 1, 1], 6),
    "bleu": (3, [1, 1, -1, 1, -1, 0], 7),
    "rose": (6, [-1, 1, -1, 1, 1, -1], 8),
    "jaune": (9, [1, 1, 1, -1, -1, 0], 6),
}


def reference(counts):
    hidden = {}
    for name, (row, threshold) in HIDDEN_ROWS.items():
        result = sum(w * x for w, x in zip(row, counts))
        hidden[name] = (result, max(0, result - threshold))
    sent = [hidden[n][1] for n in HIDDEN_ROWS]
    outputs = {}
    for name, (digit, row, threshold) in OUTPUT_ROWS.items():
        result = sum(w * x for w, x in zip(row, sent))
        outputs[name] = (result, max(0, result - threshold))
    return hidden, outputs


def seed_rows():
    with open(data_dir() / "seed_examples.csv", encoding="utf-8") as f:
        lines = [line for line in f if not line.startswith("#")]
    return [([int(v) for v in row[:6]], int(row[6])) for row in csv.reader(lines[1:])]


def test_seed_file_holds_the_seed_script_rows():
    rows = seed_rows()
    assert len(rows) == 16
    assert rows[0][0] == [7, 7, 7, 8, 6, 7] and rows[15][0] == [5, 6, 7, 6, 7, 5]
    assert [label for _, label in rows] == [0] * 4 + [3] * 4 + [6] * 4 + [9] * 4


@pytest.mark.parametrize("index", range(16))
def test_seed_example_matches_reference(activity, index):
    counts, label = seed_rows()[index]
    exercise = seed_exercises(activity)[index]
    assert list(exercise.counts) == counts and exercise.label == label
    trace = Network(activity).forward(exercise.counts, label=label)
    hidden, outputs = reference(counts)
    assert {s.neuron: (s.result, s.output) for s in trace.hidden} == hidden
    assert {s.neuron: (s.result, s.output) for s in trace.outputs} == outputs
    positive = {OUTPUT_ROWS[n][0]: out for n, (_, out) in outputs.items() if out > 0}
    if not positive:
        assert (trace.answer.kind, trace.answer.digits) == ("none", ())
    else:
        best = max(positive.values())
        top = sorted(d for d, v in positive.items() if v == best)
        assert trace.answer.digits == tuple(top)
        assert trace.answer.kind == ("digit" if len(top) == 1 else "tie")


def test_batch_prediction_agrees_with_traces(activity):
    import numpy as np

    network = Network(activity)
    counts = np.array([r for r, _ in seed_rows()])
    predicted = network.predict(counts)
    for row, digit in zip(counts, predicted):
        answer = network.forward(row).answer
        assert digit == (answer.digits[0] if answer.kind == "digit" else -1)
