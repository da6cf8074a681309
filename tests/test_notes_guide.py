"""The teacher's guide (notes.pdf) in every kit: the plan from the time model, the worked example from the
engine, the deciding rule, the learning round's printed rule, and a drawing of the room; `kit --minutes`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest

from generator import cli
from generator.activity import load_activity
from generator.documents.tally import rule_steps
from generator.lesson_time import WORKED_EXAMPLE_COUNTS, plan_lesson, shortest_lesson
from generator.network import Network
from generator.numbers import format_number

sys.path.insert(0, str(Path(__file__).parent))  # the shared kit_helpers module
from kit_helpers import normalise, page_texts  # noqa: E402

DECIDING_RULE = {"fr": "La plus grande réponse gagne ; à égalité, le réseau hésite",
                 "en": "The biggest answer wins; if two are equal, the network can’t decide"}  # fmt: skip


def flat(text: str) -> str:
    """Text read back, with every kind of space as one ordinary space (the check is about words, not spacing)."""
    return " ".join(normalise(text).replace("\u00a0", " ").replace("\u202f", " ").split())


@pytest.fixture(scope="module")
def plain_kit(tmp_path_factory):
    out = tmp_path_factory.mktemp("guide") / "kit"
    assert cli.main(["kit", "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def class_kit(tmp_path_factory):
    out = tmp_path_factory.mktemp("guide") / "class"
    assert cli.main(["kit", "--out", str(out), "--students", "27", "--lang", "en", "--bw"]) == 0
    return out


def guide_text(folder: Path) -> str:
    return flat(" ".join(page_texts((folder / "notes.pdf").read_bytes())))


@pytest.mark.parametrize("which, lang", [("plain_kit", "fr"), ("class_kit", "en")])
def test_guide_holds_the_plan_the_worked_example_and_the_rules(which, lang, request):
    folder = request.getfixturevalue(which)
    text = guide_text(folder)
    activity = load_activity()
    plan = plan_lesson(55, activity=activity)
    # The timed plan: every step's minutes, the lesson's length and the exercises per group, as the model says.
    assert f"({plan.minutes} minutes)" in text
    for step in plan.steps:
        assert f"{step.minutes} min ·" in text
    assert sum(s.minutes for s in plan.steps) == plan.minutes
    per_group = {"fr": f"{plan.exercises_per_group} par groupe", "en": f"{plan.exercises_per_group} per group"}
    assert per_group[lang] in text
    # The worked example: every neuron's result and answer, from an independent forward pass.
    trace = Network(activity).forward(WORKED_EXAMPLE_COUNTS)
    assert trace.answer.kind == "digit"
    for step in (*trace.hidden, *trace.outputs):
        result, output = format_number(step.result, lang), format_number(step.output, lang)
        word = {"fr": "réponse", "en": "answer"}[lang]
        assert f"= {result} ;" in text or f"= {result};" in text
        assert f"{word} {output}" in text
    assert {"fr": f"C’EST UN {trace.answer.digits[0]} !", "en": f"IT’S A {trace.answer.digits[0]}!"}[lang] in text
    # The deciding rule, the learning round's printed steps, the unknown digit.
    assert DECIDING_RULE[lang] in text
    for n, step in enumerate(rule_steps(lang), start=1):
        assert flat(f"{n}. {step}") in text
    unknown = {"fr": "Un réseau ne connaît que ce qu’il a appris", "en": "A network only knows what it learned"}
    assert unknown[lang] in text
    # Labels of the room's drawing: every hidden neuron and output neuron.
    for neuron in activity.hidden:
        assert f" {neuron.name} " in f" {text} "
    for neuron in activity.outputs:
        assert neuron.label(lang) in text


@pytest.mark.parametrize("which, sheet", [("plain_kit", "Feuille d’emoji"), ("class_kit", "Emoji sheet")])
def test_every_page_renders_and_one_holds_a_drawing(which, sheet, request):
    """The room is drawn (lines, boxes, arrows), on the page that names the emoji sheet; other pages are text."""
    data = (request.getfixturevalue(which) / "notes.pdf").read_bytes()
    pdf = pdfium.PdfDocument(data)
    drawn = []
    for index in range(len(pdf)):
        page = pdf[index]
        image = np.asarray(page.render(scale=1.0).to_pil().convert("L"))
        assert image.shape[0] > 500 and (image < 128).any()  # rendered, with ink on it
        # Paths (lines, rectangles, arrows) on the page, counted by pdfium: text pages have few or none.
        paths = sum(1 for obj in page.get_objects(max_depth=3) if obj.type == pdfium.raw.FPDF_PAGEOBJ_PATH)
        drawn.append(paths)
    room = int(np.argmax(drawn))
    assert drawn[room] >= 30, drawn  # the arrows between neurons alone are more than 20
    assert sorted(drawn)[-2] < 30, drawn  # one drawing, text elsewhere
    assert sheet in page_texts(data)[room]


def test_plain_and_class_guides_come_from_one_module(plain_kit, class_kit):
    fr, en = guide_text(plain_kit), guide_text(class_kit)
    assert fr.startswith("Guide de la séance") and en.startswith("Teacher’s guide")
    assert "27 pupils in 3 groups" in en and "pupils.pdf" in en
    assert "cards.pdf" in fr and "tally.pdf" in fr and "key.pdf" in fr


def _seed_with_a_kept_move() -> int:
    """A kit seed whose learning round keeps a move (found from the engine, not pinned)."""
    from generator.core.kit import kit_input
    from generator.learning_round import class_learning_round

    for seed in range(1, 100):
        kit = kit_input(seed=seed)
        if class_learning_round(kit.activity, kit.traces).steps:
            return seed
    raise AssertionError("no kit seed in 1..99 whose round keeps a move")


def test_guide_says_what_the_round_gives_on_the_kits_exercises(plain_kit, tmp_path):
    """The same round as learning.json: right answers before and after, or that there is nothing to fix."""
    moved = tmp_path / "moved"
    assert cli.main(["kit", "--out", str(moved), "--seed", str(_seed_with_a_kept_move())]) == 0
    for folder in (plain_kit, moved):
        learning = json.loads((folder / "learning.json").read_text(encoding="utf-8"))
        before, after, total = learning["before"]["right"], learning["after"]["right"], learning["before"]["total"]
        text = guide_text(folder)
        if before == total:
            assert f"le réseau a déjà raison {total} fois sur {total}" in text
        elif learning["steps"]:
            assert f"{before} réponses justes sur {total} avant l’apprentissage, {after} sur {total} après" in text
        else:
            assert f"{before} réponses justes sur {total}, et aucun changement" in text
    assert json.loads((moved / "learning.json").read_text(encoding="utf-8"))["steps"]


def test_plain_kit_has_the_plans_number_of_exercises(plain_kit):
    plan = plan_lesson(55, activity=load_activity())
    key = json.loads((plain_kit / "key.json").read_text(encoding="utf-8"))
    assert len(key["exercises"]) == plan.exercises_per_group


def test_minutes_choose_how_many_exercises_fit(tmp_path):
    activity = load_activity()
    short = shortest_lesson(activity)
    assert cli.main(["kit", "--out", str(tmp_path / "short"), "--minutes", str(short)]) == 0
    key = json.loads((tmp_path / "short" / "key.json").read_text(encoding="utf-8"))
    expected = plan_lesson(short, activity=activity).exercises_per_group
    assert len(key["exercises"]) == expected < plan_lesson(55, activity=activity).exercises_per_group
    text = guide_text(tmp_path / "short")
    assert f"({short} minutes)" in text and f"{expected} par groupe" in text
    # --exercises wins over --minutes.
    assert cli.main(["kit", "--out", str(tmp_path / "given"), "--minutes", str(short), "--exercises", "2"]) == 0
    assert len(json.loads((tmp_path / "given" / "key.json").read_text(encoding="utf-8"))["exercises"]) == 2


def test_a_lesson_too_short_is_one_clear_line_and_writes_nothing(tmp_path, capsys):
    """45 minutes hold fewer exercises than the learning round needs (the model's shortest lesson is longer)."""
    activity = load_activity()
    minutes = shortest_lesson(activity) - 1
    out = tmp_path / "out"
    assert cli.main(["kit", "--out", str(out), "--minutes", str(minutes)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and f"--minutes {shortest_lesson(activity)}" in err and "--exercises" in err
    assert not out.exists() or not any(out.iterdir())


def test_a_lists_first_item_never_ends_a_page_alone():
    """Three short paragraphs leave room for one list item on a 30 mm page, not two: both items go over."""
    from generator.documents.notes import Block, paginate_notes
    from generator.render.page import Box

    blocks = [Block("text", "Un."), Block("text", "Deux."), Block("text", "Trois."),
              Block("bullet", "1. Premier pas."), Block("bullet", "2. Deuxième pas.")]  # fmt: skip
    pages = paginate_notes(blocks, Box(0, 0, 150, 30))
    texts = [[placed.block.text for placed in page] for page in pages]
    assert texts == [["Un.", "Deux.", "Trois."], ["1. Premier pas.", "2. Deuxième pas."]], texts
    alone = paginate_notes(blocks[:4], Box(0, 0, 150, 30))  # a single item is no list: it fits where it is
    assert [[p.block.text for p in page] for page in alone] == [["Un.", "Deux.", "Trois.", "1. Premier pas."]]
