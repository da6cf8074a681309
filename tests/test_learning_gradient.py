"""Gradient training: the seed's script reproduced (the second oracle of docs/design.md),
against an independent plain-numpy transcription of the script, and the fast method."""

from fractions import Fraction

import numpy as np
import pytest

from generator import training
from generator.exercises import seed_exercises

# The seed script, bugs fixed as docs/design.md says, written out again on purpose.
SEED_W = [[-1, 1, 1, 0, 0, 0], [1, 1, 0, 0, 0, -1], [0, 0, 1, 1, 1, 0],
          [0, 1, 0, -1, 0, 1], [1, 0, 0, 0, 1, 1], [0, 0, 0, 1, -1, 1]]  # fmt: skip
SEED_P = [[-1, -1, 1, -1, 1, 1], [1, 1, -1, 1, -1, 0], [-1, 1, -1, 1, 1, -1], [1, 1, 1, -1, -1, 0]]
SEED_TEST = [[7, 7, 7, 8, 6, 7], [6, 4, 9, 6, 6, 7], [7, 4, 7, 6, 6, 6], [4, 5, 8, 5, 7, 5],
             [2, 9, 5, 5, 5, 6], [1, 10, 3, 3, 5, 6], [4, 9, 6, 7, 6, 6], [2, 8, 8, 7, 5, 6],
             [5, 9, 4, 5, 7, 6], [5, 9, 4, 4, 7, 7], [8, 7, 6, 5, 6, 10], [4, 9, 6, 4, 8, 7],
             [3, 8, 7, 7, 6, 5], [4, 7, 8, 7, 7, 5], [4, 7, 7, 5, 6, 7], [5, 6, 7, 6, 7, 5]]  # fmt: skip
SEED_LABELS = [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3]


def plain_seed_script(epochs):
    """The script's loop as the slide writes it (fixed rows, (16, 4) sign matrix)."""
    W = np.array(SEED_W, float)
    masque = (W != 0).astype(float)
    P = np.array(SEED_P, float)
    seuil_cache = np.array([8, 7, 18, 6, 16, 5], float)
    seuil_final = np.array([7, 5, 6, 5], float)
    test = np.array(SEED_TEST, float)
    label = np.array(SEED_LABELS)
    pas, coef = 0.0001, 0.7
    s = np.where(np.arange(4)[np.newaxis, :] == label[:, np.newaxis], -1, 1)
    for _ in range(epochs):
        sortie_cachee = np.maximum(0, np.dot(test, W.T) - seuil_cache)
        sortie_finale = np.dot(sortie_cachee, P.T) - seuil_final
        grad = coef * s * np.exp(coef * s * sortie_finale)
        seuil_final += 10 * pas * np.sum(grad, axis=0)
        P -= pas * np.dot(grad.T, sortie_cachee)
        grad_cache = np.dot(grad, P) * (sortie_cachee != 0)
        seuil_cache += pas * np.sum(grad_cache, axis=0)
        W -= pas * np.dot(grad_cache.T, test)
        W *= masque
    return W, seuil_cache, P, seuil_final


def seed_data(activity):
    exercises = seed_exercises(activity)
    X = np.array([e.counts for e in exercises], float)
    labels = np.array([activity.digits.index(e.label) for e in exercises])
    return X, labels


@pytest.fixture(scope="module")
def seed_run(activity):
    X, labels = seed_data(activity)
    start = training.Weights.from_activity(activity).with_thresholds(*training.SEED_START_THRESHOLDS)
    return training.train_seed(start, X, labels)


def test_data_and_start_match_the_script(activity):
    X, labels = seed_data(activity)
    assert X.tolist() == SEED_TEST
    assert labels.tolist() == SEED_LABELS
    start = training.Weights.from_activity(activity)
    assert start.hidden.tolist() == SEED_W
    assert start.outputs.tolist() == SEED_P


def test_seed_oracle_bleu_and_e(seed_run):
    """The seed's last slide: bleu ≈ 2A + 1,2B − 1,1C + 0,5D − 2,7E + 3F, E ≈ 0,7😇 + 1,2😍 + 👽."""
    w = seed_run.weights
    assert np.round(w.outputs[1], 1).tolist() == [2.0, 1.2, -1.1, 0.5, -2.7, 3.0]
    assert np.round(w.hidden[4], 1).tolist() == [0.7, 0.0, 0.0, 0.0, 1.2, 1.0]
    assert seed_run.iterations == 100001
    assert seed_run.loss == pytest.approx(1.9068, abs=1e-4)


def test_seed_oracle_all_sixteen_right(seed_run):
    X, labels = seed_data_from_script()
    assert training.accuracy(seed_run.weights, X, labels) == 1.0
    _, y = training.forward(seed_run.weights, X)
    assert ((y > 0) == (np.arange(4)[None, :] == labels[:, None])).all()  # only the true neuron fires


def seed_data_from_script():
    return np.array(SEED_TEST, float), np.array(SEED_LABELS)


def test_seed_method_equals_the_plain_script(activity):
    """Same updates in the same order: same weights after a few thousand epochs."""
    epochs = 3000
    X, labels = seed_data(activity)
    start = training.Weights.from_activity(activity).with_thresholds(*training.SEED_START_THRESHOLDS)
    run = training.train_seed(start, X, labels, epochs=epochs)
    W, t, P, s = plain_seed_script(epochs)
    got = run.weights
    for mine, theirs in ((got.hidden, W), (got.hidden_thresholds, t), (got.outputs, P), (got.output_thresholds, s)):
        assert np.abs(mine - theirs).max() < 1e-9


def test_seed_keeps_masked_connections_at_zero(seed_run):
    assert (seed_run.weights.hidden[~seed_run.weights.mask] == 0).all()
    assert seed_run.weights.mask.sum() == 18


def test_seed_snapshots_and_curve(seed_run):
    assert sorted(seed_run.snapshots) == [100, 1000, 5000, 20000, 50000]
    iterations = [i for i, _ in seed_run.curve]
    assert iterations == sorted(iterations) and iterations[0] == 0 and iterations[-1] == 100001
    costs = [c for _, c in seed_run.curve]
    assert costs[0] > 100 > costs[-1]  # 236 at the seed's start, 1.9 at the end
    assert costs[-1] == pytest.approx(seed_run.loss)


def test_cost_is_the_seed_definition(activity):
    X, labels = seed_data(activity)
    w = training.Weights.from_activity(activity)
    hidden = np.maximum(0, X @ np.array(SEED_W, float).T - w.hidden_thresholds)
    y = hidden @ np.array(SEED_P, float).T - w.output_thresholds
    s = np.where(np.arange(4)[None, :] == labels[:, None], -1, 1)
    assert training.cost(w, X, labels) == pytest.approx(np.exp(0.7 * s * y).sum(), rel=1e-12)


def test_fast_method_reaches_the_seed_loss(activity, seed_run):
    X, labels = seed_data(activity)
    run = training.train_fast(training.Weights.from_activity(activity), X, labels)
    assert run.loss <= seed_run.loss
    assert run.iterations < 2000
    assert training.accuracy(run.weights, X, labels) == 1.0
    assert (run.weights.hidden[~run.weights.mask] == 0).all()


def test_fast_method_is_deterministic(activity):
    X, labels = seed_data(activity)
    start = training.Weights.from_activity(activity)
    a, b = training.train_fast(start, X, labels), training.train_fast(start, X, labels)
    assert a.weights.max_difference(b.weights) == 0 and a.iterations == b.iterations


@pytest.mark.parametrize("precision", [Fraction(1), Fraction(1, 2), Fraction(1, 10)])
def test_to_activity_rounds_to_exact_multiples(activity, seed_run, precision):
    trained = training.to_activity(activity, seed_run.weights, precision)
    for neuron in (*trained.hidden, *trained.outputs):
        for value in (*neuron.weights, neuron.threshold):
            assert (Fraction(value) / precision).denominator == 1
    # unconnected inputs stay unconnected
    for before, after in zip(activity.hidden, trained.hidden):
        assert all(a == 0 for b, a in zip(before.weights, after.weights) if b == 0)
    bleu = trained.neuron("bleu")
    if precision == Fraction(1, 10):
        assert bleu.weights == (2, Fraction(6, 5), Fraction(-11, 10), Fraction(1, 2), Fraction(-27, 10), 3)
