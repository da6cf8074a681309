"""Greedy word wrap measured with the fonts' metrics, to paginate before any page is drawn.

`Pen.wrap` wraps the same way while drawing; this one needs no canvas, so a
document can cut its text into pages first.
"""

from __future__ import annotations

from reportlab.pdfbase import pdfmetrics

MM = 72 / 25.4  # points per millimetre


def wrap(text: str, font: str, size: float, width_mm: float) -> list[str]:
    lines: list[str] = []
    for word in text.split(" "):  # never at a no-break space (French : ; ! ? « »)
        if not word:
            continue
        if lines and pdfmetrics.stringWidth(lines[-1] + " " + word, font, size) / MM <= width_mm:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]
