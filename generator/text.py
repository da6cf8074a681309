"""Words on pages and in the terminal: Jinja2 templates in layouts/<lang>/."""

from __future__ import annotations

import tomllib
from functools import cache

import jinja2

from .numbers import format_number
from .resources import layouts_dir


@cache
def environment(lang: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([layouts_dir() / lang, layouts_dir()]),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters["num"] = lambda value, signed=False: format_number(value, lang, signed=signed)
    return env


def render(lang: str, template: str, **context: object) -> str:
    return environment(lang).get_template(template).render(lang=lang, **context)


@cache
def words(lang: str) -> dict:
    """Short labels printed on pages (layouts/<lang>/words.toml)."""
    with open(layouts_dir() / lang / "words.toml", "rb") as f:
        return tomllib.load(f)
