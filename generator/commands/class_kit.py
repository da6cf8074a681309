"""`neurones kit --students N | --groups G [--roster pupils.csv]`: a class set.

The class is planned once (generator.classes: groups, roles, distinct
exercises), each group's exercises are traced once, and every document is
laid out from those traces with the printables' own page functions, group
after group, each page carrying its group's label. Beside the per-document
PDFs come two bundles drawn on their own canvases: pupils.pdf (what pupils
receive, group by group, for the photocopier) and teacher.pdf (notes, class
summary, key). Everything is written at once, or nothing.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from ..activity import Activity, load_activity
from ..classes import ClassPlan, Group, groups_for, plan_class, read_roster
from ..errors import UserError
from ..exercises import Exercise
from ..keydata import key_to_json
from ..network import Network, Trace
from ..output import check_destination, write_files
from ..selection import DEFAULT_EXERCISES, choose_exercises
from .key import key_json_bytes

PARTS = ("cards", "sheets", "grids", "key")
CLASS_FILES = {
    "cards": "cards.pdf", "sheets": "sheets.pdf", "grids": "grids.pdf", "key": "key.pdf",
    "roles": "roles.pdf", "summary": "class.pdf", "notes": "notes.pdf",
    "pupils": "pupils.pdf", "teacher": "teacher.pdf",
}  # fmt: skip
# What each bundle holds, in order (pupils': per group).
PUPILS_BUNDLE = ("roles", "cards", "sheets", "grids")
TEACHER_BUNDLE = ("notes", "summary", "key")


@dataclass(frozen=True)
class GroupKit:
    group: Group
    traces: tuple[Trace, ...]
    # Each neuron's card table, found once: cards.pdf and pupils.pdf both draw the cards.
    _card_tables: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def exercises(self) -> tuple[Exercise, ...]:
        return self.group.exercises

    def card_tables(self, activity: Activity) -> dict:
        from ..documents.cards import card_tables

        if id(activity) not in self._card_tables:
            self._card_tables[id(activity)] = (activity, card_tables(activity, self.traces))
        return self._card_tables[id(activity)][1]

    def __repr__(self) -> str:
        return f"GroupKit(group {self.group.number}, {len(self.traces)} traces)"


@dataclass(frozen=True)
class ClassKit:
    activity: Activity
    plan: ClassPlan
    groups: tuple[GroupKit, ...]
    per_group: int
    name: str = ""  # the class's name (--group), printed before each group's label
    # Page callbacks made once, so a bundle holds the very pages its documents drew (see render_document).
    _pages: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def traces(self) -> list[Trace]:
        return [t for g in self.groups for t in g.traces]

    def __repr__(self) -> str:
        return f"ClassKit({self.plan!r}, {self.per_group} exercises a group)"


def class_kit(
    activity: Activity,
    *,
    students: int | None = None,
    groups: int | None = None,
    names: Sequence[str] | None = None,
    roster: str | None = None,
    number: int | None = None,
    digits: str | None = None,
    seed: int = 2026,
    name: str = "",
) -> ClassKit:
    """Plan the class, draw groups × number distinct exercises once, trace each once."""
    per_group = DEFAULT_EXERCISES if number is None else number
    count = groups_for(activity, students=students, groups=groups, names=names)
    needed = count * per_group
    try:
        exercises = choose_exercises(activity, number=needed, digits=digits, seed=seed)
    except UserError as error:
        if error.code != "cli.exercises_range":
            raise
        available = int(error.params.get("most", 0))
        raise UserError("class.not_enough_exercises", groups=count, per_group=per_group, needed=needed,
                        available=available, most=max(1, available // count)) from None  # fmt: skip
    plan = plan_class(activity, exercises=exercises, per_group=per_group, students=students, groups=groups,
                      names=names, roster=roster, seed=seed)  # fmt: skip
    network = Network(activity)
    kits = tuple(
        GroupKit(g, tuple(network.forward(e.counts, exercise_id=e.id, label=e.label) for e in g.exercises))
        for g in plan.groups
    )
    return ClassKit(activity, plan, kits, per_group, name)


# --- pages ---------------------------------------------------------------------------


def document_title(doc: str, lang: str) -> str:
    """A document's name in page footers and the PDF title."""
    from ..documents.class_words import class_words
    from ..render.phrases import words_of

    if doc in PARTS:
        return words_of(lang)["documents"][doc]
    words = class_words(lang)
    return {"roles": words.assign_document, "summary": words.summary_document, "notes": words.notes_document,
            "pupils": words.pupils_document, "teacher": words.teacher_document}[doc]()  # fmt: skip


def group_label(lang: str, number: int, class_name: str = "") -> str:
    from ..documents.class_words import class_words

    label = class_words(lang).group(number=number)
    return f"{class_name} · {label}" if class_name else label


def document_pages(part: str, kit: ClassKit, group: GroupKit, *, lang: str, paper: str) -> list:
    """One group's pages of one document, as (page, footer) pairs (the same objects every time)."""
    key = (part, group.group.number, lang, paper)
    if key not in kit._pages:
        kit._pages[key] = _document_pages(part, kit, group, lang=lang, paper=paper)
    return kit._pages[key]


def _document_pages(part: str, kit: ClassKit, group: GroupKit, *, lang: str, paper: str) -> list:
    from ..documents.pages import standard_footer
    from ..render.page import make_footer
    from ..render.phrases import words_of

    activity = kit.activity
    names = words_of(lang)["documents"]
    if part == "cards":
        pages = card_pages_with_names(activity, group, lang=lang, paper=paper)
        title = names["cards"]
    elif part == "sheets":
        from ..documents.sheets import sheet_pages

        pages, title = sheet_pages(activity, group.exercises, group.traces), names["sheets"]
    elif part == "grids":
        from ..documents.grids import grid_pages

        pages, title = grid_pages(activity, len(group.exercises)), names["grids"]
    elif part == "key":
        from ..documents.key import key_pages

        pages, title = key_pages(activity, group.exercises, group.traces), names["key"]
    elif part == "roles":
        from ..documents.class_pages import draw_assignment_page

        pages = [partial(draw_assignment_page, activity=activity, group=group.group, roles=len(kit.plan.roles))]
        title = document_title("roles", lang)
    else:
        raise ValueError(part)
    footer = standard_footer(make_footer(lang, activity=activity.name, document=title,
                                         label=group_label(lang, group.group.number, kit.name)))  # fmt: skip
    return [(page, footer) for page in pages]


def class_pages(part: str, kit: ClassKit, *, lang: str, paper: str) -> list:
    """Pages about the whole class (notes, summary), as (page, footer) pairs (the same objects every time)."""
    key = (part, None, lang, paper)
    if key not in kit._pages:
        kit._pages[key] = _class_pages(part, kit, lang=lang, paper=paper)
    return kit._pages[key]


def _class_pages(part: str, kit: ClassKit, *, lang: str, paper: str) -> list:
    from ..documents.class_pages import notes_pages, summary_pages
    from ..documents.class_words import class_words
    from ..documents.pages import standard_footer
    from ..render.page import make_footer

    words = class_words(lang)
    if part == "notes":
        pages = notes_pages(kit.activity, kit.plan, kit.per_group, lang, paper)
    elif part == "summary":
        pages = summary_pages(kit.activity, kit.plan, lang, paper)
    else:
        raise ValueError(part)
    label = words.summary_line(pupils=kit.plan.pupils, groups=len(kit.plan.groups))
    label = f"{kit.name} · {label}" if kit.name else label
    footer = standard_footer(make_footer(lang, activity=kit.activity.name, document=document_title(part, lang),
                                         label=label))  # fmt: skip
    return [(page, footer) for page in pages]


def card_pages_with_names(activity: Activity, group: GroupKit, *, lang: str, paper: str) -> list:
    """The printables' role cards for this group's exercises, each with who plays it."""
    from ..documents.cards import card_grid, draw_card
    from ..documents.class_pages import draw_card_name
    from ..documents.class_words import class_words

    tables = group.card_tables(activity)
    grid = card_grid(paper)
    neurons = [*activity.hidden, *activity.outputs]
    words = class_words(lang)

    def holder(name: str) -> str:
        seat = group.group.seat_of(name)
        return words.card_holder(name=seat.name) if seat.name else words.card_holder_blank()

    def page(pen, box, chunk) -> None:
        for slot, neuron in zip(grid.slots(), chunk):
            draw_card(pen, slot, activity=activity, neuron=neuron, table=tables[neuron.name])
            draw_card_name(pen, slot, text=holder(neuron.name), output=neuron in activity.outputs)
        pen.cut_marks(grid)

    return [partial(page, chunk=neurons[i : i + grid.per_page]) for i in range(0, len(neurons), grid.per_page)]


def part_pages(part: str, kit: ClassKit, *, lang: str, paper: str) -> list:
    if part in ("notes", "summary"):
        return class_pages(part, kit, lang=lang, paper=paper)
    return [p for g in kit.groups for p in document_pages(part, kit, g, lang=lang, paper=paper)]


def bundle_pages(bundle: str, kit: ClassKit, *, lang: str, paper: str) -> list:
    if bundle == "pupils":
        # Group by group, so a stack of photocopies can be handed to each group as it comes.
        return [p for g in kit.groups for part in PUPILS_BUNDLE for p in document_pages(part, kit, g, lang=lang,
                                                                                          paper=paper)]  # fmt: skip
    return [p for part in TEACHER_BUNDLE for p in part_pages(part, kit, lang=lang, paper=paper)]


BUNDLES = {"pupils": PUPILS_BUNDLE, "teacher": TEACHER_BUNDLE}


def render_document(doc: str, kit: ClassKit, *, lang: str, paper: str, color: bool, records: dict | None = None) -> bytes:
    """One file of the class set as PDF bytes.

    `records` (documents.pages.draw_document) keeps each page body drawn for
    a document, and a bundle replays its documents' pages instead of laying
    them out and drawing them again. A bundle is always replayed: documents
    not drawn yet with these records are drawn first (and dropped), so its
    bytes are the same whichever process drew what.
    """
    from ..documents.pages import draw_document, geometry_of

    if doc in BUNDLES:
        records = {} if records is None else records
        for part in BUNDLES[doc]:
            if any(page not in records for page, _ in part_pages(part, kit, lang=lang, paper=paper)):
                render_document(part, kit, lang=lang, paper=paper, color=color, records=records)
        pages = bundle_pages(doc, kit, lang=lang, paper=paper)
    else:
        pages = part_pages(doc, kit, lang=lang, paper=paper)
    return draw_document(pages, geometry=geometry_of(paper), color=color, lang=lang,
                         title=f"{kit.activity.name} — {document_title(doc, lang)}", records=records)  # fmt: skip


# Rough pages per exercise of each file, to start the longest first when drawing in parallel.
_WEIGHT = {"pupils": 4, "teacher": 2, "key": 2, "sheets": 1, "grids": 1, "cards": 1, "roles": 0, "summary": 0,
           "notes": 0}  # fmt: skip
_JOB: tuple | None = None  # what forked workers draw from (inherited, never pickled)


def _draw_in_worker(job: tuple[str, ...]) -> list[tuple[str, bytes]]:
    kit, lang, paper, color = _JOB
    records: dict = {}
    return [(doc, render_document(doc, kit, lang=lang, paper=paper, color=color, records=records)) for doc in job]


def jobs_for(docs: Sequence[str]) -> list[tuple[str, ...]]:
    """Files drawn together in one process: each bundle with the documents it replays, the rest alone."""
    jobs, taken = [], set()
    for bundle, parts in BUNDLES.items():
        if bundle in docs:
            job = tuple(d for d in docs if d in parts) + (bundle,)
            jobs.append(job)
            taken.update(job)
    jobs += [(d,) for d in docs if d not in taken]
    return sorted(jobs, key=lambda job: -sum(_WEIGHT.get(d, 1) for d in job))  # longest first


def workers_for(docs: Sequence[str]) -> int:
    """Processes to draw with: one per idle core, up to 4, where fork() is safe (Linux); else 1.

    Cores already busy with other work make extra processes slower than one
    (measured: 3.4 s against 2.4 s for 30 pupils on two loaded cores), so
    the load average decides. NEURONES_WORKERS=n forces n.
    """
    import os

    if not sys.platform.startswith("linux") or len(docs) < 2:
        return 1
    forced = os.environ.get("NEURONES_WORKERS", "")
    if forced.isdigit() and int(forced) > 0:
        return min(int(forced), len(docs))
    cores = os.cpu_count() or 1
    idle = cores - os.getloadavg()[0]
    return max(1, min(int(idle + 0.5), 4, len(docs)))


def build_class_kit(
    kit: ClassKit,
    *,
    parts: Sequence[str] = PARTS,
    lang: str,
    paper: str,
    color: bool,
    progress: Callable[[str], None] | None = None,
) -> dict[str, bytes]:
    """File name → bytes. A whole kit (every part) also gets roles, class summary, notes and both bundles.

    Files are independent, so on a multi-core machine they are drawn in
    forked processes at once; every file is drawn the same way wherever it
    is drawn, so the bytes do not depend on how many processes there were.
    """
    global _JOB
    docs = steps(parts)
    jobs = jobs_for(docs)
    workers = min(workers_for(docs), len(jobs))
    drawn: dict[str, bytes] = {}
    if workers == 1:
        records: dict = {}
        for doc in docs:
            if progress is not None:
                progress(doc)
            drawn[doc] = render_document(doc, kit, lang=lang, paper=paper, color=color, records=records)
    else:
        import multiprocessing

        warm_up(kit.activity, color=color, lang=lang)  # parsed and compiled once, inherited by every worker
        _JOB = (kit, lang, paper, color)
        try:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                for done in pool.imap_unordered(_draw_in_worker, jobs):
                    for doc, data in done:
                        drawn[doc] = data
                        if progress is not None:
                            progress(doc)
        finally:
            _JOB = None
    files: dict[str, bytes] = {}
    for doc in docs:  # files in the same order however they were drawn
        files[CLASS_FILES[doc]] = drawn[doc]
        if doc == "key":
            document = key_to_json(kit.activity, kit.traces)
            document["groups"] = [{"group": g.group.number, "exercises": [e.id for e in g.exercises]}
                                  for g in kit.groups]  # fmt: skip
            files["key.json"] = key_json_bytes(document)
    return files


def warm_up(activity: Activity, *, color: bool, lang: str | None = None) -> None:
    """What every drawing process needs, done once before forking: fonts, emoji
    drawings, and (given `lang`) the page modules and compiled word templates."""
    from ..render import emoji as emoji_art
    from ..render.fonts import register_fonts

    register_fonts()
    if lang is not None:
        from ..documents import cards, class_pages, grids, key, pages, sheets  # noqa: F401
        from ..documents.class_words import class_words
        from ..render.phrases import phrases, words_of

        phrases(lang), class_words(lang), words_of(lang)
    for e in activity.emoji:
        path = emoji_art.resolve(e.char, color=color, svg=e.svg)
        if path is not None:
            emoji_art._drawing(path.resolve(), not color)


def class_file_names(parts: Sequence[str]) -> list[str]:
    whole = tuple(parts) == PARTS
    docs = list(parts) + (["roles", "summary", "notes", "pupils", "teacher"] if whole else [])
    return [CLASS_FILES[d] for d in docs] + (["key.json"] if "key" in parts else [])


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
    files = build_class_kit(kit, parts=parts, lang=lang, paper=paper, color=color, progress=progress)
    written = write_files(Path(out), files, force=force)
    return [(path, page_count(files[path.name]) if path.suffix == ".pdf" else None) for path in written]


def class_set_files(options, *, progress: Callable[[str], None] | None = None) -> dict[str, bytes]:
    """A class set for core.kit.KitOptions: file name → bytes."""
    from .kit import check_emoji_art

    names = read_roster(options.roster) if options.roster is not None else None
    activity = load_activity(options.activity_path)
    check_emoji_art(activity, color=options.color)
    roster = Path(options.roster).name if options.roster is not None else None
    kit = class_kit(activity, students=options.students, groups=options.groups, names=names, roster=roster,
                    number=options.number, digits=options.digits, seed=options.seed, name=options.label)  # fmt: skip
    return build_class_kit(kit, parts=options.parts, lang=options.lang, paper=options.paper, color=options.color,
                           progress=progress)  # fmt: skip


def steps(parts: Sequence[str]) -> list[str]:
    """The progress bar's steps, in order."""
    whole = tuple(parts) == PARTS
    return list(parts) + (["roles", "summary", "notes", "pupils", "teacher"] if whole else [])
