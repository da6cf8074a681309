"""Counting ink on the grid: a drawing resampled onto rows × cols cells, the
0/1 ink grid, and the emoji counts.

A drawing is an "ink image": floats, 0 = paper and 1 = ink, any resolution.
`ink_grid` crops it to its ink, scales it to fit the grid while keeping its
aspect ratio, centres it, and shades the cells the ink covers most (the ink
rule below). Bank digits, photos and scans and every other source go through
this one function, so a digit counts the same way wherever it came from.
Photos and scans reach it already cut at fractional bounds (`ink_extent`,
`resample`, used by photo.py), so that its whole-pixel crop takes them whole
and a drawing moved by a fraction of a pixel keeps its cells; bank digits
are cropped here, as they always were.
"""

from __future__ import annotations

import numpy as np

from ..activity import NO_EMOJI, Activity, EmojiGrid

# The ink rule: every digit shades the same number of cells, the ones its ink
# covers most (INK_SHARE of the grid: 38 cells on 10 × 10). A bold stroke is
# thinned to its middle cells and a thin pen line is widened to its
# neighbours, so every exercise has about the seed's 36 cells to count and the
# counts stay in the range the thresholds were made for (1..10); with "a cell
# counts when the ink covers 15 % of it", the bank's digits shaded 28 to 60
# cells and 17 % of their counts were above 10 (issue 12).
INK_SHARE = 0.38
# Pixels of an ink image at or above this belong to the digit when cropping.
CROP_LEVEL = 0.5


def inked_cells(rows: int, cols: int) -> int:
    """How many cells every digit shades on a rows × cols grid (38 on 10 × 10)."""
    return max(1, round(INK_SHARE * rows * cols))


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
    """Whole rows and columns holding a pixel at or above `level` (the bank's crop); None when blank."""
    inked = ink >= level
    rows, cols = np.flatnonzero(inked.any(axis=1)), np.flatnonzero(inked.any(axis=0))
    if rows.size == 0:
        return None
    return slice(rows[0], rows[-1] + 1), slice(cols[0], cols[-1] + 1)


def _crossing(profile: np.ndarray, level: float) -> tuple[float, float] | None:
    """Where `profile` (one value per pixel, at pixel centres) first and last reaches `level`, in pixel-edge units.

    Linear between pixel centres: for a 0/1 profile this is exactly the edge
    of the first and last inked pixel (what `ink_bounds` crops to), and for
    grey edges it moves smoothly with the drawing instead of by whole pixels.
    """
    above = np.flatnonzero(profile >= level)
    if above.size == 0:
        return None
    first, last = int(above[0]), int(above[-1])

    def between(outside: int, inside: int) -> float:
        low, high = float(profile[outside]), float(profile[inside])
        return outside + (level - low) / (high - low) * (inside - outside)

    start = (between(first - 1, first) if first > 0 else -0.5) + 0.5
    stop = (between(last + 1, last) if last + 1 < profile.size else profile.size - 0.5) + 0.5
    return start, stop


def ink_extent(ink: np.ndarray, level: float = CROP_LEVEL) -> tuple[float, float, float, float] | None:
    """(top, bottom, left, right) of the ink in fractional pixels: `ink_bounds` made continuous.

    Used by the photo importer (photo.py): a drawing moved by a fraction of a
    pixel, or slightly blurred, gets the same crop moved by the same
    fraction, where whole-pixel bounds would jump by one pixel and change
    which cells are among the most inked.
    """
    rows = _crossing(ink.max(axis=1), level)
    if rows is None:
        return None
    cols = _crossing(ink.max(axis=0), level)
    return rows[0], rows[1], cols[0], cols[1]


def _area_average(ink: np.ndarray, axis: int, start: float, size: float, count: int) -> np.ndarray:
    """`ink` resampled along `axis` onto `count` cells of `size` pixels from `start`: `area_matrix`'s sums, from running totals."""
    n = ink.shape[axis]
    totals = np.concatenate([np.zeros_like(np.take(ink, [0], axis=axis)), np.cumsum(ink, axis=axis)], axis=axis)
    edges = np.clip(start + size * np.arange(count + 1), 0.0, n)
    whole = np.minimum(np.floor(edges).astype(int), n - 1)
    shape = [1] * ink.ndim
    shape[axis] = count + 1
    part = (edges - whole).reshape(shape)
    low, high = np.take(totals, whole, axis=axis), np.take(totals, whole + 1, axis=axis)
    at_edges = low + part * (high - low)  # the running total is linear inside each pixel
    return np.diff(at_edges, axis=axis) / size


def resample(ink: np.ndarray, extent: tuple[float, float, float, float], side: int) -> np.ndarray:
    """The part of `ink` inside a fractional (top, bottom, left, right) extent, area-averaged onto `side` pixels along its long side."""
    top, bottom, left, right = extent
    step = max(bottom - top, right - left) / side
    height = max(1, round((bottom - top) / step))
    width = max(1, round((right - left) / step))
    ink = np.asarray(ink, dtype=np.float64)
    rows = _area_average(ink, 0, top, (bottom - top) / height, height)
    return _area_average(rows, 1, left, (right - left) / width, width)


def ink_coverage(ink: np.ndarray, rows: int, cols: int) -> np.ndarray | None:
    """Cell coverage of the drawing cropped to its ink and fitted to the grid; None when blank."""
    ink = np.asarray(ink, dtype=float)
    bounds = ink_bounds(ink)
    if bounds is None:
        return None
    cropped = ink[bounds]
    top, left, size = fit_box(*cropped.shape, rows, cols)
    return coverage(cropped, rows, cols, top=top, left=left, size=size)


def ink_grid(ink: np.ndarray, rows: int, cols: int, *, cells: int | None = None) -> np.ndarray | None:
    """uint8 rows × cols grid of 0/1 cells; None when the drawing has no ink.

    The `cells` cells (default `inked_cells`) the ink covers most are shaded;
    cells the ink does not touch at all never are, so a tiny drawing shades
    fewer. Equal coverages go to the cell first in reading order.
    """
    covered = ink_coverage(ink, rows, cols)
    if covered is None:
        return None
    wanted = inked_cells(rows, cols) if cells is None else cells
    flat = np.round(covered.reshape(-1), 9)  # sums of pixel shares: ties must not depend on rounding noise
    order = np.argsort(-flat, kind="stable")[: min(wanted, int(np.count_nonzero(flat > 0)))]
    grid = np.zeros(rows * cols, dtype=np.uint8)
    grid[order] = 1
    return grid.reshape(rows, cols)


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
