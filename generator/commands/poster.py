"""`neurones poster`: the network drawn as a diagram for the classroom wall."""

from __future__ import annotations

from pathlib import Path

from ..activity import load_activity
from ..output import check_destination, write_files

FILE = "poster.pdf"


def run_poster(
    *, activity_path: Path | None, lang: str = "fr", paper: str = "a4", color: bool = True, values: bool = True,
    out: Path, force: bool = False,
) -> Path:  # fmt: skip
    from ..documents.poster import poster_pdf

    check_destination(Path(out), [FILE], force=force)
    activity = load_activity(activity_path)
    pdf = poster_pdf(activity, lang=lang, paper=paper, color=color, values=values)
    return write_files(Path(out), {FILE: pdf}, force=force)[0]
