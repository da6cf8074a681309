"""Phrases of the class-set documents (slides, poster, class pages, notes), as
Jinja2 macros of layouts/<lang>/classes.j2, called like functions."""

from __future__ import annotations

from functools import cache

from ..text import environment


class ClassWords:
    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._module = environment(lang).get_template("classes.j2").module

    def __getattr__(self, name: str):
        macro = getattr(self._module, name)
        # Macros are one line each; collapse the template's own spacing.
        return lambda *args, **kwargs: " ".join(str(macro(*args, **kwargs)).split())

    def __repr__(self) -> str:
        return f"ClassWords({self.lang})"


@cache
def class_words(lang: str) -> ClassWords:
    return ClassWords(lang)
