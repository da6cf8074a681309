"""Exercises from drawings and files: an ink grid becomes an exercise; exercise
files (written by `neurones digit --out`) are read back and recounted."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ..activity import Activity
from ..errors import UserError
from ..inputs import read_user_file
from .grid_ink import count_emoji, ink_grid
from .photo import read_image
from .text_grid import read_text_grid

EXERCISES_FORMAT = "neurones-exercises"


def exercise_from_ink(ink: np.ndarray, activity: Activity, *, id: str, label: int | None = None, source: str = ""):
    from ..exercises import Exercise

    ink = np.asarray(ink, dtype=np.uint8)
    return Exercise(
        id=id,
        counts=count_emoji(ink, activity),
        label=label,
        ink=tuple(tuple(int(c) for c in row) for row in ink),
        source=source,
    )


def image_exercise(path: Path, activity: Activity, *, label: int | None = None, photo=None):
    """The exercise of a photo or scan; `photo` is `read_image(path)` when the caller already read it."""
    ink = ink_grid(read_image(path) if photo is None else photo, activity.grid.rows, activity.grid.cols)
    return exercise_from_ink(ink, activity, id=Path(path).stem, label=label, source=Path(path).name)


def text_exercise(path: Path, activity: Activity, *, label: int | None = None):
    ink = read_text_grid(path, activity.grid.rows, activity.grid.cols)
    return exercise_from_ink(ink, activity, id=Path(path).stem, label=label, source=Path(path).name)



def exercise_to_json(exercise, activity: Activity) -> dict:
    """One exercise as JSON: the `digit --json` contract plus id, label and source."""
    data = {"id": exercise.id, "label": exercise.label, "source": exercise.source}
    if exercise.ink is not None:
        data["ink"] = [list(row) for row in exercise.ink]
    data["counts"] = dict(zip(activity.emoji_chars, exercise.counts))
    return data


def exercises_document(exercises: Sequence, activity: Activity) -> dict:
    return {
        "format": EXERCISES_FORMAT,
        "version": 1,
        "grid": {"rows": activity.grid.rows, "cols": activity.grid.cols},
        "exercises": [exercise_to_json(e, activity) for e in exercises],
    }


def read_exercises_file(path: Path, activity: Activity) -> list:
    """Exercises written by `neurones digit --out` (or one `digit --json` object).

    The ink is the truth: counts are recounted on this activity's grid, so a
    file stays valid when the emoji layout changes. Entries without ink are
    checked like typed counts.
    """
    import json

    from ..errors import Place
    from ..exercises import MAX_EXERCISES, Exercise, check_counts, check_label

    name = Path(path).name
    raw = read_user_file(path, limit=50_000_000, too_big="exercises.too_big")
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise UserError("exercises.not_json", file=name) from None
    if isinstance(document, dict) and "exercises" in document:
        entries = document["exercises"]
    elif isinstance(document, dict) and ("ink" in document or "counts" in document):
        entries = [document]
    else:
        raise UserError("exercises.bad_format", file=name, field="exercises")
    if not isinstance(entries, list) or not entries:
        raise UserError("exercises.empty", file=name)
    if len(entries) > MAX_EXERCISES:
        raise UserError("counts.too_many_lines", file=name, limit=MAX_EXERCISES)
    rows, cols = activity.grid.rows, activity.grid.cols
    exercises, seen = [], set()
    for number, entry in enumerate(entries, start=1):
        where = Place(name, number) if len(entries) > 1 else Place(name)
        if not isinstance(entry, dict):
            raise UserError("exercises.bad_format", file=name, field=f"exercises[{number - 1}]")
        ident = entry.get("id", f"{Path(path).stem}-{number:02d}" if len(entries) > 1 else Path(path).stem)
        if not isinstance(ident, (str, int)) or isinstance(ident, bool) or str(ident).strip() == "":
            raise UserError("exercises.bad_format", file=name, field=f"exercises[{number - 1}].id")
        ident = str(ident).strip()[:80]
        if ident in seen:
            raise UserError("exercises.duplicate_id", file=name, id=ident)
        seen.add(ident)
        label = entry.get("label")
        if label is not None:
            if isinstance(label, bool) or not isinstance(label, (int, str)):
                raise UserError("exercises.bad_format", file=name, field=f"exercises[{number - 1}].label")
            label = check_label(str(label), activity, where=where)
        source = entry.get("source", name)
        source = source if isinstance(source, str) else name
        ink = entry.get("ink")
        if ink is not None:
            grid = _ink_from_json(ink, rows, cols, file=name, field=f"exercises[{number - 1}].ink")
            exercises.append(exercise_from_ink(grid, activity, id=ident, label=label, source=source))
        elif isinstance(entry.get("counts"), dict):
            counts = entry["counts"]
            values = [counts.get(char, "") for char in activity.emoji_chars]
            if set(counts) != set(activity.emoji_chars):
                raise UserError("exercises.bad_format", file=name, field=f"exercises[{number - 1}].counts")
            exercises.append(Exercise(ident, check_counts(values, activity, where=where), label, source=source))
        else:
            raise UserError("exercises.bad_format", file=name, field=f"exercises[{number - 1}].ink")
    return exercises


def _ink_from_json(ink: object, rows: int, cols: int, *, file: str, field: str) -> np.ndarray:
    if not isinstance(ink, list) or not all(isinstance(row, list) for row in ink):
        raise UserError("exercises.bad_format", file=file, field=field)
    found_cols = len(ink[0]) if ink else 0
    if len(ink) != rows or any(len(row) != cols for row in ink):
        raise UserError("exercises.grid_mismatch", file=file, found=f"{len(ink)}×{found_cols}", grid=f"{rows}×{cols}")
    if not all(type(c) is int and c in (0, 1) for row in ink for c in row):
        raise UserError("exercises.bad_format", file=file, field=field)
    return np.array(ink, dtype=np.uint8)
