"""Page furniture: paper sizes, margins, card grids and cut marks in millimetres,
the footer, black-and-white patterns, and the deterministic PDF canvas.

Geometry (Box, PageGeometry, CardGrid) is plain arithmetic in mm, kept apart
from drawing (Pen, draw_footer, fill_pattern), so a layout can be tested and
reasoned about without a canvas (the pylabels way).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Callable, Hashable, Sequence

from reportlab.lib.colors import Color, HexColor, black, white
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from .emoji import EmojiArt
from .fonts import FontSet, register_fonts
from ..words import words_for

PAPERS = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}


# --- geometry (mm, origin at the bottom left like PDF) ----------------------


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    @property
    def top(self) -> float:
        return self.y + self.h

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    def inset(self, dx: float, dy: float | None = None) -> Box:
        dy = dx if dy is None else dy
        return Box(self.x + dx, self.y + dy, self.w - 2 * dx, self.h - 2 * dy)

    def cy_box(self, height: float) -> Box:
        """A box of `height` centred vertically in this one."""
        return Box(self.x, self.y + (self.h - height) / 2, self.w, height)

    def below(self, height: float) -> Box:
        """What is left under the top `height` mm."""
        return Box(self.x, self.y, self.w, self.h - height)

    def __repr__(self) -> str:
        return f"Box(x={self.x:.1f}, y={self.y:.1f}, w={self.w:.1f}, h={self.h:.1f} mm)"


@dataclass(frozen=True)
class PageGeometry:
    paper: str
    width: float
    height: float
    margin: float = 12.0
    footer: float = 11.0  # reserved at the bottom for the footer lines

    @classmethod
    def of(cls, paper: str) -> PageGeometry:
        width, height = PAPERS[paper]
        return cls(paper, width, height)

    @property
    def size_pt(self) -> tuple[float, float]:
        return (self.width * mm, self.height * mm)

    @property
    def content(self) -> Box:
        """Where pages draw their body: inside the margins, above the footer."""
        bottom = self.margin + self.footer
        return Box(self.margin, bottom, self.width - 2 * self.margin, self.height - self.margin - bottom)

    @property
    def footer_box(self) -> Box:
        return Box(self.margin, self.margin - 4, self.width - 2 * self.margin, self.footer)

    def __repr__(self) -> str:
        return f"PageGeometry({self.paper} {self.width}×{self.height} mm, margin {self.margin})"


@dataclass(frozen=True)
class CardGrid:
    """Cards of equal size, edge to edge in the content box, cut along shared lines."""

    page: PageGeometry
    cols: int
    rows: int

    @property
    def per_page(self) -> int:
        return self.cols * self.rows

    @property
    def card_size(self) -> tuple[float, float]:
        box = self.page.content
        return box.w / self.cols, box.h / self.rows

    def slots(self) -> list[Box]:
        """Card boxes, left to right then top to bottom."""
        box = self.page.content
        w, h = self.card_size
        return [Box(box.x + c * w, box.top - (r + 1) * h, w, h) for r in range(self.rows) for c in range(self.cols)]

    def cut_marks(self, length: float = 6.0, gap: float = 1.5) -> list[tuple[float, float, float, float]]:
        """Short lines in the margins on every cutting line (x1, y1, x2, y2 in mm)."""
        box = self.page.content
        w, h = self.card_size
        marks = []
        for c in range(self.cols + 1):
            x = box.x + c * w
            marks.append((x, box.top + gap, x, box.top + gap + length))
            # Short at the bottom: the footer is just below.
            marks.append((x, box.y - gap, x, box.y - gap - 2.0))
        for r in range(self.rows + 1):
            y = box.top - r * h
            marks.append((box.x - gap, y, max(box.x - gap - length, 1.0), y))
            marks.append((box.right + gap, y, min(box.right + gap + length, self.page.width - 1.0), y))
        return marks

    def __repr__(self) -> str:
        w, h = self.card_size
        return f"CardGrid({self.cols}×{self.rows} cards of {w:.0f}×{h:.0f} mm on {self.page.paper})"


# --- colours and black-and-white patterns ------------------------------------


def grey_of(color: Color) -> Color:
    """Rec. 601 luma: the grey a photocopier would make of `color`."""
    r, g, b = color.rgb()
    level = 0.299 * r + 0.587 * g + 0.114 * b
    return Color(level, level, level)


def tint(color: Color, amount: float) -> Color:
    """`color` mixed with white (amount 0 = white, 1 = the colour)."""
    r, g, b = color.rgb()
    return Color(1 - amount * (1 - r), 1 - amount * (1 - g), 1 - amount * (1 - b))


@dataclass(frozen=True)
class Palette:
    """Colours for one document; in black and white every colour becomes grey."""

    color: bool

    def __call__(self, value: str | Color) -> Color:
        c = HexColor(value) if isinstance(value, str) else value
        return c if self.color else grey_of(c)

    def light(self, value: str | Color, amount: float = 0.25) -> Color:
        return self(tint(HexColor(value) if isinstance(value, str) else value, amount))

    @property
    def ink_cell(self) -> Color:
        """Fill of a grid cell the digit's ink covers: strong enough to see, light enough for the emoji."""
        return Color(0.47, 0.65, 0.94) if self.color else Color(0.62, 0.62, 0.62)

    @property
    def rule(self) -> Color:
        return Color(0.35, 0.35, 0.35)

    @property
    def faint(self) -> Color:
        return Color(0.93, 0.93, 0.93)


# --- drawing -----------------------------------------------------------------


_WIDTHS: dict[tuple[str, str, float], float] = {}


def text_width_pt(text: str, font: str, size: float) -> float:
    """Width in points of `text` (remembered: layouts measure the same strings again and again)."""
    key = (text, font, size)
    found = _WIDTHS.get(key)
    if found is None:
        if len(_WIDTHS) > 50_000:  # bounded: a long-lived process must not grow without end
            _WIDTHS.clear()
        found = _WIDTHS[key] = pdfmetrics.stringWidth(text, font, size)
    return found


@dataclass
class Pen:
    """Everything a page callback draws with: the canvas, fonts, emoji art, palette and words.

    Coordinates and sizes are in mm; font sizes in points.
    """

    canvas: Canvas
    geometry: PageGeometry
    lang: str
    palette: Palette
    fonts: FontSet
    art: EmojiArt
    words: dict = field(repr=False)
    # Parts drawn once per PDF as forms (see `once`): key → form name.
    forms: dict = field(default_factory=dict, repr=False)

    # text ------------------------------------------------------------------
    def width(self, text: str, size: float, *, bold: bool = False) -> float:
        return text_width_pt(text, self.fonts.bold if bold else self.fonts.regular, size) / mm

    def font(self, bold: bool) -> str:
        return self.fonts.bold if bold else self.fonts.regular

    def text(
        self,
        x: float,
        y: float,
        text: str,
        size: float,
        *,
        bold: bool = False,
        align: str = "left",
        color: Color = black,
        max_width: float | None = None,
    ) -> float:
        """Draw one line with its baseline at y; shrinks to `max_width`. Returns the size used."""
        if max_width is not None:
            natural = self.width(text, size, bold=bold)
            if natural > max_width:
                size = size * max_width / natural
        font = self.font(bold)
        x = x * mm
        if align != "left":
            width = text_width_pt(text, font, size)
            x -= 0.5 * width if align == "center" else width
        c = self.canvas
        c.setFillColor(color)
        c.setFont(font, size)
        c.drawString(x, y * mm, text)
        return size

    def centred_in(self, box: Box, text: str, size: float, *, bold: bool = False, color: Color = black) -> None:
        """A line centred in `box` both ways (shrunk to fit its width)."""
        size = min(size, size * (box.w - 1.5) / max(self.width(text, size, bold=bold), 0.01))
        baseline = box.y + box.h / 2 - size * 0.33 / mm
        self.text(box.cx, baseline, text, size, bold=bold, align="center", color=color)

    def wrap(self, text: str, size: float, width: float, *, bold: bool = False) -> list[str]:
        """Greedy word wrap to `width` mm (a word longer than the width keeps its own line)."""
        lines: list[str] = []
        for word in text.split(" "):  # never at a no-break space (French : ; ! ? « »)
            if not word:
                continue
            if lines and self.width(lines[-1] + " " + word, size, bold=bold) <= width:
                lines[-1] += " " + word
            else:
                lines.append(word)
        return lines or [""]

    def lines_in(
        self,
        box: Box,
        text: str,
        size: float,
        *,
        bold: bool = False,
        align: str = "center",
        color: Color = black,
        max_lines: int = 3,
    ) -> float:
        """Wrapped text centred vertically in `box`, shrunk until it fits. Returns the size used."""
        pad = 1.0
        while True:
            lines = self.wrap(text, size, box.w - 2 * pad, bold=bold)
            leading = size * 1.15 / mm
            widest = max(self.width(line, size, bold=bold) for line in lines)
            if (len(lines) <= max_lines and len(lines) * leading <= box.h and widest <= box.w - 2 * pad) or size < 5:
                break
            size *= 0.92
        first = box.y + box.h / 2 + (len(lines) - 1) * leading / 2 - size * 0.33 / mm
        x = {"center": box.cx, "left": box.x + pad, "right": box.right - pad}[align]
        for i, line in enumerate(lines):
            self.text(x, first - i * leading, line, size, bold=bold, align=align, color=color)
        return size

    # shapes ----------------------------------------------------------------
    def rect(
        self,
        box: Box,
        *,
        stroke: Color | None = black,
        fill: Color | None = None,
        width: float = 0.3,
        radius: float = 0.0,
        dash: Sequence[float] | None = None,
    ) -> None:
        c = self.canvas
        # Colours and line width are left set (the next drawing sets its own);
        # only a dash must not outlive the box.
        if dash:
            c.saveState()
        if stroke is not None:
            c.setStrokeColor(stroke)
            c.setLineWidth(width * mm)
        if fill is not None:
            c.setFillColor(fill)
        if dash:
            c.setDash([d * mm for d in dash])
        args = (box.x * mm, box.y * mm, box.w * mm, box.h * mm)
        if radius:
            c.roundRect(*args, radius * mm, stroke=int(stroke is not None), fill=int(fill is not None))
        else:
            c.rect(*args, stroke=int(stroke is not None), fill=int(fill is not None))
        if dash:
            c.restoreState()

    def fill_boxes(self, boxes: Sequence[Box], color: Color) -> None:
        """Fill many boxes with one colour, without outlines."""
        c = self.canvas
        c.saveState()
        c.setFillColor(color)
        for box in boxes:
            c.rect(box.x * mm, box.y * mm, box.w * mm, box.h * mm, stroke=0, fill=1)
        c.restoreState()

    def rule_grid(self, frame: Box, rows: int, cols: int, *, color: Color, width: float) -> None:
        """The inner and outer lines of a rows × cols grid filling `frame`, in one path."""
        cell_w, cell_h = frame.w / cols, frame.h / rows
        segments = [(frame.x + i * cell_w, frame.y, frame.x + i * cell_w, frame.top) for i in range(cols + 1)]
        segments += [(frame.x, frame.y + j * cell_h, frame.right, frame.y + j * cell_h) for j in range(rows + 1)]
        c = self.canvas
        c.saveState()
        c.setStrokeColor(color)
        c.setLineWidth(width * mm)
        c.lines([tuple(v * mm for v in segment) for segment in segments])
        c.restoreState()

    def line(self, x1: float, y1: float, x2: float, y2: float, *, width: float = 0.3, color: Color = black) -> None:
        c = self.canvas
        c.setStrokeColor(color)
        c.setLineWidth(width * mm)
        c.line(x1 * mm, y1 * mm, x2 * mm, y2 * mm)

    def once(self, key: Hashable, bounds: Box, draw: Callable[[], None]) -> None:
        """What `draw` draws inside `bounds`, written into this PDF once as a form and referenced after.

        A sheet's emoji grid is the same on every page (only the inked cells
        under it change): drawn once, each page then costs one "Do". `key`
        must name everything the drawing depends on besides this pen's
        palette; the drawing must stay inside `bounds` (the form is clipped to
        them) and set every colour and width it uses (a form starts afresh).
        """
        name = self.forms.get(key)
        c = self.canvas
        if name is None:
            # Numbered in order of first use: the same drawing gives the same names, on any machine.
            name = self.forms[key] = f"part{len(self.forms) + 1}"
            c.beginForm(name, bounds.x * mm, bounds.y * mm, bounds.right * mm, bounds.top * mm)
            draw()
            c.endForm()
        c.doForm(name)

    def emoji(self, char: str, x: float, y: float, size: float, *, svg=None) -> None:
        self.art.draw(char, x * mm, y * mm, size * mm, svg=svg)

    def arrow_down(self, box: Box, label: str, size: float) -> None:
        """A wide arrow pointing down with a label on it ("ENVOYÉ À LA COUCHE SUIVANTE")."""
        c = self.canvas
        shaft = box.w * 0.8
        head = box.h * 0.4
        p = c.beginPath()
        x0 = box.cx - shaft / 2
        p.moveTo(x0 * mm, box.top * mm)
        p.lineTo((x0 + shaft) * mm, box.top * mm)
        p.lineTo((x0 + shaft) * mm, (box.y + head) * mm)
        p.lineTo((box.right - box.w * 0.02) * mm, (box.y + head) * mm)
        p.lineTo(box.cx * mm, box.y * mm)
        p.lineTo((box.x + box.w * 0.02) * mm, (box.y + head) * mm)
        p.lineTo(x0 * mm, (box.y + head) * mm)
        p.close()
        c.saveState()
        c.setFillColor(self.palette.faint)
        c.setStrokeColor(black)
        c.setLineWidth(0.4 * mm)
        c.drawPath(p, stroke=1, fill=1)
        c.restoreState()
        band = Box(x0, box.y + head, shaft, box.h - head)
        self.centred_in(band, label, size, bold=True)

    def cut_marks(self, grid: CardGrid) -> None:
        for x1, y1, x2, y2 in grid.cut_marks():
            self.line(x1, y1, x2, y2, width=0.25, color=black)

    def swatch(self, box: Box, color: str, pattern: str) -> None:
        """An output neuron's mark: its colour, and in black and white its pattern."""
        if self.palette.color:
            self.rect(box, fill=self.palette(color), stroke=black, width=0.3)
        else:
            self.rect(box, fill=white, stroke=None)
            fill_pattern(self, box, pattern)
            self.rect(box, stroke=black, width=0.3)


def fill_pattern(pen: Pen, box: Box, pattern: str, *, spacing: float = 2.2, color: Color = black) -> None:
    """Fill `box` with one of activity.BW_PATTERNS in black lines on white.

    Patterns, not grey levels alone, tell output neurons apart on a photocopy.
    """
    c = pen.canvas
    c.saveState()
    clip = c.beginPath()
    clip.rect(box.x * mm, box.y * mm, box.w * mm, box.h * mm)
    c.clipPath(clip, stroke=0, fill=0)
    c.setStrokeColor(color)
    c.setFillColor(color)
    c.setLineWidth(0.3 * mm)
    s = spacing
    x0, y0, x1, y1 = box.x, box.y, box.right, box.top
    path = c.beginPath()
    if pattern == "dots":
        y, row = y0 + s / 2, 0
        while y < y1 + s:
            x = x0 + s / 2 + (s / 2 if row % 2 else 0)
            while x < x1 + s:
                path.circle(x * mm, y * mm, 0.42 * mm)
                x += s
            y += s * 0.87
            row += 1
        c.drawPath(path, stroke=0, fill=1)
    elif pattern in ("stripes", "crosshatch"):
        d = -box.h
        while d < box.w + box.h:
            path.moveTo((x0 + d) * mm, y0 * mm)
            path.lineTo((x0 + d + box.h) * mm, y1 * mm)
            if pattern == "crosshatch":
                path.moveTo((x0 + d) * mm, y1 * mm)
                path.lineTo((x0 + d + box.h) * mm, y0 * mm)
            d += s * 1.2
        c.drawPath(path, stroke=1, fill=0)
    elif pattern == "checks":
        size = s * 1.1
        y, row = y0, 0
        while y < y1:
            x = x0 + (size if row % 2 else 0)
            while x < x1:
                path.rect(x * mm, y * mm, size * mm, size * mm)
                x += 2 * size
            y += size
            row += 1
        c.drawPath(path, stroke=0, fill=1)
    elif pattern in ("waves", "zigzag"):
        y = y0 + s / 2
        while y < y1 + s:
            path.moveTo(x0 * mm, y * mm)
            x, up = x0, True
            while x < x1:
                if pattern == "waves":
                    path.curveTo(
                        (x + s * 0.5) * mm, (y + (s * 0.5 if up else -s * 0.5)) * mm,
                        (x + s) * mm, (y + (s * 0.5 if up else -s * 0.5)) * mm,
                        (x + s * 1.5) * mm, y * mm,
                    )  # fmt: skip
                    x += s * 1.5
                else:
                    path.lineTo((x + s * 0.75) * mm, (y + (s * 0.5 if up else -s * 0.5)) * mm)
                    x += s * 0.75
                up = not up
            y += s * 1.3
        c.drawPath(path, stroke=1, fill=0)
    c.restoreState()


# --- documents ---------------------------------------------------------------


@dataclass(frozen=True)
class Footer:
    """What every page's footer says."""

    activity: str
    document: str  # e.g. "Cartes des neurones"
    label: str  # class or group label; blank prints a line to write on
    page_text: Callable[[int, int], str]  # (n, total) → "page 2 / 5"
    group_word: str  # "Groupe :"
    attribution: str  # the OpenMoji line


def draw_footer(pen: Pen, footer: Footer, number: int, total: int) -> None:
    box = pen.geometry.footer_box
    pen.line(box.x, box.top - 3.0, box.right, box.top - 3.0, width=0.2, color=pen.palette.rule)
    y = box.top - 6.5
    pen.text(box.x, y, f"{footer.activity} · {footer.document}", 9, max_width=box.w * 0.44)
    group = f"{footer.group_word} {footer.label}" if footer.label else f"{footer.group_word} ________________"
    pen.text(box.x + box.w * 0.48, y, group, 9, max_width=box.w * 0.36)
    pen.text(box.right, y, footer.page_text(number, total), 9, align="right", bold=True)
    pen.text(box.x, y - 3.6, footer.attribution, 6.5, color=pen.palette.rule, max_width=box.w)


def new_canvas(buffer: io.BytesIO, geometry: PageGeometry, *, title: str, subject: str = "") -> Canvas:
    """A ReportLab canvas that writes the same bytes for the same drawing (invariant=1)."""
    canvas = Canvas(buffer, pagesize=geometry.size_pt, invariant=1, pageCompression=1)
    canvas.setTitle(title)
    canvas.setSubject(subject)
    canvas.setCreator("connecte-tes-neurones")
    canvas.setAuthor("")
    return canvas


PageCallback = Callable[[Pen, Box], None]
FooterCallback = Callable[[Pen, int, int], None]


def standard_footer(footer: Footer) -> FooterCallback:
    return lambda pen, number, total: draw_footer(pen, footer, number, total)


def draw_pages(
    pages: Sequence[tuple[PageCallback, FooterCallback]],
    *,
    geometry: PageGeometry,
    color: bool,
    lang: str,
    title: str,
    subject: str = "",
    words: dict | None = None,
) -> bytes:
    """Every PDF of the project: each (page, footer) pair drawn on one page of one canvas; the PDF's bytes.

    One Pen and one EmojiArt per PDF, so each emoji picture and each part
    drawn with Pen.once is written once per PDF. Same drawing, same bytes
    (the canvas is invariant).
    """
    if words is None:

        words = words_for(lang).labels
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, geometry, title=title, subject=subject)
    pen = Pen(canvas, geometry, lang, Palette(color), register_fonts(), EmojiArt(canvas, color=color), words)
    for number, (draw, footer) in enumerate(pages, start=1):
        draw(pen, geometry.content)
        footer(pen, number, len(pages))
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def render_pages(
    pages: Sequence[PageCallback],
    *,
    paper: str,
    color: bool,
    lang: str,
    words: dict,
    footer: Footer,
) -> bytes:
    """Draw each page callback in the content box, with the footer, into one PDF."""
    with_footer = standard_footer(footer)
    return draw_pages([(page, with_footer) for page in pages], geometry=PageGeometry.of(paper), color=color,
                      lang=lang, title=f"{footer.activity} — {footer.document}", subject=footer.label,
                      words=words)  # fmt: skip


def document_pdf(
    pages: Sequence[PageCallback], document: str, *, activity: str, lang: str, paper: str, color: bool, label: str = ""
) -> bytes:
    """One of the kit's documents ("cards", "sheets", ...): its pages, each with the footer that names it."""

    words = words_for(lang).labels
    footer = make_footer(lang, activity=activity, document=words["documents"][document], label=label)
    return render_pages(pages, paper=paper, color=color, lang=lang, words=words, footer=footer)


def make_footer(lang: str, *, activity: str, document: str, label: str) -> Footer:

    page = words_for(lang).labels["page"]
    return Footer(activity, document, label, words_for(lang).printables.page_number, page["group"], page["attribution"])
