"""`neurones tally`: tally sheets for unplugged learning (tally.pdf) and their key (tally_key.pdf).

The key's "after" side is the network after learning: threshold moves by
default (what a class does by hand), or a gradient method rounded to 0.1.
"""

from __future__ import annotations

from pathlib import Path

from ..activity import load_activity
from ..learning import learn_thresholds, tallies, traces
from ..output import check_destination, write_files
from .train import EXAMPLE_SETS, METHODS, PRECISIONS, load_examples, train
from ..errors import UserError

TALLY_FILES = ("tally.pdf", "tally_key.pdf")
BANK_TALLY_SIZE = 16  # a class tallies a handful of examples, as in the seed


def run_tally(
    *,
    activity_path: Path | None,
    method: str = "thresholds",
    examples: str = "seed",
    lang: str = "fr",
    paper: str = "a4",
    color: bool = True,
    seed: int = 2026,
    out: Path,
    force: bool = False,
    label: str = "",
) -> list[Path]:
    if method not in METHODS:
        raise UserError("train.bad_method", value=method, known=METHODS)
    if examples not in EXAMPLE_SETS:
        raise UserError("train.bad_examples", value=examples, known=EXAMPLE_SETS)
    check_destination(out, list(TALLY_FILES), force=force)
    from ..documents.tally import tally_key_pdf, tally_pdf

    activity = load_activity(activity_path)
    chosen = load_examples(activity, examples, seed=seed, size=BANK_TALLY_SIZE)
    exercises = chosen.train
    if method == "thresholds":
        after_activity, steps = learn_thresholds(activity, exercises)
    else:
        result = train(activity, chosen, method=method, precision=PRECISIONS["0.1"])
        after_activity, steps = result.trained, None
    before = tallies(activity, exercises)
    after = tallies(after_activity, exercises)
    files = {
        TALLY_FILES[0]: tally_pdf(activity, before, lang=lang, paper=paper, color=color, label=label),
        TALLY_FILES[1]: tally_key_pdf(
            activity, before, after, after_activity, steps, traces(activity, exercises),
            traces(after_activity, exercises), lang=lang, paper=paper, color=color, label=label,
        ),  # fmt: skip
    }
    return write_files(out, files, force=force)
