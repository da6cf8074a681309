"""Which language a request is answered in: chosen (?lang= or the form's `lang`), else the browser's."""

from __future__ import annotations

from ..errors import DEFAULT_LANGUAGE, LANGUAGES


def from_accept_language(header: str | None) -> str:
    """The first of the browser's languages (by weight) that the project speaks."""
    choices = []
    for position, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                weight = 0.0
        choices.append((-weight, position, tag.strip().lower()[:2]))
    for _, _, lang in sorted(choices):
        if lang in LANGUAGES:
            return lang
    return DEFAULT_LANGUAGE


def choose_language(chosen: object, accept_language: str | None) -> str:
    if isinstance(chosen, str) and chosen in LANGUAGES:
        return chosen
    return from_accept_language(accept_language)
