"""A class set: the class planned once, each group's documents, and the two bundles.

The class is planned once (generator.classes: groups, roles, distinct
exercises) and each group's exercises are traced once. Every document
(cards, sheets, grids, key, roles, class summary, notes) is laid out from
those traces with the printables' own page functions, group after group,
each page carrying its group's label. The bundles are not drawn: pupils.pdf
(group by group: roles, cards, sheets, grids, then the group's tally sheets,
for the photocopier) and teacher.pdf (notes, class summary, key, then the
tally key) are the finished documents' own pages, put together with pypdf.
So a bundle's page is the very page of the document it comes from, footer
and page number included.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from ..activity import Activity
from ..classes import ClassPlan, Group, groups_for, plan_class
from ..errors import UserError
from ..exercises import Exercise
from ..network import Network, Trace
from ..selection import choose_exercises, default_number
from ..words import words_for

PARTS = ("cards", "sheets", "grids", "key")
CLASS_DOCUMENTS = ("roles", "summary", "notes")
CLASS_FILES = {
    "cards": "cards.pdf", "sheets": "sheets.pdf", "grids": "grids.pdf", "key": "key.pdf",
    "roles": "roles.pdf", "summary": "class.pdf", "notes": "notes.pdf",
    "pupils": "pupils.pdf", "teacher": "teacher.pdf",
}  # fmt: skip
# What each bundle holds, in order (pupils': per group).
PUPILS_BUNDLE = ("roles", "cards", "sheets", "grids")
TEACHER_BUNDLE = ("notes", "summary", "key")
BUNDLES = {"pupils": PUPILS_BUNDLE, "teacher": TEACHER_BUNDLE}


@dataclass(frozen=True)
class GroupKit:
    group: Group
    traces: tuple[Trace, ...]
    # Each neuron's card table, found once per activity.
    _card_tables: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def exercises(self) -> tuple[Exercise, ...]:
        return self.group.exercises

    def card_tables(self, activity: Activity) -> dict:
        from ..card_tables import card_tables

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
    # Page callbacks made once per (document, group, lang, paper): a bundle's layout counts the same pages.
    _pages: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def traces(self) -> list[Trace]:
        return [t for g in self.groups for t in g.traces]

    def pages(self, key: tuple, make: Callable[[], list]) -> list:
        """The page list named `key`, made by `make` the first time it is asked for."""
        if key not in self._pages:
            self._pages[key] = make()
        return self._pages[key]

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
    """Plan the class, draw groups × number distinct exercises once (number: what a lesson holds unless told), trace each once."""
    per_group = default_number(activity) if number is None else number  # groups work at once: a lesson's worth each
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
    kits = tuple(GroupKit(g, network.trace_all(g.exercises)) for g in plan.groups)
    return ClassKit(activity, plan, kits, per_group, name)


def steps(parts: Sequence[str]) -> list[str]:
    """The documents of a class set, in order: the parts asked for; a whole kit adds the class documents and bundles."""
    whole = tuple(parts) == PARTS
    return list(parts) + ([*CLASS_DOCUMENTS, *BUNDLES] if whole else [])


def class_file_names(parts: Sequence[str]) -> list[str]:
    names = [CLASS_FILES[d] for d in steps(parts)] + (["key.json"] if "key" in parts else [])
    if tuple(parts) == PARTS:  # the whole kit: each group's learning round
        from ..documents.tally import TALLY_FILES

        names += list(TALLY_FILES)
    return names


# --- pages ---------------------------------------------------------------------------


def document_title(doc: str, lang: str) -> str:
    """A document's name in page footers and the PDF title."""

    if doc in PARTS:
        return words_for(lang).labels["documents"][doc]
    words = words_for(lang).classes
    return {"roles": words.assign_document, "summary": words.summary_document, "notes": words.notes_document,
            "pupils": words.pupils_document, "teacher": words.teacher_document}[doc]()  # fmt: skip


def group_label(lang: str, number: int, class_name: str = "") -> str:

    label = words_for(lang).classes.group(number=number)
    return f"{class_name} · {label}" if class_name else label


def group_pages(part: str, kit: ClassKit, group: GroupKit, *, lang: str, paper: str) -> list:
    """One group's pages of one document, as (page, footer) pairs (made once, then remembered)."""
    make = partial(_group_pages, part, kit, group, lang=lang, paper=paper)
    return kit.pages((part, group.group.number, lang, paper), make)


def _group_pages(part: str, kit: ClassKit, group: GroupKit, *, lang: str, paper: str) -> list:
    from ..render.page import make_footer, standard_footer

    activity = kit.activity
    if part == "cards":
        pages = card_pages_with_names(activity, group, lang=lang, paper=paper)
    elif part == "sheets":
        from ..documents.sheets import sheet_pages

        pages = sheet_pages(activity, group.exercises, group.traces)
    elif part == "grids":
        from ..documents.grids import grid_pages

        pages = grid_pages(activity, len(group.exercises))
    elif part == "key":
        from ..documents.key import key_pages

        pages = key_pages(activity, group.exercises, group.traces)
    elif part == "roles":
        from ..documents.assignments import draw_assignment_page

        pages = [partial(draw_assignment_page, activity=activity, group=group.group, roles=len(kit.plan.roles))]
    else:
        raise ValueError(part)
    footer = standard_footer(make_footer(lang, activity=activity.name, document=document_title(part, lang),
                                         label=group_label(lang, group.group.number, kit.name)))  # fmt: skip
    return [(page, footer) for page in pages]


def whole_class_pages(part: str, kit: ClassKit, *, lang: str, paper: str) -> list:
    """Pages about the whole class (notes, summary), as (page, footer) pairs (made once, then remembered)."""
    return kit.pages((part, None, lang, paper), partial(_whole_class_pages, part, kit, lang=lang, paper=paper))


def _whole_class_pages(part: str, kit: ClassKit, *, lang: str, paper: str) -> list:
    from ..documents.class_summary import summary_pages
    from ..documents.notes import notes_pages
    from ..render.page import make_footer, standard_footer

    if part == "notes":
        pages = notes_pages(kit.activity, kit.plan, kit.per_group, lang, paper)
    elif part == "summary":
        pages = summary_pages(kit.activity, kit.plan, lang, paper)
    else:
        raise ValueError(part)
    label = words_for(lang).classes.summary_line(pupils=kit.plan.pupils, groups=len(kit.plan.groups))
    label = f"{kit.name} · {label}" if kit.name else label
    footer = standard_footer(make_footer(lang, activity=kit.activity.name, document=document_title(part, lang),
                                         label=label))  # fmt: skip
    return [(page, footer) for page in pages]


def card_pages_with_names(activity: Activity, group: GroupKit, *, lang: str, paper: str) -> list:
    """The printables' role cards for this group's exercises, each with who plays it."""
    from ..documents.cards import card_grid, draw_card
    from ..documents.assignments import draw_card_name

    tables = group.card_tables(activity)
    grid = card_grid(paper)
    neurons = [*activity.hidden, *activity.outputs]
    words = words_for(lang).classes

    def holder(name: str) -> str:
        seat = group.group.seat_of(name)
        return words.card_holder(name=seat.name) if seat.name else words.card_holder_blank()

    def page(pen, box, chunk) -> None:
        for slot, neuron in zip(grid.slots(), chunk):
            draw_card(pen, slot, activity=activity, neuron=neuron, table=tables[neuron.name])
            draw_card_name(pen, slot, text=holder(neuron.name), output=neuron in activity.outputs)
        pen.cut_marks(grid)

    return [partial(page, chunk=neurons[i : i + grid.per_page]) for i in range(0, len(neurons), grid.per_page)]


def document_pages(doc: str, kit: ClassKit, *, lang: str, paper: str) -> list:
    """Every page of one document of the class set, as (page, footer) pairs."""
    if doc in ("notes", "summary"):
        return whole_class_pages(doc, kit, lang=lang, paper=paper)
    return [p for g in kit.groups for p in group_pages(doc, kit, g, lang=lang, paper=paper)]


def render_document(doc: str, kit: ClassKit, *, lang: str, paper: str, color: bool) -> bytes:
    """One document of the class set (not a bundle) as PDF bytes."""
    from ..documents.pages import draw_document, geometry_of

    return draw_document(document_pages(doc, kit, lang=lang, paper=paper), geometry=geometry_of(paper), color=color,
                         lang=lang, title=f"{kit.activity.name} — {document_title(doc, lang)}")  # fmt: skip


# --- bundles -------------------------------------------------------------------------


def bundle_layout(bundle: str, kit: ClassKit, *, lang: str, paper: str) -> list[tuple[str, int]]:
    """Which page of which document each page of a bundle is: (document, page index), in order."""
    if bundle == "teacher":
        return [(doc, i) for doc in TEACHER_BUNDLE for i in range(len(document_pages(doc, kit, lang=lang,
                                                                                     paper=paper)))]  # fmt: skip
    if bundle != "pupils":
        raise ValueError(bundle)
    # Group by group, so a stack of photocopies can be handed to each group as it comes.
    layout = []
    first = dict.fromkeys(PUPILS_BUNDLE, 0)  # where the current group starts in each document
    for group in kit.groups:
        for doc in PUPILS_BUNDLE:
            count = len(group_pages(doc, kit, group, lang=lang, paper=paper))
            layout += [(doc, first[doc] + i) for i in range(count)]
            first[doc] += count
    return layout


def merge_pages(documents: dict[str, bytes], layout: Sequence[tuple[str, int]], *, title: str) -> bytes:
    """A PDF of the finished documents' pages in `layout` order, each page copied as it is (pypdf).

    Nothing varies between runs: pypdf writes no file identifier unless asked
    and the information dictionary is the first document's (ReportLab's
    invariant dates) with the bundle's title.
    """
    from pypdf import PdfReader, PdfWriter

    readers = {doc: PdfReader(io.BytesIO(documents[doc])) for doc in dict.fromkeys(doc for doc, _ in layout)}
    writer = PdfWriter()
    for doc, index in layout:
        writer.add_page(readers[doc].pages[index])
    first = readers[layout[0][0]] if layout else None
    info = {k: str(v) for k, v in (first.metadata or {}).items()} if first is not None else {}
    writer.add_metadata({**info, "/Title": title})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def render_bundle(bundle: str, kit: ClassKit, documents: dict[str, bytes], *, lang: str, paper: str) -> bytes:
    """pupils.pdf or teacher.pdf from the documents already drawn (name → bytes)."""
    return merge_pages(documents, bundle_layout(bundle, kit, lang=lang, paper=paper),
                       title=f"{kit.activity.name} — {document_title(bundle, lang)}")  # fmt: skip


# --- drawing the whole set --------------------------------------------------------------

# Rough drawing time of each document (cards and the key are the longest), to start the longest job first.
_WEIGHT = {"cards": 3, "key": 3, "sheets": 1, "grids": 1, "roles": 0, "summary": 0, "notes": 0}
_JOB: tuple | None = None  # what forked workers draw from (inherited, never pickled)


def _draw(docs: Sequence[str], kit: ClassKit, *, lang: str, paper: str, color: bool,
          progress: Callable[[str], None] | None = None) -> dict[str, bytes]:  # fmt: skip
    """Each document of `docs` drawn, then each bundle of `docs` put together from them, in order."""
    drawn: dict[str, bytes] = {}
    for doc in docs:
        if progress is not None:
            progress(doc)
        if doc in BUNDLES:
            drawn[doc] = render_bundle(doc, kit, drawn, lang=lang, paper=paper)
        else:
            drawn[doc] = render_document(doc, kit, lang=lang, paper=paper, color=color)
    return drawn


def _draw_in_worker(job: tuple[str, ...]) -> dict[str, bytes]:
    kit, lang, paper, color = _JOB
    return _draw(job, kit, lang=lang, paper=paper, color=color)


def jobs_for(docs: Sequence[str]) -> list[tuple[str, ...]]:
    """Documents drawn together in one process: each bundle after the documents it holds, the rest alone.

    A bundle is made where its documents were drawn, so no document travels
    between processes twice; pupils' and teacher's jobs take about as long.
    """
    jobs, taken = [], set()
    for bundle, parts in BUNDLES.items():
        if bundle in docs:
            job = (*(d for d in docs if d in parts), bundle)
            jobs.append(job)
            taken.update(job)
    jobs += [(d,) for d in docs if d not in taken]
    return sorted(jobs, key=lambda job: -sum(_WEIGHT.get(d, 1) for d in job if d not in BUNDLES))


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


def build_class_set(
    kit: ClassKit,
    *,
    parts: Sequence[str] = PARTS,
    lang: str,
    paper: str,
    color: bool,
    progress: Callable[[str], None] | None = None,
) -> dict[str, bytes]:
    """Document name ("cards", ..., "pupils") → PDF bytes, in the order of `steps(parts)`.

    Documents are independent, so on a multi-core machine they are drawn in
    forked processes at once (see jobs_for); each is drawn the same way
    wherever it is drawn, so the bytes do not depend on how many processes
    there were. Bundles are put together from the documents' pages, never drawn.
    """
    global _JOB
    docs = steps(parts)
    jobs = jobs_for(docs)
    workers = min(workers_for(docs), len(jobs))
    if workers == 1:
        drawn = _draw(docs, kit, lang=lang, paper=paper, color=color, progress=progress)
    else:
        import multiprocessing

        warm_up(kit.activity, color=color, lang=lang)  # parsed and compiled once, inherited by every worker
        _JOB = (kit, lang, paper, color)
        drawn = {}
        try:
            from ..interrupts import worker_started  # workers leave Ctrl-C to this process, end with it

            with multiprocessing.get_context("fork").Pool(workers, initializer=worker_started) as pool:
                for done in pool.imap_unordered(_draw_in_worker, jobs):
                    for doc, data in done.items():
                        drawn[doc] = data
                        if progress is not None:
                            progress(doc)
        finally:
            _JOB = None
    return {doc: drawn[doc] for doc in docs}


def class_set_files(options, *, activity: Activity | None = None,
                    progress: Callable[[str], None] | None = None) -> dict[str, bytes]:  # fmt: skip
    """A class set for core.kit.KitOptions: file name → bytes, exactly what `neurones kit --students …` writes.

    `activity` is the options' activity when the caller has already loaded it.
    """
    from ..activity import load_activity
    from ..keydata import key_json_bytes, key_to_json
    from ..roster import read_roster
    from .kit import check_emoji_art

    names = read_roster(options.roster) if options.roster is not None else None
    activity = activity or load_activity(options.activity_path)
    check_emoji_art(activity, color=options.color)
    roster = Path(options.roster).name if options.roster is not None else None
    kit = class_kit(activity, students=options.students, groups=options.groups, names=names, roster=roster,
                    number=options.number, digits=options.digits, seed=options.seed, name=options.label)  # fmt: skip
    documents = build_class_set(kit, parts=options.parts, lang=options.lang, paper=options.paper,
                                color=options.color, progress=progress)  # fmt: skip
    files: dict[str, bytes] = {}
    for doc, data in documents.items():
        files[CLASS_FILES[doc]] = data
        if doc == "key":  # key.json beside key.pdf, with which group had which exercises
            key = key_to_json(activity, kit.traces)
            key["groups"] = [{"group": g.group.number, "exercises": [e.id for e in g.exercises]} for g in kit.groups]
            files["key.json"] = key_json_bytes(key)
    if tuple(options.parts) == PARTS:
        tallies = group_tallies(kit, lang=options.lang, paper=options.paper, color=options.color)
        files.update(class_tally_files(kit, tallies, lang=options.lang))
        files.update(bundles_with_learning_round(kit, files, tallies, lang=options.lang, paper=options.paper))
    return files


def bundles_with_learning_round(kit: ClassKit, files: dict[str, bytes], tallies: dict[int, dict[str, bytes]], *,
                                lang: str, paper: str) -> dict[str, bytes]:  # fmt: skip
    """pupils.pdf with each group's tally sheets after its own pages, teacher.pdf with the tally key at the end.

    The teacher prints the two bundles and nothing else (the command says so):
    the learning round's pages must be in them, copied as they are.
    """
    from .kit import page_count

    pupils, first, tally_first = [], 0, 0
    for group in kit.groups:
        count = sum(len(group_pages(doc, kit, group, lang=lang, paper=paper)) for doc in PUPILS_BUNDLE)
        tally_count = page_count(tallies[group.group.number]["tally.pdf"])
        pupils += [("pupils.pdf", first + i) for i in range(count)]
        pupils += [("tally.pdf", tally_first + i) for i in range(tally_count)]
        first, tally_first = first + count, tally_first + tally_count
    teacher = [("teacher.pdf", i) for i in range(page_count(files["teacher.pdf"]))]
    teacher += [("tally_key.pdf", i) for i in range(page_count(files["tally_key.pdf"]))]
    return {
        name: merge_pages(files, layout, title=f"{kit.activity.name} — {document_title(bundle, lang)}")
        for name, bundle, layout in (("pupils.pdf", "pupils", pupils), ("teacher.pdf", "teacher", teacher))
    }


def group_tallies(kit: ClassKit, *, lang: str, paper: str, color: bool) -> dict[int, dict[str, bytes]]:
    """Each group's learning round on its own exercises: its tally.pdf, tally_key.pdf and learning.json."""
    from ..documents.tally import tally_files

    return {group.group.number: tally_files(kit.activity, group.exercises, group.traces, lang=lang, paper=paper,
                                            color=color, label=group_label(lang, group.group.number, kit.name))
            for group in kit.groups}  # fmt: skip


def class_tally_files(kit: ClassKit, tallies: dict[int, dict[str, bytes]], *, lang: str) -> dict[str, bytes]:
    """The groups' learning rounds (group_tallies) as the class's files: tally.pdf and tally_key.pdf group after group.

    learning.json keeps its one-round shape for the whole class (every group's
    grids pooled, as a class that puts its tallies together would do) and adds
    "groups": each group's own round, in the same shape.
    """
    from ..learning_round import class_learning_round
    from .kit import page_count

    files = {}
    titles = words_for(lang).section_file("tally.toml")
    for name, title in (("tally.pdf", titles["document"]), ("tally_key.pdf", titles["key_document"])):
        documents = {number: pdf[name] for number, pdf in tallies.items()}
        layout = [(number, i) for number, data in documents.items() for i in range(page_count(data))]
        files[name] = merge_pages(documents, layout, title=f"{kit.activity.name} — {title}")
    pooled = class_learning_round(kit.activity, kit.traces).to_json()
    pooled["groups"] = [{"group": number, **json.loads(pdf["learning.json"])} for number, pdf in tallies.items()]
    files["learning.json"] = (json.dumps(pooled, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return files


def warm_up(activity: Activity, *, color: bool, lang: str | None = None) -> None:
    """What every drawing process needs, done once before forking: fonts, emoji
    drawings, and (given `lang`) the page modules and compiled word templates."""
    from ..render.emoji import preload
    from ..render.fonts import register_fonts

    register_fonts()
    if lang is not None:
        from ..documents import assignments, cards, class_summary, grids, key, notes, pages, sheets  # noqa: F401

        words = words_for(lang)
        words.labels, words.printables, words.classes  # noqa: B018 (compiled now, once for every worker)
    preload(activity, color=color)
