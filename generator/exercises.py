"""Exercises: the emoji counts pupils work from, with the true digit when known.

Counts come from a drawn digit (digits.py), from the seed's 16 examples, or
typed by the teacher (`--counts`, `--counts-file`). Every way in is checked
here against the activity: a count can be neither negative nor more than the
cells that emoji has on the grid.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from .activity import Activity
from .errors import Place, UserError
from .inputs import read_user_text
from .resources import data_dir

MAX_EXERCISES = 1000
_WHOLE = re.compile(r"-?[0-9]+")  # a minus sign is read, to say the count is negative


@dataclass(frozen=True)
class Exercise:
    id: str
    counts: tuple[int, ...]
    label: int | None = None
    ink: tuple[tuple[int, ...], ...] | None = None  # rows × cols of 0/1 on the activity grid
    source: str = ""

    def __post_init__(self) -> None:
        # Ids are printed on every sheet; one taken from a file name could be in
        # a script the page font cannot write (see render/fonts.py).
        from .render.fonts import describe_characters, unprintable

        missing = unprintable(self.id)
        if missing:
            raise UserError("exercises.unprintable_id", id=self.id[:40], chars=describe_characters(missing))

    def __repr__(self) -> str:
        label = "?" if self.label is None else self.label
        drawn = f", ink {len(self.ink)}×{len(self.ink[0])}" if self.ink else ""
        return f"Exercise({self.id}: digit {label}, counts {list(self.counts)}{drawn})"


def check_counts(counts: list[str] | tuple, activity: Activity, *, where: Place) -> tuple[int, ...]:
    """Whole counts, one per emoji, each between 0 and that emoji's cells on the grid."""
    expected = len(activity.emoji)
    if len(counts) != expected:
        raise UserError("counts.how_many", where=where, expected=expected, found=len(counts))
    values = []
    for i, (text, most) in enumerate(zip(counts, activity.max_counts)):
        emoji = activity.emoji[i].char
        text = str(text).strip()
        # ASCII digits only: int() would also read "1_0" as 10 and "٦" as 6.
        if not _WHOLE.fullmatch(text):
            raise UserError("counts.not_whole", where=where, emoji=emoji, value=text[:20])
        if len(text) > 12:  # far more than any grid has cells, and too long for int() past 4300 digits
            code = "counts.negative" if text.startswith("-") else "counts.too_many"
            raise UserError(code, where=where, emoji=emoji, value=text[:12] + "…", most=most)
        value = int(text)
        if value < 0:
            raise UserError("counts.negative", where=where, emoji=emoji, value=value)
        if value > most:
            raise UserError("counts.too_many", where=where, emoji=emoji, value=value, most=most)
        values.append(value)
    return tuple(values)


def check_label(text: str, activity: Activity, *, where: Place) -> int | None:
    text = text.strip()
    if text == "":
        return None
    if text not in {str(d) for d in activity.digits}:
        raise UserError("counts.bad_label", where=where, value=text[:20], digits=activity.digits)
    return int(text)


def check_any_digit(text: str, *, where: Place) -> int | None:
    """The true digit of a drawing: any digit 0–9, as `neurones digit --label` and the web page's digit take it.

    One the network never learned (an 8) is kept, so the verdict can say so;
    exercises and counts files take only the network's digits (check_label).
    """
    text = text.strip()
    if text == "":
        return None
    if len(text) == 1 and text in "0123456789":
        return int(text)
    raise UserError("digit.bad_label", where=where, value=text[:20])


def parse_counts(text: str, activity: Activity) -> Exercise:
    """`--counts 6,4,9,6,6,7` (commas, semicolons or spaces)."""
    parts = [p for p in text.replace(";", ",").replace(" ", ",").split(",") if p != ""]
    return Exercise("counts-1", check_counts(parts, activity, where=Place("--counts")))


def read_counts_file(path: Path, activity: Activity) -> list[Exercise]:
    """One exercise a line: six counts, optional true digit; header, comments and blank lines allowed."""
    text = read_user_text(path, not_text="file.not_text")
    name = Path(path).name
    exercises = []
    n_emoji = len(activity.emoji)
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        # Spreadsheets in French locales export with ';', others with ',' or tabs.
        delimiter = ";" if ";" in line else ("\t" if "\t" in line else ",")
        cells = next(csv.reader(io.StringIO(line), delimiter=delimiter))
        where = Place(name, number)
        if not exercises and cells and not _WHOLE.fullmatch(cells[0].strip()):
            continue  # a header line
        if len(cells) not in (n_emoji, n_emoji + 1):
            raise UserError("counts.how_many_columns", where=where, expected=n_emoji, found=len(cells))
        counts = check_counts(cells[:n_emoji], activity, where=where)
        label = check_label(cells[n_emoji], activity, where=where) if len(cells) > n_emoji else None
        exercises.append(Exercise(f"{len(exercises) + 1:02d}", counts, label, source=f"{name}:{number}"))
        if len(exercises) > MAX_EXERCISES:
            raise UserError("counts.too_many_lines", file=name, limit=MAX_EXERCISES)
    if not exercises:
        raise UserError("counts.empty_file", file=name)
    return exercises


def seed_exercises(activity: Activity) -> list[Exercise]:
    """The seed script's 16 examples, known only by their counts."""
    exercises = read_counts_file(data_dir() / "seed_examples.csv", activity)
    return [Exercise(f"seed-{i:02d}", e.counts, e.label, source="seed") for i, e in enumerate(exercises, start=1)]
