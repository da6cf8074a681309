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
    CLASS,
    EXERCISES,
    PAGES,
    CountsOption,
    JsonOption,
    PosterPaper,
    Shared,
    command,
)
from .errors import DEFAULT_LANGUAGE, UserError, message

app = typer.Typer(
    name="neurones",
    help="Connecte tes neurones: printable kits for a classroom neural network that recognises 0, 3, 6 and 9.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _say(lang: str, written) -> None:
    for path in written:
        typer.echo(message(lang, "cli.written", file=path))


def _say_pages(lang: str, written) -> int:
    """One line per file written (with its pages for PDFs); returns the pages in all."""
    pages = 0
    for path, count in written:
        if count is None:
            typer.echo(message(lang, "cli.written", file=path))
        else:
            pages += count
            typer.echo(message(lang, "kit.written_pages", file=path, pages=count))
    return pages


@command(app, shared=(*PAGES, *EXERCISES, "group"))
def key(o: Shared, counts: CountsOption = None, json_to: JsonOption = None) -> None:
    """The teacher key: every neuron's result and output for each exercise (key.pdf and key.json)."""
    from .commands.key import run_key

    written = run_key(
        activity_path=o.activity, counts=counts, counts_file=o.counts_file, json_to=json_to, out=o.out,
        force=o.force, lang=o.lang, paper=o.paper, color=o.color, seed=o.seed, number=o.exercises,
        digits=o.digits, exercises_from=o.exercises_from, label=o.group,
    )  # fmt: skip
    _say(o.lang, written)


@command(app, shared=("activity", "lang"))
def check(o: Shared) -> None:
    """Check an activity file and summarise its neurons, thresholds and reachable results."""
    from .commands.check import check_report

    valid, text = check_report(activity_path=o.activity, lang=o.lang)
    if not valid:
        sys.stderr.write(text)
        raise typer.Exit(2)
    typer.echo(text, nl=False)


@command(app, shared=(*PAGES, "digits", "roster"))
def digit(
    o: Shared,
    image: Annotated[Optional[Path], typer.Option("--image", help="Photo or scan of a digit (PNG, JPEG, ...).")] = None,
    text: Annotated[Optional[Path], typer.Option("--text", help="Text grid: '#' inked cell, '.' blank.")] = None,
    sheet: Annotated[Optional[list[Path]], typer.Option("--sheet", metavar="SCAN", help="Scanned collection sheets ('neurones collect'): a PDF, photos, or a folder; repeatable.")] = None,
    bank: Annotated[Optional[int], typer.Option("--bank", help="N digits from the bundled bank of handwriting.")] = None,
    label: Annotated[Optional[str], typer.Option("--label", help="The true digit (0–9), when known; a digit the network never learned is recorded as such.")] = None,
    json_to: JsonOption = None,
) -> None:
    """A digit exercise on the emoji grid: from a photo or scan, a text grid, the bank, or scanned collection sheets."""
    from .commands.digit import run_digit, run_digit_sheet

    if sheet:  # the class's own handwriting, from `neurones collect` pages
        if image is not None or text is not None or bank is not None:
            raise UserError("digit.one_source")
        written, summary = run_digit_sheet(activity_path=o.activity, sheets=sheet, roster=o.roster, json_to=json_to,
                                           out=o.out, lang=o.lang, paper=o.paper, color=o.color, force=o.force)
    else:
        written, summary = run_digit(
            activity_path=o.activity, image=image, text=text, bank=bank, digits=o.digits, seed=o.seed, label=label,
            json_to=json_to, out=o.out, lang=o.lang, paper=o.paper, color=o.color, force=o.force,
        )  # fmt: skip
    if summary:
        typer.echo(summary, nl=False)
    _say(o.lang, written)


@command(app, "design-grid", shared=("activity", "lang", "seed", "out", "force"))
def design_grid(
    o: Shared,
    rows: Annotated[int, typer.Option("--rows", help="Rows of the emoji grid.")] = 10,
    cols: Annotated[int, typer.Option("--cols", help="Columns of the emoji grid.")] = 10,
    iterations: Annotated[int, typer.Option("--iterations", help="Swaps tried by the search.")] = 30_000,
    learn: Annotated[bool, typer.Option("--learn/--no-learn", help="Also report accuracy after threshold learning.")] = True,
    json_to: JsonOption = None,
) -> None:
    """Search the emoji layout that lets the network tell the bank's digits apart; write activity.toml."""
    from .commands.design_grid import run_design_grid

    written, report = run_design_grid(
        activity_path=o.activity, rows=rows, cols=cols, iterations=iterations, seed=o.seed, out=o.out,
        lang=o.lang, force=o.force, json_to=json_to, learn=learn,
    )  # fmt: skip
    typer.echo(report, nl=False)
    _say(o.lang, written)


@command(app, shared=("activity", "lang", "paper", "color", "seed", "force"))
def train(
    o: Shared,
    method: Annotated[
        str, typer.Option("--method", help="fast (default), seed (the original script, 100001 steps) or thresholds.")
    ] = "fast",
    examples: Annotated[
        Optional[str],
        typer.Option("--examples", help="bank (digits counted on this grid; default) or seed (the original 16, "
                                        "counted on another grid; default of --method seed)."),
    ] = None,
    precision: Annotated[
        Optional[str],
        typer.Option("--precision", help="1 (default): whole numbers from -2 to 2 for 9-year-olds; 0.5 or 0.1: "
                                         "decimals for older pupils (--method seed: 0.1)."),
    ] = None,
    json_to: JsonOption = None,
    report: Annotated[bool, typer.Option("--report", help="Also write training_report.pdf.")] = False,
    out: Annotated[
        Optional[Path], typer.Option("--out", help="trained.toml file (or folder) for the trained activity.")
    ] = None,
) -> None:
    """Train the network (by default in whole numbers a 9-year-old computes) and write it as a new activity file."""
    from .commands.train import run_train
    from .core.training import summary_text

    result, written = run_train(
        activity_path=o.activity, method=method, examples=examples, precision=precision, json_to=json_to, out=out,
        report=report, lang=o.lang, paper=o.paper, color=o.color, seed=o.seed, force=o.force,
    )  # fmt: skip
    if json_to != "-":
        typer.echo(summary_text(result, o.lang), nl=False)
    for path in written:
        typer.echo(message(o.lang, "cli.written", file=path), err=json_to == "-")


@command(app, shared=(*PAGES, *EXERCISES, "group"))
def tally(
    o: Shared,
    method: Annotated[
        str, typer.Option("--method", help="How the key's 'after' side learns: thresholds (the class's rule).")
    ] = "thresholds",
    examples: Annotated[
        str, typer.Option("--examples", help="kit (the kit's exercises, default) or seed (its 16 examples).")
    ] = "kit",
) -> None:
    """The learning round: blank tally sheets with the rule, their key, and learning.json."""
    from .commands.tally import run_tally

    written = run_tally(
        activity_path=o.activity, method=method, examples=examples, lang=o.lang, paper=o.paper, color=o.color,
        seed=o.seed, number=o.exercises, digits=o.digits, counts_file=o.counts_file,
        exercises_from=o.exercises_from, out=o.out, force=o.force, label=o.group,
    )  # fmt: skip
    _say(o.lang, written)


# --- the printable kit (cards, sheets, grids, key) ---------------------------


def _printables(o: Shared, parts: tuple[str, ...]) -> None:
    """Make the parts of the kit, then say what was written and how many pages."""
    from .commands.kit import run_kit
    from .commands.progress import progress_bar
    from .core.kit import KitOptions, kit_steps
    from .core.class_set import document_title

    options = KitOptions(
        activity_path=o.activity, parts=parts, lang=o.lang, paper=o.paper, color=o.color, seed=o.seed,
        number=o.exercises, digits=o.digits, counts_file=o.counts_file, exercises_from=o.exercises_from,
        label=o.group, students=o.students, groups=o.groups, roster=o.roster, minutes=o.minutes,
    )  # fmt: skip
    with progress_bar(len(kit_steps(options)), lambda doc: document_title(doc, o.lang)) as step:
        written = run_kit(options, out=o.out, force=o.force, progress=step)
    pages = _say_pages(o.lang, written)
    counted = {path.name: count for path, count in written}
    if "pupils.pdf" in counted:
        typer.echo(message(o.lang, "class.summary", files=len(written), folder=o.out, pupils=counted["pupils.pdf"],
                           teacher=counted["teacher.pdf"]))  # fmt: skip
    elif len(written) > 1:
        typer.echo(message(o.lang, "kit.summary", files=len(written), pages=pages, folder=o.out))


def _printable_command(parts: tuple[str, ...], name: str, doc: str) -> None:
    @command(app, name, shared=(*PAGES, *EXERCISES, "minutes", *CLASS), help=doc)
    def printable(o: Shared) -> None:
        _printables(o, parts)


_printable_command(
    ("cards", "sheets", "grids", "key"), "kit",
    "The whole printable kit: cards.pdf, sheets.pdf, grids.pdf, key.pdf, key.json, the learning round and the "
    "teacher's guide (notes.pdf).",
)  # fmt: skip
_printable_command(("cards",), "cards", "Role cards, one per neuron, with their lookup tables (cards.pdf).")
_printable_command(("sheets",), "sheets", "Emoji calculation sheets, one per exercise (sheets.pdf).")
_printable_command(("grids",), "grids", "Blank class recording sheets, one per exercise (grids.pdf).")


# --- projector slides and the network poster ----------------------------------


@command(app, shared=("activity", "lang", "color", "seed", "out", "force", *EXERCISES))
def slides(
    o: Shared,
    exercise: Annotated[
        Optional[str], typer.Option("--exercise", help="Id of the exercise to step through (default: the first).")
    ] = None,
    counts: CountsOption = None,
) -> None:
    """Projector slides (16:9) for the whole lesson, or one exercise neuron by neuron with --exercise (slides.pdf)."""
    from .commands.slides import run_slides

    path, pages = run_slides(
        activity_path=o.activity, exercise_id=exercise, counts=counts, counts_file=o.counts_file,
        exercises_from=o.exercises_from, number=o.exercises, digits=o.digits, seed=o.seed, lang=o.lang,
        color=o.color, out=o.out, force=o.force,
    )  # fmt: skip
    typer.echo(message(o.lang, "class.written_pages", file=path, pages=pages))


@command(app, shared=("activity", "lang", "color", "out", "force"))
def poster(
    o: Shared,
    paper: Annotated[PosterPaper, typer.Option("--paper", help="Paper size (A3 for the wall).")] = PosterPaper.a4,
    values: Annotated[
        bool, typer.Option("--values/--signs", help="Write each weight's value, or only its sign (+ or −).")
    ] = True,
) -> None:
    """The network as a diagram: emoji → hidden neurons → output neurons, weights and thresholds (poster.pdf)."""
    from .commands.poster import run_poster

    path = run_poster(activity_path=o.activity, lang=o.lang, paper=paper.value, color=o.color, values=values,
                      out=o.out, force=o.force)  # fmt: skip
    typer.echo(message(o.lang, "cli.written", file=path))


# --- the class's own handwriting: sheets to draw on (read back by digit --sheet) ---


@command(app, shared=(*PAGES, "students", "roster"))
def collect(
    o: Shared,
    pages: Annotated[Optional[int], typer.Option("--pages", help="Pages of boxes (default 1; 8 boxes a page).")] = None,
    other: Annotated[bool, typer.Option("--other", help="Add an 'other' tick for digits the network does not know.")] = False,
) -> None:
    """Sheets pupils draw their own digits on, to scan and read with 'digit --sheet' (collect.pdf, collect.json)."""
    from .commands.collect import run_collect

    written = run_collect(activity_path=o.activity, pages=pages, students=o.students, roster=o.roster, other=other,
                          lang=o.lang, paper=o.paper, color=o.color, out=o.out, force=o.force)  # fmt: skip
    _say_pages(o.lang, written)
    typer.echo(message(o.lang, "collect.summary", file=written[0][0]))


@command(app, shared=("lang",))
def serve(
    o: Shared,
    host: Annotated[str, typer.Option("--host", help="Address to listen on (127.0.0.1: this computer only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.", min=1, max=65535)] = 8000,
    browser: Annotated[bool, typer.Option("--browser/--no-browser", help="Open the page in the web browser.")] = True,
) -> None:
    """A web page on this computer: make a kit, draw a digit, run the lesson on the projector."""
    from .web.serve import run_server

    run_server(host=host, port=port, browser=browser, lang=o.lang)


def _language_of(argv: list[str]) -> str:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1] if argv[i + 1] in ("fr", "en") else DEFAULT_LANGUAGE
        if arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
            return value if value in ("fr", "en") else DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def main(argv: list[str] | None = None) -> int:
    """Console entry point: usage mistakes become one line and exit status 2; Ctrl-C one line too."""
    from .commands.options import check_paths_given
    from .errors import UserError
    from .interrupts import Interrupted, handling_signals

    argv = list(sys.argv[1:] if argv is None else argv)
    lang = _language_of(argv)
    try:
        with handling_signals():
            check_paths_given(argv)
            _check_source_date_epoch()
            status = app(args=argv, prog_name="neurones", standalone_mode=False)
    except Interrupted as stop:
        # Typer would turn Ctrl-C into a silent status 130: say what happened to the files.
        if stop.written is not None:
            print(message(lang, "cli.interrupted_after_write", folder=stop.written), file=sys.stderr)
        else:
            print(message(lang, "cli.aborted"), file=sys.stderr)
        return stop.exit_status
    except UserError as error:  # raised while options are read (before a command's own handler)
        print(error.render(lang), file=sys.stderr)
        return 2
    except TyperException as error:
        if type(error).__name__ == "NoArgsIsHelpError":  # `neurones` alone shows the help
            print(error.format_message())
            return 0
        ctx = getattr(error, "ctx", None)
        command = ctx.command_path if ctx else "neurones"
        print(message(lang, "cli.usage", reason=error.format_message(), command=command), file=sys.stderr)
        return 2
    except Exit as done:
        return done.exit_code
    except Abort:
        print(message(lang, "cli.aborted"), file=sys.stderr)
        return 130
    return status if isinstance(status, int) else 0


def _check_source_date_epoch() -> None:
    """SOURCE_DATE_EPOCH (reproducible builds) dates every PDF; ReportLab reads it, and fails on a bad one."""
    import os

    from .errors import UserError

    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if value and not (value.isascii() and value.isdigit() and len(value) <= 12 and int(value) < 253402300800):  # < year 10000
        raise UserError("cli.source_date_epoch", value=value[:30])


if __name__ == "__main__":
    sys.exit(main())
