"""Words printed on pages: short labels from layouts/<lang>/words.toml, and
phrases with numbers in them as Jinja2 macros of layouts/<lang>/printables.j2.

A macro is called like a function: `phrases("fr").role_title(name="F")`
gives "Rôle du neurone F", so no French or English sentence lives in Python.
"""

from __future__ import annotations

from functools import cache

from ..text import environment, words


class _Phrases:
    def __init__(self, module) -> None:
        self._module = module

    def __getattr__(self, name: str):
        macro = getattr(self._module, name)
        return lambda *args, **kwargs: " ".join(str(macro(*args, **kwargs)).split())

    def __repr__(self) -> str:
        return f"Phrases({self._module})"


@cache
def phrases(lang: str) -> _Phrases:
    return _Phrases(environment(lang).get_template("printables.j2").module)


def words_of(lang: str) -> dict:
    return words(lang)
