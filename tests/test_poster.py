"""The network poster: every connection labelled with its weight, every threshold shown."""

from __future__ import annotations

import sys
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import pytest

from generator.documents.pages import A3
from generator.documents.poster import overlaps, poster_layout, poster_pdf
from generator.render.page import PageGeometry

sys.path.insert(0, str(Path(__file__).parent))
from kit_helpers import (
    PAPER_PT,
    colourful_pixels,
    normalise,
    page_sizes,
    page_texts,
    render_page,
)

MINUS = "\u2212"


def test_one_edge_per_nonzero_weight_and_labels_apart(activity):
    layout = poster_layout(activity, PageGeometry.of("a4").content)
    expected = sum(1 for n in (*activity.hidden, *activity.outputs) for w in n.weights if w)
    assert len(layout.edges) == expected == 18 + 22
    for i, a in enumerate(layout.labels):
        for b in layout.labels[i + 1 :]:
            assert not overlaps(a, b, gap=0)
    # Each label sits on its own connection.
    for edge, box in zip(layout.edges, layout.labels):
        (x1, y1), (x2, y2) = edge.point(0), edge.point(1)
        t = (box.cy - y1) / (y2 - y1)
        assert 0 < t < 1
        assert box.cx == pytest.approx(x1 + (x2 - x1) * t, abs=1e-6)


def test_weights_and_thresholds_are_printed(activity):
    text = normalise(page_texts(poster_pdf(activity, lang="fr", paper="a4", color=True))[0])
    positive = sum(1 for n in (*activity.hidden, *activity.outputs) for w in n.weights if w == 1)
    negative = sum(1 for n in (*activity.hidden, *activity.outputs) for w in n.weights if w == -1)
    assert text.count("+1") == positive
    assert text.count(f"{MINUS}1") == negative
    for threshold in ("seuil 8", "seuil 7", "seuil 17", "seuil 16", "seuil 5", "seuil 6"):
        assert threshold in text
    for name in ("vert", "bleu", "rose", "jaune", "C’EST UN 0 !", "C’EST UN 9 !"):
        assert name in text


def test_decimal_weights_of_a_trained_network(activity):
    vert = activity.outputs[0]
    trained = replace(activity, outputs=(replace(vert, weights=(Fraction(6, 5), *vert.weights[1:])), *activity.outputs[1:]))
    fr = normalise(page_texts(poster_pdf(trained, lang="fr", paper="a4", color=True))[0])
    en = normalise(page_texts(poster_pdf(trained, lang="en", paper="a4", color=True))[0])
    assert "+1,2" in fr and "+1.2" in en


def test_signs_only(activity):
    text = normalise(page_texts(poster_pdf(activity, lang="en", paper="a4", color=True, values=False))[0])
    assert "+1" not in text and "threshold 17" in text


@pytest.mark.parametrize("paper", ["a4", "letter", "a3"])
def test_paper_sizes(activity, paper):
    pdf = poster_pdf(activity, lang="fr", paper=paper, color=False)
    expected = PAPER_PT.get(paper, (A3.width * 72 / 25.4, A3.height * 72 / 25.4))
    assert page_sizes(pdf)[0] == pytest.approx(expected, abs=0.5)


def test_black_and_white_has_no_colour(activity):
    assert colourful_pixels(render_page(poster_pdf(activity, lang="fr", paper="a4", color=False), scale=0.4)) == 0
    assert colourful_pixels(render_page(poster_pdf(activity, lang="fr", paper="a4", color=True), scale=0.4)) > 500


def test_same_inputs_same_bytes(activity):
    assert poster_pdf(activity, lang="fr", paper="a3", color=True) == poster_pdf(activity, lang="fr", paper="a3", color=True)


def test_cli_writes_an_a3_poster(tmp_path, capsys):
    from generator.cli import main

    assert main(["poster", "--paper", "a3", "--bw", "--signs", "--lang", "en", "--out", str(tmp_path)]) == 0
    pdf = (tmp_path / "poster.pdf").read_bytes()
    assert page_sizes(pdf)[0] == pytest.approx((A3.width * 72 / 25.4, A3.height * 72 / 25.4), abs=0.5)
    assert "Written:" in capsys.readouterr().out
