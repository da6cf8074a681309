"""`neurones train --report`: the training report renders and reads back."""

import pypdfium2
import pytest
from pypdf import PdfReader

from generator.cli import main


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    assert main(["train", "--report", "--out", str(folder / "fast")]) == 0
    assert main(["train", "--method", "thresholds", "--examples", "seed", "--report", "--lang", "en", "--bw", "--out",
                 str(folder / "thresholds")]) == 0  # fmt: skip
    return folder


def pages_text(path):
    return [page.extract_text() for page in PdfReader(path).pages]


def test_fast_report_pages(reports):
    """The default (whole-number search): overview, the start, where the first descent stopped, the end."""
    path = reports / "fast" / "training_report.pdf"
    pages = pages_text(path)
    assert "Apprentissage en nombres entiers" in pages[0]
    assert "Le coût pendant l’apprentissage" in pages[0]
    assert "Les poids appris, en mots" in pages[0]
    assert "Neurone bleu" in pages[0] and "seuil" in pages[0]
    assert "Au départ" in pages[1]
    assert len(pages) == 4 and "Après " in pages[2] and "itérations" in pages[2]
    assert "À la fin : après" in pages[-1]
    for p in pages[1:]:
        assert all(f"(chiffre {d})" in p for d in (0, 3, 6, 9))
    pdf = pypdfium2.PdfDocument(str(path))
    for i in range(len(pdf)):
        image = pdf[i].render(scale=0.4).to_pil().convert("L")
        assert image.getextrema()[0] < 80


def test_report_scores_are_the_trained_networks(reports):
    """The last page's score is the trained network's, on the plotted training examples."""
    from generator.activity import load_activity
    from generator.core.training import REPORT_EXAMPLES, load_examples
    from generator.network import Network

    trained = load_activity(reports / "fast" / "trained.toml")
    examples = load_examples(load_activity(), "bank", seed=2026, size=None).train[:REPORT_EXAMPLES]
    network = Network(trained)
    right = sum(network.forward(e.counts, label=e.label).correct for e in examples) / len(examples)
    shown = f"{round(right * 100, 1):g}".replace(".", ",") + " % de bonnes réponses"
    assert shown in pages_text(reports / "fast" / "training_report.pdf")[-1]


def test_threshold_report(reports):
    pages = pages_text(reports / "thresholds" / "training_report.pdf")
    assert len(pages) == 3  # overview, before, after
    # The class's rule on the seed's 16: C −1 and E −1 kept, 7 of 16 right (test_train_cli).
    assert "At the start" in pages[1] and "At the end: after 2 iterations" in pages[2]
    assert "43.8% right" in pages[2]


def test_report_is_deterministic(reports, tmp_path):
    assert main(["train", "--report", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "training_report.pdf").read_bytes() == (reports / "fast" / "training_report.pdf").read_bytes()
