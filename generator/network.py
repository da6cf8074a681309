"""The network's forward pass, the trace of every number a pupil computes,
the verdicts, and the lookup tables printed on role cards.

Every neuron: result = weighted sum of its inputs; output = max(0, result −
threshold). Arithmetic is exact (see numbers.py), so a trace is exactly what
pupils compute by hand. Documents only lay traces out; they never compute.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import floor
from typing import TYPE_CHECKING, Iterable, Literal, Sequence

from .activity import Activity, HiddenNeuron, OutputNeuron
from .numbers import Number, exact

if TYPE_CHECKING:
    import numpy as np

    from .exercises import Exercise


def neuron_output(result: Number, threshold: Number) -> Number:
    return max(0, exact(result - threshold))


@dataclass(frozen=True)
class NeuronStep:
    """One neuron in one forward pass: what it computed and what it sent on."""

    neuron: str
    result: Number
    output: Number
    digit: int | None = None  # output neurons only

    @property
    def fires(self) -> bool:
        """Output neurons: positive output means 'C'EST UN d !'."""
        return self.output > 0

    def __repr__(self) -> str:
        return f"{self.neuron}: {self.result}→{self.output}"


@dataclass(frozen=True)
class Answer:
    """The network's answer: one digit, no answer, or a tie. Never forced."""

    kind: Literal["digit", "none", "tie"]
    digits: tuple[int, ...]

    def __repr__(self) -> str:
        return f"Answer({self.kind}{' ' + ','.join(map(str, self.digits)) if self.digits else ''})"


@dataclass(frozen=True)
class Trace:
    """Every number of one exercise's forward pass, in pupils' order."""

    exercise_id: str
    counts: tuple[int, ...]
    label: int | None
    hidden: tuple[NeuronStep, ...]
    outputs: tuple[NeuronStep, ...]
    answer: Answer

    @property
    def correct(self) -> bool | None:
        if self.label is None:
            return None
        return self.answer.kind == "digit" and self.answer.digits == (self.label,)

    def step(self, neuron: str) -> NeuronStep:
        for s in (*self.hidden, *self.outputs):
            if s.neuron == neuron:
                return s
        raise KeyError(neuron)

    def __repr__(self) -> str:
        steps = " ".join(map(repr, (*self.hidden, *self.outputs)))
        return f"Trace({self.exercise_id} counts={list(self.counts)} {steps} {self.answer!r})"


def decide(outputs: Sequence[NeuronStep]) -> Answer:
    """The digit of the largest positive output; none positive → none; a tie at the top → tie.

    The one answer rule: every page words this Answer (documents/answers.py), and
    `batch_decide` applies the same rule to arrays of outputs for whole banks.
    """
    positive = [s for s in outputs if s.output > 0]
    if not positive:
        return Answer("none", ())
    best = max(s.output for s in positive)
    top = tuple(sorted(s.digit for s in positive if s.output == best))
    return Answer("digit" if len(top) == 1 else "tie", top)


class Network:
    """The activity's network, ready to run exercises."""

    def __init__(self, activity: Activity) -> None:
        self.activity = activity
        self._float_matrices = None

    def __repr__(self) -> str:
        hidden = ", ".join(f"{n.name}>{n.threshold}" for n in self.activity.hidden)
        outputs = ", ".join(f"{n.name}>{n.threshold}" for n in self.activity.outputs)
        return f"Network(hidden: {hidden}; outputs: {outputs})"

    def forward(self, counts: Sequence[int], *, exercise_id: str = "", label: int | None = None) -> Trace:
        counts = tuple(int(c) for c in counts)
        hidden = tuple(self._step(n, counts) for n in self.activity.hidden)
        sent = tuple(s.output for s in hidden)
        outputs = tuple(self._step(n, sent) for n in self.activity.outputs)
        return Trace(exercise_id, counts, label, hidden, outputs, decide(outputs))

    @staticmethod
    def _step(neuron: HiddenNeuron | OutputNeuron, inputs: Sequence[Number]) -> NeuronStep:
        result = exact(sum((w * x for w, x in zip(neuron.weights, inputs, strict=True) if w), 0))
        digit = neuron.digit if isinstance(neuron, OutputNeuron) else None
        return NeuronStep(neuron.name, result, neuron_output(result, neuron.threshold), digit)

    def trace(self, exercise: "Exercise") -> Trace:
        """The forward pass of one exercise, named and labelled as the exercise is."""
        return self.forward(exercise.counts, exercise_id=exercise.id, label=exercise.label)

    def trace_all(self, exercises: Iterable["Exercise"]) -> tuple[Trace, ...]:
        """One forward pass per exercise, in order: the one loop that makes the traces documents lay out."""
        return tuple(self.trace(e) for e in exercises)

    def batch_forward(self, counts: "np.ndarray") -> tuple["np.ndarray", "np.ndarray"]:
        """Float forward pass over many count rows: (hidden outputs, output neurons' outputs).

        For scoring whole banks (accuracy, the grid search); pupils' numbers always come from `forward`.
        """
        import numpy as np  # here, so that one key from typed counts starts fast

        W, t, P, s = self._matrices()
        hidden = np.maximum(0.0, np.asarray(counts, dtype=float) @ W.T - t)
        return hidden, np.maximum(0.0, hidden @ P.T - s)

    def predict(self, counts: "np.ndarray") -> "np.ndarray":
        """Digit answered for each count row, or -1 for no answer or a tie (the rule of `decide`)."""
        import numpy as np

        winner = batch_decide(self.batch_forward(counts)[1])
        return np.where(winner >= 0, np.array(self.activity.digits)[winner], -1)

    def _matrices(self):
        # Built once per network: the grid search calls batch_forward tens of thousands of times.
        if self._float_matrices is None:
            import numpy as np

            a = self.activity
            self._float_matrices = (
                np.array([[float(w) for w in n.weights] for n in a.hidden]),
                np.array([float(n.threshold) for n in a.hidden]),
                np.array([[float(w) for w in n.weights] for n in a.outputs]),
                np.array([float(n.threshold) for n in a.outputs]),
            )
        return self._float_matrices


def batch_decide(outputs: "np.ndarray") -> "np.ndarray":
    """`decide` for many rows of output neurons' outputs at once (floats or whole numbers).

    The index of the output neuron whose output is the largest and positive, or
    -1 when none is positive or the largest is shared (a tie): the network's
    answer is then not one digit, so it is never counted right.
    """
    import numpy as np

    outputs = np.asarray(outputs)
    best = outputs.max(axis=1)
    alone = (outputs == best[:, None]).sum(axis=1) == 1
    return np.where((best > 0) & alone, outputs.argmax(axis=1), -1)


# --- lookup tables ---------------------------------------------------------


@dataclass(frozen=True)
class LookupTable:
    """'Résultat du calcul → Réponse à montrer' for one neuron.

    `cells` are (result, output) pairs for the whole results from `low` to
    `high`; the first cell stands for every result ≤ low (all give 0 since
    low ≤ threshold), so results outside the reached range are covered too.
    """

    neuron: str
    threshold: Number
    cells: tuple[tuple[Number, Number], ...]
    step: Number | None = 1  # results go up by this; None: only the results reached are listed
    open_above: bool = False  # a last, open cell: "more than `high`: take away the threshold"

    @property
    def low(self) -> int:
        return self.cells[0][0]

    @property
    def high(self) -> int:
        return self.cells[-1][0]

    @property
    def rule_only(self) -> bool:
        """Only the "≤ threshold" cell and the open one: the card says the rule in words."""
        return self.open_above and len(self.cells) == 1

    def output_for(self, result: Number) -> Number:
        if result <= self.low:
            return self.cells[0][1]
        if self.open_above and result > self.high:
            return neuron_output(result, self.threshold)
        for value, output in self.cells:
            if value == result:
                return output
        raise KeyError(f"{self.neuron}: result {result} is above the table (≤ {self.high})")

    def __repr__(self) -> str:
        above = f", then > {self.high}: − {self.threshold}" if self.open_above else ""
        return f"LookupTable({self.neuron}: ≤{self.low}..{self.high}{above}, threshold {self.threshold})"


def lookup_table(
    neuron: HiddenNeuron | OutputNeuron, results: Iterable[Number], *, min_cells: int = 0, step: Number | None = None
) -> LookupTable:
    """The table covering every result in `results`.

    The low edge is at or below the threshold so that its '≤' cell is honest
    (everything under it gives 0). `min_cells` widens short tables upwards so
    a card still shows how the output grows past the threshold.

    Whole results give every whole result from the edge up. A trained network
    rounded to 0.1 computes results such as 19,4: `step` (see `result_step`)
    then lists every multiple of it, and without a step the table lists the
    results reached, from a "≤ threshold" edge; either way no result falls
    between two cells and every output is the rounded network's own.
    """
    results = [exact(r) for r in results]
    if step is not None and exact(step) != 1:
        return _stepped_table(neuron, results, min_cells, exact(step))
    if any(not isinstance(r, int) for r in results):
        if step is not None:
            raise ValueError(f"{neuron.name}: results {results} are not whole; give their step")
        return _reached_table(neuron, results)
    threshold_floor = floor(neuron.threshold)
    low = min([*results, threshold_floor]) if results else threshold_floor
    high = max([*results, threshold_floor + 1]) if results else threshold_floor + 1
    high = max(high, low + min_cells - 1)
    cells = tuple((r, neuron_output(r, neuron.threshold)) for r in range(low, high + 1))
    return LookupTable(neuron.name, neuron.threshold, cells)


def _reached_table(neuron: HiddenNeuron | OutputNeuron, results: list[Number]) -> LookupTable:
    threshold = exact(neuron.threshold)
    above = sorted({r for r in results if r > threshold})
    cells = ((threshold, 0), *((r, neuron_output(r, threshold)) for r in above))
    return LookupTable(neuron.name, neuron.threshold, tuple(cells), None)


def _stepped_table(neuron: HiddenNeuron | OutputNeuron, results: Iterable[Number], min_cells: int, step: Number):
    if step <= 0:
        raise ValueError(f"{neuron.name}: a table step must be positive, not {step}")
    from fractions import Fraction

    step = Fraction(step)
    indices = [exact(Fraction(r) / step) for r in results]
    if any(not isinstance(i, int) for i in indices):
        raise ValueError(f"{neuron.name}: results must be multiples of {step}")
    threshold_floor = floor(Fraction(neuron.threshold) / step)  # in steps
    low = min([*indices, threshold_floor])
    high = max([*indices, threshold_floor + 1])
    high = max(high, low + min_cells - 1)
    cells = tuple((exact(i * step), neuron_output(exact(i * step), neuron.threshold)) for i in range(low, high + 1))
    return LookupTable(neuron.name, neuron.threshold, cells, exact(step))


def _fraction_gcd(values: Iterable[Number]) -> Number:
    """The largest number every value is a whole multiple of (0 when all are 0)."""
    from fractions import Fraction
    from math import gcd, lcm

    fractions = [Fraction(v) for v in values if v != 0]
    if not fractions:
        return 0
    denominator = lcm(*(f.denominator for f in fractions))
    return exact(Fraction(gcd(*(int(f * denominator) for f in fractions)), denominator))


def result_step(activity: Activity, neuron: HiddenNeuron | OutputNeuron) -> Number:
    """The step between two results this neuron can compute: 1 for a whole network.

    Hidden neurons add whole counts times their weights; output neurons add
    hidden outputs (multiples of that neuron's step and threshold) times
    theirs. A result 0 must always be possible, so the step divides 1 when
    every number is whole.
    """
    if isinstance(neuron, HiddenNeuron):
        step = _fraction_gcd(neuron.weights)
    else:
        parts = []
        for w, h in zip(neuron.weights, activity.hidden):
            if w:
                sent = _fraction_gcd([result_step(activity, h), h.threshold]) or 1
                parts.append(w * sent)
        step = _fraction_gcd(parts)
    step = step or 1
    return 1 if isinstance(step, int) else step


def reachable_range(activity: Activity, neuron: HiddenNeuron | OutputNeuron) -> tuple[Number, Number]:
    """The smallest and largest result a neuron can compute on this activity's grid."""
    if isinstance(neuron, HiddenNeuron):
        bounds = activity.max_counts
    else:
        bounds = tuple(max(0, reachable_range(activity, h)[1] - h.threshold) for h in activity.hidden)
    low = sum(min(0, w * b) for w, b in zip(neuron.weights, bounds))
    high = sum(max(0, w * b) for w, b in zip(neuron.weights, bounds))
    return exact(low), exact(high)
