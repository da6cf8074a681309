"""A neuron's calculation as pupils write it: the one rule behind every formula.

Role cards, emoji sheets, slides, the training report, `neurones check` and
`neurones train` all write a neuron's calculation from its weights through
this module, so they cannot disagree.

The order: additions before subtractions, each group in the activity's input
order, as on the seed's card F ("🐱 + 👽 − 😍") and its slides
("A + B + D − C − E"): pupils start from a positive number more often.
Weight 1 writes the input alone, −1 "− input", other weights their value
("1,2 × B"), so a trained network's decimal weights print without new code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from .activity import Activity, HiddenNeuron, OutputNeuron
from .numbers import MINUS, Number, format_number


@dataclass(frozen=True)
class Term:
    """One input of a neuron's calculation, with its weight (never 0)."""

    weight: Number
    index: int  # which input: emoji x_index for a hidden neuron, hidden neuron index for an output neuron
    name: str  # the emoji character or the hidden neuron's name

    def __repr__(self) -> str:
        return f"Term({self.weight}×{self.name})"


@dataclass(frozen=True)
class Written:
    """How one term is written: its sign, its factor, then its input (drawn by the caller)."""

    index: int
    sign: str  # "" (first, adding), " + ", " − ", or "− " (first, taking away)
    factor: str  # "" for ±1, else the weight's size and " × ", e.g. "1,2 × "

    def __repr__(self) -> str:
        return f"Written({self.sign!r}{self.factor!r}x{self.index})"


def order(weights: Sequence[Number]) -> list[int]:
    """Indices of the non-zero weights in writing order: additions first, then subtractions."""
    return [i for i, w in enumerate(weights) if w > 0] + [i for i, w in enumerate(weights) if w < 0]


def input_names(activity: Activity, neuron: HiddenNeuron | OutputNeuron) -> list[str]:
    """What a neuron adds up: the emoji (hidden neurons) or the hidden neurons' names (outputs)."""
    if isinstance(neuron, HiddenNeuron):
        return list(activity.emoji_chars)
    return [h.name for h in activity.hidden]


def terms(activity: Activity, neuron: HiddenNeuron | OutputNeuron) -> tuple[Term, ...]:
    """The neuron's terms in writing order (F: 🐱 + 👽 − 😍; bleu: A + B + D − C − E)."""
    names = input_names(activity, neuron)
    return tuple(Term(neuron.weights[i], i, names[i]) for i in order(neuron.weights))


def written(weights: Sequence[Number], lang: str) -> list[Written]:
    """Sign and factor of each term, in writing order (the sign alone so a long line can break there)."""
    out = []
    for n, i in enumerate(order(weights)):
        weight = weights[i]
        if weight < 0:
            sign = f"{MINUS} " if n == 0 else f" {MINUS} "
        else:
            sign = "" if n == 0 else " + "
        factor = "" if abs(weight) == 1 else f"{format_number(abs(weight), lang)} × "
        out.append(Written(i, sign, factor))
    return out


def formula_text(
    weights: Sequence[Number], names: Sequence[str], lang: str, *, ending: str = ""
) -> str:
    """The calculation as one line of text, e.g. "🐱 + 👽 − 😍", or with numbers in place of the inputs."""
    return "".join(w.sign + w.factor + names[w.index] for w in written(weights, lang)) + ending


def neuron_formula(activity: Activity, neuron: HiddenNeuron | OutputNeuron, lang: str, *, ending: str = "") -> str:
    """A neuron's calculation as text: "🐱 + 👽 − 😍", "2 × A + 1,2 × B − 1,1 × C" (French decimal comma)."""
    return formula_text(neuron.weights, input_names(activity, neuron), lang, ending=ending)
