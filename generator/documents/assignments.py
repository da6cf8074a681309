"""Who plays which role: each group's assignment page, and the name written on a role card.

The plan (groups, seats, roles) comes from generator.classes; this module only
writes it out.
"""

from __future__ import annotations

from ..activity import Activity
from ..classes import Group, Seat, role_name
from ..render.page import Box, Pen
from ..render.tables import RecordRow, draw_record_table
from ..words import words_for


def seat_roles_text(activity: Activity, seat: Seat, lang: str) -> str:
    words = words_for(lang).classes
    if seat.counter:
        return words.assign_counter()
    names = [words.neuron(role_name(activity, r, lang), output=activity.neuron(r) in activity.outputs)
             for r in seat.roles]  # fmt: skip
    return f" {words.assign_then()} ".join(names)


def draw_assignment_page(pen: Pen, box: Box, *, activity: Activity, group: Group, roles: int) -> None:
    """Group g: each pupil (or a line to write a name on) and the role(s) they play."""
    words = words_for(pen.lang).classes
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
