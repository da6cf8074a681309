"""Emoji calculation sheets: drawn digits, counts when not drawn, bw, paper sizes."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from generator.documents.sheets import sheets_pdf
from generator.network import Network

sys.path.insert(0, str(Path(__file__).parent))  # the shared kit_helpers module
from kit_helpers import (  # noqa: E402
    PAPER_PT,
    colourful_pixels,
    default_kit,
    normalise,
    page_sizes,
    page_texts,
    render_page,
    with_ink,
    zero_ink,
)


@pytest.fixture(scope="module")
def kit():
    activity, exercises, traces = default_kit(2)
    drawn = with_ink(activity, exercises[0], zero_ink(activity.grid.rows, activity.grid.cols))
    exercises = [drawn, exercises[1]]
    network = Network(activity)
    traces = [network.forward(e.counts, exercise_id=e.id, label=e.label) for e in exercises]
    return activity, exercises, traces


def test_one_page_per_exercise_and_paper_size(kit):
    activity, exercises, traces = kit
    for paper in ("a4", "letter"):
        pdf = sheets_pdf(activity, exercises, traces, lang="fr", paper=paper, color=True)
        sizes = page_sizes(pdf)
        assert len(sizes) == 2
        for w, h in sizes:
            assert (w, h) == pytest.approx(PAPER_PT[paper], abs=0.5)


def test_counts_printed_only_when_the_digit_is_not_drawn(kit):
    activity, exercises, traces = kit
    texts = [normalise(t) for t in page_texts(sheets_pdf(activity, exercises, traces, lang="fr", paper="a4", color=True))]
    assert "Exercice 1 / 2" in texts[0] and "Exercice 2 / 2" in texts[1]
    # Exercise 2 (the seed's worked example) has no drawing: its counts are printed.
    assert "Chiffre non dessiné" in texts[1]
    assert "6 4 9 6 6 7" in texts[1]
    assert "Chiffre non dessiné" not in texts[0]
    for text in texts:
        assert "Neurone F" in text and "OpenMoji" in text and "page" in text


def test_inked_cells_are_shaded(kit):
    """Cells the ink covers carry the shading, cell by cell, on the rendered page."""
    activity, exercises, traces = kit
    pdf = sheets_pdf(activity, exercises[:1], traces[:1], lang="fr", paper="a4", color=False)
    pixels = render_page(pdf, 0, scale=2.0).mean(axis=2)
    grey = np.abs(pixels - 0.62 * 255) < 3  # the bw ink grey of Palette.ink_cell
    # Keep solid areas only (anti-aliased edges elsewhere pass through this grey too).
    shade = np.zeros_like(grey)
    k = 4
    shade[k:-k, k:-k] = (
        grey[k:-k, k:-k] & grey[:-2 * k, k:-k] & grey[2 * k:, k:-k] & grey[k:-k, :-2 * k] & grey[k:-k, 2 * k:]
    )
    ink = np.array(exercises[0].ink)
    ys, xs = np.nonzero(shade)
    # The shaded area spans exactly the inked rows and columns of the drawing.
    ink_rows, ink_cols = np.nonzero(ink.any(axis=1))[0], np.nonzero(ink.any(axis=0))[0]
    cell_h = (ys.max() - ys.min()) / len(ink_rows)
    cell_w = (xs.max() - xs.min()) / len(ink_cols)
    assert cell_h == pytest.approx(cell_w, rel=0.03)  # square cells
    for i, r in enumerate(ink_rows):
        for j, c in enumerate(ink_cols):
            y0, x0 = int(ys.min() + i * cell_h), int(xs.min() + j * cell_w)
            covered = shade[y0 : int(y0 + cell_h), x0 : int(x0 + cell_w)].mean()
            assert (covered > 0.3) == bool(ink[r, c]), (r, c, covered)


def test_black_and_white_has_no_colour(kit):
    activity, exercises, traces = kit
    pdf = sheets_pdf(activity, exercises, traces, lang="en", paper="letter", color=False)
    for i in range(2):
        assert colourful_pixels(render_page(pdf, i, scale=0.7)) == 0
    colour = sheets_pdf(activity, exercises, traces, lang="en", paper="letter", color=True)
    assert colourful_pixels(render_page(colour, 0, scale=0.7)) > 1000


def test_reruns_are_byte_identical(kit):
    activity, exercises, traces = kit
    first = sheets_pdf(activity, exercises, traces, lang="fr", paper="a4", color=True, label="CM2 B")
    assert first == sheets_pdf(activity, exercises, traces, lang="fr", paper="a4", color=True, label="CM2 B")
    assert "CM2 B" in page_texts(first)[0]


def test_each_emoji_is_one_form_per_pdf(kit):
    """64 cells and six count boxes per page, yet each emoji's drawing is stored once."""
    import io

    from pypdf import PdfReader

    activity, exercises, traces = kit
    pdf = sheets_pdf(activity, exercises, traces, lang="fr", paper="a4", color=True)
    forms = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        xobjects = page["/Resources"].get("/XObject", {})
        forms |= {(name, xobjects.raw_get(name).idnum) for name in xobjects if "emoji" in name}
    assert len({idnum for _, idnum in forms}) == len(activity.emoji)


def test_a_bank_digit_shows_its_original_handwriting_beside_the_grid(kit):
    """The 28 × 28 picture, drawn left of the grid in as many greys as it has, only for bank digits."""
    from dataclasses import replace

    from generator.bank import load_bank
    from generator.selection import choose_exercises

    activity, own, _ = kit
    bank_exercise = choose_exercises(activity, number=1, seed=3)[0]
    assert bank_exercise.id.startswith("mnist-")
    not_bank = replace(bank_exercise, id="drawn-by-hand", source="drawing.txt")  # same ink, no picture
    exercises = [bank_exercise, not_bank]
    network = Network(activity)
    traces = [network.trace(e) for e in exercises]
    pdf = sheets_pdf(activity, exercises, traces, lang="fr", paper="a4", color=False)
    scale = 2.0
    pages = [render_page(pdf, i, scale=scale) for i in range(2)]
    mm = 72 / 25.4 * scale
    # The strip left of the grid (margin to grid), where the picture goes.
    strip = (slice(int(33 * mm), int(70 * mm)), slice(int(12 * mm), int(42 * mm)))
    dark = [int((p[strip].min(axis=2) < 100).sum()) for p in pages]
    assert dark[1] < 20  # no picture for a digit that is not the bank's (a few edge pixels of the title)
    image = load_bank().images[list(load_bank().source_ids).index(bank_exercise.id)]
    ink_share = float((image > 128).mean())
    # The rendered picture's dark share of its 30 mm square, close to the bank image's own.
    square = (30 * mm) ** 2
    assert (dark[0] - dark[1]) / square == pytest.approx(ink_share, abs=0.08)
