"""The class-set pages: teacher's notes, the class summary and each group's
role assignment, and the names written on role cards.

Notes are a Jinja2 template (layouts/<lang>/teacher_notes.j2) written in a
small line format ("# " title, "## " heading, "- " bullet, "> " what to say,
else a paragraph), wrapped and paginated here. The plan (groups, roles,
exercises) comes from generator.classes; nothing here decides who does what.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from reportlab.lib.colors import black, white
from reportlab.pdfbase import pdfmetrics

from ..activity import Activity
from ..classes import ClassPlan, Group, Seat
from ..render.fonts import register_fonts
from ..render.page import Box, PageGeometry, Pen
from ..render.tables import RecordRow, draw_record_table
from ..text import render
from .class_words import class_words

MM = 72 / 25.4


# --- teacher's notes ------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    kind: str  # title, heading, bullet, say, text
    text: str

    def __repr__(self) -> str:
        return f"Block({self.kind}: {self.text[:30]!r})"


STYLE = {  # kind: (font size, bold, space before in mm, left indent in mm)
    "title": (18.0, True, 0.0, 0.0),
    "heading": (13.5, True, 5.0, 0.0),
    "bullet": (11.0, False, 1.2, 5.0),
    "say": (11.0, True, 2.0, 8.0),
    "text": (11.0, False, 2.0, 0.0),
}
LEADING = 1.3


def notes_context(activity: Activity, plan: ClassPlan | None, per_group: int, lang: str) -> dict:
    """What the notes template needs, in plain values."""
    words = class_words(lang)
    groups = []
    if plan is not None:
        for g in plan.groups:
            doubled = []
            for seat in g.doubled:
                roles = words.summary_doubled(roles=[role_name(activity, r, lang) for r in seat.roles])
                doubled.append(f"{seat.name} ({roles})" if seat.name else roles)
            groups.append({"number": g.number, "size": g.size, "doubled": doubled, "counters": len(g.counters)})
    return {
        "activity": activity.name,
        "digits": list(activity.digits),
        "roles": len(activity.hidden) + len(activity.outputs),
        "hidden": [h.name for h in activity.hidden],
        "outputs": [o.label(lang) for o in activity.outputs],
        "pupils": plan.pupils if plan is not None else None,
        "groups": groups or [{"number": 1, "size": len(activity.hidden) + len(activity.outputs), "doubled": [],
                              "counters": 0}],
        "named": bool(plan and plan.named),
        "seed": plan.seed if plan is not None else 0,
        "per_group": per_group,
    }


def notes_blocks(lang: str, context: dict) -> list[Block]:
    blocks = []
    for line in render(lang, "teacher_notes.j2", **context).splitlines():
        line = line.strip()
        if not line:
            continue
        for prefix, kind in (("## ", "heading"), ("# ", "title"), ("- ", "bullet"), ("> ", "say")):
            if line.startswith(prefix):
                blocks.append(Block(kind, line[len(prefix) :].strip()))
                break
        else:
            blocks.append(Block("text", line))
    return blocks


def wrap(text: str, font: str, size: float, width_mm: float) -> list[str]:
    lines: list[str] = []
    for word in text.split(" "):  # never at a no-break space
        if lines and pdfmetrics.stringWidth(lines[-1] + " " + word, font, size) / MM <= width_mm:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


@dataclass(frozen=True)
class PlacedBlock:
    block: Block
    lines: tuple[str, ...]
    top: float  # mm from the content box's top, downwards


def paginate_notes(blocks: Sequence[Block], box: Box) -> list[list[PlacedBlock]]:
    """Wrap every block to the box's width and cut into pages (a heading never ends a page)."""
    fonts = register_fonts()
    pages: list[list[PlacedBlock]] = [[]]
    y = 0.0
    for i, block in enumerate(blocks):
        size, bold, before, indent = STYLE[block.kind]
        pad = 3.0 if block.kind == "say" else 0.0
        lines = wrap(block.text, fonts.bold if bold else fonts.regular, size, box.w - indent - 2 * pad)
        height = before + len(lines) * size * LEADING / MM + 2 * pad
        keep = height
        if block.kind == "heading" and i + 1 < len(blocks):
            keep += 3 * STYLE["text"][0] * LEADING / MM  # with the start of what follows
        if y + keep > box.h and pages[-1]:
            pages.append([])
            y = 0.0
            height -= before
            before = 0.0
        pages[-1].append(PlacedBlock(block, tuple(lines), y + before))
        y += height
    return pages


def draw_notes_page(pen: Pen, box: Box, *, placed: Sequence[PlacedBlock]) -> None:
    for item in placed:
        size, bold, _, indent = STYLE[item.block.kind]
        leading = size * LEADING / MM
        top = box.top - item.top
        if item.block.kind == "say":
            height = len(item.lines) * leading + 6.0
            frame = Box(box.x + indent - 3, top - height, box.w - indent + 3, height)
            pen.rect(frame, stroke=pen.palette.rule, fill=pen.palette.faint, width=0.3, radius=2)
            pen.rect(Box(frame.x, frame.y, 1.4, frame.h), stroke=None, fill=black)
            top -= 3.0
        for n, line in enumerate(item.lines):
            baseline = top - (n + 1) * leading + leading * 0.25
            pen.text(box.x + indent, baseline, line, size, bold=bold)
        if item.block.kind == "bullet":
            pen.text(box.x + 1, top - leading + leading * 0.25, "•", size, bold=True)


def notes_pages(activity: Activity, plan: ClassPlan | None, per_group: int, lang: str, paper: str) -> list:
    box = PageGeometry.of(paper).content
    blocks = notes_blocks(lang, notes_context(activity, plan, per_group, lang))
    return [partial(draw_notes_page, placed=page) for page in paginate_notes(blocks, box)]


# --- roles and names --------------------------------------------------------------------


def role_name(activity: Activity, role: str, lang: str) -> str:
    neuron = activity.neuron(role)
    return neuron.label(lang) if neuron in activity.outputs else role


def seat_roles_text(activity: Activity, seat: Seat, lang: str) -> str:
    words = class_words(lang)
    if seat.counter:
        return words.assign_counter()
    names = [words.neuron(role_name(activity, r, lang), output=activity.neuron(r) in activity.outputs)
             for r in seat.roles]  # fmt: skip
    return f" {words.assign_then()} ".join(names)


def draw_assignment_page(pen: Pen, box: Box, *, activity: Activity, group: Group, roles: int) -> None:
    """Group g: each pupil (or a line to write a name on) and the role(s) they play."""
    words = class_words(pen.lang)
    pen.text(box.x, box.top - 9, words.assign_title(number=group.number), 22, bold=True)
    pen.text(box.x, box.top - 17, words.assign_hint(size=group.size, roles=roles), 11.5, max_width=box.w)
    rows = []
    for seat in group.seats:
        who = seat.name or words.assign_blank_name()
        rows.append(RecordRow(who, (seat_roles_text(activity, seat, pen.lang),)))
    row_h = min(16.0, (box.h - 40) / max(len(rows), 1))
    draw_record_table(pen, box.x, box.top - 24, box.w, headers=(words.assign_roles(),), rows=rows,
                      label_w=box.w * 0.42, header_h=11, row_h=row_h, size=15, label_size=15)  # fmt: skip
    # The header's left cell names the column of pupils.
    header = Box(box.x, box.top - 35, box.w * 0.42, 11)
    pen.rect(header, fill=pen.palette.faint, width=0.4)
    pen.lines_in(header, words.assign_pupil(), 13, bold=True, max_lines=1)


def draw_card_name(pen: Pen, card: Box, *, text: str, output: bool) -> None:
    """'joué par : Léa' on a role card, on the line under its title (see documents.cards.draw_card)."""
    inner = card.inset(6, 5)
    words = pen.words["cards"]
    kind = words["output_kind"] if output else words["hidden_kind"]
    x = inner.x + pen.width(kind, 10) + 5
    room = inner.w - (x - inner.x) - (38 if output else 0)
    pen.text(x, inner.top - 15.5, text, 12, bold=True, max_width=room)


# --- class summary ---------------------------------------------------------------------


SUMMARY_ROW_H = 8.0


def summary_rows(activity: Activity, plan: ClassPlan, lang: str) -> list[tuple[str, str, str, str]]:
    """(group, pupils, doubled · counters, exercises) text per group."""
    words = class_words(lang)
    rows = []
    for g in plan.groups:
        size = "?" if plan.pupils is None else str(g.size)
        exercises = ", ".join(words.summary_exercise(id=e.id, label=e.label) for e in g.exercises)
        if plan.named:
            # With names, the whole cast: who plays each role, then the counters.
            cast = [words.summary_cast(name=s.name, roles=[role_name(activity, r, lang) for r in s.roles])
                    for s in g.seats if s.roles]  # fmt: skip
            counters = [s.name for s in g.counters]
            if counters:
                cast.append(words.summary_cast_counters(names=counters))
            rows.append((words.group(number=g.number), size, " · ".join(cast), exercises))
            continue
        doubled = []
        for seat in g.doubled:
            doubled.append(words.summary_doubled(roles=[role_name(activity, r, lang) for r in seat.roles],
                                                 name=seat.name or ""))  # fmt: skip
        counters = words.summary_counters(n=len(g.counters))
        roles_text = " · ".join([*doubled, *([counters] if counters else [])]) or words.summary_all_single()
        size = "?" if plan.pupils is None else str(g.size)
        exercises = ", ".join(words.summary_exercise(id=e.id, label=e.label) for e in g.exercises)
        rows.append((words.group(number=g.number), size, roles_text, exercises))
    return rows


def draw_summary_page(pen: Pen, box: Box, *, activity: Activity, plan: ClassPlan, rows, first: bool) -> None:
    words = class_words(pen.lang)
    y = box.top
    if first:
        pen.text(box.x, y - 9, words.summary_title(), 22, bold=True)
        line = words.summary_line(pupils=plan.pupils, groups=len(plan.groups))
        pen.text(box.x, y - 17, f"{line} · {words.summary_seed(seed=plan.seed)}", 12, max_width=box.w)
        y -= 22
    widths = (box.w * 0.11, box.w * 0.07, box.w * 0.44, box.w * 0.38)
    roles = words.summary_roles_named() if plan.named else words.summary_roles()
    headers = (words.summary_group(), words.summary_pupils(), roles, words.summary_exercises())
    xs = [box.x + sum(widths[:i]) for i in range(4)]
    header_h = 11.0
    for x, w, text in zip(xs, widths, headers):
        cell = Box(x, y - header_h, w, header_h)
        pen.rect(cell, fill=pen.palette.faint, width=0.35)
        pen.lines_in(cell, text, 10.5, bold=True, max_lines=2)
    y -= header_h
    for row in rows:
        height = row_height(pen, row, widths)
        y -= height
        for j, (x, w, text) in enumerate(zip(xs, widths, row)):
            cell = Box(x, y, w, height)
            pen.rect(cell, fill=white, width=0.3)
            size = 10.0 if j >= 2 else 12.0
            lines = pen.wrap(text, size, w - 3, bold=j == 0)
            for n, part in enumerate(lines):
                pen.text(x + 1.5, y + height - 2 - (n + 1) * size * 1.2 / MM + 1.0, part, size, bold=j == 0)


def row_height(pen: Pen, row, widths) -> float:
    lines = max(len(pen.wrap(text, 10.0 if j >= 2 else 12.0, w - 3)) for j, (text, w) in enumerate(zip(row, widths)))
    return max(SUMMARY_ROW_H, lines * 10.0 * 1.2 / MM + 3.5)


def summary_pages(activity: Activity, plan: ClassPlan, lang: str, paper: str) -> list:
    """As many pages as the groups need (about twenty groups a page)."""
    rows = summary_rows(activity, plan, lang)
    box = PageGeometry.of(paper).content
    # Row heights need a pen for widths; estimate with the same wrapping rules.
    fonts = register_fonts()
    widths = (box.w * 0.11, box.w * 0.07, box.w * 0.44, box.w * 0.38)

    def height(row) -> float:
        lines = max(len(wrap(text, fonts.regular, 10.0 if j >= 2 else 12.0, w - 3)) for j, (text, w) in
                    enumerate(zip(row, widths)))  # fmt: skip
        return max(SUMMARY_ROW_H, lines * 10.0 * 1.2 / MM + 3.5)

    pages, current, used = [], [], 22.0 + 11.0
    for row in rows:
        h = height(row)
        if current and used + h > box.h:
            pages.append(current)
            current, used = [], 11.0
        current.append(row)
        used += h
    pages.append(current)
    return [partial(draw_summary_page, activity=activity, plan=plan, rows=chunk, first=i == 0)
            for i, chunk in enumerate(pages)]  # fmt: skip
