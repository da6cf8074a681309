"""One PDF from page callbacks on any page geometry, each page with its own footer.

render.page.render_pages draws every page of one document with one footer on
A4 or Letter. Slides (16:9), the A3 poster and class bundles (a group label
per page) need more: a geometry of their own and a footer per page. This
layer reuses the same Pen, fonts and emoji forms, so pages look the same.
"""

from __future__ import annotations

import io
from typing import Callable, Sequence

from ..render.emoji import EmojiArt
from ..render.fonts import register_fonts
from ..render.page import Box, Footer, PageGeometry, Palette, Pen, draw_footer, new_canvas
from ..render.phrases import words_of

PageCallback = Callable[[Pen, Box], None]
FooterCallback = Callable[[Pen, int, int], None]

# 16:9 at the size presentation software uses (10 × 5.625 inches).
SLIDE = PageGeometry("16:9", 254.0, 142.875, margin=8.0, footer=7.0)
A3 = PageGeometry("a3", 297.0, 420.0)


def geometry_of(paper: str) -> PageGeometry:
    return A3 if paper == "a3" else PageGeometry.of(paper)


def standard_footer(footer: Footer) -> FooterCallback:
    return lambda pen, number, total: draw_footer(pen, footer, number, total)


def draw_document(
    pages: Sequence[tuple[PageCallback, FooterCallback]],
    *,
    geometry: PageGeometry,
    color: bool,
    lang: str,
    title: str,
    subject: str = "",
) -> bytes:
    """Each (page, footer) pair drawn on one page of one canvas; the PDF's bytes (invariant)."""
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, geometry, title=title, subject=subject)
    pen = Pen(canvas, geometry, lang, Palette(color), register_fonts(), EmojiArt(canvas, color=color), words_of(lang))
    for number, (draw, footer) in enumerate(pages, start=1):
        draw(pen, geometry.content)
        footer(pen, number, len(pages))
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
