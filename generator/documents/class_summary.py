"""The class summary of a class set: per group, its pupils, doubled roles or counters, and exercises."""

from __future__ import annotations

from functools import partial

from reportlab.lib.colors import white

from ..activity import Activity
from ..classes import ClassPlan, role_name
from ..render.fonts import register_fonts
from ..render.page import Box, PageGeometry, Pen
from ..render.wrap import MM, wrap
from ..words import words_for

SUMMARY_ROW_H = 8.0


def summary_rows(activity: Activity, plan: ClassPlan, lang: str) -> list[tuple[str, str, str, str]]:
    """(group, pupils, doubled · counters, exercises) text per group."""
    words = words_for(lang).classes
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
        rows.append((words.group(number=g.number), size, roles_text, exercises))
    return rows


def draw_summary_page(pen: Pen, box: Box, *, activity: Activity, plan: ClassPlan, rows, first: bool) -> None:
    words = words_for(pen.lang).classes
    y = box.top
    if first:
        pen.text(box.x, y - 9, words.summary_title(), 22, bold=True)
        line = words.summary_line(pupils=plan.pupils, groups=len(plan.groups))
        pen.text(box.x, y - 17, f"{line} · {words.summary_seed(seed=plan.seed)}", 12, max_width=box.w)
        y -= 22
    widths = column_widths(box)
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
        height = row_height(row, widths, pen.fonts.regular)
        y -= height
        for j, (x, w, text) in enumerate(zip(xs, widths, row)):
            cell = Box(x, y, w, height)
            pen.rect(cell, fill=white, width=0.3)
            size = 10.0 if j >= 2 else 12.0
            lines = pen.wrap(text, size, w - 3, bold=j == 0)
            for n, part in enumerate(lines):
                pen.text(x + 1.5, y + height - 2 - (n + 1) * size * 1.2 / MM + 1.0, part, size, bold=j == 0)


def column_widths(box: Box) -> tuple[float, float, float, float]:
    """Group, pupils, roles, exercises."""
    return (box.w * 0.11, box.w * 0.07, box.w * 0.44, box.w * 0.38)


def row_height(row, widths, font: str) -> float:
    """A row's height in mm: its longest cell, wrapped as the page draws it (pagination uses it too)."""
    lines = max(len(wrap(text, font, 10.0 if j >= 2 else 12.0, w - 3)) for j, (text, w) in enumerate(zip(row, widths)))
    return max(SUMMARY_ROW_H, lines * 10.0 * 1.2 / MM + 3.5)


def summary_pages(activity: Activity, plan: ClassPlan, lang: str, paper: str) -> list:
    """As many pages as the groups need (about twenty groups a page)."""
    rows = summary_rows(activity, plan, lang)
    box = PageGeometry.of(paper).content
    font = register_fonts().regular  # the pen's regular font, before any pen exists
    widths = column_widths(box)
    pages, current, used = [], [], 22.0 + 11.0
    for row in rows:
        h = row_height(row, widths, font)
        if current and used + h > box.h:
            pages.append(current)
            current, used = [], 11.0
        current.append(row)
        used += h
    pages.append(current)
    return [partial(draw_summary_page, activity=activity, plan=plan, rows=chunk, first=i == 0)
            for i, chunk in enumerate(pages)]  # fmt: skip
