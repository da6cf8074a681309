"""`neurones kit` (and `cards`, `sheets`, `grids`): the printable kit.

Exercises are chosen once, traced once by the engine, and every document is
laid out from those same traces; key.json comes from them too, so the kit
cannot disagree with itself. All files are written together or not at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from ..activity import Activity, load_activity
from ..exercises import Exercise
from ..keydata import key_to_json
from ..network import Network, Trace
from ..output import check_destination, write_files
from ..selection import choose_exercises
from .key import key_json_bytes

PARTS = ("cards", "sheets", "grids", "key")
FILES = {"cards": "cards.pdf", "sheets": "sheets.pdf", "grids": "grids.pdf", "key": "key.pdf"}


@dataclass(frozen=True)
class KitInput:
    """What every document of a kit is made from."""

    activity: Activity
    exercises: tuple[Exercise, ...]
    traces: tuple[Trace, ...]

    def __repr__(self) -> str:
        return f"KitInput({self.activity.name!r}, {len(self.exercises)} exercises)"


def kit_input(
    *,
    activity_path: Path | None,
    number: int | None = None,
    digits: str | None = None,
    seed: int = 2026,
    counts_file: Path | None = None,
    exercises_from: Path | None = None,
    activity: Activity | None = None,
) -> KitInput:
    activity = activity or load_activity(activity_path)
    exercises = choose_exercises(
        activity, number=number, digits=digits, seed=seed, counts_file=counts_file, exercises_from=exercises_from
    )
    network = Network(activity)
    traces = tuple(network.forward(e.counts, exercise_id=e.id, label=e.label) for e in exercises)
    return KitInput(activity, tuple(exercises), traces)


def render_part(part: str, kit: KitInput, *, lang: str, paper: str, color: bool, label: str = "") -> bytes:
    """One document of the kit as PDF bytes."""
    style = {"lang": lang, "paper": paper, "color": color, "label": label}
    if part == "cards":
        from ..documents.cards import cards_pdf

        return cards_pdf(kit.activity, kit.traces, **style)
    if part == "sheets":
        from ..documents.sheets import sheets_pdf

        return sheets_pdf(kit.activity, kit.exercises, kit.traces, **style)
    if part == "grids":
        from ..documents.grids import grids_pdf

        return grids_pdf(kit.activity, kit.traces, **style)
    if part == "key":
        from ..documents.key import key_pdf

        return key_pdf(kit.activity, kit.exercises, kit.traces, **style)
    raise ValueError(part)


def page_count(pdf: bytes) -> int:
    """Pages of a PDF ReportLab wrote (its page objects are never compressed)."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def check_emoji_art(activity: Activity, *, color: bool) -> None:
    """Every emoji can be drawn (bundled OpenMoji, the activity's svg, or the emoji font), before any page is."""
    from ..errors import UserError
    from ..render.emoji import emoji_hex, resolve

    for emoji in activity.emoji:
        try:
            resolve(emoji.char, color=color, svg=emoji.svg)
        except LookupError:
            file = activity.source.name if activity.source else "activity.toml"
            raise UserError("kit.emoji_art_missing", emoji=emoji.char, hex=emoji_hex(emoji.char), file=file) from None


def build_kit(
    kit: KitInput,
    *,
    parts: Sequence[str] = PARTS,
    lang: str,
    paper: str,
    color: bool,
    label: str = "",
    progress: Callable[[str], None] | None = None,
) -> dict[str, bytes]:
    """File name → bytes for each part; the key also gives key.json."""
    check_emoji_art(kit.activity, color=color)
    files: dict[str, bytes] = {}
    for part in parts:
        if progress is not None:
            progress(part)
        files[FILES[part]] = render_part(part, kit, lang=lang, paper=paper, color=color, label=label)
        if part == "key":
            files["key.json"] = key_json_bytes(key_to_json(kit.activity, kit.traces))
    return files


def run_kit(
    *,
    activity_path: Path | None,
    parts: Sequence[str] = PARTS,
    lang: str = "fr",
    paper: str = "a4",
    color: bool = True,
    out: Path,
    force: bool = False,
    seed: int = 2026,
    number: int | None = None,
    digits: str | None = None,
    counts_file: Path | None = None,
    exercises_from: Path | None = None,
    label: str = "",
    progress: Callable[[str], None] | None = None,
) -> list[tuple[Path, int | None]]:
    """Write the kit's files into `out`: (path, pages) for each, pages None for key.json."""
    names = [FILES[p] for p in parts] + (["key.json"] if "key" in parts else [])
    check_destination(Path(out), names, force=force)  # before any work
    kit = kit_input(
        activity_path=activity_path, number=number, digits=digits, seed=seed, counts_file=counts_file,
        exercises_from=exercises_from,
    )  # fmt: skip
    files = build_kit(kit, parts=parts, lang=lang, paper=paper, color=color, label=label, progress=progress)
    written = write_files(Path(out), files, force=force)
    return [(path, page_count(files[path.name]) if path.suffix == ".pdf" else None) for path in written]
