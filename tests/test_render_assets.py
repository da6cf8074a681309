"""Bundled fonts and emoji art: glyph coverage, reuse as forms, colour/bw, determinism."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from generator.render import fonts as fonts_module
from generator.render.emoji import EmojiArt, bundled_svg, emoji_hex, resolve
from generator.render.fonts import register_fonts
from generator.resources import fonts_dir

SEED_EMOJI = "😇🚀🍕🐱😍👽"
# Everything the French worksheets print beyond ASCII.
REQUIRED_CHARS = "éèàçêîôûùÉÀÇ\u2212\u2264\u2192\u00d7"
REPO = Path(__file__).resolve().parent.parent


def build_pdf(*, color: bool, copies: int, emoji: str = SEED_EMOJI) -> bytes:
    """One A4 page: each emoji `copies` times in a grid, with a text line."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    fonts = register_fonts()
    canvas.setFont(fonts.regular, 12)
    canvas.drawString(40, 810, "Élève : x − 3 ≤ 5 → 2 × 4")
    art = EmojiArt(canvas, color=color)
    size, pitch, columns = 30, 36, 15
    for index in range(len(emoji) * copies):
        row, column = divmod(index, columns)
        art.draw(emoji[index % len(emoji)], 40 + column * pitch, 760 - row * pitch, size)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def render(pdf: bytes) -> np.ndarray:
    page = pdfium.PdfDocument(pdf)[0]
    return np.asarray(page.render(scale=1.5).to_pil().convert("RGB"), dtype=np.int16)


def coloured_pixels(pixels: np.ndarray, tolerance: int = 2) -> int:
    spread = pixels.max(axis=2) - pixels.min(axis=2)
    return int((spread > tolerance).sum())


# --- fonts -----------------------------------------------------------------


@pytest.mark.parametrize("filename", ["Andika-Regular.ttf", "Andika-Bold.ttf"])
def test_text_fonts_have_french_and_math_glyphs(filename):
    # fontTools (a test dependency) reads the cmap independently of ReportLab.
    from fontTools import ttLib

    cmap = ttLib.TTFont(fonts_dir() / filename).getBestCmap()
    missing = [f"U+{ord(char):04X}" for char in REQUIRED_CHARS if ord(char) not in cmap]
    assert missing == []


def test_registered_fonts_map_required_chars():
    fonts = register_fonts()
    assert register_fonts() is fonts  # cached, registers once
    for name in (fonts.regular, fonts.bold):
        face = pdfmetrics.getFont(name).face
        assert all(ord(char) in face.charToGlyph for char in REQUIRED_CHARS)


def test_emoji_font_is_registered_with_seed_emoji():
    fonts = register_fonts()
    assert fonts.emoji is not None
    face = pdfmetrics.getFont(fonts.emoji).face
    assert all(ord(char) in face.charToGlyph for char in SEED_EMOJI)


def test_missing_font_file_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(fonts_module, "fonts_dir", lambda: tmp_path)
    with pytest.raises(FileNotFoundError, match="Andika-Regular.ttf"):
        register_fonts.__wrapped__()  # bypass the cache


# --- emoji lookup ------------------------------------------------------------


def test_emoji_hex_follows_openmoji_names():
    assert emoji_hex("😇") == "1F607"
    assert emoji_hex("❤️") == "2764"  # FE0F dropped
    assert emoji_hex("#️⃣") == "0023-20E3"
    assert emoji_hex("#️⃣", keep_vs16=True) == "0023-FE0F-20E3"


@pytest.mark.parametrize("color", [True, False])
def test_every_seed_emoji_has_a_bundled_svg(color):
    for emoji in SEED_EMOJI:
        path = bundled_svg(emoji, color=color)
        assert path is not None and path.parent.name == ("color" if color else "black")


def test_bundled_black_svgs_hold_no_colour():
    neutral = {"none", "#000", "#000000", "black", "#fff", "#ffffff", "white"}
    for path in (REPO / "layouts" / "emoji" / "black").glob("*.svg"):
        values = re.findall(r'(?:fill|stroke)\s*[=:]\s*"?([^";\s>]+)', path.read_text())
        assert set(map(str.lower, values)) <= neutral, path.name


def test_emoji_font_fallback_draws_without_svg():
    assert resolve("🐶", color=True) is None  # no SVG, Noto Emoji draws it
    pixels = render(build_pdf(color=True, copies=1, emoji="🐶"))
    assert (pixels.sum(axis=2) < 100).sum() > 200  # black ink on the page


def test_undrawable_emoji_names_the_fix():
    # A ZWJ sequence: no bundled SVG, and ReportLab cannot shape it from a font.
    with pytest.raises(LookupError, match=r'👩‍🚀.*svg = "path/to/file.svg"'):
        resolve("👩‍🚀", color=True)


def test_custom_svg_is_greyed_in_black_and_white(tmp_path):
    svg = tmp_path / "red.svg"
    svg.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
        '<circle cx="5" cy="5" r="4" fill="#e00" stroke="#00f"/></svg>'
    )
    for color in (True, False):
        buffer = io.BytesIO()
        canvas = Canvas(buffer, pagesize=A4, invariant=1)
        EmojiArt(canvas, color=color).draw("🦄", 100, 100, 200, svg=svg)
        canvas.save()
        found = coloured_pixels(render(buffer.getvalue()))
        assert (found > 1000) if color else (found == 0)


# --- one form per emoji per PDF ------------------------------------------------


@pytest.mark.parametrize("color", [True, False])
def test_each_emoji_is_one_form_xobject(color):
    reader = PdfReader(io.BytesIO(build_pdf(color=color, copies=20)))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    xobjects = page["/Resources"]["/XObject"]
    forms = {xobjects[name].indirect_reference.idnum for name in xobjects}
    assert len(xobjects) == len(forms) == len(SEED_EMOJI)
    assert all(xobjects[name]["/Subtype"] == "/Form" for name in xobjects)
    assert page.get_contents().get_data().count(b" Do") == 20 * len(SEED_EMOJI)


@pytest.mark.parametrize("color", [True, False])
def test_copies_cost_little(color):
    one = len(build_pdf(color=color, copies=1))
    twenty = len(build_pdf(color=color, copies=20))
    # 114 extra copies: a few compressed bytes each, never a redrawn picture.
    assert twenty - one < 4000, (one, twenty)


def test_second_pdf_defines_its_own_forms():
    first, second = build_pdf(color=True, copies=2), build_pdf(color=True, copies=2)
    for pdf in (first, second):
        xobjects = PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/XObject"]
        assert len(xobjects) == len(SEED_EMOJI)


def test_colour_and_bw_forms_coexist_on_one_canvas():
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    for index, color in enumerate((True, False)):
        EmojiArt(canvas, color=color).draw("🐱", 100 + 100 * index, 100, 80)
    canvas.save()
    xobjects = PdfReader(buffer).pages[0]["/Resources"]["/XObject"]
    assert len(xobjects) == 2


# --- pixels ----------------------------------------------------------------------


def test_black_and_white_render_has_no_colour():
    pixels = render(build_pdf(color=False, copies=20))
    assert coloured_pixels(pixels) == 0
    assert (pixels.sum(axis=2) < 100).sum() > 5000  # the outlines are there


def test_colour_render_has_colour():
    assert coloured_pixels(render(build_pdf(color=True, copies=20))) > 20000


# --- determinism --------------------------------------------------------------------

_CHILD = """
import sys
sys.path.insert(0, {tests!r})
from test_render_assets import build_pdf
sys.stdout.buffer.write(build_pdf(color={color}, copies=20))
"""


@pytest.mark.parametrize("color", [True, False])
def test_two_runs_are_byte_identical(color):
    first = build_pdf(color=color, copies=20)
    assert build_pdf(color=color, copies=20) == first
    # A fresh process has empty caches and new hash seeds: same bytes still.
    child = subprocess.run(
        [sys.executable, "-c", _CHILD.format(tests=str(REPO / "tests"), color=color)],
        cwd=REPO,
        capture_output=True,
        check=True,
    )
    assert child.stdout == first
