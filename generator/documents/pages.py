"""One PDF from page callbacks on any page geometry, each page with its own footer.

Every PDF is drawn by render.page.draw_pages (here `draw_document`), the one
pipeline of the project. render.page.render_pages is the common case: one
document, one footer, A4 or Letter. Slides (16:9), the A3 poster and class
documents (a group label per page) need a geometry of their own and a footer
per page: the sizes are here.
"""

from __future__ import annotations

from ..render.page import FooterCallback, PageCallback, PageGeometry, standard_footer
from ..render.page import draw_pages as draw_document

__all__ = ["A3", "SLIDE", "FooterCallback", "PageCallback", "draw_document", "geometry_of", "standard_footer"]

# 16:9 at the size presentation software uses (10 × 5.625 inches).
SLIDE = PageGeometry("16:9", 254.0, 142.875, margin=8.0, footer=7.0)
A3 = PageGeometry("a3", 297.0, 420.0)


def geometry_of(paper: str) -> PageGeometry:
    return A3 if paper == "a3" else PageGeometry.of(paper)


