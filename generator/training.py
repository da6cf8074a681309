"""Gradient training of the activity's network: the seed's algorithm and a fast one.

The seed script (docs/design.md, "The two oracles") trains with plain gradient
descent on an exponential cost: for every example and output neuron,
cost = exp(coef · s · y) where y = output result − threshold and s = −1 on the
true digit's neuron, +1 elsewhere. Hidden weights keep their connections
(the mask), output weights are free; thresholds move too, the output ones ten
times faster.

`train_seed` runs exactly those updates, in the seed's order, with every
weight and threshold folded into two matrices so an epoch is a handful of
numpy calls writing into buffers (the same numbers as the plain script to
1e-12; bench/train.py checks it). `train_fast` reaches the seed's final cost
in a few hundred Adam steps. Both work on float copies of the activity and
give back a `Weights` that `to_activity` turns into exact numbers again.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from fractions import Fraction

import numpy as np

from .activity import Activity
from .numbers import exact

# The seed script's settings.
SEED_STEP = 1e-4
SEED_COEF = 0.7
SEED_EPOCHS = 100001
SEED_OUTPUT_THRESHOLD_RATE = 10.0  # seuil_final += 10 * pas * sum(grad)
SEED_START_THRESHOLDS = ((8, 7, 18, 6, 16, 5), (7, 5, 6, 5))
# The seed's final cost on its 16 examples is 1.9068 = 0.029794 per (example,
# output neuron) pair. The fast method stops at half of that: still a few
# hundred steps, and margins wide enough that weights rounded to 0.1 keep
# every seed example right (at the seed's own cost they lose two).
TARGET_COST_PER_PAIR = 0.0149
SEED_SNAPSHOTS = (100, 1000, 5000, 20000, 50000)  # the seed's slides


@dataclass(eq=False)
class Weights:
    """The network as float arrays: hidden (k×n) with its connection mask, outputs (m×k)."""

    hidden: np.ndarray
    hidden_thresholds: np.ndarray
    mask: np.ndarray  # bool k×n: which emoji each hidden neuron sees
    outputs: np.ndarray
    output_thresholds: np.ndarray

    @classmethod
    def from_activity(cls, activity: Activity) -> Weights:
        hidden = np.array([[float(w) for w in n.weights] for n in activity.hidden])
        return cls(
            hidden=hidden,
            hidden_thresholds=np.array([float(n.threshold) for n in activity.hidden]),
            mask=hidden != 0,
            outputs=np.array([[float(w) for w in n.weights] for n in activity.outputs]),
            output_thresholds=np.array([float(n.threshold) for n in activity.outputs]),
        )

    def copy(self) -> Weights:
        return Weights(*(a.copy() for a in self.arrays()))

    def arrays(self) -> tuple[np.ndarray, ...]:
        return self.hidden, self.hidden_thresholds, self.mask, self.outputs, self.output_thresholds

    def with_thresholds(self, hidden, outputs) -> Weights:
        w = self.copy()
        w.hidden_thresholds = np.array(hidden, dtype=float)
        w.output_thresholds = np.array(outputs, dtype=float)
        return w

    def max_difference(self, other: Weights) -> float:
        return max(float(np.abs(a.astype(float) - b).max()) for a, b in zip(self.arrays(), other.arrays()))

    def __repr__(self) -> str:
        return (f"Weights(hidden {self.hidden.shape[0]}×{self.hidden.shape[1]} "
                f"({int(self.mask.sum())} connections), outputs {self.outputs.shape[0]}×{self.outputs.shape[1]})")


def to_activity(activity: Activity, weights: Weights, precision: Fraction | None = None) -> Activity:
    """The activity with these weights and thresholds, as exact numbers.

    With a precision every number is a whole multiple of it (so 1.2 is exactly
    6/5, never 1.2000000000000002); without, each float is kept as its
    shortest decimal.
    """

    def number(value: float) -> int | Fraction:
        if precision is None:
            return exact(float(value))
        return exact(round(Fraction(value) / precision) * precision)

    hidden = tuple(
        replace(n, weights=tuple(number(w) if m else 0 for w, m in zip(row, mask)), threshold=number(t))
        for n, row, mask, t in zip(activity.hidden, weights.hidden, weights.mask, weights.hidden_thresholds)
    )
    outputs = tuple(
        replace(n, weights=tuple(number(w) for w in row), threshold=number(t))
        for n, row, t in zip(activity.outputs, weights.outputs, weights.output_thresholds)
    )
    return replace(activity, hidden=hidden, outputs=outputs)


# --- the cost ----------------------------------------------------------------


def signs(labels: np.ndarray, n_outputs: int) -> np.ndarray:
    """s of the seed's cost: −1 where the column is the example's label, +1 elsewhere."""
    return np.where(np.arange(n_outputs)[None, :] == np.asarray(labels)[:, None], -1.0, 1.0)


def forward(weights: Weights, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Hidden outputs and output-neuron values y = result − threshold (before max(0, ·))."""
    hidden = np.maximum(0.0, X @ weights.hidden.T - weights.hidden_thresholds)
    return hidden, hidden @ weights.outputs.T - weights.output_thresholds


def cost(weights: Weights, X: np.ndarray, labels: np.ndarray, coef: float = SEED_COEF) -> float:
    """The seed's loss: the sum of exp(coef · s · y) over examples and output neurons."""
    _, y = forward(weights, X)
    return float(np.exp(coef * signs(labels, y.shape[1]) * y).sum())


def accuracy(weights: Weights, X: np.ndarray, labels: np.ndarray) -> float:
    """Share of examples answered right the classroom way (network.batch_decide: the one answer rule)."""
    from .network import batch_decide

    if len(labels) == 0:
        return 0.0
    _, y = forward(weights, X)
    return float((batch_decide(np.maximum(0.0, y)) == np.asarray(labels)).mean())


def target_cost(n_examples: int, n_outputs: int) -> float:
    """The fast method's stopping cost: the seed's final cost per pair, times the pairs."""
    return TARGET_COST_PER_PAIR * n_examples * n_outputs


# --- training runs -------------------------------------------------------------


@dataclass(eq=False)
class TrainingRun:
    method: str
    weights: Weights
    loss: float  # the cost of the final weights
    iterations: int
    curve: list[tuple[int, float]] = field(default_factory=list)  # (iteration, cost before it)
    snapshots: dict[int, Weights] = field(default_factory=dict)  # weights after n iterations

    def __repr__(self) -> str:
        return f"TrainingRun({self.method}: {self.iterations} iterations, loss {self.loss:.4f})"


class _Folded:
    """Weights and thresholds as two augmented matrices, so a layer is one product.

    [W | t] applied to [x | −1] gives x·W − t; the threshold column is updated
    by the same product as the weights (its input is the constant −1).
    """

    def __init__(self, weights: Weights, X: np.ndarray) -> None:
        n, k = X.shape[0], weights.hidden.shape[0]
        self.n, self.k = n, k
        self.X1 = np.hstack([X, -np.ones((n, 1))])
        self.Wa = np.hstack([weights.hidden, weights.hidden_thresholds[:, None]])
        self.Pa = np.hstack([weights.outputs, weights.output_thresholds[:, None]])
        self.mask = np.hstack([weights.mask, np.ones((k, 1), bool)])
        self.H1 = np.empty((n, k + 1))
        self.H1[:, k] = -1.0
        self.H = self.H1[:, :k]

    def weights(self) -> Weights:
        k = self.k
        return Weights(self.Wa[:, :-1].copy(), self.Wa[:, -1].copy(), self.mask[:, :-1].copy(),
                       self.Pa[:, :k].copy(), self.Pa[:, k].copy())


def _boundaries(total: int, every: int, snapshots) -> list[int]:
    marks = {0, total, *range(0, total, every), *(s for s in snapshots if 0 < s < total)}
    return sorted(marks)


def train_seed(
    start: Weights,
    X: np.ndarray,
    labels: np.ndarray,
    *,
    step: float = SEED_STEP,
    coef: float = SEED_COEF,
    epochs: int = SEED_EPOCHS,
    snapshots=SEED_SNAPSHOTS,
    curve_every: int = 100,
) -> TrainingRun:
    """The seed script's gradient descent, update for update."""
    f = _Folded(start, np.asarray(X, float))
    n, k, m = f.n, f.k, f.Pa.shape[0]
    cs = coef * signs(labels, m)
    mask_step = f.mask * step
    scale_p = np.full(k + 1, step)
    scale_p[k] = SEED_OUTPUT_THRESHOLD_RATE * step
    Z, A = np.empty((n, k)), np.empty((n, k), bool)
    Y, G = np.empty((n, m)), np.empty((n, m))
    GP, GC, GW = np.empty((m, k + 1)), np.empty((n, k)), np.empty((k, k + 1))
    X1, Wa, Pa, H, H1 = f.X1, f.Wa, f.Pa, f.H, f.H1
    WaT, PaT, P = Wa.T, Pa.T, Pa[:, :k]
    dot, mul, sub, exp, maximum, greater = np.dot, np.multiply, np.subtract, np.exp, np.maximum, np.greater
    curve, kept = [], {}
    marks = _boundaries(epochs, curve_every, snapshots)
    for begin, end in zip(marks, marks[1:]):
        if begin in snapshots:
            kept[begin] = f.weights()
        for epoch in range(begin, end):
            dot(X1, WaT, out=Z)  # hidden results − thresholds
            maximum(Z, 0.0, out=H)
            dot(H1, PaT, out=Y)  # y = output results − thresholds
            mul(Y, cs, out=Y)
            exp(Y, out=Y)  # the cost of each (example, output)
            if epoch == begin:
                curve.append((epoch, float(Y.sum())))
            mul(Y, cs, out=G)  # its derivative
            dot(G.T, H1, out=GP)
            mul(GP, scale_p, out=GP)
            sub(Pa, GP, out=Pa)  # outputs first: the seed back-propagates through the updated P
            dot(G, P, out=GC)
            greater(Z, 0.0, out=A)
            mul(GC, A, out=GC)
            dot(GC.T, X1, out=GW)
            mul(GW, mask_step, out=GW)
            sub(Wa, GW, out=Wa)
    final = f.weights()
    loss = cost(final, X, labels, coef)
    curve.append((epochs, loss))
    return TrainingRun("seed", final, loss, epochs, curve, kept)


def train_fast(
    start: Weights,
    X: np.ndarray,
    labels: np.ndarray,
    *,
    coef: float = SEED_COEF,
    target: float | None = None,
    max_iterations: int = 3000,
    rate: float = 0.05,
    snapshots=SEED_SNAPSHOTS,
) -> TrainingRun:
    """Full-batch Adam on the seed's cost, stopping once the cost is ≤ `target`.

    Adam scales each weight's step by its own gradient history, which the
    seed's plain descent cannot: counts are around 5–10 while thresholds move
    by 1, and that mismatch is why the seed needs 100001 tiny steps. The
    default target is the seed's final cost per (example, output) pair, so
    the trained network is as sure of itself as the seed's, no more (bigger
    weights would lower the cost further and be harder to compute by hand).
    If a step blows the cost up, the run restarts from the start at half the rate.
    """
    X = np.asarray(X, float)
    labels = np.asarray(labels)
    m = start.outputs.shape[0]
    if target is None:
        target = target_cost(len(labels), m)
    while True:
        run = _adam(start, X, labels, coef=coef, target=target, max_iterations=max_iterations, rate=rate,
                    snapshots=snapshots)
        if run is not None or rate < 1e-4:
            break
        rate /= 2
    if run is None:  # pragma: no cover - every rate diverged; keep the start
        loss = cost(start, X, labels, coef)
        return TrainingRun("fast", start.copy(), loss, 0, [(0, loss)], {})
    return run


def _adam(start, X, labels, *, coef, target, max_iterations, rate, snapshots,
          beta1=0.9, beta2=0.99, eps=1e-8) -> TrainingRun | None:
    f = _Folded(start, X)
    n, k, m = f.n, f.k, f.Pa.shape[0]
    cs = coef * signs(labels, m)
    # One flat parameter vector (hidden block then output block) so Adam's
    # update is a few calls; the layer matrices are views into it.
    nw = f.Wa.size
    theta = np.concatenate([f.Wa.ravel(), f.Pa.ravel()])
    Wa, Pa = theta[:nw].reshape(f.Wa.shape), theta[nw:].reshape(f.Pa.shape)
    grad = np.zeros_like(theta)
    gW, gP = grad[:nw].reshape(Wa.shape), grad[nw:].reshape(Pa.shape)
    mask = f.mask.astype(float)
    m1, m2, tmp = np.zeros_like(theta), np.zeros_like(theta), np.empty_like(theta)
    X1, H, H1 = f.X1, f.H, f.H1
    Z, A = np.empty((n, k)), np.empty((n, k), bool)
    Y, G, GC = np.empty((n, m)), np.empty((n, m)), np.empty((n, k))
    P = Pa[:, :k]
    dot, mul, exp, maximum, greater = np.dot, np.multiply, np.exp, np.maximum, np.greater
    curve, kept = [], {}
    first = None
    iteration = 0
    while True:
        dot(X1, Wa.T, out=Z)
        maximum(Z, 0.0, out=H)
        dot(H1, Pa.T, out=Y)
        mul(Y, cs, out=Y)
        exp(Y, out=Y)
        loss = float(Y.sum())
        curve.append((iteration, loss))
        if iteration in snapshots:
            kept[iteration] = _unfold(f, Wa, Pa)
        if first is None:
            first = loss
        if not np.isfinite(loss) or loss > 1e3 * first + 1e3:
            return None
        if loss <= target or iteration >= max_iterations:
            break
        iteration += 1
        mul(Y, cs, out=G)
        dot(G.T, H1, out=gP)
        dot(G, P, out=GC)
        greater(Z, 0.0, out=A)
        mul(GC, A, out=GC)
        dot(GC.T, X1, out=gW)
        mul(gW, mask, out=gW)
        # m1 = β1·m1 + (1−β1)·g ; m2 = β2·m2 + (1−β2)·g²
        mul(m1, beta1, out=m1)
        mul(grad, 1 - beta1, out=tmp)
        m1 += tmp
        mul(grad, grad, out=tmp)
        mul(tmp, 1 - beta2, out=tmp)
        mul(m2, beta2, out=m2)
        m2 += tmp
        # θ −= rate_t · m1 / (√m2 + ε), with both bias corrections in rate_t
        rate_t = rate * np.sqrt(1 - beta2**iteration) / (1 - beta1**iteration)
        np.sqrt(m2, out=tmp)
        tmp += eps
        np.divide(m1, tmp, out=tmp)
        tmp *= rate_t
        theta -= tmp
    weights = _unfold(f, Wa, Pa)
    return TrainingRun("fast", weights, cost(weights, X, labels, coef), iteration, curve, kept)


def _unfold(f: _Folded, Wa: np.ndarray, Pa: np.ndarray) -> Weights:
    k = f.k
    return Weights(Wa[:, :-1].copy(), Wa[:, -1].copy(), f.mask[:, :-1].copy(), Pa[:, :k].copy(), Pa[:, k].copy())


# --- what the training report shows ----------------------------------------------


@dataclass(eq=False)
class Distribution:
    """Every example's output-neuron results after `iteration` steps (for the report's strip plots)."""

    iteration: int
    results: np.ndarray  # (examples, outputs): weighted sums before the threshold
    thresholds: np.ndarray  # (outputs,)
    labels: np.ndarray  # output index of each example's true digit
    loss: float
    accuracy: float

    def __repr__(self) -> str:
        return f"Distribution(after {self.iteration}: loss {self.loss:.3f}, accuracy {self.accuracy:.2f})"


def distribution(weights: Weights, X: np.ndarray, labels: np.ndarray, iteration: int, loss=cost) -> Distribution:
    """`loss(weights, X, labels)` is the cost the run lowers (the seed's unless told)."""
    hidden, y = forward(weights, X)
    return Distribution(iteration, y + weights.output_thresholds, weights.output_thresholds.copy(),
                        np.asarray(labels), loss(weights, X, labels), accuracy(weights, X, labels))  # fmt: skip


def distributions(run: TrainingRun, start: Weights, X: np.ndarray, labels: np.ndarray, loss=cost) -> list[Distribution]:
    """The start, each kept snapshot, and the end of a run, in order."""
    kept = {0: start, **run.snapshots, run.iterations: run.weights}
    return [distribution(kept[i], X, labels, i, loss) for i in sorted(kept)]
