"""`neurones kit --students N | --groups G [--roster pupils.csv]`: a class set.

The class set itself (planning, each group's pages, the bundles, drawing in
parallel) is generator.core.class_set; this command checks the destination,
calls it and writes every file at once, or nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from ..activity import load_activity
from ..classes import read_roster
from ..core.class_set import CLASS_FILES, PARTS, build_class_set, class_file_names, class_kit, document_title, steps
from ..keydata import key_to_json
from ..output import check_destination, write_files
from .key import key_json_bytes

__all__ = ["class_kit", "document_title", "run_class_kit", "steps"]


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
    from .kit import check_emoji_art, page_count

    check_destination(Path(out), class_file_names(parts), force=force)  # before any work
    names = read_roster(roster) if roster is not None else None
    activity = load_activity(activity_path)
    check_emoji_art(activity, color=color)
    kit = class_kit(activity, students=students, groups=groups, names=names,
                    roster=Path(roster).name if roster is not None else None, number=number, digits=digits,
                    seed=seed, name=label)  # fmt: skip
    documents = build_class_set(kit, parts=parts, lang=lang, paper=paper, color=color, progress=progress)
    files: dict[str, bytes] = {}
    for doc, data in documents.items():
        files[CLASS_FILES[doc]] = data
        if doc == "key":  # key.json beside key.pdf, with which group had which exercises
            key = key_to_json(activity, kit.traces)
            key["groups"] = [{"group": g.group.number, "exercises": [e.id for e in g.exercises]} for g in kit.groups]
            files["key.json"] = key_json_bytes(key)
    written = write_files(Path(out), files, force=force)
    return [(path, page_count(files[path.name]) if path.suffix == ".pdf" else None) for path in written]
