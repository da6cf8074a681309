"""Blank class recording sheets: the seed's layout, one per exercise, nothing filled in."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from generator.documents.grids import grids_pdf

sys.path.insert(0, str(Path(__file__).parent))  # the shared kit_helpers module
from kit_helpers import PAPER_PT, colourful_pixels, default_kit, normalise, page_sizes, page_texts, render_page  # noqa: E402


@pytest.fixture(scope="module")
def kit():
    return default_kit(3)


def test_recording_sheet_layout_fr(kit):
    activity, _, traces = kit
    texts = [normalise(t) for t in page_texts(grids_pdf(activity, traces, lang="fr", paper="a4", color=True))]
    assert len(texts) == 3
    for number, text in enumerate(texts, start=1):
        assert f"exercice {number} / 3" in text
        assert text.count("Résultat du calcul") == 2 and text.count("Sortie du neurone") == 2
        assert "ENVOYÉ À LA COUCHE SUIVANTE" in text
        order = [text.index(f"Neurone {n}") for n in ("A", "B", "C", "D", "E", "F", "vert", "bleu", "rose", "jaune")]
        assert order == sorted(order)
        assert "LE RÉSEAU DIT :" in text
        for digit in (0, 3, 6, 9):
            assert f"C’EST UN {digit} !" in text
        assert "pas de réponse" in text and "hésite" in text
        # Blank for the class: no number other than the exercise and page numbers.
        body = text.split("LE RÉSEAU DIT")[0].split("/ 3", 1)[1]
        assert re.findall(r"\d+", body) == []


def test_recording_sheet_en_letter_bw(kit):
    activity, _, traces = kit
    pdf = grids_pdf(activity, traces, lang="en", paper="letter", color=False)
    assert all(size == pytest.approx(PAPER_PT["letter"], abs=0.5) for size in page_sizes(pdf))
    text = normalise(page_texts(pdf)[0])
    assert "SENT TO THE NEXT LAYER" in text and "Green neuron" in text and "THE NETWORK SAYS:" in text
    assert colourful_pixels(render_page(pdf, 0, scale=0.6)) == 0
