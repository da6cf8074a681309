"""The class-set pages, one module each since they were split: kept so older imports still work.

- documents/notes.py: the teacher's notes;
- documents/class_summary.py: the class summary;
- documents/assignments.py: each group's role assignment, and the names on role cards.
"""

from __future__ import annotations

from .assignments import draw_assignment_page, draw_card_name, seat_roles_text  # noqa: F401
from .class_summary import summary_pages, summary_rows  # noqa: F401
from .notes import notes_blocks, notes_context, notes_pages, paginate_notes  # noqa: F401
