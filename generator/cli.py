"""The `neurones` command line: thin typer wrappers over generator.commands.

Heavy libraries (ReportLab, svglib, Pillow) are imported inside the commands
that need them, so `neurones --help` and `neurones key --counts` start fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from typer.exceptions import Abort, Exit, TyperException

from .commands.options import (
    DEFAULT_OUT,
    ActivityOption,
    ForceOption,
    Language,
    LangOption,
    OutOption,
    user_errors,
)
from .errors import DEFAULT_LANGUAGE, message

app = typer.Typer(
    name="neurones",
    help="Connecte tes neurones: printable kits for a classroom neural network that recognises 0, 3, 6 and 9.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@app.command()
@user_errors
def key(
    counts: Annotated[Optional[str], typer.Option("--counts", help="Six emoji counts, e.g. 6,4,9,6,6,7.")] = None,
    counts_file: Annotated[
        Optional[Path], typer.Option("--counts-file", help="CSV: six counts a line, optional true digit.")
    ] = None,
    json_to: Annotated[Optional[str], typer.Option("--json", help="'-' prints key.json to the terminal.")] = None,
    activity: ActivityOption = None,
    lang: LangOption = Language.fr,
    out: OutOption = DEFAULT_OUT,
    force: ForceOption = False,
) -> None:
    """The teacher key: every neuron's result and output for each exercise (key.json)."""
    from .commands.key import run_key

    written = run_key(
        activity_path=activity, counts=counts, counts_file=counts_file, json_to=json_to, out=out, force=force
    )
    for path in written:
        typer.echo(message(lang.value, "cli.written", file=path))


@app.command()
@user_errors
def check(activity: ActivityOption = None, lang: LangOption = Language.fr) -> None:
    """Check an activity file and summarise its neurons, thresholds and reachable results."""
    from .commands.check import check_report

    valid, text = check_report(activity_path=activity, lang=lang.value)
    if not valid:
        sys.stderr.write(text)
        raise typer.Exit(2)
    typer.echo(text, nl=False)


def _language_of(argv: list[str]) -> str:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1] if argv[i + 1] in ("fr", "en") else DEFAULT_LANGUAGE
        if arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
            return value if value in ("fr", "en") else DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def main(argv: list[str] | None = None) -> int:
    """Console entry point: usage mistakes become one line and exit status 2."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        status = app(args=argv, prog_name="neurones", standalone_mode=False)
    except TyperException as error:
        if type(error).__name__ == "NoArgsIsHelpError":  # `neurones` alone shows the help
            print(error.format_message())
            return 0
        ctx = getattr(error, "ctx", None)
        command = ctx.command_path if ctx else "neurones"
        print(message(_language_of(argv), "cli.usage", reason=error.format_message(), command=command), file=sys.stderr)
        return 2
    except Exit as done:
        return done.exit_code
    except Abort:
        print(message(_language_of(argv), "cli.aborted"), file=sys.stderr)
        return 130
    return status if isinstance(status, int) else 0


if __name__ == "__main__":
    sys.exit(main())
