"""Exact numbers for the network, and how they are written for people.

Pupils compute with whole numbers, and after rounded training with decimals
such as 1,2. Floats would print 6.000000000000001 on a worksheet, so the
engine keeps every weight, threshold and result as an exact `Fraction`
(an `int` when whole).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

Number = int | Fraction

MINUS = "\u2212"


def exact(value: object) -> Number:
    """An exact number from an int, a Decimal, a float (via its shortest repr) or a string."""
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    if isinstance(value, int):
        return value
    if isinstance(value, Fraction):
        fraction = value
    elif isinstance(value, float):
        fraction = Fraction(repr(value))
    elif isinstance(value, (Decimal, str)):
        fraction = Fraction(value)
    else:
        raise TypeError(f"not a number: {value!r}")
    return fraction.numerator if fraction.denominator == 1 else fraction


def to_json(value: Number) -> int | float:
    value = exact(value)
    return value if isinstance(value, int) else float(value)


def decimal_mark(lang: str) -> str:
    from .words import words_for  # the mark is data of the language (layouts/<lang>/typography.toml)

    return words_for(lang).typography.decimal_mark


def format_number(value: Number, lang: str = "fr", *, signed: bool = False, places: int = 2) -> str:
    """`-7` → `−7` (true minus sign), `6/5` → `1,2` in French, `1.2` in English."""
    value = exact(value)
    if isinstance(value, int):
        digits = str(abs(value))
    else:
        digits = f"{abs(float(value)):.{places}f}".rstrip("0").rstrip(".")
        digits = digits.replace(".", decimal_mark(lang))
    if value < 0 and digits.strip("0,.") != "":
        return MINUS + digits
    return ("+" + digits) if signed else digits
