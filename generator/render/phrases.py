"""Older names for page phrases; everything goes through generator.words.Words."""

from __future__ import annotations

from ..words import words_for


def phrases(lang: str):
    return words_for(lang).printables


def words_of(lang: str) -> dict:
    return words_for(lang).labels
