"""The network's answer is worded the same on every page: in full, short, and the key's mark."""

from generator.documents.answers import answer_mark, answer_short, answer_text
from generator.network import Answer, Network


def test_the_three_kinds_in_both_languages():
    digit, none, tie = Answer("digit", (0,)), Answer("none", ()), Answer("tie", (3, 6, 9))
    assert answer_text("fr", digit) == "C’EST UN 0\u202f!"
    assert answer_text("en", digit) == "IT’S A 0!"
    assert answer_text("fr", none).startswith("PAS DE RÉPONSE")
    assert answer_text("en", none).startswith("NO ANSWER")
    assert answer_text("fr", tie) == "LE RÉSEAU HÉSITE ENTRE 3, 6 ET 9"
    assert answer_text("en", tie) == "THE NETWORK CAN’T DECIDE BETWEEN 3, 6 AND 9"
    assert [answer_short("en", a) for a in (digit, none, tie)] == ["0", "no answer", "between 3, 6 and 9"]


def test_marks_follow_the_true_digit(activity):
    network = Network(activity)
    worked = [6, 4, 9, 6, 6, 7]  # docs/design.md's worked example: "C'EST UN 0 !"
    assert answer_mark("en", network.forward(worked, label=0)) == "right"
    assert answer_mark("en", network.forward(worked, label=3)) == "wrong"
    assert answer_mark("en", network.forward(worked)) == "?"
