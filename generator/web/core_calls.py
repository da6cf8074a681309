"""The one door from the web app into the kit makers.

`kit_files` takes the options of `neurones kit` and returns file name → bytes,
exactly what `neurones kit` writes. Today it calls the command's own building
blocks (generator.commands.kit and class_kit) in the order the command does;
once generator.core.kit.kit_files exists, this function simply calls it.
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
    if students is None and groups is None and roster is None:
        from ..commands.kit import build_kit, kit_input

        kit = kit_input(activity_path=activity_path, number=number, digits=digits, seed=seed,
                        counts_file=counts_file, exercises_from=exercises_from)  # fmt: skip
        return build_kit(kit, lang=lang, paper=paper, color=color, label=label, progress=progress)

    from ..activity import load_activity
    from ..classes import read_roster
    from ..commands.class_kit import build_class_kit, class_kit
    from ..commands.kit import check_emoji_art
    from ..errors import UserError

    if counts_file is not None or exercises_from is not None:
        raise UserError("class.fixed_exercises")  # as `neurones kit` says it (cli._class_printables)
    names = read_roster(roster) if roster is not None else None
    activity = load_activity(activity_path)
    check_emoji_art(activity, color=color)
    kit = class_kit(activity, students=students, groups=groups, names=names,
                    roster=Path(roster).name if roster is not None else None, number=number, digits=digits,
                    seed=seed, name=label)  # fmt: skip
    return build_class_kit(kit, lang=lang, paper=paper, color=color, progress=progress)
