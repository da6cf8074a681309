"""The one door from the web app into the kit makers.

`kit_files` takes the options of `neurones kit` and returns file name → bytes,
exactly what `neurones kit` writes: it is the core's own kit_files, the function
the command line calls.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable


def kit_files(
    *,
    activity_path: Path | None = None,
    lang: str = "fr",
    paper: str = "a4",
    color: bool = True,
    seed: int = 2026,
    number: int | None = None,
    digits: str | None = None,
    counts_file: Path | None = None,
    exercises_from: Path | None = None,
    label: str = "",
    students: int | None = None,
    groups: int | None = None,
    roster: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, bytes]:
    """File name → bytes of the whole kit (a class set when students, groups or roster is given)."""
    from ..core.kit import KitOptions
    from ..core.kit import kit_files as make

    options = KitOptions(
        activity_path=activity_path, lang=lang, paper=paper, color=color, seed=seed, number=number, digits=digits,
        counts_file=counts_file, exercises_from=exercises_from, label=label, students=students, groups=groups,
        roster=roster,
    )  # fmt: skip
    return make(options, progress=progress)
