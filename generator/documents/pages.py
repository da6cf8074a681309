"""One PDF from page callbacks on any page geometry, each page with its own footer.

render.page.render_pages draws every page of one document with one footer on
A4 or Letter. Slides (16:9), the A3 poster and class bundles (a group label
per page) need more: a geometry of their own and a footer per page. This
layer reuses the same Pen, fonts and emoji forms, so pages look the same.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

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
    text_operators,
)
from ..render.phrases import words_of

PageCallback = Callable[[Pen, Box], None]
FooterCallback = Callable[[Pen, int, int], None]

# 16:9 at the size presentation software uses (10 × 5.625 inches).
SLIDE = PageGeometry("16:9", 254.0, 142.875, margin=8.0, footer=7.0)
A3 = PageGeometry("a3", 297.0, 420.0)


# Form name (mode + content hash) → its drawing, to define it in another PDF that replays a page.
_FORM_DRAWINGS: dict[str, object] = {}


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
                _FORM_DRAWINGS[name] = drawing
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


@dataclass(frozen=True)
class PageRecord:
    """A page body's operators as drawn once, to draw it again on another canvas.

    Everything in a body is the same on any canvas except its strings, whose
    bytes depend on the order each PDF met their characters (font subsets):
    those are written again from their text, and the emoji forms the body
    uses are defined in the other PDF.
    """

    code: tuple[str, ...]
    texts: tuple[tuple, ...]  # (index in code, x, y, text, font, size)
    forms: tuple[str, ...]

    def __repr__(self) -> str:
        return f"PageRecord({len(self.code)} operators, {len(self.texts)} strings, forms {sorted(set(self.forms))})"


def _record(pen: Pen, draw: PageCallback, box: Box) -> PageRecord | None:
    """Draw the page body and return its record, or None when it holds something only this PDF can name."""
    canvas = pen.canvas
    start, forms_start = len(canvas._code), len(canvas._formsinuse)
    texts: list[tuple] = []
    canvas.__dict__["_neurones_texts"] = texts
    try:
        draw(pen, box)
    finally:
        del canvas.__dict__["_neurones_texts"]
    code = tuple(canvas._code[start:])
    forms = tuple(canvas._formsinuse[forms_start:])
    own = {i - start for i, *_ in texts}
    portable = (
        all(name in _FORM_DRAWINGS for name in forms)
        and not canvas._colorsUsed
        and not canvas._shadingUsed
        and not canvas._annotationrefs
        # Strings not written by show_text (emoji-font glyphs), graphics-state
        # dictionaries and images are named per PDF.
        and not any((" Tf " in op or " gs" in op or "BI" in op) for i, op in enumerate(code) if i not in own)
    )
    if not portable:
        return None
    return PageRecord(code, tuple((i - start, *rest) for i, *rest in texts), forms)


def _replay(pen: Pen, record: PageRecord) -> None:
    """The recorded body on this canvas, inside q … Q so the state the canvas keeps track of stays right."""
    canvas = pen.canvas
    for name in dict.fromkeys(record.forms):
        pen.art._define_form(name, _FORM_DRAWINGS[name])
    canvas._code.append("q")
    base = len(canvas._code)
    canvas._code.extend(record.code)
    for i, x, y, text, font, size in record.texts:
        canvas._code[base + i] = text_operators(canvas, x, y, text, font, size)
    canvas._code.append("Q")
    canvas._formsinuse.extend(record.forms)


def draw_document(
    pages: Sequence[tuple[PageCallback, FooterCallback]],
    *,
    geometry: PageGeometry,
    color: bool,
    lang: str,
    title: str,
    subject: str = "",
    records: dict | None = None,
) -> bytes:
    """Each (page, footer) pair drawn on one page of one canvas; the PDF's bytes (invariant).

    With `records` (shared by the documents of one class set): a page drawn
    before is replayed from its record, and a new page is recorded. Whether a
    page is replayed depends only on what was drawn before, so callers keep
    the same order of documents wherever they are drawn.
    """
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, geometry, title=title, subject=subject)
    art = QuickEmojiArt(canvas, color=color)
    pen = Pen(canvas, geometry, lang, Palette(color), register_fonts(), art, words_of(lang))
    for number, (draw, footer) in enumerate(pages, start=1):
        if records is None:
            draw(pen, geometry.content)
        elif records.get(draw) is not None:
            _replay(pen, records[draw])
        elif draw in records:  # recorded as not portable: drawn again
            draw(pen, geometry.content)
        else:
            records[draw] = _record(pen, draw, geometry.content)
        footer(pen, number, len(pages))
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
