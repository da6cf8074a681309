"""Draw emoji pictures on a ReportLab canvas, in colour or black and white.

Pictures are OpenMoji SVGs bundled in layouts/emoji/ (colour in color/, the
black outline layer in black/), or an SVG named by a custom activity. Each
picture is written once per PDF as a form XObject and then only referenced,
so a grid of 100 cats costs one cat drawing plus 100 short "Do" operators.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Group
from reportlab.lib.colors import Color, black
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from generator.render.fonts import register_fonts
from generator.svg_safety import load_svg_safely
from generator.resources import layouts_dir

# OpenMoji art fills about 5/6 of its 72-unit box; fallback glyphs are
# shrunk the same way so both kinds of emoji look the same size in a grid.
_GLYPH_FILL = 5 / 6

# Emoji presentation selector: OpenMoji drops it from most file names.
_VS16 = "\ufe0f"


def emoji_dir() -> Path:
    return layouts_dir() / "emoji"


def emoji_hex(emoji: str, *, keep_vs16: bool = False) -> str:
    """OpenMoji file stem: "😇" -> "1F607", sequences joined with "-"."""
    chars = emoji if keep_vs16 else emoji.replace(_VS16, "")
    return "-".join(f"{ord(char):04X}" for char in chars)


def bundled_svg(emoji: str, *, color: bool) -> Path | None:
    """The bundled SVG for `emoji` in the requested mode, if there is one."""
    folder = emoji_dir() / ("color" if color else "black")
    # Most OpenMoji names drop FE0F but a few (keycaps) keep it: try both.
    for stem in (emoji_hex(emoji), emoji_hex(emoji, keep_vs16=True)):
        path = folder / f"{stem}.svg"
        if path.is_file():
            return path
    return None


def resolve(emoji: str, *, color: bool, svg: str | Path | None = None) -> Path | None:
    """Which SVG draws `emoji`; None means the emoji font will draw it.

    `svg` is a custom activity's picture (already resolved relative to the
    activity file by the caller). Raises LookupError when nothing can draw
    the emoji, so activity checks can fail before any PDF is written.
    """
    if svg is not None:
        path = Path(svg)
        if not path.is_file():
            raise LookupError(f"emoji {emoji}: SVG file not found: {path}")
        return path
    path = bundled_svg(emoji, color=color)
    if path is not None:
        return path
    if _font_can_draw(emoji):
        return None
    raise LookupError(
        f"no picture for emoji {emoji} ({emoji_hex(emoji)}): add "
        f'svg = "path/to/file.svg" for it in the activity file'
    )


@cache
def _resolved(emoji: str, color: bool, svg: str | Path | None) -> Path | None:
    # A kit draws a few emoji thousands of times: find each file once per process.
    path = resolve(emoji, color=color, svg=svg)
    return None if path is None else path.resolve()


def _font_can_draw(emoji: str) -> bool:
    font_name = register_fonts().emoji
    if font_name is None:
        return False
    text = emoji.replace(_VS16, "")
    # ReportLab does no glyph shaping, so ZWJ sequences, flags and skin
    # tones cannot be drawn from a font: only single code points.
    face = pdfmetrics.getFont(font_name).face
    return len(text) == 1 and ord(text) in face.charToGlyph


def _grey(color: Color) -> Color:
    # Rec. 601 luma keeps light and dark areas apart once colour is gone.
    red, green, blue = color.rgb()
    level = 0.299 * red + 0.587 * green + 0.114 * blue
    return Color(level, level, level, alpha=color.alpha)


def _to_grey(node: object) -> None:
    """Replace every fill and stroke colour under `node` by its grey level."""
    for attr in ("fillColor", "strokeColor"):
        value = getattr(node, attr, None)
        if isinstance(value, Color):
            setattr(node, attr, _grey(value))
    if isinstance(node, Group):  # Drawing is a Group too
        for child in node.contents:
            _to_grey(child)


@cache
def _drawing(path: Path, grey: bool) -> Drawing:
    # Parsed once per process; callers only read the cached tree.
    drawing = load_svg_safely(path)  # refuses SVGs that refer to other files
    if drawing is None:
        raise ValueError(f"cannot read SVG file {path}")
    # OpenMoji black SVGs are already black on none, but custom SVGs are
    # not: black-and-white output must hold no colour whatever the source.
    if grey:
        _to_grey(drawing)
    return drawing


@cache
def _form_name(path: Path, color: bool) -> str:
    # Mode + content hash identify the drawing; hashing content rather than
    # the path keeps PDF bytes identical on any machine. The stem is only
    # there to make the PDF readable; PDF names allow [A-Za-z0-9_].
    mode = "color" if color else "bw"
    stem = "".join(char if char.isascii() and char.isalnum() else "_" for char in path.stem)
    digest = hashlib.sha1(path.read_bytes()).hexdigest()[:8]
    return f"emoji_{mode}_{stem}_{digest}"


@dataclass(frozen=True)
class Picture:
    """An SVG picture as one form of a PDF: its name and its size in its own units."""

    name: str
    drawing: Drawing = field(repr=False)

    @property
    def width(self) -> float:
        return self.drawing.width

    @property
    def height(self) -> float:
        return self.drawing.height


class EmojiArt:
    """Draws emoji on one canvas, in colour or in black and white.

    Each picture is found on disk and parsed once per process, defined once
    per PDF as a form (beginForm/endForm), and then only placed (doForm).
    """

    def __init__(self, canvas: Canvas, *, color: bool = True) -> None:
        self.canvas = canvas
        self.color = color
        # (emoji, svg) → its form, or None when the emoji font draws it. A class
        # set draws tens of thousands of emoji: each is looked up here once.
        self._pictures: dict[tuple[str, object], Picture | None] = {}

    def __repr__(self) -> str:
        return f"EmojiArt({'colour' if self.color else 'black and white'}, {len(self._pictures)} emoji met)"

    def picture(self, emoji: str, *, svg: str | Path | None = None) -> Picture | None:
        """The form drawing `emoji` in this PDF, defined on first use; None for a font glyph."""
        key = (emoji, svg)
        if key in self._pictures:
            return self._pictures[key]
        path = _resolved(emoji, self.color, svg)
        found = None
        if path is not None:
            found = Picture(_form_name(path, self.color), _drawing(path, not self.color))
            if not self.canvas.hasForm(found.name):  # another EmojiArt on this canvas may have defined it
                # beginForm may be called mid-page (even inside another form):
                # ReportLab sets the operators drawn so far aside until endForm.
                self.canvas.beginForm(found.name, lowerx=0, lowery=0, upperx=found.width, uppery=found.height)
                renderPDF.draw(found.drawing, self.canvas, 0, 0, showBoundary=False)
                self.canvas.endForm()
        self._pictures[key] = found
        return found

    def draw(
        self,
        emoji: str,
        x: float,
        y: float,
        size: float,
        *,
        svg: str | Path | None = None,
    ) -> None:
        """Draw `emoji` centred in the size x size box whose lower left is (x, y)."""
        picture = self.picture(emoji, svg=svg)
        if picture is None:
            self._draw_glyph(emoji, x, y, size)
            return
        width, height = picture.width, picture.height
        scale = size / max(width, height)
        canvas = self.canvas
        canvas.saveState()
        canvas.transform(scale, 0, 0, scale, x + (size - width * scale) / 2, y + (size - height * scale) / 2)
        canvas.doForm(picture.name)
        canvas.restoreState()

    def _draw_glyph(self, emoji: str, x: float, y: float, size: float) -> None:
        # Monochrome font: black in both modes. A glyph is already a cheap
        # reference into the embedded font, so no form is needed.
        font_name = register_fonts().emoji
        assert font_name is not None  # resolve() checked it
        text = emoji.replace(_VS16, "")
        face = pdfmetrics.getFont(font_name).face
        # Scale the em so the glyph's advance and its ascent-to-descent
        # height both fit the box; face metrics are in 1/1000 em.
        height = (face.ascent - face.descent) / 1000
        width = pdfmetrics.stringWidth(text, font_name, 1)
        font_size = _GLYPH_FILL * size / max(width, height)
        canvas = self.canvas
        canvas.saveState()
        canvas.setFillColor(black)
        canvas.setFont(font_name, font_size)
        baseline = y + (size - height * font_size) / 2 - face.descent / 1000 * font_size
        canvas.drawCentredString(x + size / 2, baseline, text)
        canvas.restoreState()


def preload(activity, *, color: bool) -> None:
    """Find and parse every emoji picture of `activity` now (once, before forking workers that all need them)."""
    for e in activity.emoji:
        path = _resolved(e.char, color, e.svg)
        if path is not None:
            _drawing(path, not color)
