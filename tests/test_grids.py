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
        assert "PAS DE RÉPONSE" in text and "HÉSITE ENTRE" in text and "QUI GAGNE" in text
        # Blank for the class: no number other than the exercise and page numbers.
        body = text.split("QUI GAGNE")[0].split("/ 3", 1)[1]
        assert re.findall(r"\d+", body) == []


def test_recording_sheet_en_letter_bw(kit):
    activity, _, traces = kit
    pdf = grids_pdf(activity, traces, lang="en", paper="letter", color=False)
    assert all(size == pytest.approx(PAPER_PT["letter"], abs=0.5) for size in page_sizes(pdf))
    text = normalise(page_texts(pdf)[0])
    assert "SENT TO THE NEXT LAYER" in text and "Green neuron" in text and "THE NETWORK SAYS:" in text
    assert colourful_pixels(render_page(pdf, 0, scale=0.6)) == 0


# --- the deciding rule, applied literally ---------------------------------------------

# What each printed condition means, read word for word (the test fails on any other line).
CONDITIONS = {
    "fr": {
        "Toutes les sorties valent 0": lambda outs: all(o == 0 for o in outs),
        "Une seule sortie est la plus grande": lambda outs: outs.count(max(outs)) == 1,
        "Plusieurs sorties plus grandes que 0 à égalité en tête":
            lambda outs: max(outs) > 0 and outs.count(max(outs)) > 1,
    },
    "en": {
        "All the outputs are 0": lambda outs: all(o == 0 for o in outs),
        "Only one output is the largest": lambda outs: outs.count(max(outs)) == 1,
        "Two or more above 0 tie for the largest": lambda outs: max(outs) > 0 and outs.count(max(outs)) > 1,
    },
}
# What each printed verdict tells the class to write, as the key's answer kinds.
VERDICTS = {"PAS DE RÉPONSE": "none", "NO ANSWER": "none", "C’EST UN": "digit", "IT’S A": "digit",
            "HÉSITE": "tie", "CAN’T DECIDE": "tie"}


def printed_rule(text: str, lang: str) -> list[tuple[str, str]]:
    """(condition, verdict) pairs: the lines with an arrow between the rule's title and the verdict box."""
    start = text.index("QUI GAGNE" if lang == "fr" else "WHO WINS")
    end = text.index("LE RÉSEAU DIT" if lang == "fr" else "THE NETWORK SAYS")
    pairs = []
    for item in text[start:end].split("•")[1:]:  # one bullet a case, however its words wrap
        condition, verdict = (part.strip(" .") for part in normalise(item).split("→", 1))
        pairs.append((condition, verdict))
    return pairs


def apply_rule(pairs, lang, outputs: list[dict]) -> dict:
    values = [o["output"] for o in outputs]
    applying = []
    for condition, verdict in pairs:
        meaning = CONDITIONS[lang][condition]  # KeyError: a condition the test cannot read literally
        if meaning(values):
            applying.append(verdict)
    assert len(applying) == 1, (values, applying)  # the cases exclude each other and cover everything
    kind = next(k for phrase, k in VERDICTS.items() if phrase in applying[0])
    if kind == "none":
        return {"kind": "none", "digits": []}
    best = max(values)
    digits = sorted(o["digit"] for o in outputs if o["output"] == best)
    return {"kind": kind, "digits": digits}


@pytest.fixture(scope="module")
def many_counts(tmp_path_factory, activity):
    """Bank digits with one output lit, two lit, ties and none lit (found by the float pass), plus the seed's."""
    import numpy as np

    from generator.digits import bank_ink
    from generator.digits.grid_ink import layout_onehot
    from generator.exercises import seed_exercises
    from generator.network import Network

    data = bank_ink(activity.grid.rows, activity.grid.cols)
    counts = data.ink @ layout_onehot(activity.grid, len(activity.emoji))
    _, outputs = Network(activity).batch_forward(counts)
    top = outputs.max(axis=1)
    lit = (outputs > 0).sum(axis=1)
    tie = ((outputs == top[:, None]) & (outputs > 0)).sum(axis=1) > 1
    chosen = []
    for mask in (tie, lit == 0, (lit >= 2) & ~tie, lit == 1):
        chosen += list(np.flatnonzero(mask)[:15])
    rows = [list(counts[i]) + [int(data.labels[i])] for i in chosen]
    rows += [list(e.counts) + [e.label] for e in seed_exercises(activity)]
    path = tmp_path_factory.mktemp("rule") / "counts.csv"
    path.write_text("".join(",".join(map(str, r)) + "\n" for r in rows), encoding="utf-8")
    return path, len(rows)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_printed_rule_gives_the_keys_verdict(tmp_path, many_counts, lang, capsys):
    import json

    from generator.cli import main

    path, n = many_counts
    out = tmp_path / "o"
    assert main(["grids", "--counts-file", str(path), "--lang", lang, "--out", str(out)]) == 0
    assert main(["key", "--counts-file", str(path), "--lang", lang, "--out", str(out)]) == 0
    capsys.readouterr()
    key = json.loads((out / "key.json").read_text(encoding="utf-8"))["exercises"]
    assert len(key) == n
    pages = page_texts((out / "grids.pdf").read_bytes())
    assert len(pages) == n
    kinds = set()
    for page, exercise in zip(pages, key):
        pairs = printed_rule(page, lang)
        assert len(pairs) == 3
        assert apply_rule(pairs, lang, exercise["outputs"]) == exercise["answer"]
        kinds.add(exercise["answer"]["kind"])
        # The verdict box offers what the rule says to write.
        boxes = normalise(page.split("LE RÉSEAU DIT" if lang == "fr" else "THE NETWORK SAYS")[1])
        want = {"none": "PAS DE RÉPONSE" if lang == "fr" else "NO ANSWER",
                "tie": "HÉSITE ENTRE" if lang == "fr" else "CAN’T DECIDE BETWEEN"}
        if exercise["answer"]["kind"] == "digit":
            d = exercise["answer"]["digits"][0]
            assert (f"C’EST UN {d}" if lang == "fr" else f"IT’S A {d}") in boxes
        else:
            assert want[exercise["answer"]["kind"]] in boxes
    assert kinds == {"digit", "none", "tie"}
