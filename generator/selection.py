"""Which exercises a command works on: typed counts, a counts file, exercises
made with `neurones digit`, or the defaults."""

from __future__ import annotations

from pathlib import Path

from .activity import Activity
from .errors import UserError
from .exercises import Exercise, parse_counts, read_counts_file, seed_exercises

DEFAULT_EXERCISES = 8


def choose_exercises(
    activity: Activity,
    *,
    counts: str | None = None,
    counts_file: Path | None = None,
    exercises_from: Path | None = None,
    number: int | None = None,
    digits: tuple[int, ...] | None = None,
    seed: int = 2026,
) -> list[Exercise]:
    """Exactly one source: --counts, --counts-file, --exercises-from, or the default set.

    The default set is the seed's 16 examples (first `number` of them) until the
    digit bank provides drawn digits.
    """
    given = [x for x in (counts, counts_file, exercises_from) if x is not None]
    if len(given) > 1:
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
