"""`neurones collect`: sheets pupils draw their own digits on, for `digit --sheet` to read back.

Writes collect.pdf (the pages to print) and collect.json (where each drawing
and tick box is, in PDF points from each page's bottom-left corner).
"""

from __future__ import annotations

import json
from pathlib import Path

from ..activity import load_activity
from ..errors import UserError
from ..output import check_destination, write_files

FILES = ("collect.pdf", "collect.json")
MAX_PAGES = 200


def check_collect_options(*, pages: int | None, students: int | None, names: list[str] | None,
                          per_pupil: int) -> int:  # fmt: skip
    """How many pages: --pages, or enough for the class (one box per digit for each pupil)."""
    from ..classes import check_students
    from ..scan.layout import pages_for

    if pages is not None and (students is not None or names is not None):
        raise UserError("collect.pages_and_class", per_pupil=per_pupil)
    if students is not None:
        check_students(students)
        if names is not None and students != len(names):
            raise UserError("class.students_roster_mismatch", students=students, names=len(names))
    if names is not None:
        return pages_for(len(names), per_pupil)
    if students is not None:
        return pages_for(students, per_pupil)
    pages = 1 if pages is None else pages
    if not 1 <= pages <= MAX_PAGES:
        raise UserError("collect.pages_range", value=pages, most=MAX_PAGES)
    return pages


def run_collect(
    *, activity_path: Path | None, pages: int | None = None, students: int | None = None, roster: Path | None = None,
    other: bool = False, lang: str = "fr", paper: str = "a4", color: bool = True, out: Path, force: bool = False,
) -> list[tuple[Path, int | None]]:  # fmt: skip
    """(file written, pages) for collect.pdf and collect.json."""
    from ..roster import read_roster
    from ..documents.collect import collect_json, collect_pdf, plan_collect

    activity = load_activity(activity_path)
    names = read_roster(roster) if roster is not None else None
    count = check_collect_options(pages=pages, students=students, names=names, per_pupil=len(activity.digits))
    check_destination(Path(out), list(FILES), force=force)
    plan = plan_collect(activity, pages=count, names=names, other=other and len(activity.digits) < 10)
    pdf = collect_pdf(activity, plan, lang=lang, paper=paper, color=color)
    data = (json.dumps(collect_json(plan, paper=paper), ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    written = write_files(Path(out), {FILES[0]: pdf, FILES[1]: data}, force=force)
    return [(written[0], plan.pages), (written[1], None)]
