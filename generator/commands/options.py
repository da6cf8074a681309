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
        Annotated[int, typer.Option("--seed", help="Seed for every random choice (same seed, same files).")],
        DEFAULT_SEED,
    ),
    # Where exercises come from (kit, key, slides).
    "exercises": (
        Annotated[Optional[int], typer.Option("--exercises", help="How many digit exercises (default: 8).", min=1)],
        None,
    ),
    "digits": (
        Annotated[
            Optional[str],
            typer.Option("--digits", help="Digits to draw exercises of, e.g. 0,3,6,9 (default: every digit)."),
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
    # A whole class in groups, one network each.
    "group": (Annotated[str, typer.Option("--group", help="Class or group name printed on every page.")], ""),
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
