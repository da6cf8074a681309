"""Every user error the code can raise has a one-line message in French and English."""

import re
import string
import tomllib
from pathlib import Path

import pytest

from generator.resources import layouts_dir

ROOT = Path(__file__).resolve().parent.parent
CODE = re.compile(r"""(?:UserError|problem)\(\s*["']([a-z_]+\.[a-z_.]+)["']""")


def catalogue(lang):
    return tomllib.loads((layouts_dir() / lang / "messages.toml").read_text(encoding="utf-8"))


def placeholders(text):
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def codes_in_source():
    found = set()
    for path in (ROOT / "generator").rglob("*.py"):
        found |= set(CODE.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_raised_code_has_both_messages():
    codes = codes_in_source()
    assert len(codes) > 20
    for lang in ("fr", "en"):
        missing = codes - set(catalogue(lang))
        assert not missing, f"layouts/{lang}/messages.toml lacks {sorted(missing)}"


def test_both_languages_have_the_same_codes_and_placeholders():
    fr, en = catalogue("fr"), catalogue("en")
    assert set(fr) == set(en)
    for code in fr:
        assert placeholders(fr[code]) == placeholders(en[code]), code


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_messages_are_one_line(lang):
    for code, text in catalogue(lang).items():
        assert "\n" not in text, code
