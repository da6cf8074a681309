"""The suite-wide PDF check (conftest.check_pdf) really rejects broken PDFs."""

import pytest

from generator.documents.grids import grids_pdf
from generator.network import Network
from generator.selection import choose_exercises

from .conftest import check_pdf


def test_a_real_pdf_passes_and_broken_ones_fail(activity):
    exercises = choose_exercises(activity, number=1)
    traces = [Network(activity).forward(e.counts, exercise_id=e.id, label=e.label) for e in exercises]
    pdf = grids_pdf(activity, traces, lang="fr", paper="a4", color=False)
    check_pdf(pdf)
    with pytest.raises(Exception):
        check_pdf(b"%PDF-1.4 not really")
    with pytest.raises(Exception):
        check_pdf(pdf[: len(pdf) // 2])
