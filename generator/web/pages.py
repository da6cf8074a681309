"""The three pages: Jinja2 templates (no logic in them) filled with the words of layouts/<lang>/web.toml."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

import jinja2

from ..numbers import decimal_mark
from ..resources import layouts_dir

TEMPLATES = Path(__file__).resolve().parent / "templates"
PAGES = ("kit", "draw", "board")


@cache
def web_words(lang: str) -> dict:
    with open(layouts_dir() / lang / "web.toml", "rb") as f:
        return tomllib.load(f)


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
