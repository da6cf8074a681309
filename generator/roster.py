"""Rosters: pupils' names from a text or CSV file, checked line by line.

A teacher exports a class list from a spreadsheet or types it: one pupil a
line, a first name and a surname in one or two columns, maybe a header line.
Every problem names the file and line and says how to fix it.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path

from .errors import Place, UserError
from .inputs import read_user_file
from .render.fonts import describe_characters, unprintable
from .words import words_for

MAX_PUPILS = 400  # the most pupils a class set takes, from a roster or --students
MAX_NAME_LENGTH = 40
MAX_ROSTER_BYTES = 200_000
MAX_NAME_COLUMNS = 2  # a first name and a surname, in the file's order


def roster_header_words() -> set[str]:
    """Column titles a roster may start with, in every language (a French file can go with --lang en)."""
    from .errors import LANGUAGES

    return {w.casefold() for lang in LANGUAGES for w in words_for(lang).labels["roster"]["header_words"]}


def read_roster(path: Path, *, header_words: set[str] | None = None) -> list[str]:
    """Pupils' names, one a line, from a text or CSV file.

    UTF-8 with or without a byte-order mark; ',', ';' or tab between a first
    name and a surname (kept in the file's order, joined by a space); blank
    lines and lines starting with '#' skipped; a first line made only of
    `header_words` (nom, prénom, name…) is a header.
    """
    path = Path(path)
    raw = read_user_file(path, limit=MAX_ROSTER_BYTES, too_big="roster.too_big")
    if b"\0" in raw:
        raise UserError("file.not_text", file=path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError("roster.not_utf8", file=path.name) from None
    if header_words is None:
        header_words = roster_header_words()
    return parse_roster(text, path.name, header_words=header_words)


def parse_roster(text: str, source: str, *, header_words: set[str]) -> list[str]:
    names: list[str] = []
    first_line: dict[str, int] = {}
    seen_line = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        where = Place(source, number)
        delimiter = ";" if ";" in line else ("\t" if "\t" in line else ",")
        cells = [clean_name(c) for c in next(csv.reader(io.StringIO(line), delimiter=delimiter))]
        cells = [c for c in cells if c]
        if not seen_line:
            seen_line = True
            if cells and all(c.casefold() in header_words for c in cells):
                continue
        if not cells:
            continue  # only separators, as spreadsheets write for empty rows
        if len(cells) > MAX_NAME_COLUMNS:
            raise UserError("roster.too_many_columns", where=where, found=len(cells), most=MAX_NAME_COLUMNS)
        name = " ".join(cells)
        if not any(ch.isalpha() for ch in name):
            raise UserError("roster.not_a_name", where=where, value=name[:20])
        if any(unicodedata.category(ch).startswith("C") for ch in name):
            raise UserError("roster.not_a_name", where=where, value=name[:20])
        missing = unprintable(name)
        if missing:  # Arabic, Hebrew, Chinese…: the page font cannot write them (see render/fonts.py)
            raise UserError("roster.unprintable", where=where, value=name[:20], chars=describe_characters(missing))
        if len(name) > MAX_NAME_LENGTH:
            raise UserError("roster.name_too_long", where=where, value=name[:20], limit=MAX_NAME_LENGTH)
        key = name.casefold()
        if key in first_line:
            raise UserError("roster.duplicate", where=where, name=name, first=first_line[key])
        first_line[key] = number
        names.append(name)
        if len(names) > MAX_PUPILS:
            raise UserError("roster.too_many", file=source, limit=MAX_PUPILS)
    if not names:
        raise UserError("roster.empty", file=source)
    return names


def clean_name(cell: str) -> str:
    """NFC (so 'é' typed two ways is one name), spaces collapsed, quotes and spaces trimmed."""
    return " ".join(unicodedata.normalize("NFC", cell).split()).strip()
