"""The teacher's guide: how to run the lesson, for a plain kit (one group) and for a class set.

The guide is a Jinja2 template (layouts/<lang>/teacher_notes.j2) written in a
small line format ("# " title, "## " heading, "- " bullet, "> " what to say,
"@room" the drawing of the room, else a paragraph), wrapped and paginated
here. Nothing printed is decided here: the class plan (groups, roles) comes
from generator.classes, the timed plan from generator.lesson_time, the worked
example's numbers from the engine's forward pass, the learning round's steps
from the tally sheet's printed rule.
"""

from __future__ import annotations

from pathlib import Path

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from reportlab.lib.colors import black, white

from ..activity import Activity
from ..classes import ClassPlan, role_name
from ..lesson_time import WORKED_EXAMPLE_COUNTS, LessonPlan, plan_lesson, shortest_lesson
from ..network import Network
from ..numbers import format_number
from ..render.fonts import register_fonts
from ..render.page import Box, PageGeometry, Pen
from ..render.wrap import MM, wrap
from ..terms import formula_text
from ..words import words_for
from .answers import answer_text

ROOM_HEIGHT = 112.0  # mm: the drawing of the room


@dataclass(frozen=True)
class Block:
    kind: str  # title, heading, bullet, say, text, room
    text: str

    def __repr__(self) -> str:
        return f"Block({self.kind}: {self.text[:30]!r})"


STYLE = {  # kind: (font size, bold, space before in mm, left indent in mm)
    "title": (18.0, True, 0.0, 0.0),
    "heading": (13.5, True, 5.0, 0.0),
    "bullet": (11.0, False, 1.2, 5.0),
    "say": (11.0, True, 2.0, 8.0),
    "text": (11.0, False, 2.0, 0.0),
    "room": (11.0, False, 3.0, 0.0),
}
LEADING = 1.3


def worked_example(activity: Activity, lang: str) -> dict | None:
    """The seed's worked example as the engine computes it, in plain values (None if the activity has other inputs)."""
    if len(activity.emoji) != len(WORKED_EXAMPLE_COUNTS):
        return None
    trace = Network(activity).forward(WORKED_EXAMPLE_COUNTS, exercise_id="worked")
    counts = [format_number(c, lang) for c in trace.counts]
    hidden_outputs = [format_number(s.output, lang) for s in trace.hidden]
    emoji_names = [e.names.get(lang, e.char) for e in activity.emoji]
    hidden_names = [h.name for h in activity.hidden]

    def step(neuron, s, numbers, names) -> dict:
        return {"name": s.neuron, "formula": formula_text(neuron.weights, names, lang),
                "sum": formula_text(neuron.weights, numbers, lang), "result": s.result,
                "threshold": neuron.threshold, "output": s.output}  # fmt: skip

    return {
        "counts": [{"name": e.names.get(lang, e.char), "count": c} for e, c in zip(activity.emoji, trace.counts)],
        "hidden": [step(n, s, counts, emoji_names) for n, s in zip(activity.hidden, trace.hidden)],
        "outputs": [
            {**step(n, s, hidden_outputs, hidden_names), "label": n.label(lang), "digit": n.digit}
            for n, s in zip(activity.outputs, trace.outputs)
        ],
        "verdict": answer_text(lang, trace.answer),
        "winners": [n.label(lang) for n in activity.outputs if n.digit in trace.answer.digits],
    }


def guide_lesson(activity: Activity, minutes: int = 55) -> LessonPlan:
    """The plan for `minutes`, or, for a network so slow that it does not fit, the shortest plan that does."""
    try:
        return plan_lesson(minutes, activity=activity)
    except ValueError:
        return plan_lesson(shortest_lesson(activity), activity=activity)


def lesson_context(plan: LessonPlan) -> dict:
    return {
        "minutes": plan.minutes,
        "steps": {s.name: s.minutes for s in plan.steps},
        "order": [s.name for s in plan.steps],
        "per_group": plan.exercises_per_group,
        # "3 min 20 s", not "3.3 min": whole minutes and seconds to the nearest ten.
        "exercise_time": divmod(int(round(plan.exercise.minutes * 6)) * 10, 60),
    }


def round_context(activity: Activity, traces: Sequence | None) -> dict | None:
    """What the learning round does on this kit's own exercises (the same round as tally_key.pdf), or None."""
    if not traces:
        return None
    from ..learning_round import class_learning_round

    learning = class_learning_round(activity, traces)
    return {"before": learning.before.right, "after": learning.after.right, "total": learning.before.total,
            "tried": len(learning.tried), "kept": len(learning.steps)}  # fmt: skip


def notes_context(activity: Activity, plan: ClassPlan | None, per_group: int, lang: str,
                  lesson: LessonPlan | None = None, traces: Sequence | None = None) -> dict:  # fmt: skip
    """What the guide's template needs, in plain values."""
    from .tally import rule_steps

    words = words_for(lang).classes
    lesson = lesson or guide_lesson(activity)
    groups = []
    if plan is not None:
        for g in plan.groups:
            doubled = []
            for seat in g.doubled:
                roles = words.summary_doubled(roles=[role_name(activity, r, lang) for r in seat.roles])
                doubled.append(f"{seat.name} ({roles})" if seat.name else roles)
            groups.append({"number": g.number, "size": g.size, "doubled": doubled, "counters": len(g.counters)})
    roles = len(activity.hidden) + len(activity.outputs)
    from ..resources import default_activity_path

    own_file = activity.source is not None and Path(activity.source).resolve() != default_activity_path().resolve()
    return {
        "activity": activity.name,
        # The commands the guide suggests must use this kit's network, not the bundled one.
        "activity_file": Path(activity.source).name if own_file else None,
        "digits": list(activity.digits),
        "unknown": [d for d in (8, 5, 7, 2, 1, 4) if d not in activity.digits][:2],
        "roles": roles,
        "hidden": [h.name for h in activity.hidden],
        "outputs": [o.label(lang) for o in activity.outputs],
        "pupils": plan.pupils if plan is not None else None,
        "groups": groups or [{"number": 1, "size": roles, "doubled": [], "counters": 0}],
        "named": bool(plan and plan.named),
        "seed": plan.seed if plan is not None else 0,
        "per_group": per_group,
        "lesson": lesson_context(lesson),
        "worked": worked_example(activity, lang),
        "rule_steps": rule_steps(lang),
        "round": round_context(activity, traces),
    }


def notes_blocks(lang: str, context: dict) -> list[Block]:
    blocks = []
    for line in words_for(lang).render("teacher_notes.j2", **context).splitlines():
        line = line.strip()
        if not line:
            continue
        if line == "@room":
            blocks.append(Block("room", ""))
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
    """Wrap every block to the box's width and cut into pages (a heading, or a list's first item, never ends a page)."""
    fonts = register_fonts()
    heights = []
    wrapped = []
    for block in blocks:
        size, bold, before, indent = STYLE[block.kind]
        if block.kind == "room":
            lines, height = [], ROOM_HEIGHT
        else:
            pad = 3.0 if block.kind == "say" else 0.0
            lines = wrap(block.text, fonts.bold if bold else fonts.regular, size, box.w - indent - 2 * pad)
            height = len(lines) * size * LEADING / MM + 2 * pad
        wrapped.append(lines)
        heights.append(height)
    pages: list[list[PlacedBlock]] = [[]]
    y = 0.0
    for i, block in enumerate(blocks):
        before = STYLE[block.kind][2]
        keep = before + heights[i]
        if block.kind == "heading" and i + 1 < len(blocks):
            keep += min(heights[i + 1] + STYLE[blocks[i + 1].kind][2], 3 * STYLE["text"][0] * LEADING / MM)
        if block.kind in ("heading", "text") and i + 1 < len(blocks) and "room" in (
            b.kind for b in blocks[i + 1 : i + 3]
        ):  # the room's heading and its sentence stay with the drawing
            keep = sum(STYLE[b.kind][2] + h for b, h in zip(blocks[i : i + 3], heights[i : i + 3]))
        if (block.kind == "bullet" and (i == 0 or blocks[i - 1].kind != "bullet") and i + 1 < len(blocks)
                and blocks[i + 1].kind == "bullet"):  # fmt: skip
            keep += STYLE["bullet"][2] + heights[i + 1]  # a list's first item never ends a page alone
        if y + keep > box.h and pages[-1]:
            pages.append([])
            y = 0.0
            before = 0.0
        pages[-1].append(PlacedBlock(block, tuple(wrapped[i]), y + before))
        y += before + heights[i]
    return pages


def draw_notes_page(pen: Pen, box: Box, *, placed: Sequence[PlacedBlock], room: dict | None = None) -> None:
    for item in placed:
        size, bold, _, indent = STYLE[item.block.kind]
        leading = size * LEADING / MM
        top = box.top - item.top
        if item.block.kind == "room":
            draw_room(pen, Box(box.x, top - ROOM_HEIGHT, box.w, ROOM_HEIGHT), **(room or {}))
            continue
        if item.block.kind == "say":
            height = len(item.lines) * leading + 6.0
            frame = Box(box.x + indent - 3, top - height, box.w - indent + 3, height)
            pen.rect(frame, stroke=pen.palette.rule, fill=pen.palette.faint, width=0.3, radius=2)
            pen.rect(Box(frame.x, frame.y, 1.4, frame.h), stroke=None, fill=black)
            top -= 3.0
        for n, line in enumerate(item.lines):
            baseline = top - (n + 1) * leading + leading * 0.25
            pen.text(box.x + indent, baseline, line, size, bold=bold)
        if item.block.kind == "bullet" and not item.block.text[:1].isdigit():  # "1. …" is numbered already
            pen.text(box.x + 1, top - leading + leading * 0.25, "•", size, bold=True)


# --- the drawing of the room ------------------------------------------------------


def _arrow(pen: Pen, x1: float, y1: float, x2: float, y2: float, *, dashed: bool = False, width: float = 0.35,
           head: float = 2.2) -> None:  # fmt: skip
    """A straight arrow from (x1, y1) to (x2, y2) in mm, solid or dashed, its head filled."""
    from math import hypot

    c = pen.canvas
    length = hypot(x2 - x1, y2 - y1) or 1.0
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    bx, by = x2 - ux * head, y2 - uy * head
    c.saveState()
    c.setStrokeColor(black)
    c.setFillColor(black)
    c.setLineWidth(width * MM)
    if dashed:
        c.setDash([1.6 * MM, 1.2 * MM])
    c.line(x1 * MM, y1 * MM, bx * MM, by * MM)
    c.setDash([])
    p = c.beginPath()
    p.moveTo(x2 * MM, y2 * MM)
    p.lineTo((bx - uy * head * 0.45) * MM, (by + ux * head * 0.45) * MM)
    p.lineTo((bx + uy * head * 0.45) * MM, (by - ux * head * 0.45) * MM)
    p.close()
    c.drawPath(p, stroke=0, fill=1)
    c.restoreState()


def draw_room(pen: Pen, box: Box, *, activity: Activity, lang: str, counters: int = 0) -> None:
    """Who sits where and who passes numbers to whom: the emoji sheet, the hidden neurons, the output neurons.

    Solid arrows carry a number that is added, dashed ones a number taken away
    (the same convention as the poster), so the drawing is the network itself.
    """
    words = words_for(lang).section_file("guide.toml")
    pen.rect(box, stroke=pen.palette.rule, width=0.3, radius=3)
    inner = box.inset(4, 3)
    n_emoji = len(activity.emoji)

    # The table with the emoji sheet, at the top; counters around it.
    sheet = Box(inner.cx - 36, inner.top - 19, 72, 17)
    pen.rect(sheet, stroke=black, fill=white, width=0.5, radius=1.5)
    pen.text(sheet.cx, sheet.top - 5, words["sheet"], 10.5, bold=True, align="center")
    size = min(6.5, (sheet.w - 8) / n_emoji - 1.5)
    step = (sheet.w - 8) / n_emoji
    for i, e in enumerate(activity.emoji):
        pen.emoji(e.char, sheet.x + 4 + i * step + (step - size) / 2, sheet.y + 2.2, size, svg=e.svg)
    pen.text(sheet.cx, sheet.y - 3.6, words["sheet_hint"], 8.5, align="center")
    if counters:
        for k in range(counters):
            side = -1 if k % 2 == 0 else 1
            x = sheet.x - 14 if side < 0 else sheet.right + 4
            seat = Box(x, sheet.y + 1 + (k // 2) * 8, 10, 6.5)
            pen.rect(seat, stroke=black, fill=pen.palette.faint, width=0.3, radius=3)
            pen.text(seat.cx, seat.y - 3, words["counter"], 7.5, align="center")

    # Hidden neurons in a row: each desk shows the emoji its pupil counts.
    hidden = activity.hidden
    gap = 3.0
    desk_w = min(26.0, (inner.w - gap * (len(hidden) - 1)) / len(hidden))
    row_w = len(hidden) * desk_w + (len(hidden) - 1) * gap
    desk_h = 17.0
    hidden_y = sheet.y - 14 - desk_h
    desks = []
    for i, neuron in enumerate(hidden):
        desk = Box(inner.cx - row_w / 2 + i * (desk_w + gap), hidden_y, desk_w, desk_h)
        desks.append(desk)
        pen.rect(desk, stroke=black, fill=white, width=0.5, radius=2)
        pen.text(desk.cx, desk.top - 7.5, neuron.name, 16, bold=True, align="center")
        used = [(e, w) for e, w in zip(activity.emoji, neuron.weights) if w]
        esize = min(4.6, (desk.w - 2) / max(1, len(used)) - 0.6)
        x0 = desk.cx - len(used) * (esize + 0.6) / 2
        for k, (e, w) in enumerate(used):
            pen.emoji(e.char, x0 + k * (esize + 0.6) + 0.3, desk.y + 1.8, esize, svg=e.svg)
        # The counts reach every hidden desk from the sheet.
        _arrow(pen, sheet.cx + (desk.cx - sheet.cx) * 0.35, sheet.y - 5.5, desk.cx, desk.top + 0.4, width=0.25,
               head=1.8)  # fmt: skip

    # Output neurons in a row below: each desk in its colour (pattern in black and white).
    outputs = activity.outputs
    out_gap = 8.0
    out_w = min(36.0, (inner.w - out_gap * (len(outputs) - 1)) / len(outputs))
    out_row = len(outputs) * out_w + (len(outputs) - 1) * out_gap
    out_h = 15.0
    out_y = inner.y + 15.0
    out_desks = []
    for j, neuron in enumerate(outputs):
        desk = Box(inner.cx - out_row / 2 + j * (out_w + out_gap), out_y, out_w, out_h)
        out_desks.append(desk)
        pen.swatch(Box(desk.x, desk.y, 7, desk.h), neuron.color, neuron.pattern)
        pen.rect(Box(desk.x + 7, desk.y, desk.w - 7, desk.h), stroke=black, fill=white, width=0.5)
        pen.rect(desk, stroke=black, width=0.5)
        text_x = desk.x + 7 + (desk.w - 7) / 2
        pen.text(text_x, desk.top - 6.2, neuron.label(lang), 12, bold=True, align="center", max_width=desk.w - 9)
        pen.text(text_x, desk.y + 2.6, f"« {neuron.digit} »" if lang == "fr" else f"“{neuron.digit}”", 10,
                 align="center")  # fmt: skip
    pen.text(inner.x, out_y - 4.5, words["output_layer"], 9, bold=True)

    # Who passes what to whom: every hidden answer an output neuron adds (solid) or takes away (dashed).
    for j, neuron in enumerate(outputs):
        target = out_desks[j]
        links = [(i, w) for i, w in enumerate(neuron.weights) if w]
        for k, (i, w) in enumerate(links):
            source = desks[i]
            x_end = target.x + 9 + (target.w - 11) * (k + 0.5) / len(links)
            _arrow(pen, source.cx + (j - (len(outputs) - 1) / 2) * 1.6, source.y - 0.4, x_end, target.top + 0.4,
                   dashed=w < 0, width=0.25, head=1.8)  # fmt: skip

    # The layer's name at the left, under the sheet's edge: the arrows to the desks leave
    # from the sheet's middle, so nothing runs there (over the arrows it hid their heads);
    # with counters, left of their seats and captions, which sit beside the sheet.
    right = sheet.x - (16 if counters else 2)
    label = Box(inner.x, sheet.y - 10.5, right - inner.x, 9 if not counters else 12)
    pen.lines_in(label, words["hidden_layer"], 9, bold=True, align="left", max_lines=2 if not counters else 3)

    # Legend and the teacher.
    y = inner.y + 3.0
    _arrow(pen, inner.x, y + 1.0, inner.x + 12, y + 1.0, width=0.3)
    pen.text(inner.x + 14, y, words["adds"], 9)
    x = inner.x + 16 + pen.width(words["adds"], 9)
    _arrow(pen, x, y + 1.0, x + 12, y + 1.0, dashed=True, width=0.3)
    pen.text(x + 14, y, words["subtracts"], 9)
    pen.text(inner.right, y, words["teacher"], 9, align="right", max_width=inner.w * 0.55)


# --- pages and the plain kit's PDF ------------------------------------------------


def notes_pages(activity: Activity, plan: ClassPlan | None, per_group: int, lang: str, paper: str, *,
                lesson: LessonPlan | None = None, traces: Sequence | None = None) -> list:  # fmt: skip
    """The guide's page callbacks (pen, box); `lesson` is the timed plan (default: a 55-minute lesson),
    `traces` the kit's exercises when one group does them all (the guide then says what its round gives)."""
    box = PageGeometry.of(paper).content
    context = notes_context(activity, plan, per_group, lang, lesson, traces)
    counters = max((g["counters"] for g in context["groups"]), default=0)
    room = {"activity": activity, "lang": lang, "counters": counters}
    blocks = notes_blocks(lang, context)
    return [partial(draw_notes_page, placed=page, room=room) for page in paginate_notes(blocks, box)]


def notes_pdf(activity: Activity, plan: ClassPlan | None, per_group: int, *,
              plan_of_lesson: LessonPlan | None = None, traces: Sequence | None = None,
              lang: str, paper: str, color: bool, label: str = "") -> bytes:  # fmt: skip
    """notes.pdf of a plain kit: the guide's pages with the kit's footer."""
    from ..render.page import make_footer, render_pages

    pages = notes_pages(activity, plan, per_group, lang, paper, lesson=plan_of_lesson, traces=traces)
    words = words_for(lang)
    footer = make_footer(lang, activity=activity.name, document=words.section_file("guide.toml")["document"],
                         label=label)  # fmt: skip
    return render_pages(pages, paper=paper, color=color, lang=lang, words=words.labels, footer=footer)
