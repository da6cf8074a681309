"""Register the bundled fonts with ReportLab, once per process."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from generator.resources import fonts_dir

# Andika rather than Atkinson Hyperlegible: Atkinson has no "→" (U+2192),
# which the role cards print. See fonts/README.md.
REGULAR = "Andika"
BOLD = "Andika-Bold"
EMOJI = "NotoEmoji"

_FILES = {
    REGULAR: "Andika-Regular.ttf",
    BOLD: "Andika-Bold.ttf",
}
# Optional: only a fallback for custom emoji that have no SVG.
_EMOJI_FILE = "NotoEmoji-Regular.ttf"


@dataclass(frozen=True)
class FontSet:
    """ReportLab font names to pass to setFont()."""

    regular: str
    bold: str
    emoji: str | None


def _required(path: Path) -> Path:
    if not path.is_file():
        raise FileNotFoundError(
            f"bundled font {path.name} is missing from {path.parent}; "
            "reinstall the package or restore fonts/ from the repository "
            "(see fonts/README.md for where the font comes from)"
        )
    return path


@cache
def register_fonts() -> FontSet:
    """Register Andika (and Noto Emoji when present); safe to call often."""
    folder = fonts_dir()
    for name, filename in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(_required(folder / filename))))
    # No italic face is shipped: map italics to the upright faces so that
    # <i> in Paragraph markup still renders instead of failing.
    pdfmetrics.registerFontFamily(
        REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD
    )

    emoji = None
    emoji_path = folder / _EMOJI_FILE
    if emoji_path.is_file():
        pdfmetrics.registerFont(TTFont(EMOJI, str(emoji_path)))
        emoji = EMOJI
    return FontSet(regular=REGULAR, bold=BOLD, emoji=emoji)
