"""`neurones tally`: the class's blank tally sheets and the filled before/after key."""


import pypdfium2
import pytest
from pypdf import PdfReader

from generator.cli import main
from generator.documents.tally import tally_layout, tally_texts
from generator.exercises import seed_exercises
from generator.learning import learn_thresholds, tallies


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tally")
    assert main(["tally", "--out", str(folder)]) == 0
    return folder


def text_of(path):
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_class_sheets_are_blank_tables(written):
    text = text_of(written / "tally.pdf")
    assert text.count("Vrais chiffres") >= 10  # one per neuron (more when a table wraps)
    assert "Neurone C : où tombent les chiffres ?" in text
    assert "≤ 11" in text  # C's table starts at its lowest result
    assert "seed-01" not in text


def test_key_has_moves_and_filled_digits(written):
    text = text_of(written / "tally_key.pdf")
    assert "D : −1 (seuil 7 → 6)" in text
    assert "Avant l'apprentissage : 5 bonnes réponses sur 16. Après : 10 sur 16." in text
    assert "seuil 7 → 6" in text and "seuil 8 (inchangé)" in text
    assert "seed-16" in text  # exercise by exercise


def test_pages_render(written):
    for name in ("tally.pdf", "tally_key.pdf"):
        pdf = pypdfium2.PdfDocument(str(written / name))
        assert len(pdf) >= 2
        image = pdf[0].render(scale=0.5).to_pil().convert("L")
        assert image.getextrema()[0] < 60  # something is drawn in black


def test_same_input_same_bytes(written, tmp_path):
    assert main(["tally", "--out", str(tmp_path)]) == 0
    for name in ("tally.pdf", "tally_key.pdf"):
        assert (tmp_path / name).read_bytes() == (written / name).read_bytes()


def test_key_digits_come_from_the_tallies(activity):
    exercises = seed_exercises(activity)
    learnt, _ = learn_thresholds(activity, exercises)
    c_before = next(t for t in tallies(activity, exercises) if t.neuron == "C")
    texts = tally_texts(c_before, "fr", filled=True)
    assert texts[0][0] == "≤ 11" and texts[0][2] == "3"
    assert [t[2] for t in texts if t[0] == "20"] == ["0 3 9 9"]
    assert all(t[2] == "" for t in tally_texts(c_before, "fr", filled=False))


def test_layout_wraps_long_tables():
    layout = tally_layout(30, 186)
    assert layout.bands == 2 and layout.per_band * layout.bands >= 30
    assert 30 + layout.cell_w * layout.per_band <= 186 + 1e-9
