"""`neurones train`: check the options, train through the core, write the trained activity.

Writes the trained network as a new activity file (`--out trained.toml`),
prints it as JSON (`--json -`, docs/design.md schema) and, with `--report`, the
training report PDF. What to learn from and how lives in core/training.py;
warnings the teacher must read (examples counted on another grid, cards not
for 9-year-olds) go to stderr in the teacher's language.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..activity import load_activity
from ..activity_file import activity_to_toml
from ..core.training import (
    DEFAULT_EXAMPLES,
    DEFAULT_PRECISION,
    EXAMPLE_SETS,
    METHODS,
    PRECISIONS,
    TrainResult,
    report_distributions,
    summary_text,
    train_activity,
    train_to_json,
)

from ..errors import UserError, message
from ..output import check_destination, write_files

TRAINED_FILE = "trained.toml"
REPORT_FILE = "training_report.pdf"


def check_options(
    *, method: str, examples: str | None, precision: str | None, json_to: str | None
) -> tuple[str, str]:
    """The examples and precision to use (each method's defaults when not given), or a UserError."""
    if method not in METHODS:
        raise UserError("train.bad_method", value=method, known=METHODS)
    if examples is not None and examples not in EXAMPLE_SETS:
        raise UserError("train.bad_examples", value=examples, known=EXAMPLE_SETS)
    if precision is not None and precision not in PRECISIONS:
        raise UserError("train.bad_precision", value=precision, known=tuple(PRECISIONS))
    if json_to is not None and json_to != "-":
        raise UserError("train.json_stdout_only", value=json_to)
    return (DEFAULT_EXAMPLES[method] if examples is None else examples,
            DEFAULT_PRECISION[method] if precision is None else precision)  # fmt: skip


def _warn(result: TrainResult, lang: str) -> None:
    """What the teacher must know before printing a kit of this network, on stderr (stdout may be JSON)."""
    if result.foreign_examples:
        sys.stderr.write(message(lang, "train.foreign_examples") + "\n")
    if not result.child_computable:
        sys.stderr.write(message(lang, "train.not_for_children") + "\n")


def _destination(out: Path | None, json_to: str | None) -> tuple[Path, str] | None:
    """(folder, activity file name), or None when only JSON is asked for."""
    if out is None:
        if json_to == "-":
            return None
        out = Path("output")
    if out.suffix.lower() == ".toml":
        return out.parent, out.name
    return out, TRAINED_FILE


def run_train(
    *,
    activity_path: Path | None,
    method: str = "fast",
    examples: str | None = None,
    precision: str | None = None,
    json_to: str | None = None,
    out: Path | None = None,
    report: bool = False,
    lang: str = "fr",
    paper: str = "a4",
    color: bool = True,
    seed: int = 2026,
    force: bool = False,
) -> tuple[TrainResult, list[Path]]:
    """Train, then print the JSON and/or write the trained activity (and report)."""
    examples, precision = check_options(method=method, examples=examples, precision=precision, json_to=json_to)
    destination = _destination(out, json_to)
    if report and destination is None:
        destination = (Path("output"), TRAINED_FILE)
    if destination is not None:
        folder, name = destination
        check_destination(folder, [name] + ([REPORT_FILE] if report else []), force=force)
    activity = load_activity(activity_path)
    result = train_activity(activity, method=method, examples=examples, precision=precision, seed=seed)
    _warn(result, lang)
    if json_to == "-":
        sys.stdout.buffer.write((json.dumps(train_to_json(result), ensure_ascii=False, indent=2) + "\n").encode())
        sys.stdout.flush()
    if destination is None:
        return result, []
    folder, name = destination
    from ..words import words_for  # Jinja2 only when words are written, so `--json -` starts faster

    header = words_for(lang).render("trained_header.txt.j2", result=result)
    files = {name: activity_to_toml(result.trained, folder=folder.resolve(), header=header).encode("utf-8")}
    if report:
        from ..documents.report import report_pdf

        summary = summary_text(result, lang).split("\n\n")[0].splitlines()
        files[REPORT_FILE] = report_pdf(result, report_distributions(result), summary, lang=lang, paper=paper,
                                        color=color)  # fmt: skip
    return result, write_files(folder, files, force=force)
