"""`neurones kit --students N | --groups G [--roster pupils.csv]`: a class set.

The class set itself (planning, each group's pages, the bundles, drawing in
parallel, key.json) is generator.core.class_set; this command checks the
destination, calls it and writes every file at once, or nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from ..core.class_set import PARTS, class_file_names, class_set_files
from ..output import check_destination, write_files

# Older import paths (the CLI's progress bar, tests, scripts) keep working.
from ..core.class_set import build_class_set, class_kit, document_title, steps  # noqa: F401


def run_class_kit(
    *,
    activity_path: Path | None,
    parts: Sequence[str] = PARTS,
    students: int | None = None,
    groups: int | None = None,
    roster: Path | None = None,
    lang: str = "fr",
    paper: str = "a4",
    color: bool = True,
    out: Path,
    force: bool = False,
    seed: int = 2026,
    number: int | None = None,
    digits: str | None = None,
    label: str = "",
    progress: Callable[[str], None] | None = None,
) -> list[tuple[Path, int | None]]:
    """Write the class set into `out`: (path, pages) for each file, pages None for key.json."""
    from ..core.kit import KitOptions, page_count

    check_destination(Path(out), class_file_names(parts), force=force)  # before any work
    options = KitOptions(activity_path=activity_path, parts=tuple(parts), lang=lang, paper=paper, color=color,
                         seed=seed, number=number, digits=digits, label=label, students=students, groups=groups,
                         roster=roster)  # fmt: skip
    files = class_set_files(options, progress=progress)
    written = write_files(Path(out), files, force=force)
    return [(path, page_count(files[path.name]) if path.suffix == ".pdf" else None) for path in written]
