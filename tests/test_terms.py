"""One rule writes every calculation: additions first, as on the seed's card F ("🐱 + 👽 − 😍").

The expected lines are docs/design.md's table reordered by hand (additions, then
subtractions, each in input order), the seed's card F and its slide
"A + B + D − C − E"; each place that prints a calculation is checked against them.
"""

from dataclasses import replace
from fractions import Fraction

import pytest

from generator.commands.check import check_report
from generator.network import Network
from generator.render.formula import calculation
from generator.terms import Term, neuron_formula, terms

EXPECTED = {
    "A": "🚀 + 🍕 − 😇",
    "B": "😇 + 🚀 − 👽",
    "C": "🍕 + 🐱 + 😍",
    "D": "🚀 + 👽 − 🐱",
    "E": "😇 + 😍 + 👽",
    "F": "🐱 + 👽 − 😍",  # the seed's card F
    "vert": "C + E + F − A − B − D",
    "bleu": "A + B + D − C − E",  # the seed's slide
    "rose": "B + D + E − A − C − F",
    "jaune": "A + B + C − D − E",
}


def test_terms_of_card_f(activity):
    assert terms(activity, activity.neuron("F")) == (Term(1, 3, "🐱"), Term(1, 5, "👽"), Term(-1, 4, "😍"))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_neuron_is_written_additions_first(activity, lang):
    for neuron in (*activity.hidden, *activity.outputs):
        assert neuron_formula(activity, neuron, lang) == EXPECTED[neuron.name]


def test_drawn_pieces_spell_the_same_text(activity):
    for neuron in (*activity.hidden, *activity.outputs):
        pieces = calculation(activity, neuron, "fr", ending="")
        assert "".join(p.emoji or p.text for p in pieces) == EXPECTED[neuron.name]


@pytest.mark.parametrize("lang, line_end", [("fr", "\u00a0: {}\u202f; seuil"), ("en", ": {}; threshold")])
def test_check_prints_the_same_calculations(lang, line_end):
    valid, text = check_report(activity_path=None, lang=lang)
    assert valid
    for name, formula in EXPECTED.items():
        # "Neurone A : …" / "Neuron vert (digit 0): …"
        lines = [line for line in text.splitlines() if line.startswith("Neur") and line.split(":")[0].split()[1] == name]
        assert len(lines) == 1 and line_end.format(formula) in lines[0], (name, lines)


def test_decimal_weights_and_subtractions_only(activity):
    bleu = replace(activity.neuron("bleu"), weights=(2, Fraction(6, 5), Fraction(-11, 10), Fraction(1, 2), Fraction(-27, 10), 3))
    trained = replace(activity, outputs=tuple(bleu if o.name == "bleu" else o for o in activity.outputs))
    assert neuron_formula(trained, bleu, "fr") == "2 × A + 1,2 × B + 0,5 × D + 3 × F − 1,1 × C − 2,7 × E"
    assert neuron_formula(trained, bleu, "en") == "2 × A + 1.2 × B + 0.5 × D + 3 × F − 1.1 × C − 2.7 × E"
    only_minus = replace(activity.neuron("A"), weights=(-1, 0, -2, 0, 0, 0))
    assert neuron_formula(activity, only_minus, "fr", ending=" = ?") == "− 😇 − 2 × 🍕 = ?"


def test_a_trace_and_the_one_trace_loop(activity):
    from generator.exercises import Exercise

    exercises = [Exercise("ex-1", (6, 4, 9, 6, 6, 7), 0), Exercise("ex-2", (1, 2, 3, 4, 5, 6), None)]
    traces = Network(activity).trace_all(exercises)
    assert [(t.exercise_id, t.label, t.counts) for t in traces] == [(e.id, e.label, e.counts) for e in exercises]
    # The worked example of docs/design.md.
    assert [(s.result, s.output) for s in traces[0].hidden] == [(7, 0), (3, 0), (21, 4), (5, 0), (19, 3), (7, 2)]
    assert traces[0].answer.kind == "digit" and traces[0].answer.digits == (0,)
