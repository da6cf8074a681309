"""The whole-number search (whole_training.py): its score is the classroom rule, its networks stay within the limits."""

import numpy as np
import pytest

from generator import training, whole_training
from generator.core.training import Examples, load_examples
from generator.whole_training import CHILD, Limits, into_limits, margins, search_cost, train_whole, within


def classroom_right(outputs, label):
    """The rule pupils apply: the true neuron's answer alone is the largest, and above 0."""
    sent = [max(0, y) for y in outputs]
    best = max(sent)
    return best > 0 and sent[label] == best and sent.count(best) == 1


def test_margin_is_positive_exactly_when_the_class_answers_right():
    rng = np.random.default_rng(7)
    Y = rng.integers(-4, 5, size=(4, 3, 400))  # small values: many ties and silences
    labels = rng.integers(0, 4, size=400)
    m = margins(Y, labels)
    for c in range(3):
        expected = [classroom_right(Y[:, c, i].tolist(), int(labels[i])) for i in range(400)]
        assert ((m[c] > 0) == np.array(expected)).all()


@pytest.fixture(scope="module")
def sample(activity):
    examples = load_examples(activity, "bank", seed=3, size=300)
    return Examples.arrays(activity, examples.train)


def test_the_plain_network_is_within_the_limits_and_the_seeds_is_not(activity):
    plain = training.Weights.from_activity(activity)
    assert within(plain)
    decimal = plain.copy()
    decimal.outputs[1, 0] = 1.5
    assert not within(decimal)
    wide = plain.copy()
    wide.hidden[0] = [1, 1, 1, 1, 1, 0]
    assert not within(wide)
    negative = plain.copy()
    negative.hidden_thresholds[0] = -1
    assert not within(negative)


def test_into_limits_rounds_clips_and_keeps_the_strongest_inputs(activity):
    w = training.Weights.from_activity(activity)
    w.hidden[0] = [0.4, -3.2, 1.6, 0.9, -1.2, 2.4]
    w.outputs[0, 0] = 7.7
    w.hidden_thresholds[1] = -2.4
    fixed = into_limits(w)
    assert within(fixed)
    assert fixed.hidden[0].tolist() == [0, -2, 2, 0, -1, 2]  # 0.4 rounds to 0, 0.9 is the weakest of the rest
    assert fixed.outputs[0, 0] == 2 and fixed.hidden_thresholds[1] == 0
    assert (fixed.mask == (fixed.hidden != 0)).all()


def test_search_improves_stays_within_limits_and_is_seeded(activity, sample):
    X, labels = sample
    start = training.Weights.from_activity(activity)
    run = train_whole(start, X, labels, rng=1, kicks=2)
    assert within(run.weights)
    assert run.loss == pytest.approx(search_cost(run.weights, X, labels))
    assert run.loss <= search_cost(start, X, labels)
    assert training.accuracy(run.weights, X, labels) > training.accuracy(start, X, labels)
    costs = [c for _, c in run.curve]
    assert costs == sorted(costs, reverse=True)  # the best network so far only gets better
    again = train_whole(start, X, labels, rng=1, kicks=2)
    assert run.weights.max_difference(again.weights) == 0 and run.iterations == again.iterations


def test_other_limits_are_kept(activity, sample):
    X, labels = sample
    tight = Limits(max_weight=1, max_inputs=3, min_threshold=2)
    run = train_whole(training.Weights.from_activity(activity), X, labels, rng=0, limits=tight, kicks=1)
    assert within(run.weights, tight) and not within(run.weights, Limits(max_weight=1, max_inputs=2))
    assert run.weights.hidden_thresholds.min() >= 2


def test_a_start_outside_the_limits_is_brought_in(activity, sample):
    X, labels = sample
    start = training.Weights.from_activity(activity)
    start.hidden = start.hidden * 2.6 + 0.3 * (start.hidden == 0)  # decimals, six inputs each
    start.mask = start.hidden != 0
    run = train_whole(start, X, labels, rng=0, kicks=0)
    assert within(run.weights, CHILD)


def test_the_loss_is_wrong_answers_plus_the_hinge_from_the_exact_engine(activity, sample):
    """The score the search lowers, recomputed from the exact engine's traces: wrong answers + λ · Σ (M − lead)⁺."""
    from generator.network import Network

    X, labels = sample
    run = train_whole(training.Weights.from_activity(activity), X, labels, rng=2, kicks=0)
    trained = training.to_activity(activity, run.weights, 1)
    network = Network(trained)
    wrong, hinge = 0, 0
    for x, y in zip(X, labels):
        trace = network.forward(tuple(int(v) for v in x), label=activity.digits[y])
        wrong += not trace.correct
        ahead = [step.result - trained.neuron(step.neuron).threshold for step in trace.outputs]
        lead = ahead[y] - max([0] + [a for k, a in enumerate(ahead) if k != y])
        hinge += max(0, whole_training.MARGIN - lead)
    assert run.loss == pytest.approx(wrong + whole_training.HINGE_WEIGHT * hinge)
