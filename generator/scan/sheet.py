"""`digit --sheet`: every page of the scan located, every box read."""

from __future__ import annotations

from pathlib import Path

from ..activity import Activity
from ..errors import UserError
from .markers import locate
from .pages import ScanPage, iter_pages
from .read import BoxReading, read_page


def read_sheets(paths: list[Path], activity: Activity, *, names: list[str] | None = None
                ) -> tuple[list[ScanPage], list[list[BoxReading]]]:  # fmt: skip
    """The pages of the scan and, per page, the reading of each of its boxes.

    A page whose markers cannot be found stops everything (one clear line
    naming it): a teacher rescans one page rather than losing its pupils' digits.
    """
    pages, readings = [], []
    for page in iter_pages(paths):
        located = locate(page.image)
        if located is None:
            raise UserError("sheet.no_markers", file=page.source, page=page.index)
        readings.append(read_page(page.image, located, activity, page=page.number, names=names))
        pages.append(ScanPage(page.number, page.source, page.index, None))  # the picture is no longer needed
    return pages, readings
