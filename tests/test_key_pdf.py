"""The teacher key PDF: filled sheets and verdicts agree with an independent forward pass and key.json."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

from generator.activity import load_activity
from generator.commands.key import run_key
from generator.documents.key import key_pdf
from generator.exercises import parse_counts

sys.path.insert(0, str(Path(__file__).parent))  # the shared kit_helpers module
from kit_helpers import colourful_pixels, default_kit, normalise, page_texts, render_page  # noqa: E402

# docs/design.md's network, written out independently of the activity file.
W = np.array([
    [-1, 1, 1, 0, 0, 0], [1, 1, 0, 0, 0, -1], [0, 0, 1, 1, 1, 0],
    [0, 1, 0, -1, 0, 1], [1, 0, 0, 0, 1, 1], [0, 0, 0, 1, -1, 1],
])  # fmt: skip
T = np.array([8, 7, 17, 7, 16, 5])
P = np.array([[-1, -1, 1, -1, 1, 1], [1, 1, -1, 1, -1, 0], [-1, 1, -1, 1, 1, -1], [1, 1, 1, -1, -1, 0]])
S = np.array([6, 7, 8, 6])
DIGITS = [0, 3, 6, 9]


def reference(counts):
    hidden_result = W @ np.array(counts)
    hidden = np.maximum(0, hidden_result - T)
    out_result = P @ hidden
    out = np.maximum(0, out_result - S)
    if out.max() <= 0:
        answer = ("none", ())
    else:
        top = tuple(d for d, o in zip(DIGITS, out) if o == out.max())
        answer = ("digit" if len(top) == 1 else "tie", top)
    return hidden_result, hidden, out_result, out, answer


def fmt(value: int) -> str:
    return f"\u2212{-value}" if value < 0 else str(value)


def test_worked_example_key_page():
    """The seed's example 2 (counts 6,4,9,6,6,7): C’EST UN 0 ! with the seed's numbers."""
    activity = load_activity()
    exercise = parse_counts("6,4,9,6,6,7", activity)
    activity_, exercises, traces = default_kit(2)
    trace = traces[1]
    assert trace.counts == exercise.counts
    pdf = key_pdf(activity, exercises[1:], [trace], lang="fr", paper="a4", color=True)
    page = normalise(page_texts(pdf)[1])
    for name, result, output in (("A", 7, 0), ("B", 3, 0), ("C", 21, 4), ("D", 5, 0), ("E", 19, 3), ("F", 7, 2)):
        assert f"Neurone {name} {result} {output}" in page
    assert "Neurone vert 9 3 C’EST UN 0 !" in page
    assert "Neurone bleu −7 0 CE N’EST PAS UN 3" in page
    assert "Neurone rose −3 0 CE N’EST PAS UN 6" in page
    assert "Neurone jaune 1 0 CE N’EST PAS UN 9" in page
    assert "LE RÉSEAU DIT : C’EST UN 0 !" in page
    assert "vrai chiffre : 0 · le réseau a raison" in page
    assert "6 4 9 6 6 7" in page


def test_every_exercise_matches_an_independent_forward_pass():
    activity, exercises, traces = default_kit(16)
    texts = [normalise(t) for t in page_texts(key_pdf(activity, exercises, traces, lang="fr", paper="a4", color=True))]
    assert len(texts) == 1 + 16  # summary, then one page per exercise
    summary, pages = texts[0], texts[1:]
    right = 0
    kinds = set()
    for exercise, page in zip(exercises, pages):
        hidden_result, hidden, out_result, out, (kind, digits) = reference(exercise.counts)
        kinds.add(kind)
        for name, r, o in zip("ABCDEF", hidden_result, hidden):
            assert f"Neurone {name} {fmt(r)} {fmt(o)}" in page
        for name, digit, r, o in zip(("vert", "bleu", "rose", "jaune"), DIGITS, out_result, out):
            says = f"C’EST UN {digit} !" if o > 0 else f"CE N’EST PAS UN {digit}"
            assert f"Neurone {name} {fmt(r)} {fmt(o)} {says}" in page
        if kind == "digit":
            assert f"LE RÉSEAU DIT : C’EST UN {digits[0]} !" in page
        elif kind == "none":
            assert "LE RÉSEAU DIT : PAS DE RÉPONSE" in page
        else:
            assert "LE RÉSEAU DIT : LE RÉSEAU HÉSITE ENTRE " + " ET ".join(map(str, digits)) in page
        correct = kind == "digit" and digits == (exercise.label,)
        right += correct
        assert ("le réseau a raison" if correct else "le réseau se trompe") in page
    # The key shows all three kinds of answer honestly.
    assert kinds == {"digit", "none", "tie"}
    assert "hésite entre 0 et 6" in summary and "pas de réponse" in summary
    assert f"Réponses justes : {right} sur 16" in summary


def test_key_pdf_and_key_json_agree(tmp_path):
    written = run_key(activity_path=None, counts_file=None, out=tmp_path, number=3, seed=7)
    assert sorted(p.name for p in written) == ["key.json", "key.pdf"]
    data = json.loads((tmp_path / "key.json").read_text(encoding="utf-8"))
    texts = [normalise(t) for t in page_texts((tmp_path / "key.pdf").read_bytes())]
    assert len(texts) == 1 + len(data["exercises"])
    for exercise, page in zip(data["exercises"], texts[1:]):
        assert exercise["id"] in page
        for step in exercise["hidden"]:
            assert f"Neurone {step['neuron']} {fmt(step['result'])} {fmt(step['output'])}" in page


def test_key_json_to_stdout_writes_no_pdf(tmp_path, capsys):
    assert run_key(activity_path=None, counts="6,4,9,6,6,7", json_to="-", out=tmp_path) == []
    assert list(tmp_path.iterdir()) == []
    assert json.loads(capsys.readouterr().out)["exercises"][0]["answer"] == {"kind": "digit", "digits": [0]}


def test_english_bw_key():
    activity, exercises, traces = default_kit(16)
    pdf = key_pdf(activity, exercises, traces, lang="en", paper="letter", color=False)
    texts = [normalise(t) for t in page_texts(pdf)]
    assert "between 0 and 6" in texts[0] and "no answer" in texts[0]
    assert "THE NETWORK SAYS: IT’S A 0!" in texts[2]
    assert "IT’S NOT A 3" in texts[2]
    for index in (0, 2):
        assert colourful_pixels(render_page(pdf, index, scale=0.5)) == 0


def test_every_key_page_prints_the_deciding_rule_and_its_verdict():
    """Each filled sheet carries the rule in one line, and the verdict the rule gives (the reference's)."""
    activity, exercises, traces = default_kit(6)
    texts = [normalise(t) for t in page_texts(key_pdf(activity, exercises, traces, lang="fr", paper="a4", color=True))]
    sheets = texts[1:]
    assert "La plus grande sortie gagne ; à égalité, le réseau hésite" in texts[0]
    for text, exercise in zip(sheets, exercises):
        assert "La plus grande sortie gagne" in text
        kind, digits = reference(exercise.counts)[4]
        verdict = text.split("LE RÉSEAU DIT")[-1]
        if kind == "digit":
            assert f"C’EST UN {digits[0]}" in verdict
        else:
            assert ("PAS DE RÉPONSE" if kind == "none" else "HÉSITE ENTRE") in verdict


def test_a_digit_the_network_never_learned_is_said_so():
    from dataclasses import replace

    from generator.network import Network

    activity, exercises, _ = default_kit(1)
    eight = replace(exercises[0], id="huit", label=8)
    trace = Network(activity).trace(eight)
    text = normalise(page_texts(key_pdf(activity, [eight], [trace], lang="fr", paper="a4", color=True))[1])
    assert "vrai chiffre : 8" in text and "n’a jamais appris le 8" in text and "se trompe" not in text
    summary = normalise(page_texts(key_pdf(activity, [eight], [trace], lang="en", paper="a4", color=True))[0])
    assert "not learned" in summary
