"""The teacher's notes of a class set: how to run the activity, group by group.

Notes are a Jinja2 template (layouts/<lang>/teacher_notes.j2) written in a
small line format ("# " title, "## " heading, "- " bullet, "> " what to say,
else a paragraph), wrapped and paginated here. The plan (groups, roles,
exercises) comes from generator.classes; nothing here decides who does what.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from reportlab.lib.colors import black

from ..activity import Activity
from ..classes import ClassPlan, role_name
from ..render.fonts import register_fonts
from ..render.page import Box, PageGeometry, Pen
from ..render.wrap import MM, wrap
from ..text import render
from .class_words import class_words


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
