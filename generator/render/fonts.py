"""The bundled fonts: registered with ReportLab once per process, and which characters they can write.

ReportLab is imported inside the functions that need it: `unprintable` is
called while reading rosters and activity files, which must stay fast.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

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
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

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


# --- which characters the pages can print ---------------------------------------
#
# ReportLab draws each character with the one font it is given and does no
# shaping or right-to-left ordering. Andika has Latin and Cyrillic (and only
# the Greek letters phoneticians use); a name in Greek, Arabic, Hebrew,
# Chinese, … would print as blanks, and Arabic or
# Hebrew would also come out in the wrong order even with a font that had
# them. So such text is refused, naming the characters, before any page.


def _printable_fast(char: str) -> bool:
    # Printable ASCII and Latin-1 are all in Andika: no need to open the font.
    code = ord(char)
    return 0x20 <= code < 0x7F or 0xA0 <= code <= 0xFF


@cache
def _text_font_characters() -> frozenset[int]:
    from reportlab.pdfbase.ttfonts import TTFontFile

    folder = fonts_dir()
    faces = [set(TTFontFile(str(_required(folder / f))).charToGlyph) for f in _FILES.values()]
    return frozenset(set.intersection(*faces))


def unprintable(text: str) -> list[str]:
    """The distinct characters of `text` the page font cannot draw, in order of appearance."""
    if all(_printable_fast(c) for c in text):
        return []
    known = _text_font_characters()
    missing: list[str] = []
    for char in text:
        if _printable_fast(char):
            continue
        if (ord(char) not in known or unicodedata.category(char) in ("Cc", "Cs")) and char not in missing:
            missing.append(char)
    return missing


def describe_characters(chars: list[str], *, most: int = 5) -> str:
    """'ع U+0639, م U+0645 (Arabic)': the characters with their code, then their scripts."""
    shown = ", ".join(f"{c} U+{ord(c):04X}" if _visible(c) else f"U+{ord(c):04X}" for c in chars[:most])
    if len(chars) > most:
        shown += ", …"
    scripts = []
    for char in chars:
        script = _script(char)
        if script and script not in scripts:
            scripts.append(script)
    return f"{shown} ({', '.join(scripts)})" if scripts else shown


def _visible(char: str) -> bool:
    return unicodedata.category(char)[0] not in "CZM"


def _script(char: str) -> str:
    # Unicode names start with the script for letters: "ARABIC LETTER AIN",
    # "HEBREW LETTER DALET", "CJK UNIFIED IDEOGRAPH-4E2D", "HIRAGANA LETTER A".
    name = unicodedata.name(char, "")
    if not name:
        return ""
    word = name.split()[0]
    return "CJK" if word == "CJK" else word.capitalize()
