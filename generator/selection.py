"""Which exercises a command works on: typed counts, a counts file, exercises
made with `neurones digit`, or the defaults (balanced digits from the bank)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .activity import Activity
from .errors import UserError
from .exercises import Exercise, parse_counts, read_counts_file

DEFAULT_EXERCISES = 8


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

    The default set is `number` digits of the bank's held-out part (8 unless
    told), balanced over `digits` (every digit of the activity unless told),
    drawn with `seed`: the same seed gives the same exercises. About one in
    four of them (2 of 8) is a digit the network gets wrong in a way the
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
    return bank_exercises(activity, number=DEFAULT_EXERCISES if number is None else number, digits=chosen, seed=seed,
                          mistakes=True)
