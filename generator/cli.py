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
    DEFAULT_SEED,
    ActivityOption,
    ColorOption,
    CountsFileOption,
    CountsOption,
    DigitsOption,
    ExercisesFromOption,
    ExercisesOption,
    ForceOption,
    GroupOption,
    GroupsOption,
    Language,
    LangOption,
    OutOption,
    Paper,
    PaperOption,
    PosterPaper,
    RosterOption,
    SeedOption,
    StudentsOption,
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
    counts: CountsOption = None,
    counts_file: CountsFileOption = None,
    json_to: Annotated[Optional[str], typer.Option("--json", help="'-' prints key.json to the terminal.")] = None,
    activity: ActivityOption = None,
    lang: LangOption = Language.fr,
    out: OutOption = DEFAULT_OUT,
    force: ForceOption = False,
    paper: PaperOption = Paper.a4,
    color: ColorOption = True,
    seed: SeedOption = DEFAULT_SEED,
    exercises: ExercisesOption = None,
    digits: DigitsOption = None,
    exercises_from: ExercisesFromOption = None,
    group: GroupOption = "",
) -> None:
    """The teacher key: every neuron's result and output for each exercise (key.pdf and key.json)."""
    from .commands.key import run_key

    written = run_key(
        activity_path=activity, counts=counts, counts_file=counts_file, json_to=json_to, out=out, force=force,
        lang=lang.value, paper=paper.value, color=color, seed=seed, number=exercises, digits=digits,
        exercises_from=exercises_from, label=group,
    )  # fmt: skip
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


@app.command()
@user_errors
def digit(
    image: Annotated[Optional[Path], typer.Option("--image", help="Photo or scan of a digit (PNG, JPEG, ...).")] = None,
    text: Annotated[Optional[Path], typer.Option("--text", help="Text grid: '#' inked cell, '.' blank.")] = None,
    bank: Annotated[Optional[int], typer.Option("--bank", help="N digits from the bundled bank of handwriting.")] = None,
    digits: DigitsOption = None,
    label: Annotated[Optional[str], typer.Option("--label", help="The true digit, when known.")] = None,
    json_to: Annotated[Optional[str], typer.Option("--json", help="'-' prints the ink grid and counts as JSON.")] = None,
    activity: ActivityOption = None,
    lang: LangOption = Language.fr,
    paper: PaperOption = Paper.a4,
    color: ColorOption = True,
    seed: SeedOption = DEFAULT_SEED,
    out: OutOption = DEFAULT_OUT,
    force: ForceOption = False,
) -> None:
    """A digit exercise on the emoji grid: from a photo or scan, a text grid, or the bank."""
    from .commands.digit import run_digit

    written, summary = run_digit(
        activity_path=activity, image=image, text=text, bank=bank, digits=digits, seed=seed, label=label,
        json_to=json_to, out=out, lang=lang.value, paper=paper.value, color=color, force=force,
    )  # fmt: skip
    if summary:
        typer.echo(summary, nl=False)
    for path in written:
        typer.echo(message(lang.value, "cli.written", file=path))


@app.command("design-grid")
@user_errors
def design_grid(
    rows: Annotated[int, typer.Option("--rows", help="Rows of the emoji grid.")] = 10,
    cols: Annotated[int, typer.Option("--cols", help="Columns of the emoji grid.")] = 10,
    iterations: Annotated[int, typer.Option("--iterations", help="Swaps tried by the search.")] = 30_000,
    learn: Annotated[bool, typer.Option("--learn/--no-learn", help="Also report accuracy after threshold learning.")] = True,
    json_to: Annotated[Optional[str], typer.Option("--json", help="'-' prints the figures and layout as JSON.")] = None,
    activity: ActivityOption = None,
    lang: LangOption = Language.fr,
    seed: SeedOption = DEFAULT_SEED,
    out: OutOption = DEFAULT_OUT,
    force: ForceOption = False,
) -> None:
    """Search the emoji layout that lets the network tell the bank's digits apart; write activity.toml."""
    from .commands.design_grid import run_design_grid

    written, report = run_design_grid(
        activity_path=activity, rows=rows, cols=cols, iterations=iterations, seed=seed, out=out,
        lang=lang.value, force=force, json_to=json_to, learn=learn,
    )  # fmt: skip
    typer.echo(report, nl=False)
    for path in written:
        typer.echo(message(lang.value, "cli.written", file=path))


@app.command()
@user_errors
def train(
    method: Annotated[
        str, typer.Option("--method", help="fast (default), seed (the original script, 100001 steps) or thresholds.")
    ] = "fast",
    examples: Annotated[str, typer.Option("--examples", help="seed (its 16 examples) or bank (held-out check).")] = "seed",
    precision: Annotated[str, typer.Option("--precision", help="Round weights to 1, 0.5 or 0.1.")] = "0.1",
    json_to: Annotated[Optional[str], typer.Option("--json", help="'-' prints the trained network as JSON.")] = None,
    report: Annotated[bool, typer.Option("--report", help="Also write training_report.pdf.")] = False,
    out: Annotated[
        Optional[Path], typer.Option("--out", help="trained.toml file (or folder) for the trained activity.")
    ] = None,
    activity: ActivityOption = None,
    lang: LangOption = Language.fr,
    paper: PaperOption = Paper.a4,
    color: ColorOption = True,
    seed: SeedOption = DEFAULT_SEED,
    force: ForceOption = False,
) -> None:
    """Train the network (gradient or threshold moves) and write it as a new activity file."""
    from .commands.train import run_train, summary_text

    result, written = run_train(
        activity_path=activity, method=method, examples=examples, precision=precision, json_to=json_to, out=out,
        report=report, lang=lang.value, paper=paper.value, color=color, seed=seed, force=force,
    )  # fmt: skip
    if json_to != "-":
        typer.echo(summary_text(result, lang.value), nl=False)
    for path in written:
        typer.echo(message(lang.value, "cli.written", file=path), err=json_to == "-")


@app.command()
@user_errors
def tally(
    method: Annotated[
        str, typer.Option("--method", help="How the key's 'after' side learns: thresholds (default), fast or seed.")
    ] = "thresholds",
    examples: Annotated[str, typer.Option("--examples", help="seed (its 16 examples) or bank.")] = "seed",
    activity: ActivityOption = None,
    lang: LangOption = Language.fr,
    paper: PaperOption = Paper.a4,
    color: ColorOption = True,
    seed: SeedOption = DEFAULT_SEED,
    out: OutOption = DEFAULT_OUT,
    force: ForceOption = False,
) -> None:
    """Tally sheets for unplugged learning: blank for the class, filled (before/after) for the teacher."""
    from .commands.tally import run_tally

    written = run_tally(
        activity_path=activity, method=method, examples=examples, lang=lang.value, paper=paper.value, color=color,
        seed=seed, out=out, force=force,
    )  # fmt: skip
    for path in written:
        typer.echo(message(lang.value, "cli.written", file=path))


# --- the printable kit (cards, sheets, grids, key) ---------------------------

def _printables(
    parts: tuple[str, ...], *, lang: str, out: Path, students=None, groups=None, roster=None, **options
) -> None:
    """Make the parts of the kit, then say what was written and how many pages."""
    if students is not None or groups is not None or roster is not None:
        return _class_printables(parts, lang=lang, out=out, students=students, groups=groups, roster=roster,
                                 **options)  # fmt: skip
    from .commands.kit import run_kit
    from .commands.progress import progress_bar
    from .text import words

    names = words(lang)["documents"]
    with progress_bar(len(parts), lambda part: names[part]) as step:
        written = run_kit(parts=parts, lang=lang, out=out, progress=step, **options)
    pages = _say_written(written, lang)
    if len(parts) > 1:
        typer.echo(message(lang, "kit.summary", files=len(written), pages=pages, folder=out))


def _say_written(written: list[tuple[Path, int | None]], lang: str) -> int:
    """One line per file written (with its pages for PDFs); returns the pages in all."""
    pages = 0
    for path, count in written:
        if count is None:
            typer.echo(message(lang, "cli.written", file=path))
        else:
            pages += count
            typer.echo(message(lang, "kit.written_pages", file=path, pages=count))
    return pages


def _printable_command(parts: tuple[str, ...], name: str, doc: str):
    @app.command(name, help=doc)
    @user_errors
    def command(
        activity: ActivityOption = None,
        lang: LangOption = Language.fr,
        paper: PaperOption = Paper.a4,
        color: ColorOption = True,
        out: OutOption = DEFAULT_OUT,
        force: ForceOption = False,
        seed: SeedOption = DEFAULT_SEED,
        exercises: ExercisesOption = None,
        digits: DigitsOption = None,
        counts_file: CountsFileOption = None,
        exercises_from: ExercisesFromOption = None,
        group: GroupOption = "",
        students: StudentsOption = None,
        groups: GroupsOption = None,
        roster: RosterOption = None,
    ) -> None:
        _printables(
            parts, activity_path=activity, lang=lang.value, paper=paper.value, color=color, out=out, force=force,
            seed=seed, number=exercises, digits=digits, counts_file=counts_file, exercises_from=exercises_from,
            label=group, students=students, groups=groups, roster=roster,
        )  # fmt: skip

    return command


kit = _printable_command(
    ("cards", "sheets", "grids", "key"), "kit",
    "The whole printable kit: cards.pdf, sheets.pdf, grids.pdf, key.pdf and key.json.",
)  # fmt: skip
cards = _printable_command(("cards",), "cards", "Role cards, one per neuron, with their lookup tables (cards.pdf).")
sheets = _printable_command(("sheets",), "sheets", "Emoji calculation sheets, one per exercise (sheets.pdf).")
grids = _printable_command(("grids",), "grids", "Blank class recording sheets, one per exercise (grids.pdf).")


# --- projector slides and the network poster (class sets) ---------------------


@app.command()
@user_errors
def slides(
    exercise: Annotated[
        Optional[str], typer.Option("--exercise", help="Id of the exercise to step through (default: the first).")
    ] = None,
    counts: CountsOption = None,
    counts_file: CountsFileOption = None,
    exercises_from: ExercisesFromOption = None,
    exercises: ExercisesOption = None,
    digits: DigitsOption = None,
    activity: ActivityOption = None,
    lang: LangOption = Language.fr,
    color: ColorOption = True,
    seed: SeedOption = DEFAULT_SEED,
    out: OutOption = DEFAULT_OUT,
    force: ForceOption = False,
) -> None:
    """Projector slides (16:9) stepping through one exercise, neuron by neuron (slides.pdf)."""
    from .commands.slides import run_slides

    path, pages = run_slides(
        activity_path=activity, exercise_id=exercise, counts=counts, counts_file=counts_file,
        exercises_from=exercises_from, number=exercises, digits=digits, seed=seed, lang=lang.value, color=color,
        out=out, force=force,
    )  # fmt: skip
    typer.echo(message(lang.value, "class.written_pages", file=path, pages=pages))


def _class_printables(parts: tuple[str, ...], *, lang: str, out: Path, counts_file=None, exercises_from=None,
                      label: str = "", **options) -> None:  # fmt: skip
    """A class set: every group its own network and exercises; a summary of files and pages at the end."""
    from .commands.class_kit import document_title, run_class_kit, steps
    from .commands.progress import progress_bar
    from .errors import UserError

    if counts_file is not None or exercises_from is not None:
        # One list of exercises cannot give each group exercises of its own.
        raise UserError("class.fixed_exercises")
    with progress_bar(len(steps(parts)), lambda doc: document_title(doc, lang)) as step:
        written = run_class_kit(parts=parts, lang=lang, out=out, progress=step, label=label, **options)
    pages = _say_written(written, lang)
    counted = {path.name: count for path, count in written}
    if "pupils.pdf" in counted:
        typer.echo(message(lang, "class.summary", files=len(written), folder=out, pupils=counted["pupils.pdf"],
                           teacher=counted["teacher.pdf"]))  # fmt: skip
    else:
        typer.echo(message(lang, "kit.summary", files=len(written), pages=pages, folder=out))


@app.command()
@user_errors
def poster(
    activity: ActivityOption = None,
    lang: LangOption = Language.fr,
    paper: Annotated[PosterPaper, typer.Option("--paper", help="Paper size (A3 for the wall).")] = PosterPaper.a4,
    color: ColorOption = True,
    values: Annotated[
        bool, typer.Option("--values/--signs", help="Write each weight's value, or only its sign (+ or −).")
    ] = True,
    out: OutOption = DEFAULT_OUT,
    force: ForceOption = False,
) -> None:
    """The network as a diagram: emoji → hidden neurons → output neurons, weights and thresholds (poster.pdf)."""
    from .commands.poster import run_poster

    path = run_poster(activity_path=activity, lang=lang.value, paper=paper.value, color=color, values=values,
                      out=out, force=force)  # fmt: skip
    typer.echo(message(lang.value, "cli.written", file=path))


@app.command()
@user_errors
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on (127.0.0.1: this computer only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.", min=1, max=65535)] = 8000,
    browser: Annotated[bool, typer.Option("--browser/--no-browser", help="Open the page in the web browser.")] = True,
    lang: LangOption = Language.fr,
) -> None:
    """A web page on this computer: make a kit, draw a digit, run the lesson on the projector."""
    from .web.serve import run_server

    run_server(host=host, port=port, browser=browser, lang=lang.value)


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
