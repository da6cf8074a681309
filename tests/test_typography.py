"""French and English typography: the rules are data (layouts/<lang>/typography.toml),
applied to every label, phrase and message; a page never breaks a line before : ; ! ? »."""

from __future__ import annotations

import re
import string

import pytest
from pypdf import PdfReader

from generator import cli
from generator.words import Words

NBSP, NNBSP = "\u00a0", "\u202f"
# A breakable (ASCII) space before a high sign or a closing quote, or after an opening one.
BREAKABLE = re.compile(r"\S [:;!?»]|« ")


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("C'EST UN 3 !", "C’EST UN 3" + NNBSP + "!"),
        ("C'EST UN 3!", "C’EST UN 3" + NNBSP + "!"),
        ("Groupe 1 : qui fait quoi ?", "Groupe 1" + NBSP + ": qui fait quoi" + NNBSP + "?"),
        ("dis « C'EST UN 0 ! »", "dis «" + NBSP + "C’EST UN 0" + NNBSP + "!" + NBSP + "»"),
        ("a ; b", "a" + NNBSP + "; b"),
        ("à 10:30, voir https://openmoji.org", "à 10:30, voir https://openmoji.org"),
        ("'x' n'est pas", "'x' n’est pas"),  # quotation marks stay, the elision becomes ’
        ("après 3 seuils gardés ou 6 essais", "après 3" + NBSP + "seuils gardés ou 6" + NBSP + "essais"),
        ("exercice 3. Cassés : aucun", "exercice 3. Cassés" + NBSP + ": aucun"),  # a number ending a sentence
        ("4 → 5 bonnes réponses", "4 → 5" + NBSP + "bonnes réponses"),
    ],
)
def test_french_typography(typed, expected):
    assert Words("fr").typeset(typed) == expected


def test_english_typography_changes_only_apostrophes():
    en = Words("en")
    assert en.typeset("IT'S A 0! Note: 'x' ; a") == "IT’S A 0! Note: 'x' ; a"
    assert en.typeset("after 3 thresholds") == "after 3 thresholds"


def _strings(node):
    if isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)
    elif isinstance(node, str):
        yield node


def test_every_french_label_and_message_is_typeset():
    fr = Words("fr")
    found = [s for s in _strings(fr.labels) if BREAKABLE.search(s)]
    assert not found
    for code in fr._messages:
        fields = {name: "x" for _, name, _, _ in string.Formatter().parse(fr._messages[code]) if name}
        line = fr.message(code, **fields)
        assert not BREAKABLE.search(line), (code, line)
        assert "'" not in re.sub(r"'[^']*'", "", line) or "’" in line, (code, line)


def test_no_french_page_breaks_a_line_before_a_sign(tmp_path):
    roster = tmp_path / "classe.txt"
    # Long names push role lists to wrap, where class.pdf once broke "D" / ": Éloïse".
    names = ["Éloïse", "Marie-Éloïse Bernard-Lefèvre", "Jean", "Anne-Sophie Martin-Dubois", "Léo", "Inès", "Noé", "Zoé"]
    roster.write_text("\n".join(names) + "\n", encoding="utf-8")
    assert cli.main(["kit", "--roster", str(roster), "--out", str(tmp_path / "kit")]) == 0
    for pdf in sorted((tmp_path / "kit").glob("*.pdf")):
        for number, page in enumerate(PdfReader(pdf).pages, start=1):
            for line in page.extract_text().splitlines():
                assert not re.match(r"\s*[:;!?»]", line), (pdf.name, number, line)
                assert not line.rstrip().endswith("«"), (pdf.name, number, line)


def test_wrapping_never_breaks_at_a_no_break_space():
    from generator.render.wrap import wrap
    from generator.render.fonts import register_fonts

    fonts = register_fonts()
    text = Words("fr").typeset("A + rose : Éloïse · B + jaune : Marie · C : Inès · D : Noé · E : Anne-Sophie")
    for width in range(8, 80):
        for line in wrap(text, fonts.regular, 10, width):
            assert not re.match(r"[:;!?»]", line), (width, line)
