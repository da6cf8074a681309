"""A kit: the files `neurones kit` writes (and the web page zips), as file name → bytes.

Exercises are chosen once, traced once by the engine, and every document is
laid out from those same traces; key.json comes from them too, so the kit
cannot disagree with itself (docs/design.md, "Data flow"). A class set
(pupils or groups given) is the same kit made group by group: see
core/class_set. Nothing here writes a file; commands and the web page do.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..activity import Activity, load_activity
from ..errors import UserError
from ..exercises import Exercise
from ..keydata import key_json_bytes, key_to_json
from ..network import Network, Trace
from ..selection import choose_exercises

PARTS = ("cards", "sheets", "grids", "key")
LESSON_MINUTES = 55  # one school period (issue 12); `kit --minutes` changes it


@dataclass(frozen=True)
class KitInput:
    """What every document of a kit is made from."""

    activity: Activity
    exercises: tuple[Exercise, ...]
    traces: tuple[Trace, ...]

    def __repr__(self) -> str:
        return f"KitInput({self.activity.name!r}, {len(self.exercises)} exercises)"


def _cards(kit: KitInput, **style) -> bytes:
    from ..documents.cards import cards_pdf

    return cards_pdf(kit.activity, kit.traces, **style)


def _sheets(kit: KitInput, **style) -> bytes:
    from ..documents.sheets import sheets_pdf

    return sheets_pdf(kit.activity, kit.exercises, kit.traces, **style)


def _grids(kit: KitInput, **style) -> bytes:
    from ..documents.grids import grids_pdf

    return grids_pdf(kit.activity, kit.traces, **style)


def _key(kit: KitInput, **style) -> bytes:
    from ..documents.key import key_pdf

    return key_pdf(kit.activity, kit.exercises, kit.traces, **style)


# The registry of printable documents: name → (file, drawing function). Each
# function takes (kit, lang=, paper=, color=, label=) and returns PDF bytes;
# document modules are imported only when drawn, so `--help` stays fast.
DOCUMENTS: dict[str, tuple[str, Callable[..., bytes]]] = {
    "cards": ("cards.pdf", _cards),
    "sheets": ("sheets.pdf", _sheets),
    "grids": ("grids.pdf", _grids),
    "key": ("key.pdf", _key),
}
FILES = {name: file for name, (file, _) in DOCUMENTS.items()}


@dataclass(frozen=True)
class KitOptions:
    """Every option of a kit, declared once: the command line and the web form both fill one."""

    activity_path: Path | None = None
    parts: tuple[str, ...] = PARTS
    lang: str = "fr"
    paper: str = "a4"
    color: bool = True
    seed: int = 2026
    number: int | None = None
    digits: str | None = None
    counts_file: Path | None = None
    exercises_from: Path | None = None
    label: str = ""
    students: int | None = None
    groups: int | None = None
    roster: Path | None = None
    minutes: int = LESSON_MINUTES  # the lesson's length: how many exercises fit when `number` is not given

    @property
    def is_class_set(self) -> bool:
        return self.students is not None or self.groups is not None or self.roster is not None

    def __repr__(self) -> str:
        who = f", class set {self.students or ''}/{self.groups or ''}" if self.is_class_set else ""
        return f"KitOptions({'+'.join(self.parts)}, {self.lang}, {self.paper}, seed {self.seed}{who})"


def check_kit_options(options: KitOptions) -> None:
    """What cannot be combined, said before any work."""
    if options.is_class_set and (options.counts_file is not None or options.exercises_from is not None):
        # One list of exercises cannot give each group exercises of its own.
        raise UserError("class.fixed_exercises")


def lesson_plan(activity: Activity, minutes: int):
    """The timed plan of the lesson (lesson_time), or the one line that says how long a lesson must be."""
    from ..lesson_time import MIN_EXERCISES, plan_lesson, shortest_lesson

    try:
        return plan_lesson(minutes, activity=activity)
    except ValueError:
        raise UserError("kit.minutes_too_short", minutes=minutes, least=shortest_lesson(activity),
                        fewest=MIN_EXERCISES) from None  # fmt: skip


def exercise_number(options: KitOptions, activity: Activity) -> int | None:
    """Exercises per group: --exercises if given, else as many as the lesson's plan fits (None: a file decides)."""
    if options.number is not None or options.counts_file is not None or options.exercises_from is not None:
        return options.number
    return lesson_plan(activity, options.minutes).exercises_per_group


def kit_input(
    *,
    activity_path: Path | None = None,
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
    return KitInput(activity, tuple(exercises), Network(activity).trace_all(exercises))


def render_part(part: str, kit: KitInput, *, lang: str, paper: str, color: bool, label: str = "") -> bytes:
    """One document of the kit as PDF bytes, through the registry."""
    _, draw = DOCUMENTS[part]
    return draw(kit, lang=lang, paper=paper, color=color, label=label)


def page_count(pdf: bytes) -> int:
    """Pages of a PDF ReportLab wrote, or pypdf merged from such (page objects are never compressed)."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def check_emoji_art(activity: Activity, *, color: bool) -> None:
    """Every emoji can be drawn (bundled OpenMoji, the activity's svg, or the emoji font), before any page is."""
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
    minutes: int = LESSON_MINUTES,
) -> dict[str, bytes]:
    """File name → bytes for each part; the key also gives key.json; the whole kit adds the guide and the round."""
    check_emoji_art(kit.activity, color=color)
    files: dict[str, bytes] = {}
    for part in parts:
        if progress is not None:
            progress(part)
        files[FILES[part]] = render_part(part, kit, lang=lang, paper=paper, color=color, label=label)
        if part == "key":
            files["key.json"] = key_json_bytes(key_to_json(kit.activity, kit.traces))
    if tuple(parts) == PARTS:  # the whole kit: the learning round on its own exercises
        from ..documents.tally import tally_files

        files.update(tally_files(kit.activity, kit.exercises, kit.traces, lang=lang, paper=paper, color=color,
                                 label=label))  # fmt: skip
        files["notes.pdf"] = _guide(kit, minutes, lang=lang, paper=paper, color=color, label=label)
    return files


def _guide(kit: KitInput, minutes: int, **style) -> bytes:
    """The teacher's guide of a plain kit: one group, the kit's exercises, the lesson's plan."""
    from ..documents.notes import guide_lesson, notes_pdf

    # --exercises given: the plan still shows a lesson that fits (guide_lesson), never an error here.
    return notes_pdf(kit.activity, None, len(kit.exercises), plan_of_lesson=guide_lesson(kit.activity, minutes),
                     traces=kit.traces, **style)  # fmt: skip


def kit_steps(options: KitOptions) -> list[str]:
    """What the progress bar counts, in order."""
    if options.is_class_set:
        from .class_set import steps

        return steps(options.parts)
    return list(options.parts)


def kit_file_names(options: KitOptions) -> list[str]:
    """The files a kit with these options writes (checked before any work)."""
    if options.is_class_set:
        from .class_set import class_file_names

        return class_file_names(options.parts)
    names = [FILES[p] for p in options.parts] + (["key.json"] if "key" in options.parts else [])
    if tuple(options.parts) == PARTS:
        from ..documents.tally import TALLY_FILES

        names += list(TALLY_FILES) + ["notes.pdf"]
    return names


def kit_files(options: KitOptions, *, progress: Callable[[str], None] | None = None) -> dict[str, bytes]:
    """The kit these options describe: file name → bytes, exactly what `neurones kit` writes."""
    check_kit_options(options)
    activity = load_activity(options.activity_path)
    options = replace(options, number=exercise_number(options, activity))
    if options.is_class_set:
        from .class_set import class_set_files

        return class_set_files(options, activity=activity, progress=progress)
    kit = kit_input(
        activity=activity, number=options.number, digits=options.digits, seed=options.seed,
        counts_file=options.counts_file, exercises_from=options.exercises_from,
    )  # fmt: skip
    return build_kit(kit, parts=options.parts, lang=options.lang, paper=options.paper, color=options.color,
                     label=options.label, progress=progress, minutes=options.minutes)  # fmt: skip
