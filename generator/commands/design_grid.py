"""`neurones design-grid`: search the emoji layout of the grid and write the activity with it."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from ..activity import MAX_GRID_SIDE, NO_EMOJI, Activity, activity_from_dict, load_activity
from ..digits import bank_ink
from ..errors import UserError
from ..grid_design import (
    MIN_CELLS_PER_EMOJI,
    SEED_MOVE,
    GridDesign,
    balanced_layout,
    design_grid,
    layout_accuracy,
    layout_counts,
)
from ..inputs import read_user_file
from ..output import check_destination, write_files
from ..resources import default_activity_path
from ..words import words_for

MAX_ITERATIONS = 1_000_000  # swaps tried by the search: about 5 minutes on a laptop
_HEADER = re.compile(r"^\s*\[\[?\s*[A-Za-z_]")


def grid_section_lines(design: GridDesign) -> list[str]:
    rows = design.toml_rows()
    return [f"rows = {design.rows}", f"cols = {design.cols}", "cells = [", *(f'  "{r}",' for r in rows), "]"]


def replace_grid(text: str, design: GridDesign) -> str | None:
    """The activity file's text with its [grid] section's rows, cols and cells replaced; comments kept.

    None when the section is not laid out as `rows = `, `cols = `, `cells = [ ... ]` lines.
    """
    lines = text.split("\n")
    try:
        start = next(i for i, line in enumerate(lines) if line.strip() == "[grid]")
    except StopIteration:
        return None
    end = next((i for i in range(start + 1, len(lines)) if _HEADER.match(lines[i])), len(lines))
    body = lines[start + 1 : end]
    keys = [i for i, line in enumerate(body) if re.match(r"^\s*(rows|cols|cells)\s*=", line)]
    if len(keys) != 3:
        return None
    first = keys[0]
    cells_at = next(i for i in keys if body[i].strip().startswith("cells"))
    close = next((i for i in range(cells_at, len(body)) if body[i].rstrip().endswith("]")), None)
    if close is None or cells_at != keys[-1] or close < first:
        return None
    new_body = body[:first] + grid_section_lines(design) + body[close + 1 :]
    return "\n".join(lines[: start + 1] + new_body + lines[end:])


def after_learning(activity: Activity, design: GridDesign) -> tuple[float, float] | None:
    """(train, held-out) accuracy after the class's threshold learning on every training digit, when that exists."""
    try:
        from ..learning import learn_thresholds
    except ImportError:
        return None
    import numpy as np

    from ..digits import exercise_from_ink

    data = bank_ink(design.rows, design.cols)
    grid_activity = _with_grid(activity, design)
    exercises = [
        exercise_from_ink(data.ink[i].reshape(design.rows, design.cols), grid_activity,
                          id=str(data.source_ids[i]), label=int(data.labels[i]))
        for i in np.flatnonzero(~data.held_out)
    ]  # fmt: skip
    learned, _ = learn_thresholds(grid_activity, exercises)
    return (
        layout_accuracy(learned, design.cells, data, "train"),
        layout_accuracy(learned, design.cells, data, "held_out"),
    )


def _with_grid(activity: Activity, design: GridDesign) -> Activity:
    from dataclasses import replace

    return replace(activity, grid=design.grid())


def check_size(activity: Activity, rows: int, cols: int) -> None:
    n = len(activity.emoji)
    low = 1
    while low * low < n * MIN_CELLS_PER_EMOJI:
        low += 1
    if not (1 <= rows <= MAX_GRID_SIDE and 1 <= cols <= MAX_GRID_SIDE) or rows * cols < n * MIN_CELLS_PER_EMOJI:
        raise UserError("design.grid_size", rows=rows, cols=cols, low=low, high=MAX_GRID_SIDE, cells=MIN_CELLS_PER_EMOJI)


def run_design_grid(
    *,
    activity_path: Path | None,
    rows: int,
    cols: int,
    iterations: int,
    seed: int,
    out: Path,
    lang: str,
    force: bool = False,
    json_to: str | None = None,
    learn: bool = True,
) -> tuple[list[Path], str]:
    """(files written, report): the designed layout, its accuracy, and the activity file that ships it."""
    if not 0 <= iterations <= MAX_ITERATIONS:  # the search's cost grows with it: about 5 minutes at the most
        raise UserError("design.iterations_range", value=iterations, most=MAX_ITERATIONS)
    activity = load_activity(activity_path)
    check_size(activity, rows, cols)
    if json_to is None:
        check_destination(out, ["activity.toml"], force=force)
    design = design_grid(activity, rows=rows, cols=cols, iterations=iterations, seed=seed)
    import numpy as np

    data = bank_ink(rows, cols)
    random_layouts = np.random.default_rng(seed + 1)
    random_accuracy = float(
        np.mean([layout_accuracy(activity, balanced_layout(rows, cols, len(activity.emoji), random_layouts), data)
                 for _ in range(10)])
    )  # fmt: skip
    learned = after_learning(activity, design) if learn else None
    held_counts = layout_counts(design.cells, data.ink[data.held_out], len(activity.emoji))
    in_range = float(((held_counts >= 1) & (held_counts <= 10)).mean())
    figures = {
        "rows": rows,
        "cols": cols,
        "iterations": design.iterations,
        "seed": seed,
        "seconds": round(design.seconds, 2),
        "train_accuracy": round(design.train_accuracy, 4),
        "held_out_accuracy": round(design.held_out_accuracy, 4),
        "random_layout_held_out_accuracy": round(random_accuracy, 4),
        "counts_in_range": round(in_range, 4),
        "seed_move": {name: change for name, change in SEED_MOVE.items()},
        "held_out_accuracy_after_seed_move": round(design.held_out.after, 4),
        "train_accuracy_after_seed_move": round(design.train.after, 4),
        "held_out_within_counting_limits": round(design.held_out.within_limits, 4),
        "held_out_emoji_cells_mean": round(design.held_out.cells_mean, 2),
        "held_out_emoji_cells_p95": round(design.held_out.cells_p95, 2),
        "empty_cells": int((design.cells == NO_EMOJI).sum()),
        "learned_train_accuracy": None if learned is None else round(learned[0], 4),
        "learned_held_out_accuracy": None if learned is None else round(learned[1], 4),
        "cells": design.toml_rows(),
    }
    if json_to == "-":
        sys.stdout.buffer.write((json.dumps(figures, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
        return [], ""
    source_path = activity_path or default_activity_path()
    text = replace_grid(read_user_file(source_path, kind="activity").decode("utf-8-sig"), design)
    if text is None:
        from ..activity_file import activity_to_toml

        text = activity_to_toml(_with_grid(activity, design), folder=Path(source_path).parent)
    else:
        import tomllib
        from decimal import Decimal

        # The written file must read back to this very grid.
        assert activity_from_dict(tomllib.loads(text, parse_float=Decimal), Path(source_path)).grid == design.grid()
    written = write_files(out, {"activity.toml": text.encode("utf-8")}, force=force)
    report = words_for(lang).render("design_grid.txt.j2", f=figures, design=design, n_train=int((~data.held_out).sum()),
                    n_held_out=int(data.held_out.sum()))  # fmt: skip
    return written, report
