"""The activity: its emoji, its emoji grid and its network, loaded from TOML.

Everything the classroom activity is made of is data in an activity file;
the default one (`layouts/activity.toml`) is the seed network of docs/design.md.
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
# What an activity may cost, stated to the user (README, messages): numbers
# beyond these make tables of millions of rows, or fractions of millions of
# digits, long before they make sense in a classroom.
MAX_WEIGHT = 100
MAX_THRESHOLD = 10_000
MAX_DECIMALS = 6
MAX_TABLE_CELLS = 100_000  # rows a neuron's lookup table may span, from its lowest result to its highest
MAX_HIDDEN = 40
MAX_TEXT = 200  # characters in a name or a label
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
        text = raw.decode("utf-8-sig")  # Windows editors may start the file with a byte-order mark
    except UnicodeDecodeError:
        raise UserError("activity.not_text", file=path) from None
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as error:
        raise UserError("activity.bad_toml", file=path, reason=str(error)) from None
    except ValueError:  # an integer of thousands of digits (Python refuses to read it)
        raise UserError("activity.number_too_long", file=path, weight=MAX_WEIGHT, threshold=MAX_THRESHOLD) from None
    except RecursionError:  # arrays or tables nested thousands deep
        raise UserError("activity.too_deep", file=path) from None
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

    def number(self, value: object, where: str, *, most: int) -> Number | None:
        """A weight or threshold within ±`most`, with at most MAX_DECIMALS decimals (checked before any exact arithmetic)."""
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            self.problem("activity.not_a_number", field=where, value=_short(value))
            return None
        if isinstance(value, Decimal) and not value.is_finite():
            self.problem("activity.not_a_number", field=where, value=_short(value))
            return None
        if abs(value) > most:
            self.problem("activity.number_range", field=where, value=_short(value), low=-most, high=most)
            return None
        if isinstance(value, Decimal) and _decimals(value) > MAX_DECIMALS:
            self.problem("activity.too_precise", field=where, value=_short(value), places=MAX_DECIMALS)
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

    def text(self, data: dict, key: str, where: str, *, printed: bool = True) -> str | None:
        value = data.get(key)
        if value is None:
            self.problem("activity.missing", field=f"{where}{key}")
        elif not isinstance(value, str) or not value.strip():
            self.problem("activity.wrong_type", field=f"{where}{key}", expected="text")
        elif not printed or self.printable(value.strip(), f"{where}{key}"):
            return value.strip()
        return None

    def printable(self, text: str, where: str) -> bool:
        """Text printed on pages: not too long, and every character in the page font."""
        from .render.fonts import describe_characters, unprintable

        if len(text) > MAX_TEXT:
            self.problem("activity.text_too_long", field=where, limit=MAX_TEXT)
            return False
        missing = unprintable(text)
        if missing:
            self.problem("activity.unprintable", field=where, value=text, chars=describe_characters(missing))
            return False
        return True

    def names(self, value: object, where: str) -> dict[str, str]:
        if value is None:
            return {}
        if isinstance(value, str):
            return {"fr": value, "en": value} if self.printable(value, where) else {}
        if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
            if all(self.printable(v, f"{where}.{k}") for k, v in value.items()):
                return dict(value)
            return {}
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
        for key in ("emoji", "hidden", "output"):  # `output = []`: a network that never answers
            if data.get(key) == []:
                self.problem("activity.none_in", field=f"[[{key}]]")
        if len(hidden) > MAX_HIDDEN:
            self.problem("activity.too_many_neurons", count=len(hidden), limit=MAX_HIDDEN)
        if grid is not None and emoji:
            per_emoji = grid.cells_per_emoji(len(emoji))
            for e, n in zip(emoji, per_emoji):
                if n == 0:
                    self.problem("activity.emoji_not_on_grid", emoji=e.char)
        activity = Activity(
            name=name or "?",
            emoji=tuple(emoji),
            grid=grid or EmojiGrid(0, 0, ()),
            hidden=tuple(hidden),
            outputs=tuple(outputs),
            source=self.path,
        )
        if not self.problems:
            self.table_sizes(activity)
        return activity

    def table_sizes(self, activity: Activity) -> None:
        """Every neuron's lookup table, from its lowest possible result (or threshold) to its highest, is bounded.

        Tables are built over whole results from that low edge up, so this is
        what building one may cost; it is checked here, before any table is.
        """
        from math import ceil, floor

        from .network import reachable_range

        for neuron in (*activity.hidden, *activity.outputs):
            low, high = reachable_range(activity, neuron)
            first = floor(min(low, neuron.threshold))
            last = ceil(max(high, neuron.threshold + 1))
            if last - first + 1 > MAX_TABLE_CELLS:
                self.problem("activity.table_too_long", neuron=neuron.name, low=_number(low), high=_number(high),
                             threshold=_number(neuron.threshold), cells=last - first + 1,
                             limit=MAX_TABLE_CELLS)  # fmt: skip

    def emoji_list(self, data: dict) -> list[Emoji]:
        emoji: list[Emoji] = []
        for i, entry in enumerate(self.array_of_tables(data, "emoji")):
            char = self.text(entry, "char", f"emoji[{i}].", printed=False)  # drawn as a picture
            if char is None:
                continue
            if char in (e.char for e in emoji):
                self.problem("activity.duplicate", field="emoji.char", name=char)
                continue
            svg = entry.get("svg")
            svg_path = None
            if svg is not None:
                if not isinstance(svg, str) or not svg.strip():
                    self.problem("activity.wrong_type", field=f"emoji[{i}].svg", expected="text")
                else:
                    svg_path = self.svg(char, svg)
            emoji.append(Emoji(char, self.names(entry.get("name"), f"emoji[{i}].name"), svg_path))
        if len(emoji) > len(GRID_SYMBOLS):
            self.problem("activity.too_many_emoji", count=len(emoji), limit=len(GRID_SYMBOLS))
        return emoji

    def svg(self, char: str, svg: str) -> Path | None:
        """The emoji's own picture: an SVG file that refers to no other file (see svg_safety)."""
        from .svg_safety import check_svg

        path = self.path.parent / svg
        try:
            path = path.resolve()
            check_svg(path)
        except UserError as error:
            if error.code == "file.not_found":
                self.problem("activity.svg_missing", emoji=char, svg=svg)
            else:
                self.problems.append(error)
        except (OSError, RuntimeError):  # resolve(): a name too long, a symlink loop
            self.problem("activity.svg_missing", emoji=char, svg=svg)
        return path

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
            number = self.number(value, f"{where}.weights.{key}", most=MAX_WEIGHT)
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
            threshold = self.number(entry.get("threshold"), f"{name}.threshold", most=MAX_THRESHOLD)
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
            threshold = self.number(entry.get("threshold"), f"{name}.threshold", most=MAX_THRESHOLD)
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


def _decimals(value: Decimal) -> int:
    """Decimal places that matter: 1.50 has one."""
    sign, digits, exponent = value.as_tuple()
    trailing = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    return max(0, -(exponent + trailing)) if any(digits) else 0


def _number(value: Number) -> str:
    return str(value) if isinstance(value, int) else f"{float(value):g}"


def _short(value: object) -> str:
    text = repr(value) if not isinstance(value, Decimal) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."
