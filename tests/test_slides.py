"""Projector slides: one exercise step by step, numbers equal to the engine's trace."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from generator.cli import main
from generator.documents.slides import slides_pdf
from generator.exercises import Exercise
from generator.network import Network
from generator.numbers import format_number
from generator.selection import choose_exercises

sys.path.insert(0, str(Path(__file__).parent))
from kit_helpers import colourful_pixels, normalise, page_sizes, page_texts, render_all

MINUS = "\u2212"


def deck(activity, exercise, *, lang="fr", color=True):
    trace = Network(activity).forward(exercise.counts, exercise_id=exercise.id, label=exercise.label)
    return trace, slides_pdf(activity, exercise, trace, lang=lang, color=color)


@pytest.fixture(scope="module")
def worked(activity):
    return deck(activity, Exercise("worked", (6, 4, 9, 6, 6, 7), 0))


@pytest.fixture(scope="module")
def bank(activity):
    exercise = choose_exercises(activity, number=3, seed=11)[2]
    return exercise, *deck(activity, exercise)


def filled_rows(text: str, names: list[str]) -> dict[str, tuple[str, str]]:
    """'Neurone A 7 0' pairs of the recording table as they appear in the slide's text."""
    found = {}
    for name in names:
        m = re.search(rf"Neurone {name} ({MINUS}?\d+) ({MINUS}?\d+)", text)
        if m:
            found[name] = (m.group(1), m.group(2))
    return found


def test_worked_example_matches_the_seed_deck(worked):
    _, pdf = worked
    texts = [normalise(t) for t in page_texts(pdf)]
    assert len(texts) == 14
    # docs/design.md's worked example, written independently of the engine.
    hidden = {"A": ("7", "0"), "B": ("3", "0"), "C": ("21", "4"), "D": ("5", "0"), "E": ("19", "3"), "F": ("7", "2")}
    outputs = {"vert": ("9", "3"), "bleu": (f"{MINUS}7", "0"), "rose": (f"{MINUS}3", "0"), "jaune": ("1", "0")}
    assert "6 4 9 6 6 7" in texts[1]
    assert filled_rows(texts[7], list(hidden)) == hidden
    assert "ENVOYÉ À LA COUCHE SUIVANTE" in texts[7]
    assert filled_rows(texts[13], list(outputs)) == outputs
    assert "C’EST UN 0 !" in texts[13] and "CE N’EST PAS UN 3" in texts[13]
    assert "C’était un 0." in texts[13]
    assert "La plus grande sortie gagne ; à égalité, le réseau hésite" in texts[13]
    assert "9 + 6 + 6 = 21" in texts[3] and "seuil 17 → réponse 4" in texts[3]
    assert f"4 + 3 + 2 {MINUS} 0 {MINUS} 0 {MINUS} 0 = 9" in texts[9]  # additions first, as on the cards


def test_slides_fill_one_neuron_at_a_time_from_the_trace(activity, bank):
    _, trace, pdf = bank
    texts = [normalise(t) for t in page_texts(pdf)]
    hidden = [h.name for h in activity.hidden]
    outputs = [o.name for o in activity.outputs]

    def expected(names, k):
        return {n: (format_number(trace.step(n).result, "fr"), format_number(trace.step(n).output, "fr"))
                for n in names[:k]}  # fmt: skip

    counts = " ".join(str(c) for c in trace.counts)
    for i in range(len(hidden)):
        text = texts[1 + i]
        assert filled_rows(text, hidden) == expected(hidden, i + 1)
        assert counts in text
    assert filled_rows(texts[7], hidden) == expected(hidden, 6)
    assert filled_rows(texts[8], outputs) == {}
    for j in range(len(outputs)):
        assert filled_rows(texts[9 + j], outputs) == expected(outputs, j + 1)
        step = trace.outputs[j]
        says = f"C’EST UN {step.digit} !" if step.fires else f"CE N’EST PAS UN {step.digit}"
        assert says in texts[9 + j]
    assert filled_rows(texts[13], outputs) == expected(outputs, 4)
    answer = {"digit": "C’EST UN", "none": "PAS DE RÉPONSE", "tie": "HÉSITE"}[trace.answer.kind]
    assert answer in texts[13]


def test_english_and_page_size(activity):
    _, pdf = deck(activity, Exercise("w", (6, 4, 9, 6, 6, 7), 0), lang="en")
    texts = [normalise(t) for t in page_texts(pdf)]
    assert "IT’S A 0!" in texts[13] and "Green neuron 9 3" in texts[13]
    for w, h in page_sizes(pdf):
        assert w / h == pytest.approx(16 / 9, abs=0.01)


def test_black_and_white_has_no_colour_and_colour_has_some(activity, bank):
    exercise, trace, colour_pdf = bank
    bw_pdf = slides_pdf(activity, exercise, trace, lang="fr", color=False)
    assert all(colourful_pixels(p) == 0 for p in render_all(bw_pdf, scale=0.3))
    assert colourful_pixels(render_all(colour_pdf, scale=0.3)[12]) > 100


def test_same_inputs_same_bytes(activity, bank):
    exercise, trace, pdf = bank
    assert slides_pdf(activity, exercise, trace, lang="fr", color=True) == pdf


def test_unknown_exercise_is_one_line_and_exit_2(tmp_path, capsys):
    status = main(["slides", "--exercise", "nope", "--out", str(tmp_path)])
    err = capsys.readouterr().err
    assert status == 2
    assert err.count("\n") == 1 and "--exercise nope" in err
    assert not list(tmp_path.iterdir())


def test_cli_writes_the_chosen_exercise(tmp_path, activity, capsys):
    chosen = choose_exercises(activity, number=4, seed=5)[3]
    status = main(["slides", "--seed", "5", "--exercises", "4", "--exercise", chosen.id, "--out", str(tmp_path)])
    assert status == 0, capsys.readouterr().err
    texts = page_texts((tmp_path / "slides.pdf").read_bytes())
    assert chosen.id in texts[0]


def test_any_exercise_of_a_class_kit_by_its_id(tmp_path, activity, capsys):
    from generator.core.class_set import class_kit

    kit = class_kit(activity, groups=3, number=2, seed=12)
    last = kit.groups[-1].group.exercises[-1]  # not among the first 8 of the default set
    status = main(["slides", "--exercise", last.id, "--out", str(tmp_path)])
    assert status == 0, capsys.readouterr().err
    trace = Network(activity).forward(last.counts, exercise_id=last.id, label=last.label)
    texts = [normalise(t) for t in page_texts((tmp_path / "slides.pdf").read_bytes())]
    assert " ".join(map(str, trace.counts)) in texts[1]
    assert filled_rows(texts[7], [h.name for h in activity.hidden])["F"] == (
        format_number(trace.step("F").result, "fr"), format_number(trace.step("F").output, "fr"))


# --- the whole lesson ---------------------------------------------------------------


@pytest.fixture(scope="module")
def lesson_deck(tmp_path_factory):
    out = tmp_path_factory.mktemp("lesson")
    assert main(["slides", "--out", str(out)]) == 0
    return (out / "slides.pdf").read_bytes()


def test_the_lesson_deck_in_order(activity, lesson_deck):
    from generator.documents.tally import rule_steps

    texts = [normalise(t) for t in page_texts(lesson_deck)]
    steps = rule_steps("fr")
    learning = [i for i, t in enumerate(texts) if "Le réseau apprend" in t]
    assert len(texts) == 2 + 14 + 2 + len(learning) + 1
    assert "codes postaux" in texts[0] and "LYON" in texts[0]
    assert "Qui fait quoi" in texts[1] and all(f"{h.name}" in texts[1] for h in activity.hidden)
    # The worked example is DESIGN.md's, from the engine's trace of [6, 4, 9, 6, 6, 7].
    hidden = {"A": ("7", "0"), "B": ("3", "0"), "C": ("21", "4"), "D": ("5", "0"), "E": ("19", "3"), "F": ("7", "2")}
    outputs = {"vert": ("9", "3"), "bleu": (f"{MINUS}7", "0"), "rose": (f"{MINUS}3", "0"), "jaune": ("1", "0")}
    assert "6 4 9 6 6 7" in texts[3]
    assert "Un chiffre mystère" in texts[2] and "Quel est ce chiffre" not in texts[2]  # typed counts: nothing drawn
    assert filled_rows(texts[2 + 7], list(hidden)) == hidden
    assert filled_rows(texts[2 + 13], list(outputs)) == outputs and "C’EST UN 0 !" in texts[2 + 13]
    assert "Qui gagne" in texts[16] and "La plus grande sortie gagne" in texts[16]
    assert "Et si on montre un 8" in texts[17] and "ne connaît que ce qu’il a appris" in texts[17]
    joined = " ".join(texts[i] for i in learning)
    for step in steps:
        assert normalise(step)[:40] in joined
    assert "Ce qu’on a appris" in texts[-1]
    assert len(render_all(lesson_deck, scale=0.2)) == len(texts)


def test_the_rule_slide_and_the_eight_come_from_traces(activity, lesson_deck):
    from generator.documents.answers import answer_text
    from generator.documents.lesson_slides import rule_examples, unknown_exercise

    texts = [normalise(t) for t in page_texts(lesson_deck)]
    examples = rule_examples(activity)
    assert {t.answer.kind for _, t in examples} == {"digit", "tie", "none"}
    rule = texts[16]
    for exercise, trace in examples:
        assert exercise.id in rule
        values = " ".join(format_number(s.output, "fr") for s in trace.outputs)
        assert values in rule
        assert normalise(answer_text("fr", trace.answer)).split(":")[0].strip() in rule
    eight, _ = unknown_exercise(activity)
    assert eight.label == 8
    trace = Network(activity).trace(eight)
    unknown = texts[17]
    assert " ".join(format_number(s.output, "fr") for s in trace.outputs) in unknown
    assert all(f"= {c}" in unknown for c in trace.counts)
    assert normalise(answer_text("fr", trace.answer)).split(":")[0].strip() in unknown


def test_the_lesson_deck_in_english_and_black_and_white(tmp_path):
    assert main(["slides", "--lang", "en", "--bw", "--out", str(tmp_path)]) == 0
    pdf = (tmp_path / "slides.pdf").read_bytes()
    texts = [normalise(t) for t in page_texts(pdf)]
    assert "postcodes" in texts[0] and "Who wins?" in texts[16] and "only knows what it learned" in texts[17]
    assert "NEDLANDS WA" in texts[0] and "rue des" not in texts[0]  # an envelope addressed in English
    assert all(colourful_pixels(p) == 0 for p in render_all(pdf, scale=0.2))
    assert all(w / h == pytest.approx(16 / 9, abs=0.01) for w, h in page_sizes(pdf))


def test_the_lesson_deck_is_the_same_bytes_every_time(tmp_path, lesson_deck):
    assert main(["slides", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "slides.pdf").read_bytes() == lesson_deck


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_envelopes_postcode_is_written_with_the_networks_digits(lang):
    """Each language's real postcode (slides.toml) uses only 0, 3, 6 and 9, so the bank can write it by hand."""
    from generator.activity import load_activity
    from generator.documents.lesson_slides import postcode_pictures, slide_words

    words = slide_words(lang)["opening"]
    digits = load_activity().digits
    assert words["postcode"].isdigit() and all(int(c) in digits for c in words["postcode"])
    assert words["last_line"].count("{postcode}") == 1
    assert len(postcode_pictures(load_activity(), words["postcode"])) == len(words["postcode"])
