"""`neurones key`: the teacher key, as data (key.json) and, with the printables, as key.pdf."""

from __future__ import annotations

import sys
from pathlib import Path

from ..activity import load_activity
from ..keydata import key_json_bytes, key_to_json  # noqa: F401 (key_json_bytes: older import path)
from ..core.kit import check_emoji_art
from ..network import Network
from ..output import write_files
from ..selection import choose_exercises


def run_key(
    *,
    activity_path: Path | None,
    counts: str | None = None,
    counts_file: Path | None = None,
    json_to: str | None = None,
    out: Path,
    force: bool = False,
    pdf: bool = True,
    lang: str = "fr",
    paper: str = "a4",
    color: bool = True,
    label: str = "",
    number: int | None = None,
    digits: str | None = None,
    seed: int = 2026,
    exercises_from: Path | None = None,
) -> list[Path]:
    """Compute every exercise's trace; print key.json (`json_to="-"`) or write it to `out`
    with key.pdf beside it (unless `pdf` is False)."""
    activity = load_activity(activity_path)
    exercises = choose_exercises(
        activity, counts=counts, counts_file=counts_file, exercises_from=exercises_from, number=number,
        digits=digits, seed=seed,
    )  # fmt: skip
    traces = Network(activity).trace_all(exercises)
    data = key_json_bytes(key_to_json(activity, traces))
    if json_to == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return []
    folder, name = (Path(json_to).parent, Path(json_to).name) if json_to is not None else (Path(out), "key.json")
    files = {name: data}
    if pdf:
        from ..documents.key import key_pdf

        check_emoji_art(activity, color=color)
        files["key.pdf"] = key_pdf(activity, exercises, traces, lang=lang, paper=paper, color=color, label=label)
    return write_files(folder, files, force=force)
