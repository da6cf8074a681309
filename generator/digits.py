"""Digits on the emoji grid: resampling a drawing onto rows × cols cells, the
ink grid of 0/1, the emoji counts, ASCII text grids, and exercises from the bank.

A drawing is an "ink image": floats, 0 = paper and 1 = ink, any resolution.
`ink_grid` crops it to its ink, scales it to fit the grid while keeping its
aspect ratio, centres it, and marks a cell inked when the ink covers at least
INK_LEVEL of its area. Bank digits, photos and scans (read_image below) and
every other source go through this one function, so a digit counts the same
way wherever it came from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from .activity import NO_EMOJI, Activity, EmojiGrid
from .errors import UserError
from .inputs import read_user_file

# A cell is inked when the ink covers this fraction of it: "the ink touches
# it", as the sheets tell pupils. Searching grids at levels 0.10 to 0.35,
# 0.15 gave the best held-out accuracy with counts still mostly in 1..10.
INK_LEVEL = 0.15
# Pixels of an ink image at or above this belong to the digit when cropping.
CROP_LEVEL = 0.5
INK_CHAR, BLANK_CHAR = "#", "."
MAX_TEXT_BYTES = 64_000


def area_matrix(n_source: int, n_cells: int, start: float, size: float) -> np.ndarray:
    """(n_cells, n_source) weights: the share of each cell covered by each source pixel.

    Cell k spans [start + k·size, start + (k+1)·size) in source pixel units;
    pixel j spans [j, j+1). Parts of a cell outside the source are paper.
    """
    edges = start + size * np.arange(n_cells + 1)
    low = np.maximum(edges[:-1, None], np.arange(n_source)[None, :])
    high = np.minimum(edges[1:, None], np.arange(1, n_source + 1)[None, :])
    return np.clip(high - low, 0.0, None) / size


def coverage(ink: np.ndarray, rows: int, cols: int, *, top: float, left: float, size: float) -> np.ndarray:
    """Mean ink of every cell of a rows × cols grid laid on `ink` at (top, left) with square cells of `size` pixels."""
    height, width = ink.shape
    return area_matrix(height, rows, top, size) @ ink @ area_matrix(width, cols, left, size).T


def fit_box(height: int, width: int, rows: int, cols: int) -> tuple[float, float, float]:
    """(top, left, size): square cells over a height × width box, fitting it whole and centred."""
    size = max(height / rows, width / cols)
    return (height - rows * size) / 2, (width - cols * size) / 2, size


def ink_bounds(ink: np.ndarray, level: float = CROP_LEVEL) -> tuple[slice, slice] | None:
    inked = ink >= level
    rows, cols = np.flatnonzero(inked.any(axis=1)), np.flatnonzero(inked.any(axis=0))
    if rows.size == 0:
        return None
    return slice(rows[0], rows[-1] + 1), slice(cols[0], cols[-1] + 1)


def ink_coverage(ink: np.ndarray, rows: int, cols: int) -> np.ndarray | None:
    """Cell coverage of the drawing cropped to its ink and fitted to the grid; None when blank."""
    ink = np.asarray(ink, dtype=float)
    bounds = ink_bounds(ink)
    if bounds is None:
        return None
    cropped = ink[bounds]
    top, left, size = fit_box(*cropped.shape, rows, cols)
    return coverage(cropped, rows, cols, top=top, left=left, size=size)


def ink_grid(ink: np.ndarray, rows: int, cols: int, *, level: float = INK_LEVEL) -> np.ndarray | None:
    """uint8 rows × cols grid of 0/1 cells; None when the drawing has no ink."""
    covered = ink_coverage(ink, rows, cols)
    if covered is None:
        return None
    grid = (covered >= level - 1e-9).astype(np.uint8)
    if not grid.any():  # a faint speck still marks the cell it covers most
        grid[np.unravel_index(np.argmax(covered), covered.shape)] = 1
    return grid


def layout_onehot(grid: EmojiGrid, n_emoji: int) -> np.ndarray:
    """(rows·cols, n_emoji) 0/1 matrix: which emoji each cell carries."""
    cells = np.array(grid.cells, dtype=int).reshape(-1)
    onehot = np.zeros((cells.size, n_emoji), dtype=np.int64)
    carried = cells != NO_EMOJI
    onehot[np.flatnonzero(carried), cells[carried]] = 1
    return onehot


def count_emoji(ink: np.ndarray, activity: Activity) -> tuple[int, ...]:
    """Inked cells per emoji, in the activity's emoji order."""
    ink = np.asarray(ink, dtype=np.int64)
    if ink.shape != (activity.grid.rows, activity.grid.cols):
        raise ValueError(f"ink grid {ink.shape} is not the activity grid {activity.grid.rows}×{activity.grid.cols}")
    counts = ink.reshape(-1) @ layout_onehot(activity.grid, len(activity.emoji))
    return tuple(int(c) for c in counts)


# --- text grids --------------------------------------------------------------


def grid_to_text(ink: np.ndarray | Sequence[Sequence[int]]) -> str:
    return "".join("".join(INK_CHAR if c else BLANK_CHAR for c in row) + "\n" for row in ink)


def parse_text_grid(text: str, rows: int, cols: int, *, name: str = "--text") -> np.ndarray:
    """An ASCII grid: one line per row, '#' (or X, x, 1, *) ink, '.' (or 0, -, _) blank.

    Spaces between cells, blank lines and '//' comment lines are ignored.
    """
    ink_marks, blank_marks = set("#Xx1*■█"), set(".0-_□")
    lines = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.replace(" ", "").replace("\t", "").strip()
        if not line or line.startswith("//"):
            continue
        row = []
        for position, char in enumerate(line, start=1):
            if char in ink_marks:
                row.append(1)
            elif char in blank_marks:
                row.append(0)
            else:
                raise UserError("digit.text_bad_char", file=name, line=number, col=position, char=char)
        if len(row) != cols:
            raise UserError("digit.text_cols", file=name, line=number, found=len(row), cols=cols)
        lines.append(row)
    if len(lines) != rows:
        raise UserError("digit.text_rows", file=name, found=len(lines), rows=rows, cols=cols)
    grid = np.array(lines, dtype=np.uint8)
    if not grid.any():
        raise UserError("digit.text_blank", file=name)
    return grid


def read_text_grid(path: Path, rows: int, cols: int) -> np.ndarray:
    raw = read_user_file(path, limit=MAX_TEXT_BYTES, too_big="digit.text_too_big")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError("file.not_text_grid", file=path) from None
    if "\0" in text:
        raise UserError("file.not_text_grid", file=path)
    return parse_text_grid(text, rows, cols, name=Path(path).name)



# --- the bank on a grid --------------------------------------------------------


@dataclass(frozen=True, eq=False)
class BankInk:
    """Every bank digit resampled onto one grid size, flattened: (n, rows·cols) 0/1."""

    rows: int
    cols: int
    ink: np.ndarray
    labels: np.ndarray
    held_out: np.ndarray
    source_ids: np.ndarray

    def __repr__(self) -> str:
        return f"BankInk({len(self.labels)} digits on {self.rows}×{self.cols}, mean ink {self.ink.sum(1).mean():.1f} cells)"


@cache
def bank_ink(rows: int, cols: int, level: float = INK_LEVEL) -> BankInk:
    from .bank import load_bank

    bank = load_bank()
    images = bank.images.astype(float) / 255.0
    ink = np.stack([ink_grid(image, rows, cols, level=level).reshape(-1) for image in images])
    ink.setflags(write=False)
    return BankInk(rows, cols, ink, bank.labels, bank.held_out, bank.source_ids)


# --- images ------------------------------------------------------------------

MAX_PIXELS = 50_000_000  # beyond this an image is refused before it is decoded
MAX_IMAGE_BYTES = 200_000_000
IMAGE_FORMATS = ("PNG", "JPEG", "GIF", "BMP", "TIFF", "WEBP", "PPM")  # JPEG covers phones' MPO files
WORK_SIDE = 256  # images are shrunk to this side first: far finer than any grid
MIN_CONTRAST = 0.15  # ink must differ from paper by this much (0..1) to count as a drawing
SPECK_SHARE = 0.08  # ink blobs smaller than this share of the largest blob are dust
MIN_DIGIT_SHARE = 0.002  # a drawing clear of the border covers at least this share of the picture
MIN_STROKE = 0.10  # thinner strokes (share of the digit's height) are thickened to this


def read_image(path: Path) -> np.ndarray:
    """A drawing from any image file Pillow reads: ink image (floats, 1 = ink) at most WORK_SIDE pixels a side."""
    raw = read_user_file(path, limit=MAX_IMAGE_BYTES, too_big="image.file_too_big")
    grey = decode_image(raw, name=Path(path).name)
    return ink_from_grey(grey, name=Path(path).name)


def decode_image(raw: bytes, *, name: str) -> np.ndarray:
    """Greyscale floats 0 (black) .. 1 (white), shrunk to at most WORK_SIDE a side, upright per EXIF."""
    import io
    import warnings

    from PIL import Image, ImageOps

    if not raw:
        raise UserError("image.unreadable", file=name)
    try:
        with warnings.catch_warnings():
            # Size is checked below against MAX_PIXELS, before any decoding.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            # Raster formats only: Pillow would hand EPS files to Ghostscript.
            image = Image.open(io.BytesIO(raw), formats=IMAGE_FORMATS)
    except Image.DecompressionBombError:
        raise UserError("image.too_large", file=name, limit=MAX_PIXELS // 1_000_000) from None
    except Exception:  # Pillow raises many kinds on files that are not images
        raise UserError("image.unreadable", file=name) from None
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise UserError("image.too_large", file=name, limit=MAX_PIXELS // 1_000_000)
    if width < 1 or height < 1:
        raise UserError("image.unreadable", file=name)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            image.draft("L", (WORK_SIDE * 2, WORK_SIDE * 2))  # JPEG: decode at reduced size, much faster
            image.load()
            image = ImageOps.exif_transpose(image) or image
            grey = _to_grey(image)
    except UserError:
        raise
    except Exception:  # truncated or damaged data surfaces only when decoding
        raise UserError("image.corrupt", file=name) from None
    return grey


def _to_grey(image) -> np.ndarray:
    from PIL import Image

    if image.mode in ("I", "I;16", "I;16B", "I;16L", "F"):
        values = np.asarray(image, dtype=float)
        low, high = float(values.min()), float(values.max())
        values = (values - low) / (high - low) if high > low else np.ones_like(values)
        image = Image.fromarray(np.round(values * 255).astype(np.uint8), "L")
    elif image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        # Transparent parts are paper: a drawing exported with no background is ink on white.
        rgba = image.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(paper, rgba)
    grey = image.convert("L")
    scale = WORK_SIDE / max(grey.size)
    if scale < 1:
        size = (max(1, round(grey.width * scale)), max(1, round(grey.height * scale)))
        grey = grey.resize(size, Image.Resampling.BOX)  # area average: thin strokes stay as grey
    return np.asarray(grey, dtype=np.float32) / 255.0


def otsu_level(values: np.ndarray) -> float:
    """Otsu's threshold on values in 0..1: the cut that best separates two classes."""
    histogram = np.bincount(np.clip((values.reshape(-1) * 255).astype(int), 0, 255), minlength=256).astype(float)
    levels = np.arange(256) / 255.0
    weight_low = np.cumsum(histogram)
    weight_high = weight_low[-1] - weight_low
    sum_low = np.cumsum(histogram * levels)
    mean_low = sum_low / np.maximum(weight_low, 1)
    mean_high = (sum_low[-1] - sum_low) / np.maximum(weight_high, 1)
    between = weight_low * weight_high * (mean_low - mean_high) ** 2
    return float(levels[int(np.argmax(between))] + 0.5 / 255)


def paper_level(ink: np.ndarray) -> np.ndarray:
    """The paper's own ink level at every pixel (shadows, uneven light), without the drawing.

    The darkest-ink (brightest-paper) value of coarse blocks, spread over
    neighbouring blocks so that a thick stroke filling a block is skipped,
    then smoothed back to full size.
    """
    from PIL import Image

    height, width = ink.shape
    block = max(4, max(height, width) // 12)
    pad_h, pad_w = -height % block, -width % block
    padded = np.pad(ink, ((0, pad_h), (0, pad_w)), mode="edge")
    blocks = padded.reshape(padded.shape[0] // block, block, padded.shape[1] // block, block).min(axis=(1, 3))
    spread = np.pad(blocks, 1, mode="edge")
    neighbours = np.stack(
        [spread[1 + dy : spread.shape[0] - 1 + dy, 1 + dx : spread.shape[1] - 1 + dx] for dy in (-1, 0, 1) for dx in (-1, 0, 1)]
    )
    floor = neighbours.min(axis=0)
    image = Image.fromarray(floor.astype(np.float32), "F").resize((padded.shape[1], padded.shape[0]), Image.Resampling.BILINEAR)
    return np.asarray(image, dtype=np.float32)[:height, :width]


def label_blobs(mask: np.ndarray) -> np.ndarray:
    """Connected ink blobs (8-neighbours): every pixel gets its blob's number, −1 off the ink.

    Union-find over the horizontal runs of each row: a few hundred runs for a
    drawing, so plain Python is fast enough.
    """
    height, width = mask.shape
    padded = np.zeros((height, width + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    changes = np.diff(padded, axis=1)
    run_rows, run_starts = np.nonzero(changes == 1)
    _, run_ends = np.nonzero(changes == -1)  # same row-major order as the starts
    parent = list(range(len(run_rows)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    rows, starts, ends = run_rows.tolist(), run_starts.tolist(), run_ends.tolist()
    above_first = above_last = 0  # runs of the previous row: indices [above_first, above_last)
    k = 0
    while k < len(rows):
        row = rows[k]
        first = k
        while k < len(rows) and rows[k] == row:
            k += 1
        if above_last > above_first and rows[above_first] == row - 1:
            j = above_first
            for r in range(first, k):
                while j < above_last and ends[j] < starts[r]:  # ends against starts: diagonal contact counts
                    j += 1
                m = j
                while m < above_last and starts[m] <= ends[r]:
                    a, b = root(r), root(m)
                    if a != b:
                        parent[max(a, b)] = min(a, b)
                    m += 1
        above_first, above_last = first, k
    labels = np.full(height * width, -1, dtype=np.int64)
    if rows:
        roots = np.array([root(r) for r in range(len(rows))])
        lengths = run_ends - run_starts
        first_pixel = run_rows * width + run_starts
        offsets = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        labels[np.repeat(first_pixel, lengths) + offsets] = np.repeat(roots, lengths)
    return labels.reshape(height, width)


def keep_digit(mask: np.ndarray) -> np.ndarray:
    """The drawing without dust and without dark paper edges at the image border."""
    labels = label_blobs(mask)
    ids, sizes = np.unique(labels[labels >= 0], return_counts=True)
    if ids.size <= 1:
        return mask
    border = np.zeros_like(mask)
    border[0, :] = border[-1, :] = border[:, 0] = border[:, -1] = True
    on_border = np.isin(ids, np.unique(labels[border & mask]))
    inner = ~on_border
    # A blob touching the border is the edge of the sheet or the table when the
    # drawing itself stands clear of the border; otherwise it is the drawing.
    big_enough = inner.any() and sizes[inner].max() >= MIN_DIGIT_SHARE * mask.size
    candidates = inner if big_enough else np.ones_like(inner)
    candidates = candidates & (sizes >= SPECK_SHARE * sizes[candidates].max())
    # A blob framing other blobs is the outline of the sheet (the table just
    # beyond its edge) or a box drawn around the digit, not the digit.
    framing = _framing(labels, ids, candidates)
    if (candidates & ~framing).any():
        candidates &= ~framing
    keep = ids[candidates & (sizes >= SPECK_SHARE * sizes[candidates].max())]
    return np.isin(labels, keep)


def _framing(labels: np.ndarray, ids: np.ndarray, candidates: np.ndarray) -> np.ndarray:
    """Which candidate blobs have another candidate's bounding box strictly inside their own."""
    chosen = np.flatnonzero(candidates)
    boxes = {}
    for k in chosen:
        ys, xs = np.nonzero(labels == ids[k])
        boxes[k] = (ys.min(), xs.min(), ys.max(), xs.max())
    framing = np.zeros_like(candidates)
    for k in chosen:
        top, left, bottom, right = boxes[k]
        for j in chosen:
            t, l, b, r = boxes[j]
            if j != k and top < t and left < l and b < bottom and r < right:
                framing[k] = True
                break
    return framing


def ink_from_grey(grey: np.ndarray, *, name: str = "") -> np.ndarray:
    """Ink image (0/1) of the drawing in a greyscale picture, dark on light or light on dark."""
    from PIL import Image, ImageFilter

    # A 3 × 3 mean evens out sensor noise and paper grain before Otsu's cut
    # (a median does it too, at ten times the cost).
    grey = np.asarray(
        Image.fromarray(np.round(grey * 255).astype(np.uint8), "L").filter(ImageFilter.BoxBlur(1)), dtype=np.float32
    ) / 255.0
    # The paper is what most of the picture shows (strokes are thin), even
    # when a dark table frames the sheet; the ink is the other side of Otsu's cut.
    dark_on_light = np.median(grey) >= otsu_level(grey)
    ink = 1.0 - grey if dark_on_light else grey
    ink = np.clip(ink - paper_level(ink), 0.0, 1.0)
    level = otsu_level(ink)
    mask = ink >= level
    if not mask.any() or mask.all() or ink[mask].mean() - ink[~mask].mean() < MIN_CONTRAST:
        raise UserError("image.blank", file=name)
    mask = keep_digit(mask)
    return thicken(mask).astype(np.float32)


def stroke_width(mask: np.ndarray) -> float:
    """Mean stroke width in pixels: ink area over half the ink's outline."""
    area = int(mask.sum())
    p = np.pad(mask, 1)
    inside = p[1:-1, 1:-1] & p[:-2, 1:-1] & p[2:, 1:-1] & p[1:-1, :-2] & p[1:-1, 2:]
    outline = area - int(inside.sum())
    return area / max(outline / 2, 1)


def thicken(mask: np.ndarray) -> np.ndarray:
    """Strokes thinner than MIN_STROKE of the digit's height, grown to it.

    The bank's digits are written with strokes about 15 % of their height
    (10 % for the thinnest tenth); a pen line on a phone photo can be 5 %, and
    would ink too few cells for the network's thresholds.
    """
    bounds = ink_bounds(mask.astype(np.float32))
    if bounds is None:
        return mask
    height = bounds[0].stop - bounds[0].start
    grow = int(round((MIN_STROKE * height - stroke_width(mask[bounds])) / 2))
    if grow <= 0:
        return mask
    grown = np.pad(mask, grow)
    for step in range(grow):
        p = np.pad(grown, 1)
        spread = p[1:-1, 1:-1] | p[:-2, 1:-1] | p[2:, 1:-1] | p[1:-1, :-2] | p[1:-1, 2:]
        if step % 2:  # alternate cross and square steps: round-ish growth in every direction
            spread |= p[:-2, :-2] | p[:-2, 2:] | p[2:, :-2] | p[2:, 2:]
        grown = spread
    return grown


# --- exercises -------------------------------------------------------------------

EXERCISES_FORMAT = "neurones-exercises"
MAX_BANK_EXERCISES = 200


def exercise_from_ink(ink: np.ndarray, activity: Activity, *, id: str, label: int | None = None, source: str = ""):
    from .exercises import Exercise

    ink = np.asarray(ink, dtype=np.uint8)
    return Exercise(
        id=id,
        counts=count_emoji(ink, activity),
        label=label,
        ink=tuple(tuple(int(c) for c in row) for row in ink),
        source=source,
    )


def image_exercise(path: Path, activity: Activity, *, label: int | None = None):
    ink = ink_grid(read_image(path), activity.grid.rows, activity.grid.cols)
    return exercise_from_ink(ink, activity, id=Path(path).stem, label=label, source=Path(path).name)


def text_exercise(path: Path, activity: Activity, *, label: int | None = None):
    ink = read_text_grid(path, activity.grid.rows, activity.grid.cols)
    return exercise_from_ink(ink, activity, id=Path(path).stem, label=label, source=Path(path).name)


def parse_digits(text: str | Sequence[int] | None, activity: Activity) -> tuple[int, ...]:
    """`--digits 0,3,6,9`: digits the activity recognises, in the order given, no repeats."""
    if text is None:
        return activity.digits
    parts = [p for p in text.replace(";", ",").replace(" ", ",").split(",") if p] if isinstance(text, str) else [str(d) for d in text]
    digits: list[int] = []
    for part in parts:
        if not (part.isdigit() and int(part) in activity.digits):
            raise UserError("digits.unknown", value=part[:20], digits=activity.digits)
        if int(part) not in digits:
            digits.append(int(part))
    if not digits:
        raise UserError("digits.unknown", value=text, digits=activity.digits)
    return tuple(digits)


def bank_exercises(activity: Activity, *, number: int, digits: Sequence[int], seed: int, option: str = "--exercises"):
    """`number` held-out bank digits, balanced over `digits`, drawn with `seed`.

    Held-out digits are the ones the grid was not designed on, so a class's
    success rate is an honest one.
    """
    from .bank import load_bank

    bank = load_bank()
    missing = [d for d in digits if d not in set(bank.labels.tolist())]
    if missing:
        raise UserError("digits.not_in_bank", digits=missing)
    test = bank.test()
    most = min(MAX_BANK_EXERCISES, len(digits) * min(int((test.labels == d).sum()) for d in digits))
    if not 1 <= number <= most:
        raise UserError("cli.exercises_range", option=option, value=number, most=most)
    chosen = test.balanced_sample(number, tuple(digits), rng=seed)
    rows, cols = activity.grid.rows, activity.grid.cols
    exercises = []
    for index in chosen:
        ink = ink_grid(test.images[index].astype(float) / 255.0, rows, cols)
        exercises.append(
            exercise_from_ink(ink, activity, id=str(test.source_ids[index]), label=int(test.labels[index]), source="bank")
        )
    return exercises


def exercise_to_json(exercise, activity: Activity) -> dict:
    """One exercise as JSON: the `digit --json` contract plus id, label and source."""
    data = {"id": exercise.id, "label": exercise.label, "source": exercise.source}
    if exercise.ink is not None:
        data["ink"] = [list(row) for row in exercise.ink]
    data["counts"] = dict(zip(activity.emoji_chars, exercise.counts))
    return data


def exercises_document(exercises: Sequence, activity: Activity) -> dict:
    return {
        "format": EXERCISES_FORMAT,
        "version": 1,
        "grid": {"rows": activity.grid.rows, "cols": activity.grid.cols},
        "exercises": [exercise_to_json(e, activity) for e in exercises],
    }


def read_exercises_file(path: Path, activity: Activity) -> list:
    """Exercises written by `neurones digit --out` (or one `digit --json` object).

    The ink is the truth: counts are recounted on this activity's grid, so a
    file stays valid when the emoji layout changes. Entries without ink are
    checked like typed counts.
    """
    import json

    from .errors import Place
    from .exercises import MAX_EXERCISES, Exercise, check_counts, check_label

    name = Path(path).name
    raw = read_user_file(path, limit=50_000_000, too_big="exercises.too_big")
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise UserError("exercises.not_json", file=name) from None
    if isinstance(document, dict) and "exercises" in document:
        entries = document["exercises"]
    elif isinstance(document, dict) and ("ink" in document or "counts" in document):
        entries = [document]
    else:
        raise UserError("exercises.bad_format", file=name, field="exercises")
    if not isinstance(entries, list) or not entries:
        raise UserError("exercises.empty", file=name)
    if len(entries) > MAX_EXERCISES:
        raise UserError("counts.too_many_lines", file=name, limit=MAX_EXERCISES)
    rows, cols = activity.grid.rows, activity.grid.cols
    exercises, seen = [], set()
    for number, entry in enumerate(entries, start=1):
        where = Place(name, number) if len(entries) > 1 else Place(name)
        if not isinstance(entry, dict):
            raise UserError("exercises.bad_format", file=name, field=f"exercises[{number - 1}]")
        ident = entry.get("id", f"{Path(path).stem}-{number:02d}" if len(entries) > 1 else Path(path).stem)
        if not isinstance(ident, (str, int)) or isinstance(ident, bool) or str(ident).strip() == "":
            raise UserError("exercises.bad_format", file=name, field=f"exercises[{number - 1}].id")
        ident = str(ident).strip()[:80]
        if ident in seen:
            raise UserError("exercises.duplicate_id", file=name, id=ident)
        seen.add(ident)
        label = entry.get("label")
        if label is not None:
            if isinstance(label, bool) or not isinstance(label, (int, str)):
                raise UserError("exercises.bad_format", file=name, field=f"exercises[{number - 1}].label")
            label = check_label(str(label), activity, where=where)
        source = entry.get("source", name)
        source = source if isinstance(source, str) else name
        ink = entry.get("ink")
        if ink is not None:
            grid = _ink_from_json(ink, rows, cols, file=name, field=f"exercises[{number - 1}].ink")
            exercises.append(exercise_from_ink(grid, activity, id=ident, label=label, source=source))
        elif isinstance(entry.get("counts"), dict):
            counts = entry["counts"]
            values = [counts.get(char, "") for char in activity.emoji_chars]
            if set(counts) != set(activity.emoji_chars):
                raise UserError("exercises.bad_format", file=name, field=f"exercises[{number - 1}].counts")
            exercises.append(Exercise(ident, check_counts(values, activity, where=where), label, source=source))
        else:
            raise UserError("exercises.bad_format", file=name, field=f"exercises[{number - 1}].ink")
    return exercises


def _ink_from_json(ink: object, rows: int, cols: int, *, file: str, field: str) -> np.ndarray:
    if not isinstance(ink, list) or not all(isinstance(row, list) for row in ink):
        raise UserError("exercises.bad_format", file=file, field=field)
    found_cols = len(ink[0]) if ink else 0
    if len(ink) != rows or any(len(row) != cols for row in ink):
        raise UserError("exercises.grid_mismatch", file=file, found=f"{len(ink)}×{found_cols}", grid=f"{rows}×{cols}")
    if not all(type(c) is int and c in (0, 1) for row in ink for c in row):
        raise UserError("exercises.bad_format", file=file, field=field)
    return np.array(ink, dtype=np.uint8)
