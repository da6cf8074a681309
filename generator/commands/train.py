"""`neurones train`: the network learns, by gradient (seed or fast) or by moving thresholds.

Writes the trained network as a new activity file (`--out trained.toml`),
prints it as JSON (`--json -`, DESIGN.md schema) and, with `--report`, the
training report PDF. Gradient-trained weights are rounded to `--precision`
so pupils can compute with them; both accuracies are reported.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import numpy as np

from ..activity import Activity, load_activity
from ..activity_file import activity_to_toml
from ..errors import UserError
from ..exercises import Exercise, seed_exercises
from ..learning import ThresholdStep, learn_thresholds
from ..network import Network
from ..numbers import to_json
from ..output import check_destination, write_files
from .. import training

METHODS = ("fast", "seed", "thresholds")
EXAMPLE_SETS = ("seed", "bank")
PRECISIONS = {"1": Fraction(1), "0.5": Fraction(1, 2), "0.1": Fraction(1, 10)}
DEFAULT_PRECISION = "0.1"  # the seed's last slide: 2 A + 1,2 B − 1,1 C ...
BANK_TRAINING_SIZE = 400  # balanced sample of the bank's training split
TRAINED_FILE = "trained.toml"
REPORT_FILE = "training_report.pdf"


@dataclass(eq=False)
class Examples:
    """Training examples (and held-out ones for the bank) as exercises and arrays."""

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


def load_examples(activity: Activity, which: str, *, seed: int, size: int = BANK_TRAINING_SIZE) -> Examples:
    if which == "seed":
        exercises = [e for e in seed_exercises(activity) if e.label in activity.digits]
        if not exercises:
            raise UserError("train.no_examples", digits=activity.digits)
        return Examples("seed", exercises)
    # The grid decides the counts, so bank digits are counted on this activity's grid.
    from ..bank import load_bank
    from ..digits import bank_ink, layout_onehot

    bank = load_bank()
    ink = bank_ink(activity.grid.rows, activity.grid.cols)
    counts = ink.ink.astype(np.int64) @ layout_onehot(activity.grid, len(activity.emoji))
    usable = np.isin(bank.labels, activity.digits)
    if not usable.any():
        raise UserError("train.no_examples", digits=activity.digits)

    def exercise(i: int) -> Exercise:
        return Exercise(str(bank.source_ids[i]), tuple(int(c) for c in counts[i]), int(bank.labels[i]), source="bank")

    train_pool = bank.subset(np.flatnonzero(~bank.held_out & usable))
    digits = tuple(d for d in activity.digits if (train_pool.labels == d).any())
    size = min(size, len(train_pool))
    chosen = np.flatnonzero(~bank.held_out & usable)[train_pool.balanced_sample(size, digits, rng=seed)]
    held = np.flatnonzero(bank.held_out & usable)
    return Examples("bank", [exercise(int(i)) for i in chosen], [exercise(int(i)) for i in held])


@dataclass(eq=False)
class TrainResult:
    """Everything `train` learnt, for the JSON, the summary and the report."""

    method: str
    examples: Examples
    before: Activity
    trained: Activity  # what is printed: rounded weights (gradient) or moved thresholds
    precision: Fraction | None
    loss: float  # the seed's cost of `trained` on the training examples
    accuracy: float  # share of training examples `trained` recognises, exactly as pupils compute
    iterations: int
    unrounded_loss: float | None = None
    unrounded_accuracy: float | None = None
    held_out_accuracy: float | None = None
    unrounded_held_out_accuracy: float | None = None
    before_accuracy: float = 0.0
    run: training.TrainingRun | None = None
    steps: list[ThresholdStep] = field(default_factory=list)
    start: training.Weights | None = None  # where gradient training started

    def __repr__(self) -> str:
        return f"TrainResult({self.method}: loss {self.loss:.4f}, accuracy {self.accuracy:.3f})"


def exact_accuracy(activity: Activity, exercises: list[Exercise]) -> float:
    """Right answers over the exercises, computed exactly as pupils do (ties and silences are wrong)."""
    if not exercises:
        return 0.0
    network = Network(activity)
    right = sum(1 for e in exercises if network.forward(e.counts, label=e.label).correct)
    return right / len(exercises)


def train(
    activity: Activity, examples: Examples, *, method: str = "fast", precision: Fraction | None = Fraction(1, 10)
) -> TrainResult:
    """Train the activity's network on the examples (the engine behind the command)."""
    X, labels = Examples.arrays(activity, examples.train)
    before_accuracy = exact_accuracy(activity, examples.train)
    if method == "thresholds":
        # Exactly the rule the class applies with pencils (learning_round.py), on these examples' grids.
        from ..learning_round import class_learning_round

        network = Network(activity)
        grids = [network.forward(e.counts, exercise_id=e.id, label=e.label) for e in examples.train]
        learnt = class_learning_round(activity, grids)
        after = dict(learnt.after.thresholds)
        trained = activity.with_thresholds([after[n.name] for n in activity.hidden],
                                           [after[n.name] for n in activity.outputs])  # fmt: skip
        steps = list(learnt.steps)
        weights = training.Weights.from_activity(trained)
        return TrainResult(
            method, examples, activity, trained, None,
            loss=training.cost(weights, X, labels), accuracy=exact_accuracy(trained, examples.train),
            iterations=len(steps), held_out_accuracy=_held_out(trained, examples),
            before_accuracy=before_accuracy, steps=steps,
        )
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
    X_held, labels_held = Examples.arrays(activity, examples.held_out) if examples.held_out else (None, None)
    return TrainResult(
        method, examples, activity, trained, precision,
        loss=training.cost(rounded, X, labels), accuracy=exact_accuracy(trained, examples.train),
        iterations=run.iterations,
        unrounded_loss=run.loss, unrounded_accuracy=training.accuracy(run.weights, X, labels),
        held_out_accuracy=_held_out(trained, examples),
        unrounded_held_out_accuracy=(training.accuracy(run.weights, X_held, labels_held)
                                     if X_held is not None else None),
        before_accuracy=before_accuracy, run=run, steps=repairs, start=start,
    )


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
        )
    return run


def _held_out(activity: Activity, examples: Examples) -> float | None:
    if not examples.held_out:
        return None
    # Exact arithmetic on a thousand digits is slow; floats agree with it except
    # on exact ties, which predict() counts as wrong just as pupils would.
    counts = np.array([e.counts for e in examples.held_out])
    truth = np.array([e.label for e in examples.held_out])
    return float((Network(activity).predict(counts) == truth).mean())


def train_to_json(result: TrainResult) -> dict:
    activity = result.trained
    hidden = []
    for neuron in activity.hidden:
        connected = [w != 0 for w in result.before.neuron(neuron.name).weights]
        weights = {c: float(w) for c, w, keep in zip(activity.emoji_chars, neuron.weights, connected) if keep}
        hidden.append({"neuron": neuron.name, "weights": weights, "threshold": float(neuron.threshold)})
    names = [n.name for n in activity.hidden]
    outputs = [
        {"neuron": n.name, "digit": n.digit, "weights": {h: float(w) for h, w in zip(names, n.weights)},
         "threshold": float(n.threshold)}
        for n in activity.outputs
    ]
    document = {
        "hidden": hidden,
        "outputs": outputs,
        "loss": result.loss,
        "accuracy": result.accuracy,
        "iterations": result.iterations,
        "method": result.method,
        "examples": result.examples.name,
        "precision": None if result.precision is None else float(result.precision),
        "accuracy_before_training": result.before_accuracy,
    }
    if result.unrounded_loss is not None:
        document["unrounded"] = {"loss": result.unrounded_loss, "accuracy": result.unrounded_accuracy}
        if result.unrounded_held_out_accuracy is not None:
            document["unrounded"]["held_out_accuracy"] = result.unrounded_held_out_accuracy
    if result.held_out_accuracy is not None:
        document["held_out_accuracy"] = result.held_out_accuracy
    if result.steps:
        document["steps"] = [
            {"neuron": s.neuron, "old": to_json(s.old), "new": to_json(s.new), "correct_before": s.correct_before,
             "correct_after": s.correct_after}
            for s in result.steps
        ]
    return document


def _destination(out: Path | None, json_to: str | None) -> tuple[Path, str] | None:
    """(folder, activity file name), or None when only JSON is asked for."""
    if out is None:
        if json_to == "-":
            return None
        out = Path("output")
    if out.suffix.lower() == ".toml":
        return out.parent, out.name
    return out, TRAINED_FILE


def run_train(
    *,
    activity_path: Path | None,
    method: str = "fast",
    examples: str = "seed",
    precision: str = DEFAULT_PRECISION,
    json_to: str | None = None,
    out: Path | None = None,
    report: bool = False,
    lang: str = "fr",
    paper: str = "a4",
    color: bool = True,
    seed: int = 2026,
    force: bool = False,
) -> tuple[TrainResult, list[Path]]:
    """Train, then print the JSON and/or write the trained activity (and report)."""
    if method not in METHODS:
        raise UserError("train.bad_method", value=method, known=METHODS)
    if examples not in EXAMPLE_SETS:
        raise UserError("train.bad_examples", value=examples, known=EXAMPLE_SETS)
    if precision not in PRECISIONS:
        raise UserError("train.bad_precision", value=precision, known=tuple(PRECISIONS))
    if json_to is not None and json_to != "-":
        raise UserError("train.json_stdout_only", value=json_to)
    destination = _destination(out, json_to)
    if report and destination is None:
        destination = (Path("output"), TRAINED_FILE)
    if destination is not None:
        folder, name = destination
        check_destination(folder, [name] + ([REPORT_FILE] if report else []), force=force)
    activity = load_activity(activity_path)
    result = train(activity, load_examples(activity, examples, seed=seed), method=method,
                   precision=PRECISIONS[precision])
    if json_to == "-":
        sys.stdout.buffer.write((json.dumps(train_to_json(result), ensure_ascii=False, indent=2) + "\n").encode())
        sys.stdout.flush()
    if destination is None:
        return result, []
    folder, name = destination
    from ..text import render  # Jinja2 only when words are written, so `--json -` starts faster

    header = render(lang, "trained_header.txt.j2", result=result)
    files = {name: activity_to_toml(result.trained, folder=folder.resolve(), header=header).encode("utf-8")}
    if report:
        from ..documents.report import report_pdf

        summary = summary_text(result, lang).split("\n\n")[0].splitlines()
        files[REPORT_FILE] = report_pdf(result, report_distributions(result), summary, lang=lang, paper=paper,
                                        color=color)  # fmt: skip
    return result, write_files(folder, files, force=force)


def report_distributions(result: TrainResult) -> list[training.Distribution]:
    """What the report plots: each output neuron's results on the training examples at kept iterations."""
    X, labels = Examples.arrays(result.before, result.examples.train)
    if result.run is None:  # threshold moves: before and after
        return [
            training.distribution(training.Weights.from_activity(result.before), X, labels, 0),
            training.distribution(training.Weights.from_activity(result.trained), X, labels, result.iterations),
        ]
    return training.distributions(result.run, result.start, X, labels)


def summary_text(result: TrainResult, lang: str) -> str:
    """What the terminal shows after training: scores, learned weights in words, threshold moves."""
    from ..text import render

    return render(lang, "train_summary.txt.j2", result=result, terms=_terms(result.trained))


def _terms(activity: Activity) -> list[dict]:
    rows = []
    for neuron in (*activity.hidden, *activity.outputs):
        inputs = activity.emoji_chars if neuron in activity.hidden else [h.name for h in activity.hidden]
        rows.append({"neuron": neuron, "terms": [(w, n) for w, n in zip(neuron.weights, inputs) if w]})
    return rows
