"""How the network's answer is worded on pages: in full, short, and the key's right/wrong mark.

The answer itself (one digit, none, or a tie) is decided once, by
`network.decide`; pages only word it, the same way everywhere.
"""

from __future__ import annotations

from ..network import Answer, Trace
from ..words import words_for


def answer_text(lang: str, answer: Answer) -> str:
    """In full, for a banner: "C'EST UN 0 !", "PAS DE RÉPONSE : …", "LE RÉSEAU HÉSITE ENTRE 3 ET 9"."""
    say = words_for(lang).printables
    if answer.kind == "digit":
        return say.is_digit(digit=answer.digits[0])
    if answer.kind == "none":
        return say.answer_none()
    return say.answer_tie(digits=list(answer.digits))


def answer_short(lang: str, answer: Answer) -> str:
    """For a table cell: "0", "pas de réponse", "hésite entre 3 et 9"."""
    return words_for(lang).printables.answer_short(kind=answer.kind, digits=list(answer.digits))


def answer_mark(lang: str, trace: Trace) -> str:
    """The key's mark: right, wrong, or unknown when the exercise has no true digit."""
    words = words_for(lang).labels["key"]
    if trace.correct is None:
        return words["unknown"]
    if not learned(trace):
        return words["not_learned"]
    return words["right"] if trace.correct else words["wrong"]


def learned(trace: Trace) -> bool:
    """Whether the network has an output neuron for the exercise's true digit (an 8 has none)."""
    return trace.label is None or trace.label in {s.digit for s in trace.outputs}
