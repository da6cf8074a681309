"""Which exercises a command works on: typed counts, a counts file, exercises
made with `neurones digit`, or the defaults (balanced digits from the bank)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .activity import Activity
from .errors import UserError
from .exercises import Exercise, parse_counts, read_counts_file


def default_number(activity: Activity) -> int:
    """The default set's size: the exercises a group does in a 55-minute lesson (lesson_time's plan).

    One default for kit, key, tally and slides, so that the same --seed gives them the same exercises.
    """
    from .lesson_time import MIN_EXERCISES, plan_lesson

    try:
        return plan_lesson(55, activity=activity).exercises_per_group
    except ValueError:  # a network too slow to compute for a 55-minute lesson
        return MIN_EXERCISES


def choose_exercises(
    activity: Activity,
    *,
    counts: str | None = None,
    counts_file: Path | None = None,
    exercises_from: Path | None = None,
    number: int | None = None,
    digits: str | Sequence[int] | None = None,
    seed: int = 2026,
) -> list[Exercise]:
    """Exactly one source: --counts, --counts-file, --exercises-from, or the default set.

    The default set is `number` digits of the bank's held-out part (as many
    as a 55-minute lesson holds unless told: default_number), balanced over `digits` (every digit of the activity unless told),
    drawn with `seed`: the same seed gives the same exercises. About one in
    four of them (digits.bank_draw.mistakes_for) is a digit the network gets wrong in a way the
    learning round's rule fixes, so that the class has something to learn
    (digits.bank_draw.fixable_mistakes; the tally key says so).
    """
    given = [x for x in (counts, counts_file, exercises_from) if x is not None]
    if len(given) > 1:
        raise UserError("cli.counts_and_file" if exercises_from is None else "cli.exercise_sources")
    if counts is not None:
        return [parse_counts(counts, activity)]
    if counts_file is not None:
        return read_counts_file(counts_file, activity)
    from .digits import bank_exercises, parse_digits, read_exercises_file

    if exercises_from is not None:
        try:
            return read_exercises_file(exercises_from, activity)
        except RecursionError:  # JSON lists nested thousands deep
            raise UserError("exercises.too_deep", file=Path(exercises_from).name) from None
    chosen = parse_digits(digits, activity)
    return bank_exercises(activity, number=default_number(activity) if number is None else number, digits=chosen,
                          seed=seed, mistakes=True)
