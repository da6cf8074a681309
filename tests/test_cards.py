"""Role cards: tables cover the bank's digits, text from weights, nothing overlaps, colours and patterns, golden card F."""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

from math import ceil, floor

import numpy as np
import pypdfium2.raw as pdfium
import pytest
from PIL import Image

from generator.card_tables import COVERAGE, MIN_CELLS, card_table, card_tables, max_cells
from generator.cli import main
from generator.documents.cards import card_grid, cards_pdf
from generator.network import lookup_table, result_step
from generator.numbers import format_number

sys.path.insert(0, str(Path(__file__).parent))  # the shared kit_helpers module
from kit_helpers import (  # noqa: E402
    PAPER_PT,
    colourful_pixels,
    default_kit,
    frames_and_texts,
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
        # One "threshold or less" cell first (no negative columns), then every whole result, then the open cell.
        assert table.low == THRESHOLDS[name] and table.cells[0][1] == 0 and table.open_above
        assert [r for r, _ in table.cells] == list(range(table.low, table.high + 1))
        assert len(table.cells) >= MIN_CELLS
        for result, output in table.cells:
            assert output == max(0, result - THRESHOLDS[name])
        for trace in traces:
            step = trace.step(name)
            assert step.result <= table.high  # the kit's own exercises never need the open cell
            assert table.output_for(step.result) == step.output == max(0, step.result - THRESHOLDS[name])
        # Beyond the last cell, the open cell's rule: take away the threshold.
        assert table.output_for(table.high + 7) == table.high + 7 - THRESHOLDS[name]
        assert table.output_for(-40) == 0


def test_a_table_too_long_for_its_card_says_its_rule(seed16):
    activity, _, _ = seed16
    vert = activity.neuron("vert")
    results = list(range(-40, 60, 3))
    table = card_table(vert, results)
    assert table.rule_only and table.cells == ((6, 0),)
    for r in results:
        assert table.output_for(r) == max(0, r - 6)
    short = card_table(vert, [3, 9])
    assert not short.rule_only and [r for r, _ in short.cells] == list(range(6, 6 + MIN_CELLS))


# --- coverage of the bank, measured here with numpy from the bank and the weights -----------------


def bank_results(activity) -> dict[str, np.ndarray]:
    """Every bank digit's result per neuron on the activity's grid (floats), from the weights alone."""
    from generator.digits import bank_ink

    ink = bank_ink(activity.grid.rows, activity.grid.cols).ink.astype(float)
    cells = np.array(activity.grid.cells).reshape(-1)
    counts = np.stack([ink[:, cells == e].sum(axis=1) for e in range(len(activity.emoji))], axis=1)
    results, hidden_out = {}, []
    for neuron in activity.hidden:
        r = counts @ np.array([float(w) for w in neuron.weights])
        results[neuron.name] = r
        hidden_out.append(np.maximum(0.0, r - float(neuron.threshold)))
    hidden_out = np.stack(hidden_out, axis=1)
    for neuron in activity.outputs:
        results[neuron.name] = hidden_out @ np.array([float(w) for w in neuron.weights])
    return results


@pytest.fixture(scope="module")
def trained_kits(tmp_path_factory):
    """The default kit and kits of networks `neurones train` writes: whole numbers, and 0.5 precision."""
    from generator.core.kit import kit_input

    folder = tmp_path_factory.mktemp("trained")
    kits = {"default": kit_input(activity_path=None)}
    for precision in ("1", "0.5"):
        path = folder / f"trained_{precision}.toml"
        assert main(["train", "--precision", precision, "--out", str(path)]) == 0
        kits[precision] = kit_input(activity_path=path)
    return kits


@pytest.mark.parametrize("which", ["default", "1", "0.5"])
def test_tables_cover_the_banks_digits(trained_kits, which):
    kit = trained_kits[which]
    activity = kit.activity
    tables = card_tables(activity, kit.traces)
    results = bank_results(activity)
    for neuron in (*activity.hidden, *activity.outputs):
        table, r = tables[neuron.name], results[neuron.name]
        step = result_step(activity, neuron)
        assert table.open_above and table.cells[0] == (floor(neuron.threshold / step) * step, 0)
        values = [v for v, _ in table.cells]
        assert all(b - a == step for a, b in zip(values, values[1:]))
        assert all(o == max(0, v - neuron.threshold) for v, o in table.cells)
        for trace in kit.traces:
            s = trace.step(neuron.name)
            assert table.output_for(s.result) == s.output
        if table.rule_only:
            # Only when the table needed would not fit on the card.
            q = np.sort(r)[ceil(COVERAGE * len(r)) - 1]
            reached = [ceil(Fraction(t.step(neuron.name).result) / step) for t in kit.traces]
            low = floor(neuron.threshold / step)
            high = max(ceil(q / float(step) - 1e-9), *reached, low + MIN_CELLS - 1)
            longest = max(len(format_number(i * step)) for i in range(low, high + 1))
            assert high - low + 1 > max_cells(neuron, longest), neuron.name
        else:
            assert (r <= float(table.high) + 1e-9).mean() >= COVERAGE, neuron.name


# --- the drawn cards: every text in its frame, none over another, numbers of one size -------------

PT_PER_MM = 72 / 25.4


def card_page_objects(pdf: bytes):
    """Per page: rectangles (pt), text objects' boxes (pt), and (char, font size, box) of every character."""
    pages = []
    for rects, texts, text_page in frames_and_texts(pdf):
        chars = []
        for i in range(text_page.count_chars()):
            char = text_page.get_text_range(i, 1)
            if char.strip():
                chars.append((char, pdfium.FPDFText_GetFontSize(text_page, i), text_page.get_charbox(i)))
        pages.append((rects, texts, chars))
    return pages


@pytest.mark.parametrize("which", ["default", "1", "0.5"])
@pytest.mark.parametrize("lang, paper, color", [("fr", "a4", True), ("en", "letter", False)])
def test_cards_never_overlap(trained_kits, which, lang, paper, color):
    kit = trained_kits[which]
    pdf = cards_pdf(kit.activity, kit.traces, lang=lang, paper=paper, color=color)
    slots = [(s.x * PT_PER_MM, s.y * PT_PER_MM, s.right * PT_PER_MM, s.top * PT_PER_MM) for s in card_grid(paper).slots()]
    for rects, texts, chars in card_page_objects(pdf):
        # Every text stands inside a card, with the card's margin (or below the cards: the footer).
        for t in texts:
            if t[3] < slots[-1][1]:
                continue  # the footer
            assert any(s[0] + 10 <= t[0] and t[2] <= s[2] - 10 and s[1] + 8 <= t[1] and t[3] <= s[3] - 8 for s in slots), t
        # Text inside a frame (a table cell, a label) stays inside it.
        for t in texts:
            cx, cy = (t[0] + t[2]) / 2, (t[1] + t[3]) / 2
            holders = [r for r in rects if r[0] <= cx <= r[2] and r[1] <= cy <= r[3] and r[2] - r[0] < 400]
            if holders:
                cell = min(holders, key=lambda r: (r[2] - r[0]) * (r[3] - r[1]))
                pad = 0.8
                assert cell[0] - pad <= t[0] and t[2] <= cell[2] + pad and cell[1] - pad <= t[1] and t[3] <= cell[3] + pad, (t, cell)
        # No two texts overlap.
        for i, a in enumerate(texts):
            for b in texts[i + 1 :]:
                w = min(a[2], b[2]) - max(a[0], b[0])
                h = min(a[3], b[3]) - max(a[1], b[1])
                assert w <= 0.5 or h <= 0.5, (a, b)
        # Every number on a card is at least 14 pt (the footer's page number is not on a card).
        sizes = [size for char, size, box in chars if char.isdigit() and box[1] >= slots[-1][1]]
        assert sizes and min(sizes) >= 14


def test_every_table_is_set_at_one_size(trained_kits):
    """The same type size on every card: every table's numbers, every card."""
    kit = trained_kits["default"]
    pdf = cards_pdf(kit.activity, kit.traces, lang="fr", paper="a4", color=True)
    from generator.documents.cards import TABLE_SIZE

    bottom = card_grid("a4").slots()[-1].y * PT_PER_MM  # below: the footer
    table_sizes = set()
    for rects, texts, chars in card_page_objects(pdf):
        table_sizes |= {round(size, 1) for char, size, box in chars
                        if char.isdigit() and box[1] >= bottom and size < 20 and size != 14}  # fmt: skip
    assert table_sizes == {TABLE_SIZE}


@pytest.mark.parametrize("kind", ["hidden", "output"])
@pytest.mark.parametrize("threshold, step", [(8, 1), (88, 1), (Fraction(17, 2), Fraction(1, 2)), (Fraction(199, 2), Fraction(1, 2))])
def test_the_longest_tables_allowed_fit_every_card(activity, kind, threshold, step):
    """card_tables.MAX_CELLS: the longest tables it allows are drawn as tables on A4 and Letter, both languages."""
    from dataclasses import replace as swap

    from generator.numbers import format_number

    base = activity.neuron("C" if kind == "hidden" else "rose")
    neuron = swap(base, threshold=threshold)
    longest = len(format_number(threshold))
    cells = max_cells(neuron, longest)
    # The longest number in the table (the length MAX_CELLS is keyed by) may make it shorter.
    while max(len(format_number(threshold + i * step)) for i in range(cells)) > longest:
        longest += 1
        cells = max_cells(neuron, longest)
    last = threshold + (cells - 1) * step
    table = card_table(neuron, [last], step=step)
    assert len(table.cells) == cells and not table.rule_only
    assert card_table(neuron, [last + step], step=step).rule_only  # one more cell: the rule in words
    network = swap(activity, hidden=tuple(neuron if n.name == base.name else n for n in activity.hidden),
                   outputs=tuple(neuron if n.name == base.name else n for n in activity.outputs))  # fmt: skip
    tables = {n.name: card_table(n, []) for n in (*network.hidden, *network.outputs)}
    tables[base.name] = table
    for lang, paper in (("fr", "a4"), ("en", "letter"), ("fr", "letter")):
        pdf = cards_pdf(network, [], lang=lang, paper=paper, color=False, tables=tables)
        # Drawn as a table (its last result is printed), not replaced by the rule in words.
        assert format_number(last, lang) in normalise(" ".join(page_texts(pdf))).split(), (lang, paper)


def test_card_text_follows_the_seed_layout(pdf_fr):
    texts = [normalise(t) for t in page_texts(pdf_fr)]
    assert len(texts) == 5  # ten neurons, two cards a page
    joined = " ".join(texts)
    for name in ("A", "B", "C", "D", "E", "F", "vert", "bleu", "rose", "jaune"):
        assert f"Rôle du neurone {name}" in joined
    assert joined.count("FAIS LE CALCUL SUIVANT :") == 10
    assert joined.count("TROUVE LA RÉPONSE À MONTRER :") == 10
    # Card F: "5 ou moins → 0", then results with their answers (pypdf reads the two rows column by column),
    # then the open cell's rule in words; no "≤" and no negative column.
    page_f = texts[2].split("Rôle du neurone F", 1)[1].replace("Résultat du calcul Réponse à montrer ", "")
    high = int(page_f.split("plus de ", 1)[1].split()[0])
    assert high >= 12  # at least eight cells, 5..12
    cells = " ".join(f"{r} {r - 5}" for r in range(6, high + 1))
    assert f"5 ou moins 0 {cells} plus de {high} enlève 5" in page_f
    assert "≤" not in joined
    # Output cards: neuron names, additions before subtractions as in the seed's
    # slides ("A + B + D − C − E"), true minus signs, and what to say.
    assert "C + E + F − A − B − D = ?" in texts[3]
    assert "A + B + D − C − E = ?" in texts[3]
    assert "« C’EST UN 0 ! »" in texts[3] and "« C’EST UN 9 ! »" in texts[4]
    assert "SI TA RÉPONSE N’EST PAS 0, LÈVE TA CARTE ET DIS « C’EST UN 0 ! » ; SINON, DIS « CE N’EST PAS UN 0 »." in texts[3]
    for text in texts:
        assert "OpenMoji" in text and "page" in text


def test_english_cards(seed16):
    activity, _, traces = seed16
    texts = " ".join(normalise(t) for t in page_texts(cards_pdf(activity, traces, lang="en", paper="letter", color=False)))
    assert "Neuron F’s job" in texts and "The green neuron’s job" in texts
    assert "DO THIS CALCULATION:" in texts and "FIND THE ANSWER TO SHOW:" in texts
    assert "IF YOUR ANSWER IS NOT 0, RAISE YOUR CARD AND SAY “IT’S A 0!”; OTHERWISE SAY “IT’S NOT A 0”." in texts
    assert "8 or less 0 9 1" in texts and "take away 8" in texts
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


def test_a_card_with_minus_terms_says_what_to_do_when_they_are_larger(pdf_fr, seed16):
    """9-year-olds may not have met negative numbers: a card whose calculation takes something away says that when
    it takes away as much as it adds, or more, the answer is 0; that holds for every such sum (threshold ≥ 0),
    checked here with the network's own rule on sums where the minus terms win."""
    from generator.network import neuron_output

    activity, _, _ = seed16
    text = " ".join(t.replace("\u00a0", " ").replace("\u202f", " ") for t in page_texts(pdf_fr))
    cards = text.split("Rôle du neurone ")[1:]
    neurons = (*activity.hidden, *activity.outputs)
    assert len(cards) == len(neurons)
    for card, neuron in zip(cards, neurons):
        has_minus = any(w < 0 for w in neuron.weights)
        assert ("Astuce" in card) == has_minus, neuron.name
        if has_minus:
            for plus in range(0, 12):
                for minus in range(plus, plus + 12):  # as much taken away as added, or more
                    assert neuron_output(plus - minus, neuron.threshold) == 0
