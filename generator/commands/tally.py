"""`neurones tally`: the learning round on its own: tally.pdf, tally_key.pdf and learning.json.

By default the round is built from the kit's exercises (same --seed,
--exercises, --digits, --counts-file, --exercises-from as `neurones kit`), so
the key matches the grids the class filled in; `--examples seed` uses the
seed's 16 examples instead. The "after" side is always the printed rule
applied by the class (learning_round.py); gradient training is `neurones train`.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import UserError
from ..output import check_destination, write_files

METHODS = ("thresholds",)  # what a class does with pencils
EXAMPLE_SETS = ("kit", "seed")


def run_tally(
    *,
    activity_path: Path | None,
    method: str = "thresholds",
    examples: str = "kit",
    lang: str = "fr",
    paper: str = "a4",
    color: bool = True,
    seed: int = 2026,
    number: int | None = None,
    digits: str | None = None,
    counts_file: Path | None = None,
    exercises_from: Path | None = None,
    out: Path,
    force: bool = False,
    label: str = "",
) -> list[Path]:
    if method not in METHODS:
        raise UserError("tally.bad_method", value=method, known=", ".join(METHODS))
    if examples not in EXAMPLE_SETS:
        raise UserError("train.bad_examples", value=examples, known=", ".join(EXAMPLE_SETS))
    from ..documents.tally import TALLY_FILES, tally_files

    check_destination(out, list(TALLY_FILES), force=force)
    from ..core.kit import kit_input

    if examples == "seed":
        from ..activity import load_activity
        from ..exercises import seed_exercises
        from ..network import Network

        activity = load_activity(activity_path)
        exercises = tuple(e for e in seed_exercises(activity) if e.label in activity.digits)
        network = Network(activity)
        traces = tuple(network.forward(e.counts, exercise_id=e.id, label=e.label) for e in exercises)
    else:
        kit = kit_input(activity_path=activity_path, number=number, digits=digits, seed=seed,
                        counts_file=counts_file, exercises_from=exercises_from)  # fmt: skip
        activity, exercises, traces = kit.activity, kit.exercises, kit.traces
    files = tally_files(activity, exercises, traces, lang=lang, paper=paper, color=color, label=label)
    return write_files(out, files, force=force)
