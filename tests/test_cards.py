"""Role cards: tables cover every reached result, text from weights, colours and patterns, golden card F."""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from generator.card_tables import MAX_CELLS, card_table, card_tables
from generator.documents.cards import card_grid, cards_pdf
from generator.network import lookup_table

sys.path.insert(0, str(Path(__file__).parent))  # the shared kit_helpers module
from kit_helpers import (  # noqa: E402
    PAPER_PT,
    colourful_pixels,
    default_kit,
    normalise,
    page_sizes,
    page_texts,
    render_all,
    render_page,
)

GOLDEN = Path(__file__).parent / "golden" / "card_F.png"
# Thresholds before learning, from docs/design.md (an independent reference).
THRESHOLDS = {"A": 8, "B": 7, "C": 17, "D": 7, "E": 16, "F": 5, "vert": 6, "bleu": 7, "rose": 8, "jaune": 6}


@pytest.fixture(scope="module")
def seed16():
    return default_kit(16)


@pytest.fixture(scope="module")
def pdf_fr(seed16):
    activity, _, traces = seed16
    return cards_pdf(activity, traces, lang="fr", paper="a4", color=True)


def test_tables_cover_every_reached_result(seed16):
    activity, _, traces = seed16
    tables = card_tables(activity, traces)
    assert set(tables) == set(THRESHOLDS)
    for name, table in tables.items():
        # The "≤" edge is honest: everything at or under it gives 0.
        assert table.low <= THRESHOLDS[name]
        assert table.cells[0][1] == 0
        for result, output in table.cells:
            assert output == max(0, result - THRESHOLDS[name])
        for trace in traces:
            step = trace.step(name)
            assert table.output_for(step.result) == step.output == max(0, step.result - THRESHOLDS[name])
    # The seed's card F: results 3..9 reached, table ≤3 then 4..10 (at least 8 cells).
    assert [r for r, _ in tables["F"].cells] == [3, 4, 5, 6, 7, 8, 9, 10]
    assert [o for _, o in tables["F"].cells] == [0, 0, 0, 1, 2, 3, 4, 5]


def test_long_tables_raise_their_low_edge_but_still_cover(seed16):
    activity, _, _ = seed16
    vert = activity.neuron("vert")
    results = list(range(-40, 30, 3))
    table = card_table(vert, results)
    assert len(table.cells) <= MAX_CELLS
    assert table.cells[0][1] == 0 and table.low <= 6
    for r in results:
        assert table.output_for(r) == max(0, r - 6)


def test_card_text_follows_the_seed_layout(pdf_fr):
    texts = [normalise(t) for t in page_texts(pdf_fr)]
    assert len(texts) == 5  # ten neurons, two cards a page
    joined = " ".join(texts)
    for name in ("A", "B", "C", "D", "E", "F", "vert", "bleu", "rose", "jaune"):
        assert f"Rôle du neurone {name}" in joined
    assert joined.count("FAIS LE CALCUL SUIVANT :") == 10
    assert joined.count("TROUVE LA RÉPONSE À MONTRER :") == 10
    # Card F: "≤ 3" then results with their answers (pypdf reads the two rows column by column).
    page_f = texts[2]
    assert "≤ 3 0 4 0 5 0 6 1 7 2 8 3 9 4 10 5" in page_f
    # Output cards: neuron names, additions before subtractions as in the seed's
    # slides ("A + B + D − C − E"), true minus signs, and what to say.
    assert "C + E + F − A − B − D = ?" in texts[3]
    assert "A + B + D − C − E = ?" in texts[3]
    assert "« C’EST UN 0 ! »" in texts[3] and "« C’EST UN 9 ! »" in texts[4]
    assert "−7 0" in texts[3]  # negative results printed with U+2212
    for text in texts:
        assert "OpenMoji" in text and "page" in text


def test_english_cards(seed16):
    activity, _, traces = seed16
    texts = " ".join(normalise(t) for t in page_texts(cards_pdf(activity, traces, lang="en", paper="letter", color=False)))
    assert "Role of neuron F" in texts and "Role of the green neuron" in texts
    assert "DO THIS CALCULATION:" in texts and "FIND THE ANSWER TO SHOW:" in texts
    assert "“IT’S A 0!”" in texts
    assert "Rôle" not in texts and "FAIS" not in texts


def test_calculation_text_comes_from_the_weights(seed16):
    """A trained network's decimal weights print as "1,2 × B" (French) / "1.2 × B" (English)."""
    activity, _, traces = seed16
    bleu = activity.neuron("bleu")
    trained_bleu = replace(bleu, weights=(Fraction(2), Fraction(6, 5), Fraction(-11, 10), Fraction(1, 2), Fraction(-27, 10), Fraction(3)))
    trained = replace(activity, outputs=tuple(trained_bleu if o.name == "bleu" else o for o in activity.outputs))
    tables = card_tables(activity, traces)
    tables["bleu"] = lookup_table(trained_bleu, range(0, 12))
    fr = normalise(" ".join(page_texts(cards_pdf(trained, traces, lang="fr", paper="a4", color=True, tables=tables))))
    assert "2 × A + 1,2 × B + 0,5 × D + 3 × F − 1,1 × C − 2,7 × E = ?" in fr
    en = normalise(" ".join(page_texts(cards_pdf(trained, traces, lang="en", paper="a4", color=True, tables=tables))))
    assert "2 × A + 1.2 × B + 0.5 × D + 3 × F − 1.1 × C − 2.7 × E = ?" in en


def test_paper_sizes(seed16):
    activity, _, traces = seed16
    for paper in ("a4", "letter"):
        sizes = page_sizes(cards_pdf(activity, traces, lang="fr", paper=paper, color=True))
        assert len(sizes) == 5
        assert all(size == pytest.approx(PAPER_PT[paper], abs=0.5) for size in sizes)


def test_black_and_white_has_no_colour_but_colour_cards_do(seed16, pdf_fr):
    activity, _, traces = seed16
    bw = cards_pdf(activity, traces, lang="fr", paper="a4", color=False)
    for pixels in render_all(bw, scale=0.5):
        assert colourful_pixels(pixels) == 0
    # Output cards carry their colour: green appears on the vert/bleu page.
    pixels = render_page(pdf_fr, 3, scale=0.5)
    green = (pixels[..., 1] > pixels[..., 0] + 60) & (pixels[..., 1] > pixels[..., 2] + 40)
    assert green.sum() > 200


def test_black_and_white_output_cards_differ_by_pattern(seed16):
    """In bw the four output cards' marks must differ (pattern), not only in the word."""
    activity, _, traces = seed16
    bw = cards_pdf(activity, traces, lang="fr", paper="a4", color=False)
    marks = []
    for page, slot in ((3, 0), (3, 1), (4, 0), (4, 1)):
        pixels = render_page(bw, page, scale=2.0).mean(axis=2)
        h, w = pixels.shape
        half = pixels[: h // 2] if slot == 0 else pixels[h // 2 :]
        # The mark sits at the card's top right; take a strip at its left edge (pattern only).
        top = np.nonzero((half < 128).sum(axis=1) > 0)[0][0]
        region = half[top + 20 : top + 70, int(w * 0.74) : int(w * 0.77)]
        marks.append(region < 128)
    densities = [m.mean() for m in marks]
    for i in range(4):
        for j in range(i + 1, 4):
            assert (marks[i] != marks[j]).mean() > 0.1 or abs(densities[i] - densities[j]) > 0.05


def card_f_image(pdf: bytes) -> np.ndarray:
    """Card F: the lower card of page 3, cut along its cutting lines, at 1 px per point."""
    pixels = render_page(pdf, 2, scale=1.0)
    box = card_grid("a4").slots()[1]
    px = 72 / 25.4
    h = pixels.shape[0]
    top, bottom = round(h - box.top * px), round(h - box.y * px)
    left, right = round(box.x * px), round(box.right * px)
    return pixels[top - 2 : bottom + 2, left - 2 : right + 2].astype(np.uint8)


def test_golden_card_f(pdf_fr):
    """Compared with tests/golden/card_F.png; NEURONES_GOLDEN=1 rewrites it after a deliberate change."""
    image = card_f_image(pdf_fr)
    if os.environ.get("NEURONES_GOLDEN") == "1":
        GOLDEN.parent.mkdir(exist_ok=True)
        Image.fromarray(image).save(GOLDEN, optimize=True)
    # A missing golden image is a failure, never a fresh copy of whatever the code draws today.
    assert GOLDEN.exists(), f"{GOLDEN} is missing: NEURONES_GOLDEN=1 pytest tests/test_cards.py writes it (look at it first)"
    golden = np.asarray(Image.open(GOLDEN).convert("RGB"), dtype=np.int16)
    assert golden.shape == image.shape
    # Anti-aliasing may move edges by part of a pixel on another renderer version:
    # compare 2×2 block means, allow faint differences everywhere and strong ones
    # only on a tiny share of blocks.
    diff = np.abs(blocks(golden) - blocks(image.astype(np.int16))).max(axis=2)
    assert diff.mean() < 2.0
    assert (diff > 64).mean() < 0.005


def blocks(pixels: np.ndarray) -> np.ndarray:
    h, w = pixels.shape[0] // 2 * 2, pixels.shape[1] // 2 * 2
    return pixels[:h, :w].reshape(h // 2, 2, w // 2, 2, 3).mean(axis=(1, 3))


def test_card_f_reads_like_the_seed(activity):
    """The seed's card F: "🐱 + 👽 − 😍" (additions first), whatever the emoji order."""
    from generator.render.formula import calculation

    pieces = calculation(activity, activity.neuron("F"), "fr")
    assert [p.emoji or p.text for p in pieces] == ["🐱", " + ", "👽", " − ", "😍", " = ?"]
