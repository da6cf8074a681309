"""Which exercises a command works on: typed counts, a counts file, or the defaults."""

from __future__ import annotations

from pathlib import Path

from .activity import Activity
from .errors import UserError
from .exercises import Exercise, parse_counts, read_counts_file, seed_exercises


def choose_exercises(
    activity: Activity,
    *,
    counts: str | None = None,
    counts_file: Path | None = None,
    number: int | None = None,
) -> list[Exercise]:
    if counts is not None and counts_file is not None:
        raise UserError("cli.counts_and_file")
    if counts is not None:
        return [parse_counts(counts, activity)]
    if counts_file is not None:
        return read_counts_file(counts_file, activity)
    exercises = seed_exercises(activity)
    if number is not None:
        if not 1 <= number <= len(exercises):
            raise UserError("cli.exercises_range", value=number, most=len(exercises))
        exercises = exercises[:number]
    return exercises
