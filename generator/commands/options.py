"""Options of the command line, each declared once (the contract of docs/design.md).

A command says which shared options it takes by name; `command()` adds them
to its signature for typer and hands them to the command as one `Shared`
object, so no wrapper repeats an option list.
"""

from __future__ import annotations

import functools
import inspect
import sys
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Callable, Optional

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


DEFAULT_OUT = Path("output")
DEFAULT_SEED = 2026
# numpy seeds are whole numbers from 0 up; a negative one would end in a traceback.
MAX_SEED = 2**63 - 1


def ascii_digits(option: str, example: str) -> Callable[[str | None], str | None]:
    """A parser for an option that lists numbers: the digits 0 to 9 only (not "٣", "³" or "３")."""

    def parse(text: str | None) -> str | None:
        if text is not None and any(char.isdigit() and not char.isascii() for char in str(text)):
            raise UserError("cli.ascii_digits", option=option, value=str(text)[:20], example=example)
        return text

    return parse


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



# name → (annotation for typer, default). The order is the order of --help.
SHARED_OPTIONS: dict[str, tuple[Any, Any]] = {
    "activity": (
        Annotated[Optional[Path], typer.Option("--activity", help="Activity file (TOML). Default: the bundled activity.")],
        None,
    ),
    "lang": (Annotated[Language, typer.Option("--lang", help="Language of pages and messages.")], Language.fr),
    "paper": (Annotated[Paper, typer.Option("--paper", help="Paper size.")], Paper.a4),
    "color": (Annotated[bool, typer.Option("--color/--bw", help="Colour, or black and white for photocopiers.")], True),
    "out": (Annotated[Path, typer.Option("--out", help="Folder to write into.")], DEFAULT_OUT),
    "force": (Annotated[bool, typer.Option("--force", help="Overwrite files already in the output folder.")], False),
    "seed": (
        Annotated[
            int, typer.Option("--seed", help="Seed for every random choice (same seed, same files).", min=0, max=MAX_SEED)
        ],
        DEFAULT_SEED,
    ),
    # Where exercises come from (kit, key, slides).
    "exercises": (
        Annotated[
            Optional[int],
            typer.Option("--exercises", help="How many digit exercises (default: as many as fit the lesson).", min=1),
        ],
        None,
    ),
    "digits": (
        Annotated[
            Optional[str],
            typer.Option(
                "--digits", help="Digits to draw exercises of, e.g. 0,3,6,9 (default: every digit).",
                parser=ascii_digits("--digits", "0,3,6,9"),
            ),
        ],
        None,
    ),
    "counts_file": (
        Annotated[Optional[Path], typer.Option("--counts-file", help="CSV: six counts a line, optional true digit.")],
        None,
    ),
    "exercises_from": (
        Annotated[
            Optional[Path], typer.Option("--exercises-from", help="Exercises file written by 'neurones digit --out'.")
        ],
        None,
    ),
    # The lesson's length: how many exercises fit (lesson_time's plan) when --exercises is not given.
    "minutes": (
        Annotated[
            int,
            typer.Option(
                "--minutes", help="Length of the lesson in minutes: as many exercises as fit (unless --exercises).",
                min=1, max=600,
            ),
        ],
        55,
    ),
    # A whole class in groups, one network each.
    "group": (
        Annotated[str, typer.Option("--group", help="Class or group name printed on every page.", parser=group_label)],
        "",
    ),
    "students": (
        Annotated[
            Optional[int], typer.Option("--students", help="Pupils in the class: groups of 10, their own exercises each.")
        ],
        None,
    ),
    "groups": (Annotated[Optional[int], typer.Option("--groups", help="How many groups (networks) to make.")], None),
    "roster": (
        Annotated[
            Optional[Path],
            typer.Option("--roster", help="Pupils' names, one a line (CSV or text): names on cards and roles."),
        ],
        None,
    ),
}

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


# Groups of shared options commands take together.
PAGES = ("activity", "lang", "paper", "color", "out", "force", "seed")
EXERCISES = ("exercises", "digits", "counts_file", "exercises_from")
CLASS = ("group", "students", "groups", "roster")

# Options a command declares itself but that many commands use.
CountsOption = Annotated[Optional[str], typer.Option("--counts", help="Six emoji counts, e.g. 6,4,9,6,6,7.")]
JsonOption = Annotated[Optional[str], typer.Option("--json", help="'-' prints JSON to the terminal.")]


@dataclass(frozen=True)
class Shared:
    """The shared options one command was given (plain values: enums become their strings)."""

    activity: Path | None = None
    lang: str = DEFAULT_LANGUAGE
    paper: str = "a4"
    color: bool = True
    out: Path = DEFAULT_OUT
    force: bool = False
    seed: int = DEFAULT_SEED
    exercises: int | None = None
    digits: str | None = None
    counts_file: Path | None = None
    exercises_from: Path | None = None
    minutes: int = 55
    group: str = ""
    students: int | None = None
    groups: int | None = None
    roster: Path | None = None


def command(app: typer.Typer, name: str | None = None, *, shared: tuple[str, ...] = (), help: str | None = None):
    """Register `function(o: Shared, *, own options...)` as a command taking the `shared` options too.

    A UserError becomes one line in the user's language and exit status 2.
    """

    def register(function: Callable) -> Callable:
        own = list(inspect.signature(function, eval_str=True).parameters.values())[1:]
        added = [
            inspect.Parameter(option, inspect.Parameter.KEYWORD_ONLY, annotation=SHARED_OPTIONS[option][0],
                              default=SHARED_OPTIONS[option][1])
            for option in shared
        ]  # fmt: skip

        @functools.wraps(function)
        def wrapper(**given):
            values = {option: given.pop(option) for option in shared}
            values = {k: getattr(v, "value", v) for k, v in values.items()}  # enums → "fr", "a4"
            try:
                return function(Shared(**values), **given)
            except UserError as error:
                print(error.render(values.get("lang", DEFAULT_LANGUAGE)), file=sys.stderr)
                raise typer.Exit(2) from None

        parameters = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own] + added
        wrapper.__signature__ = inspect.Signature(parameters)
        wrapper.__annotations__ = {p.name: p.annotation for p in parameters}
        del wrapper.__wrapped__  # typer must read the new signature, not the function's own
        return app.command(name, help=help or function.__doc__)(wrapper)

    return register
