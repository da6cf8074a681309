"""`neurones digit`: a digit exercise from a photo or scan, a text grid, or the bank.

Writes, in `out`, the exercises file (for `--exercises-from`), a preview PDF
of the emoji calculation sheet(s) and the key as data; or prints the JSON.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import replace
from pathlib import Path

from ..activity import load_activity
from ..digits import (
    bank_exercises,
    exercise_to_json,
    exercises_document,
    grid_to_text,
    image_exercise,
    parse_digits,
    text_exercise,
)
from ..errors import Place, UserError
from ..exercises import check_any_digit
from ..keydata import key_to_json
from ..network import Network
from ..output import check_destination, write_files

def json_bytes(document: object) -> bytes:
    """Indented JSON with each ink row on one line, so a person sees the digit in the file."""
    text = json.dumps(document, ensure_ascii=False, indent=2)
    text = _INK_ROW.sub(lambda m: "[" + re.sub(r"\s+", "", m.group(1)).replace(",", ", ") + "]", text)
    return (text + "\n").encode("utf-8")


_INK_ROW = re.compile(r"\[\s*((?:[01],\s*)*[01])\s*\]")


def make_exercises(activity, *, image: Path | None, text: Path | None, bank: int | None, digits: str | None,
                   seed: int, label: str | None) -> tuple[list, str, object]:  # fmt: skip
    """The exercises, the stem of the files they go to, and a photo's cleaned ink (read once) or None."""
    sources = [x for x in (image, text, bank) if x is not None]
    if len(sources) != 1:
        raise UserError("digit.one_source")
    true_digit = check_any_digit(label, where=Place("--label")) if label is not None else None
    if image is not None:
        from ..digits.photo import read_image

        photo = read_image(image)
        return [image_exercise(image, activity, label=true_digit, photo=photo)], Path(image).stem, photo
    if text is not None:
        return [text_exercise(text, activity, label=true_digit)], Path(text).stem, None
    chosen = parse_digits(digits, activity)
    exercises = bank_exercises(activity, number=bank, digits=chosen, seed=seed, option="--bank")
    return exercises, f"bank-{bank}-seed{seed}", None


def run_digit(
    *,
    activity_path: Path | None,
    image: Path | None = None,
    text: Path | None = None,
    bank: int | None = None,
    digits: str | None = None,
    seed: int,
    label: str | None = None,
    json_to: str | None = None,
    out: Path,
    lang: str,
    paper: str,
    color: bool,
    force: bool = False,
) -> tuple[list[Path], str]:
    """(files written, text for the terminal)."""
    activity = load_activity(activity_path)
    exercises, stem, photo = make_exercises(activity, image=image, text=text, bank=bank, digits=digits, seed=seed, label=label)
    single = bank is None
    if single:
        # The `digit --json` contract of docs/design.md: the ink and the counts.
        contract = {k: v for k, v in exercise_to_json(exercises[0], activity).items() if k in ("ink", "counts")}
        data = json_bytes(contract)
    else:
        data = json_bytes(exercises_document(exercises, activity))
    if json_to == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return [], ""
    if json_to is not None:
        target = Path(json_to)
        return write_files(target.parent, {target.name: data}, force=force), ""

    names = {"exercises": f"{stem}-exercises.json", "preview": f"{stem}-preview.pdf", "key": f"{stem}-key.json",
             "page": f"{stem}-verdict.pdf"}  # fmt: skip
    check_destination(out, list(names.values()), force=force)  # before the slow PDF
    from ..commands.key import key_json_bytes
    from ..documents.key import digit_page_pdf
    from ..documents.sheets import sheets_pdf

    traces = Network(activity).trace_all(exercises)
    pictures = {exercises[0].id: cleaned_picture(photo)} if photo is not None else None
    files = {
        names["exercises"]: json_bytes(learned_only(exercises_document(exercises, activity), activity)),
        names["preview"]: sheets_pdf(activity, exercises, traces, lang=lang, paper=paper, color=color,
                                       pictures=pictures),
        names["key"]: key_json_bytes(key_to_json(activity, traces)),
        names["page"]: digit_page_pdf(activity, exercises, traces, lang=lang, paper=paper, color=color,
                                      pictures=pictures),
    }
    written = write_files(out, files, force=force)
    summary = ""
    if single:
        exercise = exercises[0]
        counts = "  ".join(f"{c} {n}" for c, n in zip(activity.emoji_chars, exercise.counts))
        summary = grid_to_text(exercise.ink) + counts + "\n"
    return written, summary


PICTURE_SIDE = 40  # pixels a side of the cleaned photo printed beside the grid


def cleaned_picture(ink):
    """The photo as the grid saw it (`read_image`: cleaned, cropped to the ink), at most PICTURE_SIDE pixels a
    side, 0 … 255 ink."""
    import numpy as np
    from PIL import Image

    from ..digits import ink_bounds

    rows, cols = ink_bounds(ink)
    cropped = ink[rows, cols]
    scale = PICTURE_SIDE / max(cropped.shape)
    size = (max(1, round(cropped.shape[1] * scale)), max(1, round(cropped.shape[0] * scale)))
    small = Image.fromarray(np.round(cropped * 255).astype(np.uint8), "L").resize(size, Image.Resampling.BOX)
    picture = np.zeros((PICTURE_SIDE + 4, PICTURE_SIDE + 4), dtype=np.uint8)  # a little paper around it
    top, left = (picture.shape[0] - size[1]) // 2, (picture.shape[1] - size[0]) // 2
    picture[top : top + size[1], left : left + size[0]] = np.asarray(small)
    return picture


def learned_only(document: dict, activity) -> dict:
    """The exercises file keeps only labels the network knows (so `--exercises-from` reads it);
    a digit it never learned is kept as "not_learned"."""
    for entry in document["exercises"]:
        if entry.get("label") is not None and entry["label"] not in activity.digits:
            entry["not_learned"] = entry["label"]
            entry["label"] = None
    return document


# --- `digit --sheet`: the collection sheets of `neurones collect`, scanned ---

SHEET_FILES = ("class_digits.json", "class_digits-preview.pdf")


def run_digit_sheet(
    *, activity_path: Path | None, sheets: list[Path], roster: Path | None = None, json_to: str | None = None,
    out: Path, lang: str, paper: str, color: bool, force: bool = False,
) -> tuple[list[Path], str]:  # fmt: skip
    """Read scanned collection sheets: (files written, summary for the terminal)."""
    from ..roster import read_roster
    from ..errors import message
    from ..scan.sheet import read_sheets

    activity = load_activity(activity_path)
    names = read_roster(roster) if roster is not None else None
    if json_to is None:
        check_destination(out, list(SHEET_FILES), force=force)  # before the slow reading
    pages, readings = read_sheets(sheets, activity, names=names)
    drawn = [r for page in readings for r in page if not r.empty]
    if not drawn:
        raise UserError("sheet.no_digits", file=", ".join(Path(s).name for s in sheets))
    boxes = [{"page": r.page, "box": r.box, "label": r.label, "ink": [list(row) for row in r.exercise.ink],
              "counts": dict(zip(activity.emoji_chars, r.exercise.counts)), "flags": r.flags} for r in drawn]  # fmt: skip
    if json_to is not None:
        data = json_bytes(boxes)
        if json_to == "-":
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
            return [], ""
        target = Path(json_to)
        return write_files(target.parent, {target.name: data}, force=force), ""
    from ..documents.collect_preview import preview_pdf

    where = {page.number: page for page in pages}
    exercises = [replace(r.exercise, source=f"{where[r.page].source} p{where[r.page].index} b{r.box}") for r in drawn]
    document = exercises_document(exercises, activity)
    for entry, reading in zip(document["exercises"], drawn):
        if reading.name is not None:
            entry["name"] = reading.name
        if reading.flags:
            entry["flags"] = reading.flags
    files = {
        SHEET_FILES[0]: json_bytes(document),
        SHEET_FILES[1]: preview_pdf(activity, pages, readings, lang=lang, paper=paper, color=color),
    }
    written = write_files(out, files, force=force)
    empty = sum(r.empty for page in readings for r in page)
    flagged = sum(bool(r.flags) for r in drawn)
    return written, message(lang, "sheet.summary", pages=len(pages), digits=len(drawn), empty=empty,
                            flagged=flagged) + "\n"  # fmt: skip
