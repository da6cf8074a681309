"""Training: the seed script written plainly in numpy (the baseline) against
`--method seed` and the default (fast) method, in one run on one machine.

Targets (issue "Learning"): `--method seed` no slower than the baseline, with
the same weights to 1e-9; the default method ≥ 100× faster than the baseline
to at least the same loss; the whole `neurones train` command under 0.5 s.
"""

from __future__ import annotations

import time

import numpy as np
from common import Figure, best_time, neurones, print_table

from generator import training
from generator.activity import load_activity
from generator.exercises import seed_exercises


def baseline(X: np.ndarray, labels: np.ndarray, epochs: int = training.SEED_EPOCHS):
    """The seed's script as its slide writes it, bugs fixed as DESIGN.md says."""
    W = np.array([[-1, 1, 1, 0, 0, 0], [1, 1, 0, 0, 0, -1], [0, 0, 1, 1, 1, 0],
                  [0, 1, 0, -1, 0, 1], [1, 0, 0, 0, 1, 1], [0, 0, 0, 1, -1, 1]], dtype="float64")  # fmt: skip
    masque = (W != 0).astype("float64")
    P = np.array([[-1, -1, 1, -1, 1, 1], [1, 1, -1, 1, -1, 0], [-1, 1, -1, 1, 1, -1], [1, 1, 1, -1, -1, 0]],
                 dtype="float64")  # fmt: skip
    seuil_cache = np.array([8, 7, 18, 6, 16, 5], dtype="float64")
    seuil_final = np.array([7, 5, 6, 5], dtype="float64")
    test, label = X.copy(), labels
    pas, coef = 0.0001, 0.7

    def cout(y, l, a):
        s = np.where(np.arange(4)[np.newaxis, :] == l[:, np.newaxis], -1, 1)
        return np.exp(a * s * y)

    def dercout(y, l, a):
        s = np.where(np.arange(4)[np.newaxis, :] == l[:, np.newaxis], -1, 1)
        return a * s * np.exp(a * s * y)

    for _ in range(epochs):
        sortie_cachee = np.maximum(0, np.dot(test, W.T) - seuil_cache)
        sortie_finale = np.dot(sortie_cachee, P.T) - seuil_final
        erreur = cout(sortie_finale, label, coef)  # noqa: F841 (the script computes it every epoch)
        grad = dercout(sortie_finale, label, coef)
        seuil_final += 10 * pas * np.sum(grad, axis=0)
        P -= pas * np.dot(grad.T, sortie_cachee)
        grad_cache = np.dot(grad, P) * (sortie_cachee != 0)
        seuil_cache += pas * np.sum(grad_cache, axis=0)
        W -= pas * np.dot(grad_cache.T, test)
        W *= masque
    sortie_cachee = np.maximum(0, np.dot(test, W.T) - seuil_cache)
    sortie_finale = np.dot(sortie_cachee, P.T) - seuil_final
    loss = float(cout(sortie_finale, label, coef).sum())
    return training.Weights(W, seuil_cache, masque != 0, P, seuil_final), loss


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - start, result


def figures() -> list[Figure]:
    activity = load_activity()
    exercises = seed_exercises(activity)
    X = np.array([e.counts for e in exercises], dtype=float)
    labels = np.array([activity.digits.index(e.label) for e in exercises])
    seed_start = training.Weights.from_activity(activity).with_thresholds(*training.SEED_START_THRESHOLDS)

    base_time, (base_weights, base_loss) = timed(baseline, X, labels)
    seed_time, seed_run = timed(training.train_seed, seed_start, X, labels)
    fast_times, fast_run = [], None
    for _ in range(5):
        t, fast_run = timed(training.train_fast, training.Weights.from_activity(activity), X, labels)
        fast_times.append(t)
    fast_time = min(fast_times)
    command = best_time([*neurones(), "train", "--json", "-"], repeat=5)

    print(f"baseline (plain script): {base_time:.3f} s, loss {base_loss:.6f}")
    print(f"--method seed:           {seed_time:.3f} s, loss {seed_run.loss:.6f}, "
          f"max |Δweight| vs baseline {seed_run.weights.max_difference(base_weights):.2e}")
    print(f"default (fast):          {fast_time * 1000:.1f} ms, loss {fast_run.loss:.6f}, "
          f"{fast_run.iterations} iterations")
    print(f"neurones train --json -: {command:.3f} s (whole command, best of 5)")
    return [
        Figure("train: --method seed time / baseline", seed_time / base_time, "×", 1.0),
        Figure("train: seed weights vs baseline (max |Δ|)", seed_run.weights.max_difference(base_weights), "", 1e-9),
        Figure("train: baseline / default time", base_time / fast_time, "×", 100, higher_is_better=True),
        Figure("train: default loss / seed loss", fast_run.loss / base_loss, "×", 1.0),
        Figure("train: neurones train (whole command)", command, "s", 0.5),
    ]


if __name__ == "__main__":
    print_table(figures())
