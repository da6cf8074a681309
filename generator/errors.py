"""User errors: what a teacher did wrong and how to fix it, in their language.

A `UserError` carries a message code and its parameters, never a sentence:
the sentences live in `layouts/<lang>/messages.toml`, so the French and the
English wording stay out of Python code.
"""

from __future__ import annotations

from .words import DEFAULT_LANGUAGE, LANGUAGES  # noqa: F401 (re-exported: commands import them from here)


class UserError(Exception):
    """A mistake in the input that the user can fix; exits with status 2."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params

    def render(self, lang: str = DEFAULT_LANGUAGE) -> str:
        return message(lang, self.code, **self.params)

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        return f"UserError({self.code!r}{', ' if args else ''}{args})"

    def __str__(self) -> str:
        return self.render("en")


class UserErrors(UserError):
    """Several problems found at once (e.g. every problem of an activity file)."""

    def __init__(self, problems: list[UserError]) -> None:
        first = problems[0]
        super().__init__(first.code, **first.params)
        self.problems = problems

    def render(self, lang: str = DEFAULT_LANGUAGE) -> str:
        # Still one line: the first problem, and how to see the others.
        first = self.problems[0].render(lang)
        if len(self.problems) == 1:
            return first
        return first + " " + message(lang, "activity.more_problems", count=len(self.problems) - 1)

    def render_all(self, lang: str = DEFAULT_LANGUAGE) -> list[str]:
        return [p.render(lang) for p in self.problems]


def message(lang: str, code: str, **params: object) -> str:
    """The sentence of `code` in `lang` (layouts/<lang>/messages.toml), with its values in."""
    from .words import words_for

    return words_for(lang).message(code, **{k: _show(v, lang) for k, v in params.items()})


class Place:
    """Where in an input a problem is: a file and line, or an option name."""

    def __init__(self, source: str, line: int | None = None) -> None:
        self.source, self.line = source, line

    def render(self, lang: str) -> str:
        if self.line is None:
            return self.source
        return message(lang, "where.line", file=self.source, line=self.line)

    def __repr__(self) -> str:
        return f"Place({self.source!r}, {self.line})"


def _show(value: object, lang: str) -> object:
    if isinstance(value, Place):
        return value.render(lang)
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return value
