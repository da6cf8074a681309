"""The network's answers for the drawing page and the board: a digit's counts and its exercise as in key.json."""

from __future__ import annotations

from functools import cache

from ..activity import Activity, load_activity
from ..digits import exercise_from_ink, exercise_to_json, image_exercise, parse_text_grid
from ..errors import Place, UserError
from ..exercises import check_any_digit, check_counts, check_label
from ..keydata import key_to_json, trace_to_json
from ..network import Network
from ..numbers import to_json
from .problems import WebError
from .uploads import MAX_FIELD_BYTES, Upload, place_uploads, request_folder

MAX_IMAGE_BYTES = 15_000_000
MAX_IMAGE_PIXELS = 40_000_000  # a 40-megapixel phone photo; checked from the header, before decoding
DRAWING_ID = "drawing"


@cache
def default_activity() -> Activity:
    return load_activity(None)


@cache
def network() -> Network:
    return Network(default_activity())


def exercise_json(exercise, activity: Activity) -> dict:
    """`digit --json -` (ink, counts) plus id, label and the engine's trace as in key.json."""
    trace = network().forward(exercise.counts, exercise_id=exercise.id, label=exercise.label)
    data = {k: v for k, v in exercise_to_json(exercise, activity).items() if k in ("ink", "counts")}
    keyed = trace_to_json(activity, trace)
    return {**data, "id": keyed["id"], "label": keyed["label"],
            **{k: keyed[k] for k in ("hidden", "outputs", "answer")}}  # fmt: skip


def digit_answer(fields: dict[str, str], uploads: dict[str, Upload]) -> dict:
    """POST /api/digit: a text grid (field `text`) or a photo (file `image`), optional `label`."""
    activity = default_activity()
    text, image = fields.get("text"), uploads.get("image")
    if (text is None or text.strip() == "") == (image is None):
        raise WebError(422, "web.digit_source")
    label = check_any_digit(fields["label"], where=Place("label")) if fields.get("label") else None  # as `digit --label`
    if image is None:
        if len(text.encode()) > MAX_FIELD_BYTES:
            raise UserError("digit.text_too_big", file="text", limit=MAX_FIELD_BYTES)
        ink = parse_text_grid(text, activity.grid.rows, activity.grid.cols, name="text")
        return exercise_json(exercise_from_ink(ink, activity, id=DRAWING_ID, label=label, source="web"), activity)
    check_image_size(image)
    with request_folder() as folder:
        path = place_uploads(folder, {"image": image})["image"]
        exercise = image_exercise(path, activity, label=label)  # the importer `neurones digit --image` uses
    return exercise_json(exercise, activity)


def check_image_size(image: Upload) -> None:
    """Bytes and pixels within the web's limits, read from the header without decoding the picture."""
    import io
    import warnings

    from PIL import Image

    if len(image.data) > MAX_IMAGE_BYTES:
        raise UserError("image.file_too_big", file=image.name, limit=MAX_IMAGE_BYTES)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(image.data)) as picture:
                width, height = picture.size
    except Exception:  # not an image: the importer gives its own message
        return
    if width * height > MAX_IMAGE_PIXELS:
        raise UserError("image.too_large", file=image.name, limit=MAX_IMAGE_PIXELS // 1_000_000)


def key_answer(document: object) -> dict:
    """POST /api/key: {"counts": [six whole numbers]} → one exercise as in key.json."""
    activity = default_activity()
    if not isinstance(document, dict) or not isinstance(document.get("counts"), list):
        raise WebError(422, "web.counts_json", example='{"counts": [6, 4, 9, 6, 6, 7]}')
    values = document["counts"]
    if any(isinstance(v, bool) or not isinstance(v, (int, str)) for v in values):
        raise WebError(422, "web.counts_json", example='{"counts": [6, 4, 9, 6, 6, 7]}')
    counts = check_counts([str(v) for v in values], activity, where=Place("counts"))
    label = document.get("label")
    label = check_label(str(label), activity, where=Place("label")) if label not in (None, "") else None
    ident = document.get("id") if isinstance(document.get("id"), str) else "counts-1"
    return trace_to_json(activity, network().forward(counts, exercise_id=ident[:80], label=label))


def kit_key_json(number: int | None, digits: str | None, seed: int) -> dict:
    """key.json of the default kit with these options (the board picks an exercise from it by id)."""
    from ..selection import choose_exercises

    activity = default_activity()
    exercises = choose_exercises(activity, number=number, digits=digits, seed=seed)
    traces = [network().forward(e.counts, exercise_id=e.id, label=e.label) for e in exercises]
    document = key_to_json(activity, traces)
    for entry, exercise in zip(document["exercises"], exercises):
        if exercise.ink is not None:
            entry["ink"] = [list(row) for row in exercise.ink]
    return document


def activity_json(lang: str) -> dict:
    """What the pages need to draw the grid and the board: emoji, grid, neurons with weights and thresholds."""
    from ..render.emoji import emoji_hex

    activity = default_activity()
    return {
        "name": activity.name,
        "emoji": [{"char": e.char, "name": e.name(lang), "hex": emoji_hex(e.char)} for e in activity.emoji],
        "grid": {"rows": activity.grid.rows, "cols": activity.grid.cols, "cells": [list(r) for r in activity.grid.cells]},
        "hidden": [{"neuron": n.name, "threshold": to_json(n.threshold), "terms": terms_json(activity, n)}
                   for n in activity.hidden],
        "outputs": [{"neuron": n.name, "digit": n.digit, "label": n.label(lang), "color": n.color,
                     "threshold": to_json(n.threshold),
                     "terms": terms_json(activity, n)}
                    for n in activity.outputs],
    }  # fmt: skip


def terms_json(activity, neuron) -> list[list]:
    """[input, weight] pairs of a calculation, in the role cards' order (generator.terms)."""
    from ..terms import terms

    return [[term.name, to_json(term.weight)] for term in terms(activity, neuron)]
