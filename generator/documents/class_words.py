"""Older name for the class-set phrases (layouts/<lang>/classes.j2); see generator.words.Words."""

from __future__ import annotations

from ..words import words_for


def class_words(lang: str):
    return words_for(lang).classes
