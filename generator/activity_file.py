"""Writing an Activity back to a TOML activity file (the inverse of activity.load_activity).

Used for trained networks: `neurones train --out trained.toml` writes a file
that `--activity trained.toml` reads back to the same Activity. Numbers are
written as exact decimals (6/5 → 1.2), which TOML reads back as the same
fraction.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .activity import NO_EMOJI, Activity
from .numbers import Number, exact


def toml_number(value: Number) -> str:
    """An exact decimal when there is one (denominator of 2s and 5s), else the float's shortest form."""
    value = exact(value)
    if isinstance(value, int):
        return str(value)
    d = value.denominator
    twos = fives = 0
    while d % 2 == 0:
        d //= 2
        twos += 1
    while d % 5 == 0:
        d //= 5
        fives += 1
    if d != 1:
        return repr(float(value))
    places = max(twos, fives)
    scaled = value * 10**places
    assert scaled.denominator == 1
    digits = str(abs(scaled.numerator)).rjust(places + 1, "0")
    text = digits[:-places] + "." + digits[-places:]
    return ("-" if value < 0 else "") + text


def _string(text: str) -> str:
    # JSON string escapes are valid TOML basic-string escapes.
    return json.dumps(text, ensure_ascii=False)


def _key(name: str) -> str:
    return name if name.replace("_", "").replace("-", "").isalnum() and name.isascii() else _string(name)


def _names(names: dict[str, str]) -> str:
    return "{ " + ", ".join(f"{_key(k)} = {_string(v)}" for k, v in names.items()) + " }"


def _weights(names, weights) -> str:
    pairs = [f"{_key(n)} = {toml_number(w)}" for n, w in zip(names, weights) if w != 0]
    if not pairs:  # a neuron whose weights all rounded to 0 still needs its table
        pairs = [f"{_key(names[0])} = 0"]
    return "{ " + ", ".join(pairs) + " }"


def activity_to_toml(activity: Activity, *, folder: Path | None = None, header: str = "") -> str:
    """The TOML text of an activity; custom emoji art paths are made relative to `folder`."""
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    if lines:
        lines.append("")
    lines += ["[activity]", f"name = {_string(activity.name)}", ""]
    for emoji in activity.emoji:
        lines += ["[[emoji]]", f"char = {_string(emoji.char)}"]
        if emoji.names:
            lines.append(f"name = {_names(emoji.names)}")
        if emoji.svg is not None:
            svg = os.path.relpath(emoji.svg, folder) if folder is not None else str(emoji.svg)
            lines.append(f"svg = {_string(Path(svg).as_posix())}")
        lines.append("")
    grid = activity.grid
    symbols = "0123456789abcdefghijklmnopqrstuvwxyz"
    lines += ["[grid]", f"rows = {grid.rows}", f"cols = {grid.cols}", "cells = ["]
    for row in grid.cells:
        text = " ".join("." if c == NO_EMOJI else symbols[c] for c in row)
        lines.append(f"  {_string(text)},")
    lines += ["]", ""]
    for neuron in activity.hidden:
        lines += [
            "[[hidden]]",
            f"name = {_string(neuron.name)}",
            f"weights = {_weights(activity.emoji_chars, neuron.weights)}",
            f"threshold = {toml_number(neuron.threshold)}",
            "",
        ]
    hidden_names = [n.name for n in activity.hidden]
    for neuron in activity.outputs:
        lines += ["[[output]]", f"name = {_string(neuron.name)}"]
        if neuron.labels:
            lines.append(f"label = {_names(neuron.labels)}")
        lines += [
            f"digit = {neuron.digit}",
            f"color = {_string(neuron.color)}",
            f"pattern = {_string(neuron.pattern)}",
            f"weights = {_weights(hidden_names, neuron.weights)}",
            f"threshold = {toml_number(neuron.threshold)}",
            "",
        ]
    return "\n".join(lines)

