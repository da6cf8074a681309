"""The activity: its emoji, its emoji grid and its network, loaded from TOML.

Everything the classroom activity is made of is data in an activity file;
the default one (`layouts/activity.toml`) is the seed network of DESIGN.md.
`load_activity` checks the whole file and reports every problem it finds,
each naming the file, the field and the fix.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from .errors import UserError, UserErrors
from .inputs import read_user_file
from .numbers import Number, exact
from .resources import default_activity_path

# A cell of the grid that carries no emoji (it can still be inked).
NO_EMOJI = -1
GRID_SYMBOLS = "0123456789abcdefghijklmnopqrstuvwxyz"
MAX_GRID_SIDE = 40
COLOR_PATTERN = re.compile(r"^#[0-9a-fA-F]{6}$")
BW_PATTERNS = ("dots", "stripes", "crosshatch", "checks", "waves", "zigzag")


@dataclass(frozen=True)
class Emoji:
    char: str
    names: dict[str, str] = field(default_factory=dict, compare=False)
    svg: Path | None = None  # custom art; None = the bundled OpenMoji art

    def name(self, lang: str) -> str:
        return self.names.get(lang) or self.names.get("fr") or self.char

    def __repr__(self) -> str:
        return f"Emoji({self.char} {self.name('en')})"


@dataclass(frozen=True)
class EmojiGrid:
    """rows × cols cells, each the index of its emoji or NO_EMOJI."""

    rows: int
    cols: int
    cells: tuple[tuple[int, ...], ...]

    def cells_per_emoji(self, n_emoji: int) -> tuple[int, ...]:
        counts = [0] * n_emoji
        for row in self.cells:
            for cell in row:
                if cell != NO_EMOJI:
                    counts[cell] += 1
        return tuple(counts)

    def text_rows(self) -> list[str]:
        return ["".join("." if c == NO_EMOJI else GRID_SYMBOLS[c] for c in row) for row in self.cells]

    def __repr__(self) -> str:
        return f"EmojiGrid({self.rows}×{self.cols})"


@dataclass(frozen=True)
class HiddenNeuron:
    name: str
    weights: tuple[Number, ...]  # one per emoji, 0 = not connected
    threshold: Number

    def __repr__(self) -> str:
        return f"HiddenNeuron({self.name}, threshold={self.threshold})"


@dataclass(frozen=True)
class OutputNeuron:
    name: str
    digit: int
    weights: tuple[Number, ...]  # one per hidden neuron
    threshold: Number
    color: str = "#808080"
    pattern: str = "dots"  # how black-and-white prints tell output neurons apart
    labels: dict[str, str] = field(default_factory=dict, compare=False)

    def label(self, lang: str) -> str:
        return self.labels.get(lang) or self.name

    def __repr__(self) -> str:
        return f"OutputNeuron({self.name}: digit {self.digit}, threshold={self.threshold})"


@dataclass(frozen=True)
class Activity:
    name: str
    emoji: tuple[Emoji, ...]
    grid: EmojiGrid
    hidden: tuple[HiddenNeuron, ...]
    outputs: tuple[OutputNeuron, ...]
    source: Path | None = field(default=None, compare=False)

    @property
    def emoji_chars(self) -> tuple[str, ...]:
        return tuple(e.char for e in self.emoji)

    @property
    def digits(self) -> tuple[int, ...]:
        return tuple(o.digit for o in self.outputs)

    @property
    def max_counts(self) -> tuple[int, ...]:
        """The largest possible count of each emoji: every cell of it inked."""
        return self.grid.cells_per_emoji(len(self.emoji))

    def neuron(self, name: str) -> HiddenNeuron | OutputNeuron:
        for neuron in (*self.hidden, *self.outputs):
            if neuron.name == name:
                return neuron
        raise KeyError(name)

    def with_thresholds(self, hidden: list[Number], outputs: list[Number]) -> Activity:
        return replace(
            self,
            hidden=tuple(replace(n, threshold=exact(t)) for n, t in zip(self.hidden, hidden, strict=True)),
            outputs=tuple(replace(n, threshold=exact(t)) for n, t in zip(self.outputs, outputs, strict=True)),
        )

    def __repr__(self) -> str:
        return (
            f"Activity({self.name!r}: {len(self.emoji)} emoji {''.join(self.emoji_chars)}, "
            f"grid {self.grid.rows}×{self.grid.cols}, hidden {','.join(n.name for n in self.hidden)}, "
            f"outputs {','.join(n.name for n in self.outputs)})"
        )


def load_activity(path: Path | str | None = None) -> Activity:
    """Read and validate an activity file (the bundled one when `path` is None)."""
    path = Path(path) if path is not None else default_activity_path()
    raw = read_user_file(path, kind="activity")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise UserError("activity.not_text", file=path) from None
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as error:
        raise UserError("activity.bad_toml", file=path, reason=str(error)) from None
    return activity_from_dict(data, path)


def activity_from_dict(data: dict, path: Path) -> Activity:
    checker = _Checker(path)
    activity = checker.activity(data)
    if checker.problems:
        raise UserErrors(checker.problems)
    return activity


class _Checker:
    """Builds an Activity from parsed TOML, collecting every problem on the way."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[UserError] = []

    def problem(self, code: str, **params: object) -> None:
        self.problems.append(UserError(code, file=self.path.name, **params))

    def number(self, value: object, where: str) -> Number | None:
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            self.problem("activity.not_a_number", field=where, value=_short(value))
            return None
        if isinstance(value, Decimal) and not value.is_finite():
            self.problem("activity.not_a_number", field=where, value=_short(value))
            return None
        return exact(value)

    def table(self, data: dict, key: str, where: str) -> dict | None:
        value = data.get(key)
        if value is None:
            self.problem("activity.missing", field=f"{where}{key}")
        elif not isinstance(value, dict):
            self.problem("activity.wrong_type", field=f"{where}{key}", expected="table")
        else:
            return value
        return None

    def array_of_tables(self, data: dict, key: str) -> list[dict]:
        value = data.get(key)
        if value is None:
            self.problem("activity.missing", field=f"[[{key}]]")
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.problem("activity.wrong_type", field=key, expected=f"[[{key}]]")
            return []
        return value

    def text(self, data: dict, key: str, where: str) -> str | None:
        value = data.get(key)
        if value is None:
            self.problem("activity.missing", field=f"{where}{key}")
        elif not isinstance(value, str) or not value.strip():
            self.problem("activity.wrong_type", field=f"{where}{key}", expected="text")
        else:
            return value.strip()
        return None

    def names(self, value: object, where: str) -> dict[str, str]:
        if value is None:
            return {}
        if isinstance(value, str):
            return {"fr": value, "en": value}
        if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
            return dict(value)
        self.problem("activity.wrong_type", field=where, expected="text")
        return {}

    # --- sections -------------------------------------------------------
    def activity(self, data: dict) -> Activity:
        header = self.table(data, "activity", "")
        name = self.text(header, "name", "activity.") if header is not None else None
        emoji = self.emoji_list(data)
        grid = self.grid(data, len(emoji))
        hidden = self.hidden(data, emoji)
        outputs = self.outputs(data, hidden)
        if grid is not None and emoji:
            per_emoji = grid.cells_per_emoji(len(emoji))
            for e, n in zip(emoji, per_emoji):
                if n == 0:
                    self.problem("activity.emoji_not_on_grid", emoji=e.char)
        return Activity(
            name=name or "?",
            emoji=tuple(emoji),
            grid=grid or EmojiGrid(0, 0, ()),
            hidden=tuple(hidden),
            outputs=tuple(outputs),
            source=self.path,
        )

    def emoji_list(self, data: dict) -> list[Emoji]:
        emoji: list[Emoji] = []
        for i, entry in enumerate(self.array_of_tables(data, "emoji")):
            char = self.text(entry, "char", f"emoji[{i}].")
            if char is None:
                continue
            if char in (e.char for e in emoji):
                self.problem("activity.duplicate", field="emoji.char", name=char)
                continue
            svg = entry.get("svg")
            svg_path = None
            if svg is not None:
                if not isinstance(svg, str):
                    self.problem("activity.wrong_type", field=f"emoji[{i}].svg", expected="text")
                else:
                    svg_path = (self.path.parent / svg).resolve()
                    if not svg_path.is_file():
                        self.problem("activity.svg_missing", emoji=char, svg=svg)
            emoji.append(Emoji(char, self.names(entry.get("name"), f"emoji[{i}].name"), svg_path))
        if len(emoji) > len(GRID_SYMBOLS):
            self.problem("activity.too_many_emoji", count=len(emoji), limit=len(GRID_SYMBOLS))
        return emoji

    def grid(self, data: dict, n_emoji: int) -> EmojiGrid | None:
        section = self.table(data, "grid", "")
        if section is None:
            return None
        rows, cols = section.get("rows"), section.get("cols")
        ok = True
        for key, value in (("rows", rows), ("cols", cols)):
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_GRID_SIDE:
                self.problem("activity.grid_size", field=f"grid.{key}", value=_short(value), limit=MAX_GRID_SIDE)
                ok = False
        lines = section.get("cells")
        if not isinstance(lines, list) or not all(isinstance(line, str) for line in lines):
            self.problem("activity.wrong_type", field="grid.cells", expected="list of text rows")
            return None
        if not ok:
            return None
        if len(lines) != rows:
            self.problem("activity.grid_rows", rows=rows, found=len(lines))
            return None
        cells = []
        for r, line in enumerate(lines):
            symbols = line.replace(" ", "")
            if len(symbols) != cols:
                self.problem("activity.grid_cols", row=r + 1, cols=cols, found=len(symbols))
                return None
            row = []
            for c, symbol in enumerate(symbols):
                index = NO_EMOJI if symbol == "." else GRID_SYMBOLS.find(symbol.lower())
                if symbol != "." and not 0 <= index < n_emoji:
                    self.problem("activity.grid_cell", row=r + 1, col=c + 1, symbol=symbol, last=max(n_emoji - 1, 0))
                    index = NO_EMOJI
                row.append(index)
            cells.append(tuple(row))
        return EmojiGrid(rows, cols, tuple(cells))

    def weights(self, entry: dict, where: str, inputs: list[str]) -> tuple[Number, ...]:
        raw = entry.get("weights")
        if not isinstance(raw, dict) or not raw:
            self.problem("activity.missing", field=f"{where}.weights")
            return tuple(0 for _ in inputs)
        weights = dict.fromkeys(inputs, 0)
        for key, value in raw.items():
            if key not in weights:
                self.problem("activity.unknown_input", neuron=where, name=key, known=inputs)
                continue
            number = self.number(value, f"{where}.weights.{key}")
            if number is not None:
                weights[key] = number
        return tuple(weights.values())

    def neuron_name(self, entry: dict, i: int, section: str, seen: set[str]) -> str | None:
        name = self.text(entry, "name", f"{section}[{i}].")
        if name is None:
            return None
        if name in seen:
            self.problem("activity.duplicate", field=f"{section}.name", name=name)
            return None
        seen.add(name)
        return name

    def hidden(self, data: dict, emoji: list[Emoji]) -> list[HiddenNeuron]:
        chars = [e.char for e in emoji]
        neurons, seen = [], set()
        for i, entry in enumerate(self.array_of_tables(data, "hidden")):
            name = self.neuron_name(entry, i, "hidden", seen)
            if name is None:
                continue
            weights = self.weights(entry, name, chars)
            threshold = self.number(entry.get("threshold"), f"{name}.threshold")
            neurons.append(HiddenNeuron(name, weights, threshold if threshold is not None else 0))
        return neurons

    def outputs(self, data: dict, hidden: list[HiddenNeuron]) -> list[OutputNeuron]:
        names = [n.name for n in hidden]
        neurons, seen, digits = [], {*names}, set()
        for i, entry in enumerate(self.array_of_tables(data, "output")):
            name = self.neuron_name(entry, i, "output", seen)
            if name is None:
                continue
            digit = entry.get("digit")
            if isinstance(digit, bool) or not isinstance(digit, int) or not 0 <= digit <= 9:
                self.problem("activity.bad_digit", neuron=name, value=_short(digit))
                digit = 0
            elif digit in digits:
                self.problem("activity.duplicate", field="output.digit", name=digit)
            digits.add(digit)
            weights = self.weights(entry, name, names)
            threshold = self.number(entry.get("threshold"), f"{name}.threshold")
            color = entry.get("color", "#808080")
            if not isinstance(color, str) or not COLOR_PATTERN.match(color):
                self.problem("activity.bad_color", neuron=name, value=_short(color))
                color = "#808080"
            pattern = entry.get("pattern", BW_PATTERNS[i % len(BW_PATTERNS)])
            if pattern not in BW_PATTERNS:
                self.problem("activity.bad_pattern", neuron=name, value=_short(pattern), known=BW_PATTERNS)
                pattern = BW_PATTERNS[0]
            labels = self.names(entry.get("label"), f"{name}.label")
            neurons.append(
                OutputNeuron(name, digit, weights, threshold if threshold is not None else 0, color, pattern, labels)
            )
        return neurons


def _short(value: object) -> str:
    text = repr(value) if not isinstance(value, Decimal) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."
