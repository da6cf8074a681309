"""Every word people read, in one language, through one object: `Words(lang)`.

Labels come from layouts/<lang>/words.toml, phrases with numbers in them from
the Jinja2 macros of layouts/<lang>/*.j2, messages from messages.toml, and
the language's typography (spaces before signs, quotes, apostrophe, decimal
mark) from typography.toml, applied to everything a page or the terminal
shows. No sentence and no typographic rule of a language lives in Python.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache

from .resources import layouts_dir

LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"

# Spaces a template may have written: ordinary, no-break, narrow no-break.
_SPACES = "[ \u00a0\u202f]*"
# A whole number, a space, and a word of three letters or more (the thing counted).
_COUNTED = re.compile(r"(?<![\d,.])(\d+) (?=[a-zà-ÿœ]{3})")
# Only ASCII whitespace separates words: a no-break space must never be split on.
_ASCII_SPACE = re.compile(r"[ \t\r\n]+")


def collapse(text: str) -> str:
    """A macro's output on one line: runs of ASCII whitespace become one space; no-break spaces stay."""
    return _ASCII_SPACE.sub(" ", text).strip(" \t\r\n")


@dataclass(frozen=True)
class Typography:
    """One language's rules for the space before signs, inside quotes, apostrophes and decimals."""

    before_colon: str
    before_high_signs: str
    inside_quotes: str
    apostrophe: str
    decimal_mark: str
    after_count: str = " "  # between a whole number and the word it counts ("3 seuils"): never split by a line end

    def apply(self, text: str) -> str:
        if self.apostrophe != "'":
            # An apostrophe between letters (l'encre, it's), not a quotation mark ('x').
            text = re.sub(r"(?<=\w)'(?=\w)", self.apostrophe, text)
        if self.before_colon:
            # A colon that ends a clause (followed by a space or the end), not 10:30 or "https:".
            text = re.sub(rf"(?<=[^\s:]){_SPACES}:(?=[\s\u00a0\u202f]|$)", self.before_colon + ":", text)
        if self.before_high_signs:
            text = re.sub(rf"(?<=[^\s;!?]){_SPACES}([;!?])(?=[\s\u00a0\u202f»)]|$)", self.before_high_signs + r"\1", text)
        if self.inside_quotes:
            text = re.sub(rf"«{_SPACES}", "«" + self.inside_quotes, text)
            text = re.sub(rf"{_SPACES}»", self.inside_quotes + "»", text)
        if self.after_count != " ":
            # A number and the word it counts ("6 essais", "3 seuils gardés"), not "3. Cassés" and not a
            # joining word ("1 et 3", "0 à 9"): those may break like any other space.
            text = _COUNTED.sub(r"\1" + self.after_count, text)
        return text

    def __repr__(self) -> str:
        return f"Typography(colon {self.before_colon!r}, ;!? {self.before_high_signs!r}, decimal {self.decimal_mark!r})"


class Macros:
    """The macros of one template, called like functions; each returns one typeset line."""

    def __init__(self, words: Words, template: str) -> None:
        self._words = words
        self._template = template
        self._module = words.environment.get_template(template).module

    def __getattr__(self, name: str):
        macro = getattr(self._module, name)
        return lambda *args, **kwargs: self._words.typeset(collapse(str(macro(*args, **kwargs))))

    def __repr__(self) -> str:
        return f"Macros({self._words.lang}/{self._template})"


class Words:
    """Labels, phrases, messages and typography of one language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
        folder = layouts_dir() / self.lang
        with open(folder / "typography.toml", "rb") as f:
            self.typography = Typography(**tomllib.load(f))
        with open(folder / "words.toml", "rb") as f:
            self._labels = _typeset_tree(tomllib.load(f), self.typography)
        with open(folder / "messages.toml", "rb") as f:
            self._messages = tomllib.load(f)
        self._macros: dict[str, Macros] = {}
        self._files: dict[str, dict] = {}

    # labels: words["cards"]["result"]
    def __getitem__(self, section: str) -> dict:
        return self._labels[section]

    @property
    def labels(self) -> dict:
        return self._labels

    def section_file(self, name: str) -> dict:
        """Labels kept in a file of their own (e.g. tally.toml), typeset like words.toml."""
        if name not in self._files:
            with open(layouts_dir() / self.lang / name, "rb") as f:
                self._files[name] = _typeset_tree(tomllib.load(f), self.typography)
        return self._files[name]

    # phrases: words.printables.role_title(name="F"), words.classes.group(number=2), words.learning...
    def macros(self, template: str) -> Macros:
        if template not in self._macros:
            self._macros[template] = Macros(self, template)
        return self._macros[template]

    @property
    def printables(self) -> Macros:
        return self.macros("printables.j2")

    @property
    def classes(self) -> Macros:
        return self.macros("classes.j2")

    @property
    def learning(self) -> Macros:
        return self.macros("learning.j2")

    # whole texts (terminal summaries, teacher's notes)
    @property
    def environment(self):
        return _environment(self.lang)

    def render(self, template: str, **context: object) -> str:
        text = self.environment.get_template(template).render(lang=self.lang, **context)
        return self.typeset(text)

    # messages: one line each, typeset before the values go in (a file name stays as typed)
    def message(self, code: str, **params: object) -> str:
        return self.typeset(self._messages[code]).format(**params)

    def has_message(self, code: str) -> bool:
        return code in self._messages

    def typeset(self, text: str) -> str:
        return self.typography.apply(text)

    def __repr__(self) -> str:
        return f"Words({self.lang})"


def _typeset_tree(node, typography: Typography):
    if isinstance(node, dict):
        return {k: _typeset_tree(v, typography) for k, v in node.items()}
    if isinstance(node, list):
        return [_typeset_tree(v, typography) for v in node]
    return typography.apply(node) if isinstance(node, str) else node


@cache
def words_for(lang: str) -> Words:
    """The one Words object of a language (loaded once per process)."""
    return Words(lang)


@cache
def _environment(lang: str):
    import jinja2

    from .numbers import format_number

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
