"""`neurones kit` (and `cards`, `sheets`, `grids`): check the folder, make the kit in the core, write it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..core.kit import KitOptions, kit_file_names, kit_files, page_count
from ..output import check_destination, write_files


def run_kit(
    options: KitOptions, *, out: Path, force: bool = False, progress: Callable[[str], None] | None = None
) -> list[tuple[Path, int | None]]:
    """Write the kit's files into `out`: (path, pages) for each, pages None for data files."""
    check_destination(Path(out), kit_file_names(options), force=force)  # before any work
    files = kit_files(options, progress=progress)
    written = write_files(Path(out), files, force=force)
    return [(path, page_count(files[path.name]) if path.suffix == ".pdf" else None) for path in written]
