"""Pen's fast paths (text written directly, colours and line width not written
again when the canvas already has them, no q/Q around plain rectangles) draw
exactly what ReportLab's own calls draw, across the cases where a remembered
state could go stale: after saveState/restoreState, a new page, a form, a dash."""

from __future__ import annotations

import io

import numpy as np
import pypdfium2 as pdfium
from pypdf import PdfReader
from reportlab.lib.colors import Color, black, white
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from generator.documents.pages import QuickEmojiArt
from generator.render.emoji import EmojiArt
from generator.render.fonts import register_fonts
from generator.render.page import Box, PageGeometry, Palette, Pen, new_canvas

RED, BLUE = Color(0.9, 0.1, 0.1), Color(0.1, 0.2, 0.9)
TEXTS = ["Rôle du neurone F", "≤ 13", "−2,5", "RÉPONSE À MONTRER", "0", ""]


def scene_with_pen(pen: Pen) -> None:
    """Two pages that switch colours, widths and fonts around saved states, forms and dashes."""
    c = pen.canvas
    for page in range(2):
        y = 270.0
        for i, text in enumerate(TEXTS * 2):
            colour = (black, RED, BLUE)[i % 3]
            pen.rect(Box(20, y - 6, 60, 9), fill=white if i % 2 else pen.palette.faint, width=0.3 + 0.1 * (i % 3))
            pen.text(50, y - 4, text, 10 + i, bold=bool(i % 2), align=("left", "center", "right")[i % 3], color=colour)
            if i % 4 == 0:
                c.saveState()
                c.setFillColor(BLUE)
                c.setStrokeColor(RED)
                c.setLineWidth(3)
                c.restoreState()
            if i % 5 == 0:
                pen.rect(Box(90, y - 6, 40, 9), stroke=RED, width=0.8, dash=(1.5, 1.5))
            pen.line(140, y - 4, 190, y - 4, width=0.3 + 0.2 * (i % 2), color=(black, RED)[i % 2])
            pen.emoji("🐱", 100, y - 5, 8)
            y -= 11
        c.showPage()


def scene_reference(c: Canvas, fonts, art: EmojiArt) -> None:
    """The same scene with ReportLab's own calls: state saved around every box, text objects."""
    faint = Palette(True).faint
    for page in range(2):
        y = 270.0
        for i, text in enumerate(TEXTS * 2):
            colour = (black, RED, BLUE)[i % 3]
            c.saveState()
            c.setStrokeColor(black)
            c.setLineWidth((0.3 + 0.1 * (i % 3)) * mm)
            c.setFillColor(white if i % 2 else faint)
            c.rect(20 * mm, (y - 6) * mm, 60 * mm, 9 * mm, stroke=1, fill=1)
            c.restoreState()
            c.setFillColor(colour)
            c.setFont(fonts.bold if i % 2 else fonts.regular, 10 + i)
            draw = (c.drawString, c.drawCentredString, c.drawRightString)[i % 3]
            draw(50 * mm, (y - 4) * mm, text)
            if i % 5 == 0:
                c.saveState()
                c.setStrokeColor(RED)
                c.setLineWidth(0.8 * mm)
                c.setDash([1.5 * mm, 1.5 * mm])
                c.rect(90 * mm, (y - 6) * mm, 40 * mm, 9 * mm, stroke=1, fill=0)
                c.restoreState()
            c.setStrokeColor((black, RED)[i % 2])
            c.setLineWidth((0.3 + 0.2 * (i % 2)) * mm)
            c.line(140 * mm, (y - 4) * mm, 190 * mm, (y - 4) * mm)
            art.draw("🐱", 100 * mm, (y - 5) * mm, 8 * mm)
            y -= 11
        c.showPage()


def pages_of(data: bytes) -> list[np.ndarray]:
    doc = pdfium.PdfDocument(data)
    return [np.asarray(doc[i].render(scale=1.5).to_pil().convert("RGB"), dtype=np.int16) for i in range(len(doc))]


def test_pen_fast_paths_draw_what_reportlab_draws():
    fonts = register_fonts()
    geometry = PageGeometry.of("a4")
    fast = io.BytesIO()
    canvas = new_canvas(fast, geometry, title="t")
    scene_with_pen(Pen(canvas, geometry, "fr", Palette(True), fonts, QuickEmojiArt(canvas), {}))
    canvas.save()
    slow = io.BytesIO()
    canvas = new_canvas(slow, geometry, title="t")
    scene_reference(canvas, fonts, EmojiArt(canvas))
    canvas.save()

    fast_pages, slow_pages = pages_of(fast.getvalue()), pages_of(slow.getvalue())
    assert len(fast_pages) == len(slow_pages) == 2
    for a, b in zip(fast_pages, slow_pages):
        assert (a != 255).any()  # something was drawn
        assert np.abs(a - b).max() == 0
    # Fewer saved states (none around plain boxes), and still every string.
    fast_ops = [page.get_contents().get_data() for page in PdfReader(fast).pages]
    slow_ops = [page.get_contents().get_data() for page in PdfReader(slow).pages]
    assert sum(o.count(b"\nq\n") for o in fast_ops) < sum(o.count(b"\nq\n") for o in slow_ops)
    for page in PdfReader(fast).pages:
        text = page.extract_text()
        assert "Rôle du neurone F" in text and "RÉPONSE À MONTRER" in text


def test_colour_is_written_again_on_a_new_page_and_after_restore():
    geometry = PageGeometry.of("a4")
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, geometry, title="t")
    pen = Pen(canvas, geometry, "fr", Palette(True), register_fonts(), QuickEmojiArt(canvas), {})
    pen.text(10, 10, "a", 10, color=RED)
    pen.text(10, 20, "b", 10, color=RED)  # same colour: not written again
    canvas.saveState()
    pen.text(10, 30, "c", 10, color=BLUE)
    canvas.restoreState()
    pen.text(10, 40, "d", 10, color=BLUE)  # the restore brought red back: blue is written again
    canvas.showPage()
    pen.text(10, 10, "e", 10, color=RED)  # a new page starts black
    canvas.save()
    pages = PdfReader(buffer).pages
    first = pages[0].get_contents().get_data().decode("latin-1")
    second = pages[1].get_contents().get_data().decode("latin-1")
    assert first.count(".9 .1 .1 rg") == 1
    assert first.count(".1 .2 .9 rg") == 2
    assert second.count(".9 .1 .1 rg") == 1


# --- class bundles replay the pages their documents drew ---------------------------


def test_bundle_pages_replayed_look_like_pages_drawn_again(activity):
    from generator.commands.class_kit import bundle_pages, class_kit, render_document
    from generator.documents.pages import draw_document, geometry_of

    kit = class_kit(activity, students=10, number=2, seed=7)
    records: dict = {}
    for doc in ("roles", "cards", "sheets", "grids"):
        render_document(doc, kit, lang="fr", paper="a4", color=True, records=records)
    assert records and all(record is not None for record in records.values())
    replayed = render_document("pupils", kit, lang="fr", paper="a4", color=True, records=records)
    # Without records of its own pages drawn first, the bundle records them itself: same bytes.
    assert render_document("pupils", kit, lang="fr", paper="a4", color=True) == replayed
    drawn = draw_document(bundle_pages("pupils", kit, lang="fr", paper="a4"), geometry=geometry_of("a4"),
                          color=True, lang="fr", title=f"{activity.name} — x")  # fmt: skip
    replayed_pages, drawn_pages = pages_of(replayed), pages_of(drawn)
    assert len(replayed_pages) == len(drawn_pages) == len(records)
    for a, b in zip(replayed_pages, drawn_pages):
        assert np.abs(a - b).max() == 0
    assert "Groupe 1" in PdfReader(io.BytesIO(replayed)).pages[-1].extract_text()


def test_a_page_with_strings_only_its_pdf_can_name_is_drawn_again():
    from generator.documents.pages import draw_document, geometry_of

    fonts = register_fonts()

    def body(pen: Pen, box: Box) -> None:
        pen.text(20, 200, "par la plume", 12)
        pen.canvas.setFont(fonts.bold, 12)  # ReportLab's own text object: subset bytes of this PDF
        pen.canvas.drawString(20 * mm, 150 * mm, "par ReportLab")

    def portable(pen: Pen, box: Box) -> None:
        pen.text(20, 200, "par la plume", 12)

    def footer(pen: Pen, number: int, total: int) -> None:
        pen.text(20, 10, f"{number}/{total}", 9)

    records: dict = {}
    draw_document([(body, footer), (portable, footer)], geometry=geometry_of("a4"), color=True, lang="fr",
                  title="t", records=records)  # fmt: skip
    assert records[body] is None and records[portable] is not None
    again = draw_document([(portable, footer), (body, footer)], geometry=geometry_of("a4"), color=True, lang="fr",
                          title="t", records=records)  # fmt: skip
    texts = [page.extract_text() for page in PdfReader(io.BytesIO(again)).pages]
    assert "par la plume" in texts[0] and "par ReportLab" in texts[1]
