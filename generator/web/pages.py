"""The three pages: Jinja2 templates (no logic in them) filled with the words of layouts/<lang>/web.toml."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2

from ..numbers import decimal_mark

TEMPLATES = Path(__file__).resolve().parent / "templates"
PAGES = ("kit", "draw", "board")


@cache
def web_words(lang: str) -> dict:
    """The pages' words (layouts/<lang>/web.toml), typeset like every other word (generator.words)."""
    from ..words import words_for

    words = words_for(lang).section_file("web.toml")
    # The exercises a kit draws when none are asked for: the lesson's default, not a number in the words.
    number = default_exercises()
    return {**words, "kit": {**words["kit"], "exercises_hint": words["kit"]["exercises_hint"].format(number=number),
                             "exercises_default": str(number)}}  # fmt: skip


@cache
def default_exercises() -> int:
    from ..activity import load_activity
    from ..selection import default_number

    return default_number(load_activity())


@cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_page(name: str, lang: str, *, activity: dict) -> str:
    """One page; what its script needs (words, activity) travels as JSON inside it."""
    words = web_words(lang)
    data = {"lang": lang, "page": name, "words": words, "activity": activity, "decimal_mark": decimal_mark(lang)}
    return environment().get_template(f"{name}.html.j2").render(lang=lang, w=words, page=name, data=data)
