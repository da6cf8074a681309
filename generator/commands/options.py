"""Options shared by every command (the command-line contract of DESIGN.md)."""

from __future__ import annotations

import functools
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Callable, Optional

import typer

from ..errors import DEFAULT_LANGUAGE, UserError


class Language(str, Enum):
    fr = "fr"
    en = "en"


class Paper(str, Enum):
    a4 = "a4"
    letter = "letter"


class PosterPaper(str, Enum):
    """The poster may also go on A3, for the wall."""

    a4 = "a4"
    a3 = "a3"
    letter = "letter"


ActivityOption = Annotated[
    Optional[Path], typer.Option("--activity", help="Activity file (TOML). Default: the bundled activity.")
]
LangOption = Annotated[Language, typer.Option("--lang", help="Language of pages and messages.")]
PaperOption = Annotated[Paper, typer.Option("--paper", help="Paper size.")]
ColorOption = Annotated[bool, typer.Option("--color/--bw", help="Colour, or black and white for photocopiers.")]
OutOption = Annotated[Path, typer.Option("--out", help="Folder to write into.")]
# numpy seeds are whole numbers from 0 up; a negative one would end in a traceback.
MAX_SEED = 2**63 - 1
SeedOption = Annotated[
    int, typer.Option("--seed", help="Seed for every random choice (same seed, same files).", min=0, max=MAX_SEED)
]
ForceOption = Annotated[bool, typer.Option("--force", help="Overwrite files already in the output folder.")]
CountsOption = Annotated[Optional[str], typer.Option("--counts", help="Six emoji counts, e.g. 6,4,9,6,6,7.")]
CountsFileOption = Annotated[
    Optional[Path], typer.Option("--counts-file", help="CSV: six counts a line, optional true digit.")
]
def ascii_digits(option: str, example: str) -> Callable[[str | None], str | None]:
    """A parser for an option that lists numbers: the digits 0 to 9 only (not "٣", "³" or "３")."""

    def parse(text: str | None) -> str | None:
        if text is not None and any(char.isdigit() and not char.isascii() for char in str(text)):
            raise UserError("cli.ascii_digits", option=option, value=str(text)[:20], example=example)
        return text

    return parse


DigitsOption = Annotated[
    Optional[str],
    typer.Option(
        "--digits", help="Digits to draw exercises of, e.g. 0,3,6,9 (default: every digit).",
        parser=ascii_digits("--digits", "0,3,6,9"),
    ),
]  # fmt: skip
ExercisesFromOption = Annotated[
    Optional[Path], typer.Option("--exercises-from", help="Exercises file written by 'neurones digit --out'.")
]

ExercisesOption = Annotated[
    Optional[int], typer.Option("--exercises", help="How many digit exercises (default: 8).", min=1)
]
MAX_GROUP_LABEL = 60


def group_label(text: str) -> str:
    """--group is printed at the foot of every page: short, and in letters the page font has."""
    from ..render.fonts import describe_characters, unprintable

    text = str(text)
    if len(text) > MAX_GROUP_LABEL:
        raise UserError("cli.group_too_long", limit=MAX_GROUP_LABEL)
    missing = unprintable(text)
    if missing:
        raise UserError("cli.group_unprintable", value=text[:40], chars=describe_characters(missing))
    return text


GroupOption = Annotated[
    str, typer.Option("--group", help="Class or group name printed on every page.", parser=group_label)
]
# Class sets (kit, cards, sheets, grids, key): a whole class in groups of one network each.
StudentsOption = Annotated[
    Optional[int], typer.Option("--students", help="Pupils in the class: groups of 10, their own exercises each.")
]
GroupsOption = Annotated[Optional[int], typer.Option("--groups", help="How many groups (networks) to make.")]
RosterOption = Annotated[
    Optional[Path], typer.Option("--roster", help="Pupils' names, one a line (CSV or text): names on cards and roles.")
]

DEFAULT_OUT = Path("output")
DEFAULT_SEED = 2026

# Options naming a file or folder. An empty value would become Path(""), that
# is ".", the current folder: never what was meant, so it is refused.
PATH_OPTIONS = ("--out", "--activity", "--counts-file", "--exercises-from", "--roster", "--image", "--text", "--json")


def check_paths_given(argv: list[str]) -> None:
    """Refuse `--out ''` (or `--out=`) and the same for every option that names a file or folder."""
    for i, arg in enumerate(argv):
        if arg == "--":
            return
        name, equals, value = arg.partition("=")
        if name not in PATH_OPTIONS:
            continue
        if not equals:
            if i + 1 >= len(argv):
                continue  # typer says the value is missing
            value = argv[i + 1]
        if not value.strip():
            raise UserError("cli.empty_path", option=name)


def user_errors(command: Callable) -> Callable:
    """Turn a UserError into one line in the user's language and exit status 2."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except UserError as error:
            lang = kwargs.get("lang") or DEFAULT_LANGUAGE
            lang = getattr(lang, "value", lang)
            print(error.render(lang), file=sys.stderr)
            raise typer.Exit(2) from None

    return wrapper
