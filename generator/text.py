"""Older names for the words of a language; everything goes through generator.words.Words."""

from __future__ import annotations

from .words import _environment as environment, words_for  # noqa: F401


def render(lang: str, template: str, **context: object) -> str:
    return words_for(lang).render(template, **context)


def words(lang: str) -> dict:
    """Short labels printed on pages (layouts/<lang>/words.toml), typeset."""
    return words_for(lang).labels
