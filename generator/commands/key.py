"""`neurones key`: the teacher key, as data (key.json) and, with the printables, as key.pdf."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..activity import load_activity
from ..keydata import key_to_json
from ..network import Network
from ..output import write_files
from ..selection import choose_exercises


def key_json_bytes(document: dict) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def run_key(
    *,
    activity_path: Path | None,
    counts: str | None = None,
    counts_file: Path | None = None,
    json_to: str | None = None,
    out: Path,
    force: bool = False,
) -> list[Path]:
    """Compute every exercise's trace; print key.json (`json_to="-"`) or write it to `out`."""
    activity = load_activity(activity_path)
    exercises = choose_exercises(activity, counts=counts, counts_file=counts_file)
    network = Network(activity)
    traces = [network.forward(e.counts, exercise_id=e.id, label=e.label) for e in exercises]
    data = key_json_bytes(key_to_json(activity, traces))
    if json_to == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return []
    if json_to is not None:
        target = Path(json_to)
        return write_files(target.parent, {target.name: data}, force=force)
    return write_files(out, {"key.json": data}, force=force)
