"""A neuron's calculation written for pupils, from its weights.

The order, signs and factors come from `generator.terms` (additions first, as on
the seed's card F: "🐱 + 👽 − 😍"); this module only turns them into pieces and
draws them. Inputs are emoji (hidden neurons, drawn as art) or neuron names (outputs).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from reportlab.lib.units import mm

from ..activity import Activity, HiddenNeuron, OutputNeuron
from ..numbers import Number
from ..terms import written
from .page import Pen


@dataclass(frozen=True)
class Piece:
    """A run of text, or one emoji picture (`emoji` set)."""

    text: str = ""
    emoji: str | None = None
    svg: Path | None = None

    def __repr__(self) -> str:
        return self.emoji or repr(self.text)


@dataclass(frozen=True)
class Input:
    name: str  # emoji character or neuron name
    is_emoji: bool
    svg: Path | None = None


def neuron_inputs(activity: Activity, neuron: HiddenNeuron | OutputNeuron) -> list[Input]:
    if isinstance(neuron, HiddenNeuron):
        return [Input(e.char, True, e.svg) for e in activity.emoji]
    return [Input(h.name, False) for h in activity.hidden]


def formula_pieces(
    weights: Sequence[Number], inputs: Sequence[Input], lang: str, *, ending: str = " = ?"
) -> list[Piece]:
    """The calculation as pieces to draw, in the order and signs of `terms.written` (one rule for all)."""
    if len(inputs) != len(weights):
        raise ValueError(f"{len(weights)} weights for {len(inputs)} inputs")
    pieces: list[Piece] = []
    for term in written(weights, lang):
        source = inputs[term.index]
        if term.sign:
            pieces.append(Piece(term.sign))
        if term.factor:
            pieces.append(Piece(term.factor))
        pieces.append(Piece(emoji=source.name, svg=source.svg) if source.is_emoji else Piece(source.name))
    if ending:
        pieces.append(Piece(ending))
    return pieces


def calculation(activity: Activity, neuron: HiddenNeuron | OutputNeuron, lang: str, *, ending: str = " = ?"):
    return formula_pieces(neuron.weights, neuron_inputs(activity, neuron), lang, ending=ending)


EMOJI_SCALE = 1.45  # an emoji is drawn this many times the font size (in height)


def formula_width(pen: Pen, pieces: Sequence[Piece], size: float) -> float:
    emoji = size / mm * EMOJI_SCALE
    return sum(emoji if p.emoji else pen.width(p.text, size, bold=True) for p in pieces)


def draw_formula(
    pen: Pen, pieces: Sequence[Piece], x: float, baseline: float, size: float, *, max_width: float, align: str = "center"
) -> float:
    """Draw the calculation on one line, shrunk to `max_width`; returns the font size used."""
    natural = formula_width(pen, pieces, size)
    if natural > max_width:
        size *= max_width / natural
        natural = max_width
    start = x - natural / 2 if align == "center" else x
    emoji = size / mm * EMOJI_SCALE
    cursor = start
    for piece in pieces:
        if piece.emoji:
            # Centre the picture on the text's middle height (≈ 0.35 em above the baseline).
            pen.emoji(piece.emoji, cursor, baseline + size / mm * 0.35 - emoji / 2, emoji, svg=piece.svg)
            cursor += emoji
        else:
            pen.text(cursor, baseline, piece.text, size, bold=True)
            cursor += pen.width(piece.text, size, bold=True)
    return size
