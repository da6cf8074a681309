"""Training orchestration: which examples, which method, and how well the trained network does.

`neurones train` (and `neurones tally`'s key) call `load_examples` then
`train`. By default the network learns from the bank's training digits
counted on the activity's own grid, and comes out as whole numbers a
9-year-old computes with (whole_training.py); `--precision 0.5|0.1` keeps
the gradient method's decimals, `--method seed` is the seed's script, and
`--method thresholds` moves thresholds as a class does. Every result is
measured on the bank's held-out digits, counted on the activity's grid too.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from fractions import Fraction

import numpy as np

from .. import training, whole_training
from ..activity import Activity
from ..errors import UserError
from ..exercises import Exercise, seed_exercises
from ..learning import ThresholdStep, learn_thresholds
from ..network import Network
from ..numbers import to_json
from ..terms import neuron_formula
from ..words import words_for

METHODS = ("fast", "seed", "thresholds")
EXAMPLE_SETS = ("seed", "bank")
PRECISIONS = {"1": Fraction(1), "0.5": Fraction(1, 2), "0.1": Fraction(1, 10)}
WHOLE = Fraction(1)
# What each method does unless told: the seed's script keeps its own 16
# examples and its slide's 0.1; everything else learns from digits counted on
# the activity's grid, in whole numbers.
DEFAULT_EXAMPLES = {"fast": "bank", "seed": "seed", "thresholds": "bank"}
DEFAULT_PRECISION = {"fast": "1", "seed": "0.1", "thresholds": "1"}
BANK_TRAINING_SIZE = 400  # the gradient method's balanced sample of the bank's training split
REPORT_EXAMPLES = 400  # dots per strip plot in the training report


@dataclass(eq=False)
class Examples:
    """Training examples and the held-out digits the trained network is measured on."""

    name: str
    train: list[Exercise]
    held_out: list[Exercise] = field(default_factory=list)

    @staticmethod
    def arrays(activity: Activity, exercises: list[Exercise]) -> tuple[np.ndarray, np.ndarray]:
        X = np.array([e.counts for e in exercises], dtype=float).reshape(len(exercises), len(activity.emoji))
        labels = np.array([activity.digits.index(e.label) for e in exercises], dtype=int)
        return X, labels

    def __repr__(self) -> str:
        return f"Examples({self.name}: {len(self.train)} to learn from, {len(self.held_out)} held out)"


def _bank_counts(activity: Activity):
    """The bank, each digit's counts on this activity's grid, and which digits the network knows."""
    from ..bank import load_bank
    from ..digits import bank_ink, layout_onehot

    bank = load_bank()
    ink = bank_ink(activity.grid.rows, activity.grid.cols)
    counts = ink.ink.astype(np.int64) @ layout_onehot(activity.grid, len(activity.emoji))
    usable = np.isin(bank.labels, activity.digits)
    if not usable.any():
        raise UserError("train.no_examples", digits=activity.digits)
    return bank, counts, usable


def _bank_exercise(bank, counts: np.ndarray, i: int) -> Exercise:
    return Exercise(str(bank.source_ids[i]), tuple(int(c) for c in counts[i]), int(bank.labels[i]), source="bank")


def load_examples(activity: Activity, which: str, *, seed: int, size: int | None = BANK_TRAINING_SIZE) -> Examples:
    """The seed's 16 examples, or `size` bank digits (all of the training split if None) with the held-out ones.

    The grid decides the counts, so bank digits are counted on this activity's
    grid; the seed's examples were counted on the seed's own grid (their
    held-out digits are added by `train`, so `tally` does not pay for them).
    """
    if which == "seed":
        exercises = [e for e in seed_exercises(activity) if e.label in activity.digits]
        if not exercises:
            raise UserError("train.no_examples", digits=activity.digits)
        return Examples("seed", exercises)
    bank, counts, usable = _bank_counts(activity)
    pool = np.flatnonzero(~bank.held_out & usable)
    train_pool = bank.subset(pool)
    digits = tuple(d for d in activity.digits if (train_pool.labels == d).any())
    if size is None:  # every training digit, shuffled (the report plots the first few)
        chosen = pool[np.random.default_rng(seed).permutation(len(pool))]
    else:
        chosen = pool[train_pool.balanced_sample(min(size, len(pool)), digits, rng=seed)]
    held = np.flatnonzero(bank.held_out & usable)
    return Examples("bank", [_bank_exercise(bank, counts, int(i)) for i in chosen],
                    [_bank_exercise(bank, counts, int(i)) for i in held])  # fmt: skip


def with_held_out(activity: Activity, examples: Examples) -> Examples:
    """The examples with the bank's held-out digits (counted on this grid) if they have none yet."""
    if examples.held_out:
        return examples
    bank, counts, usable = _bank_counts(activity)
    held = np.flatnonzero(bank.held_out & usable)
    return replace(examples, held_out=[_bank_exercise(bank, counts, int(i)) for i in held])


@dataclass(eq=False)
class TrainResult:
    """Everything `train` learnt, for the JSON, the summary and the report."""

    method: str
    examples: Examples
    before: Activity
    trained: Activity  # what is printed: whole numbers, rounded decimals or moved thresholds
    precision: Fraction | None
    loss: float  # the cost the method lowers, of `trained` on the training examples: the seed's, or the
    # whole-number search's own (wrong answers + λ · hinge, whole_training.search_cost)
    accuracy: float  # share of training examples `trained` recognises, exactly as pupils compute
    iterations: int
    unrounded_loss: float | None = None
    unrounded_accuracy: float | None = None
    held_out_accuracy: float | None = None
    unrounded_held_out_accuracy: float | None = None
    before_accuracy: float = 0.0
    before_held_out_accuracy: float | None = None
    run: training.TrainingRun | None = None
    steps: list[ThresholdStep] = field(default_factory=list)
    start: training.Weights | None = None  # where gradient training or the search started

    @property
    def whole(self) -> bool:
        """Trained by the whole-number search (weights −2…2, ≤ 4 inputs per hidden neuron)."""
        return self.run is not None and self.run.method == "whole"

    @property
    def limits(self) -> whole_training.Limits:
        return whole_training.CHILD

    @property
    def child_computable(self) -> bool:
        """Whether the trained network keeps to what a 9-year-old computes (whole numbers, small, few inputs)."""
        return whole_training.within(training.Weights.from_activity(self.trained), self.limits)

    @property
    def foreign_examples(self) -> bool:
        """Learnt from count vectors of another grid (the seed's 16): the teacher must be told."""
        return self.examples.name == "seed"

    def __repr__(self) -> str:
        held = "" if self.held_out_accuracy is None else f", held out {self.held_out_accuracy:.3f}"
        return f"TrainResult({self.method}: loss {self.loss:.4g}, accuracy {self.accuracy:.3f}{held})"


def _whole_numbers(activity: Activity) -> bool:
    return all(Fraction(v).denominator == 1 for n in (*activity.hidden, *activity.outputs)
               for v in (*n.weights, n.threshold))  # fmt: skip


def exact_accuracy(activity: Activity, exercises: list[Exercise]) -> float:
    """Right answers over the exercises, computed exactly as pupils do (ties and silences are wrong)."""
    if not exercises:
        return 0.0
    if _whole_numbers(activity):
        # Whole numbers are exact in floats too: the batch pass gives the pupils' answers, thousands at a time.
        counts = np.array([e.counts for e in exercises])
        return float((Network(activity).predict(counts) == np.array([e.label for e in exercises])).mean())
    network = Network(activity)
    right = sum(1 for e in exercises if network.forward(e.counts, label=e.label).correct)
    return right / len(exercises)


def _held_out(activity: Activity, examples: Examples) -> float | None:
    if not examples.held_out:
        return None
    # Exact arithmetic on a thousand digits is slow; floats agree with it except
    # on exact ties, which predict() counts as wrong just as pupils would.
    counts = np.array([e.counts for e in examples.held_out])
    truth = np.array([e.label for e in examples.held_out])
    return float((Network(activity).predict(counts) == truth).mean())


def train_activity(activity: Activity, *, method: str, examples: str, precision: str, seed: int) -> TrainResult:
    """What `neurones train` does once its options are checked: load the examples, train, measure.

    The whole-number search learns from every training digit of the bank (it
    takes about a second); the gradient methods from a balanced sample.
    """
    whole = method == "fast" and PRECISIONS[precision] == WHOLE
    chosen = load_examples(activity, examples, seed=seed, size=None if whole else BANK_TRAINING_SIZE)
    return train(activity, chosen, method=method, precision=PRECISIONS[precision], seed=seed)


def train(
    activity: Activity,
    examples: Examples,
    *,
    method: str = "fast",
    precision: Fraction | None = WHOLE,
    seed: int = 2026,
) -> TrainResult:
    """Train the activity's network on the examples (the engine behind the command).

    "fast" with precision 1 is the whole-number search (a network children
    compute); with 0.5 or 0.1 (or None: unrounded) it is Adam then rounding.
    """
    examples = with_held_out(activity, examples)
    before = {"before_accuracy": exact_accuracy(activity, examples.train),
              "before_held_out_accuracy": _held_out(activity, examples)}  # fmt: skip
    if method == "thresholds":
        return _thresholds_method(activity, examples, **before)
    if method == "fast" and precision == WHOLE:
        return _whole_method(activity, examples, seed=seed, **before)
    return _gradient_method(activity, examples, method=method, precision=precision, **before)


def _thresholds_method(activity: Activity, examples: Examples, **before) -> TrainResult:
    """Exactly the rule the class applies with pencils (learning_round.py), on these examples' grids."""
    from ..learning_round import class_learning_round

    X, labels = Examples.arrays(activity, examples.train)
    learnt = class_learning_round(activity, Network(activity).trace_all(examples.train))
    after = dict(learnt.after.thresholds)
    trained = activity.with_thresholds([after[n.name] for n in activity.hidden],
                                       [after[n.name] for n in activity.outputs])  # fmt: skip
    steps = list(learnt.steps)
    weights = training.Weights.from_activity(trained)
    return TrainResult(
        "thresholds", examples, activity, trained, None,
        loss=training.cost(weights, X, labels), accuracy=exact_accuracy(trained, examples.train),
        iterations=len(steps), held_out_accuracy=_held_out(trained, examples), steps=steps, **before,
    )  # fmt: skip


def _whole_method(activity: Activity, examples: Examples, *, seed: int, **before) -> TrainResult:
    """The whole-number search, from the activity's own network."""
    X, labels = Examples.arrays(activity, examples.train)
    start = training.Weights.from_activity(activity)
    run = whole_training.train_whole(start, X, labels, rng=np.random.default_rng(seed))
    trained = training.to_activity(activity, run.weights, WHOLE)
    return TrainResult(
        "fast", examples, activity, trained, WHOLE, loss=run.loss, accuracy=exact_accuracy(trained, examples.train),
        iterations=run.iterations, held_out_accuracy=_held_out(trained, examples), run=run, start=start, **before,
    )  # fmt: skip


def _gradient_method(activity: Activity, examples: Examples, *, method: str, precision: Fraction | None,
                     **before) -> TrainResult:  # fmt: skip
    """The seed's script or Adam, then weights rounded to `precision` (decimals for older pupils)."""
    X, labels = Examples.arrays(activity, examples.train)
    start = training.Weights.from_activity(activity)
    if method == "seed":
        if (len(activity.hidden), len(activity.outputs)) == tuple(map(len, training.SEED_START_THRESHOLDS)):
            start = start.with_thresholds(*training.SEED_START_THRESHOLDS)
        run = training.train_seed(start, X, labels)
    else:
        run = training.train_fast(start, X, labels)
        if precision is not None:
            run = _until_rounding_holds(activity, run, X, labels, examples.train, precision)
    trained = training.to_activity(activity, run.weights, precision)
    repairs: list[ThresholdStep] = []
    if precision is not None:
        # Rounding can push an example across a threshold; moving thresholds
        # by the precision wins such examples back without changing weights.
        if exact_accuracy(trained, examples.train) < training.accuracy(run.weights, X, labels):
            trained, repairs = learn_thresholds(trained, examples.train, step=precision)
    rounded = training.Weights.from_activity(trained)
    X_held, labels_held = Examples.arrays(activity, examples.held_out)
    return TrainResult(
        method, examples, activity, trained, precision,
        loss=training.cost(rounded, X, labels), accuracy=exact_accuracy(trained, examples.train),
        iterations=run.iterations,
        unrounded_loss=run.loss, unrounded_accuracy=training.accuracy(run.weights, X, labels),
        held_out_accuracy=_held_out(trained, examples),
        unrounded_held_out_accuracy=training.accuracy(run.weights, X_held, labels_held) if len(labels_held) else None,
        run=run, steps=repairs, start=start, **before,
    )  # fmt: skip


def _until_rounding_holds(activity, run, X, labels, exercises, precision, *, rounds: int = 4, factor: float = 0.7):
    """Train on to a lower cost while rounding loses right answers (wider margins survive rounding)."""
    goal = training.accuracy(run.weights, X, labels)
    for _ in range(rounds):
        if exact_accuracy(training.to_activity(activity, run.weights, precision), exercises) >= goal:
            break
        more = training.train_fast(run.weights, X, labels, target=run.loss * factor, snapshots=())
        offset = run.iterations
        run = training.TrainingRun(
            run.method, more.weights, more.loss, offset + more.iterations,
            run.curve + [(offset + i, c) for i, c in more.curve[1:]], run.snapshots,
        )  # fmt: skip
    return run


def _number(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None  # JSON has no infinity


def train_to_json(result: TrainResult) -> dict:
    """docs/design.md's `train --json` document, plus how the training went."""
    activity = result.trained
    hidden = []
    for neuron in activity.hidden:
        # Gradient methods and threshold moves keep the activity's connections (even a weight
        # rounded to 0); the whole-number search chooses its own, and 0 means "not connected".
        before = result.before.neuron(neuron.name).weights
        connected = [w != 0 or (b != 0 and not result.whole) for w, b in zip(neuron.weights, before)]
        weights = {c: float(w) for c, w, keep in zip(activity.emoji_chars, neuron.weights, connected) if keep}
        hidden.append({"neuron": neuron.name, "weights": weights, "threshold": float(neuron.threshold)})
    names = [n.name for n in activity.hidden]
    outputs = [
        {"neuron": n.name, "digit": n.digit, "weights": {h: float(w) for h, w in zip(names, n.weights)},
         "threshold": float(n.threshold)}
        for n in activity.outputs
    ]  # fmt: skip
    document = {
        "hidden": hidden,
        "outputs": outputs,
        "loss": _number(result.loss),
        "accuracy": result.accuracy,
        "iterations": result.iterations,
        "method": result.method,
        "examples": result.examples.name,
        "precision": None if result.precision is None else float(result.precision),
        "accuracy_before_training": result.before_accuracy,
    }
    if result.unrounded_loss is not None:
        document["unrounded"] = {"loss": _number(result.unrounded_loss), "accuracy": result.unrounded_accuracy}
        if result.unrounded_held_out_accuracy is not None:
            document["unrounded"]["held_out_accuracy"] = result.unrounded_held_out_accuracy
    if result.held_out_accuracy is not None:
        document["held_out_accuracy"] = result.held_out_accuracy
        document["held_out_accuracy_before_training"] = result.before_held_out_accuracy
        document["held_out_digits"] = len(result.examples.held_out)
    if result.whole:
        limits = result.limits
        document["limits"] = {"max_weight": limits.max_weight, "max_inputs": limits.max_inputs,
                              "min_threshold": limits.min_threshold}  # fmt: skip
    if result.steps:
        document["steps"] = [
            {"neuron": s.neuron, "old": to_json(s.old), "new": to_json(s.new), "correct_before": s.correct_before,
             "correct_after": s.correct_after}
            for s in result.steps
        ]  # fmt: skip
    return document


def report_distributions(result: TrainResult) -> list[training.Distribution]:
    """What the report plots: each output neuron's results on (at most REPORT_EXAMPLES) training examples."""
    X, labels = Examples.arrays(result.before, result.examples.train[:REPORT_EXAMPLES])  # already shuffled
    if result.run is None:  # threshold moves: before and after
        return [
            training.distribution(training.Weights.from_activity(result.before), X, labels, 0),
            training.distribution(training.Weights.from_activity(result.trained), X, labels, result.iterations),
        ]
    loss = whole_training.search_cost if result.whole else training.cost
    return training.distributions(result.run, result.start, X, labels, loss)


def summary_text(result: TrainResult, lang: str) -> str:
    """What the terminal shows after training: scores, learned weights in words, threshold moves."""

    neurons = (*result.trained.hidden, *result.trained.outputs)
    formulas = [{"neuron": n, "formula": neuron_formula(result.trained, n, lang)} for n in neurons]
    return words_for(lang).render("train_summary.txt.j2", result=result, formulas=formulas)
