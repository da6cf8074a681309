"""One PDF from page callbacks on any page geometry, each page with its own footer.

render.page.render_pages draws every page of one document with one footer on
A4 or Letter. Slides (16:9), the A3 poster and class bundles (a group label
per page) need more: a geometry of their own and a footer per page. This
layer reuses the same Pen, fonts and emoji forms, so pages look the same.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfdoc import xObjectName

from ..render import emoji as emoji_art
from ..render.emoji import EmojiArt
from ..render.fonts import register_fonts
from ..render.page import (
    Box,
    Footer,
    PageGeometry,
    Palette,
    Pen,
    draw_footer,
    new_canvas,
)
from ..render.phrases import words_of

PageCallback = Callable[[Pen, Box], None]
FooterCallback = Callable[[Pen, int, int], None]

# 16:9 at the size presentation software uses (10 × 5.625 inches).
SLIDE = PageGeometry("16:9", 254.0, 142.875, margin=8.0, footer=7.0)
A3 = PageGeometry("a3", 297.0, 420.0)


class QuickEmojiArt(EmojiArt):
    """EmojiArt that finds each emoji's picture once per document, not once per cell.

    A class set draws tens of thousands of emoji; looking the SVG file up on
    disk every time (stat, realpath) took half of the whole run. The form
    itself is still written once per PDF by EmojiArt.
    """

    def __init__(self, canvas, *, color: bool = True) -> None:
        super().__init__(canvas, color=color)
        self._found: dict[tuple[str, object], tuple[str, float, float] | None] = {}

    def draw(self, emoji: str, x: float, y: float, size: float, *, svg=None) -> None:
        key = (emoji, svg)
        if key not in self._found:
            path = emoji_art.resolve(emoji, color=self.color, svg=svg)
            if path is None:  # drawn from the emoji font: nothing to cache
                self._found[key] = None
            else:
                path = path.resolve()
                drawing = emoji_art._drawing(path, not self.color)
                name = self._define_form(emoji_art._form_name(path, self.color), drawing)
                self._found[key] = (name, drawing.width, drawing.height)
        found = self._found[key]
        if found is None:
            super().draw(emoji, x, y, size, svg=svg)
            return
        name, width, height = found
        scale = size / max(width, height)
        canvas = self.canvas
        # What saveState, transform, doForm and restoreState write, without
        # their bookkeeping (a tenth of a class kit's drawing): q and Q pair
        # up here, so the canvas's record of the graphics state stays right.
        # The same placement as EmojiArt.draw: centred in the size × size box.
        place = fp_str(scale, 0, 0, scale, x + (size - width * scale) / 2, y + (size - height * scale) / 2)
        canvas._code += ("q", f"{place} cm", f"/{xObjectName(name)} Do", "Q")
        canvas._formsinuse.append(name)


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
    art = QuickEmojiArt(canvas, color=color)
    pen = Pen(canvas, geometry, lang, Palette(color), register_fonts(), art, words_of(lang))
    for number, (draw, footer) in enumerate(pages, start=1):
        draw(pen, geometry.content)
        footer(pen, number, len(pages))
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
