"""`neurones slides`: the projector deck for the whole lesson, or for one exercise.

Without `--exercise` (and without typed counts or an exercises file) the deck
is the whole lesson; `--exercise ID`, `--counts`, `--counts-file` or
`--exercises-from` step through one exercise, as the seed's deck does.
"""

from __future__ import annotations

from pathlib import Path

from ..activity import load_activity
from ..errors import UserError
from ..network import Network
from ..output import check_destination, write_files
from ..selection import choose_exercises

FILE = "slides.pdf"


def run_slides(
    *,
    activity_path: Path | None,
    exercise_id: str | None = None,
    counts: str | None = None,
    counts_file: Path | None = None,
    exercises_from: Path | None = None,
    number: int | None = None,
    digits: str | None = None,
    seed: int = 2026,
    lang: str = "fr",
    color: bool = True,
    out: Path,
    force: bool = False,
) -> tuple[Path, int]:
    """Write slides.pdf: the whole lesson, or one exercise of the chosen set (the first unless `exercise_id`)."""
    from ..documents.slides import slide_pages, slides_pdf

    check_destination(Path(out), [FILE], force=force)
    activity = load_activity(activity_path)
    if exercise_id is None and counts is None and counts_file is None and exercises_from is None:
        from ..documents.lesson_slides import lesson_pdf

        pdf, pages = lesson_pdf(activity, lang=lang, color=color)
        return write_files(Path(out), {FILE: pdf}, force=force)[0], pages
    exercises = choose_exercises(
        activity, counts=counts, counts_file=counts_file, exercises_from=exercises_from, number=number,
        digits=digits, seed=seed,
    )  # fmt: skip
    exercise = exercises[0]
    if exercise_id is not None:
        found = [e for e in exercises if e.id == exercise_id]
        if not found and counts is None and counts_file is None and exercises_from is None:
            # Any digit of the bank by its id, e.g. one from a class kit's key.json.
            found = bank_exercise(activity, exercise_id)
        if not found:
            known = [e.id for e in exercises[:6]] + (["…"] if len(exercises) > 6 else [])
            raise UserError("slides.unknown_exercise", id=exercise_id, known=known)
        exercise = found[0]
    trace = Network(activity).trace(exercise)
    pdf = slides_pdf(activity, exercise, trace, lang=lang, color=color)
    path = write_files(Path(out), {FILE: pdf}, force=force)[0]
    return path, len(slide_pages(activity, exercise, trace))


def bank_exercise(activity, exercise_id: str) -> list:
    """The bank digit with this id, as an exercise on the activity's grid ([] when there is none)."""
    import numpy as np

    from ..bank import load_bank
    from ..digits import exercise_from_ink, ink_grid

    bank = load_bank()
    where = np.flatnonzero(bank.source_ids == exercise_id)
    if where.size == 0:
        return []
    index = int(where[0])
    ink = ink_grid(bank.images[index].astype(float) / 255.0, activity.grid.rows, activity.grid.cols)
    return [exercise_from_ink(ink, activity, id=exercise_id, label=int(bank.labels[index]), source="bank")]
