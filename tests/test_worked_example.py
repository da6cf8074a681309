"""The fidelity oracle of docs/design.md: the seed's worked example, number by number."""

from generator.network import Network

WORKED_COUNTS = [6, 4, 9, 6, 6, 7]
HIDDEN = {"A": (7, 0), "B": (3, 0), "C": (21, 4), "D": (5, 0), "E": (19, 3), "F": (7, 2)}
OUTPUTS = {"vert": (0, 9, 3), "bleu": (3, -7, 0), "rose": (6, -3, 0), "jaune": (9, 1, 0)}


def test_worked_example_hidden_layer(activity):
    trace = Network(activity).forward(WORKED_COUNTS)
    assert [s.neuron for s in trace.hidden] == list(HIDDEN)
    for step in trace.hidden:
        assert (step.result, step.output) == HIDDEN[step.neuron]
        assert isinstance(step.result, int) and isinstance(step.output, int)


def test_worked_example_output_layer_and_answer(activity):
    trace = Network(activity).forward(WORKED_COUNTS, label=0)
    assert [s.neuron for s in trace.outputs] == list(OUTPUTS)
    for step in trace.outputs:
        assert (step.digit, step.result, step.output) == OUTPUTS[step.neuron]
    assert [s.fires for s in trace.outputs] == [True, False, False, False]
    assert trace.answer.kind == "digit" and trace.answer.digits == (0,)
    assert trace.correct is True


def test_seed_role_card_f(activity):
    """The seed's card F: 🐱 + 👽 − 😍, results 1..9 → 0 0 0 0 0 1 2 3 4."""
    from generator.network import lookup_table

    f = activity.neuron("F")
    chars = activity.emoji_chars
    assert {chars[i]: w for i, w in enumerate(f.weights) if w} == {"🐱": 1, "😍": -1, "👽": 1}
    table = lookup_table(f, range(1, 10))
    assert [out for _, out in table.cells] == [0, 0, 0, 0, 0, 1, 2, 3, 4]
    assert table.low == 1 and table.high == 9
