"""Finding a collection sheet on a scanned page: its four corner markers,
which way up it is, and the homography from the sheet's frame (mm) to pixels.

The page is shrunk, its lighting evened out (each pixel over the brightest
paper around it), and the dark blobs labelled. Blobs shaped like a square
(as wide as tall, their ink spread the same way in every direction) are
candidates; of every four candidates, the four that make the largest
quadrilateral shaped like the frame, with markers of the size the frame
implies, are the markers. The solid one is the top-left corner; the page
code, read in each of the four turns, confirms which turn is right.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np

from ..digits import label_blobs, otsu_level
from . import layout as L

SMALL_SIDE = 720  # the shrunk page's long side, for finding blobs
DARK = 0.55  # a pixel darker than this share of the paper around it is ink
CANDIDATES = 24


@dataclass(frozen=True, eq=False)
class Located:
    """A sheet found on a page: frame mm → image pixels, and the page code when it could be read."""

    homography: np.ndarray  # 3 × 3, (x mm, y mm, 1) → (u px, v px, w)
    code: L.PageCode | None
    turn: int  # quarter turns the page was scanned away from upright

    def to_pixels(self, x: float, y: float) -> tuple[float, float]:
        u, v, w = self.homography @ np.array([x, y, 1.0])
        return u / w, v / w

    def __repr__(self) -> str:
        return f"Located(turn {self.turn}, code {self.code})"


def brightness_map(grey: np.ndarray, block: int) -> np.ndarray:
    """The paper's brightness around each pixel: the brightest of nearby blocks, smoothed."""
    from PIL import Image

    height, width = grey.shape
    pad_h, pad_w = -height % block, -width % block
    padded = np.pad(grey, ((0, pad_h), (0, pad_w)), mode="edge")
    blocks = padded.reshape(padded.shape[0] // block, block, padded.shape[1] // block, block).max(axis=(1, 3))
    spread = np.pad(blocks, 1, mode="edge")
    rows, cols = blocks.shape
    around = np.max([spread[1 + dy : 1 + dy + rows, 1 + dx : 1 + dx + cols] for dy in (-1, 0, 1) for dx in (-1, 0, 1)], axis=0)
    image = Image.fromarray(around.astype(np.float32), "F").resize((padded.shape[1], padded.shape[0]), Image.Resampling.BILINEAR)
    return np.maximum(np.asarray(image, dtype=np.float32)[:height, :width], 0.05)


def _blob_stats(labels: np.ndarray):
    """Per blob: area, bounding box, centroid and the spread of its ink (second moments)."""
    flat = labels.reshape(-1)
    inked = np.flatnonzero(flat >= 0)
    ids, inverse, area = np.unique(flat[inked], return_inverse=True, return_counts=True)
    ys, xs = np.divmod(inked, labels.shape[1])
    n = len(ids)
    cx = np.bincount(inverse, xs, n) / area
    cy = np.bincount(inverse, ys, n) / area
    sxx = np.bincount(inverse, xs * xs, n) / area - cx**2
    syy = np.bincount(inverse, ys * ys, n) / area - cy**2
    sxy = np.bincount(inverse, xs * ys, n) / area - cx * cy
    top, bottom = np.full(n, labels.shape[0]), np.zeros(n, int)
    left, right = np.full(n, labels.shape[1]), np.zeros(n, int)
    np.minimum.at(top, inverse, ys)
    np.maximum.at(bottom, inverse, ys)
    np.minimum.at(left, inverse, xs)
    np.maximum.at(right, inverse, xs)
    return area, cx, cy, sxx, syy, sxy, top, bottom, left, right


@dataclass(frozen=True)
class _Blob:
    cx: float
    cy: float
    side: float
    box: tuple[int, int, int, int]  # top, bottom, left, right (shrunk pixels)


def square_blobs(dark: np.ndarray) -> list[_Blob]:
    height, width = dark.shape
    labels = label_blobs(dark)
    if not (labels >= 0).any():
        return []
    area, cx, cy, sxx, syy, sxy, top, bottom, left, right = _blob_stats(labels)
    h, w = bottom - top + 1, right - left + 1
    mean = (sxx + syy) / 2
    spread = np.sqrt(((sxx - syy) / 2) ** 2 + sxy**2)
    isotropy = (mean - spread) / np.maximum(mean + spread, 1e-9)
    least = max(4, max(height, width) // 140)
    keep = (
        (h >= least) & (w >= least) & (h <= max(height, width) // 6) & (w <= max(height, width) // 6)
        & (w / h > 0.55) & (w / h < 1.8) & (area / (h * w) > 0.35) & (isotropy > 0.5)
        & (top > 0) & (left > 0) & (bottom < height - 1) & (right < width - 1)
    )  # fmt: skip
    chosen = np.flatnonzero(keep)
    chosen = chosen[np.argsort(-area[chosen], kind="stable")][:CANDIDATES]
    return [_Blob(float(cx[k]), float(cy[k]), float(np.sqrt(h[k] * w[k])), (int(top[k]), int(bottom[k]), int(left[k]), int(right[k])))
            for k in chosen]  # fmt: skip


def _clockwise(points: np.ndarray) -> np.ndarray:
    """Indices of four points in clockwise order on screen (v down), starting anywhere."""
    centre = points.mean(axis=0)
    return np.argsort(np.arctan2(points[:, 1] - centre[1], points[:, 0] - centre[0]), kind="stable")


def best_quad(blobs: list[_Blob]) -> list[_Blob] | None:
    """The four blobs that look most like the frame's corners, clockwise; None when no four do.

    Every four of the candidates at once, in numpy: a few thousand quadrilaterals.
    """
    if len(blobs) < 4:
        return None
    frame_ratio = (L.FRAME_H - L.MARKER) / (L.FRAME_W - L.MARKER)
    size_ratio = L.MARKER / (L.FRAME_W - L.MARKER)
    fours = np.array(list(combinations(range(len(blobs)), 4)))
    centres = np.array([(b.cx, b.cy) for b in blobs])
    sides = np.array([b.side for b in blobs])[fours]
    points = centres[fours]  # (k, 4, 2)
    middle = points.mean(axis=1, keepdims=True)
    angles = np.arctan2(points[..., 1] - middle[..., 1], points[..., 0] - middle[..., 0])
    order = np.argsort(angles, axis=1, kind="stable")
    fours = np.take_along_axis(fours, order, axis=1)
    quad = np.take_along_axis(points, order[..., None], axis=1)
    edges = np.roll(quad, -1, axis=1) - quad
    lengths = np.hypot(edges[..., 0], edges[..., 1]) + 1e-9
    opposite = np.minimum(lengths[:, :2] / lengths[:, 2:], lengths[:, 2:] / lengths[:, :2]).min(axis=1)
    pair_a, pair_b = (lengths[:, 0] + lengths[:, 2]) / 2, (lengths[:, 1] + lengths[:, 3]) / 2
    short, long = np.minimum(pair_a, pair_b), np.maximum(pair_a, pair_b)
    following = np.roll(edges, -1, axis=1)
    cross = edges[..., 0] * following[..., 1] - edges[..., 1] * following[..., 0]
    cosines = -(edges * following).sum(axis=2) / (lengths * np.roll(lengths, -1, axis=1))
    fits = (
        (sides.max(axis=1) <= 1.7 * sides.min(axis=1))
        & (opposite >= 0.7)
        & (long / short > 0.75 * frame_ratio) & (long / short < 1.3 * frame_ratio)
        & (sides.mean(axis=1) / (short * size_ratio) > 0.55) & (sides.mean(axis=1) / (short * size_ratio) < 1.7)
        & ((cross > 0).all(axis=1) | (cross < 0).all(axis=1))
        & (np.abs(cosines).max(axis=1) <= 0.35)
    )  # fmt: skip
    if not fits.any():
        return None
    area = np.where(fits, np.abs(cross.sum(axis=1)) / 2, -1.0)
    return [blobs[i] for i in fours[int(np.argmax(area))]]


def homography(source: np.ndarray, target: np.ndarray) -> np.ndarray:
    """The 3 × 3 projective map taking each source point to its target (four or more pairs, least squares)."""
    rows = []
    for (x, y), (u, v) in zip(source, target):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y, -u])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y, -v])
    _, _, vt = np.linalg.svd(np.array(rows, dtype=float))
    h = vt[-1].reshape(3, 3)
    return h / h[2, 2]


def _refine(grey: np.ndarray, blob: _Blob, scale: float) -> tuple[float, float, float]:
    """Centre of a marker on the full picture, and how dark its middle is (0 white .. 1 black)."""
    top, bottom, left, right = (v * scale for v in blob.box)
    pad = 0.45 * blob.side * scale
    y0, y1 = max(0, int(top - pad)), min(grey.shape[0], int(bottom + pad) + 2)
    x0, x1 = max(0, int(left - pad)), min(grey.shape[1], int(right + pad) + 2)
    patch = grey[y0:y1, x0:x1]
    level = otsu_level(patch)
    mask = patch < level
    labels = label_blobs(mask)
    ids, sizes = np.unique(labels[labels >= 0], return_counts=True)
    if ids.size == 0:
        return blob.cx * scale, blob.cy * scale, 0.0
    ys, xs = np.nonzero(labels == ids[np.argmax(sizes)])
    cx, cy = xs.mean(), ys.mean()
    r = max(1, int(0.12 * blob.side * scale))
    iy, ix = int(round(cy)), int(round(cx))
    middle = patch[max(0, iy - r) : iy + r + 1, max(0, ix - r) : ix + r + 1]
    paper = float(np.percentile(patch, 95)) or 1.0
    darkness = float(np.clip(1 - middle.mean() / paper, 0, 1)) if middle.size else 0.0
    return x0 + cx + 0.5, y0 + cy + 0.5, darkness


def read_code(image, h: np.ndarray) -> L.PageCode | None:
    """The page code under homography `h` (frame mm → pixels), or None when its check fails."""
    cells = L.code_cells()
    values = [_mean_of(image, h, (x0 + 1.0, y0 + 1.0, x1 - 1.0, y1 - 1.0)) for x0, y0, x1, y1 in cells]
    # Paper just above the code (between the code and the boxes) as the reference white.
    paper = _mean_of(image, h, (cells[0][0], L.CODE_Y + L.CODE_CELL + 1.5, cells[-1][2], L.CODE_Y + L.CODE_CELL + 3.5))
    bits = [int(v < 0.5 * paper) for v in values]
    return L.decode_code(bits)


def _mean_of(image, h: np.ndarray, rect: L.Rect) -> float:
    from .warp import warp

    return float(np.asarray(warp(image, h, rect, 4.0), dtype=np.float32).mean())


def locate(image) -> Located | None:
    """The sheet on a page (Pillow "L" image), or None when its markers are not there."""
    from PIL import Image

    width, height = image.size
    factor = max(width, height) / SMALL_SIDE
    small = image.resize((max(1, round(width / factor)), max(1, round(height / factor))), Image.Resampling.BOX)
    grey = np.asarray(small, dtype=np.float32) / 255.0
    paper = brightness_map(grey, max(8, SMALL_SIDE // 24))
    dark = grey < DARK * paper
    four = best_quad(square_blobs(dark))
    if four is None:
        return None
    full = np.asarray(image, dtype=np.float32) / 255.0
    refined = [_refine(full, blob, factor) for blob in four]
    points = np.array([(u, v) for u, v, _ in refined])
    darkness = np.array([d for _, _, d in refined])
    # Try the turn the solid marker says first, then the others: the page code decides.
    first = int(np.argmax(darkness))
    frame = np.array(L.marker_centres())
    fallback = None
    for shift in (first, *[s for s in range(4) if s != first]):
        order = [(shift + k) % 4 for k in range(4)]
        h = homography(frame, points[order])
        code = read_code(image, h)
        turn = _turn(points[order])
        if code is not None:
            return Located(h, code, turn)
        if fallback is None:
            fallback = Located(h, None, turn)
    return fallback


def _turn(corners: np.ndarray) -> int:
    """Quarter turns away from upright, from where the top-left marker landed in the picture."""
    centre = corners.mean(axis=0)
    dx, dy = corners[0] - centre
    # Upright, the top-left marker is up and left of the centre (angle about -135°).
    angle = np.degrees(np.arctan2(dy, dx))
    return int(round(((angle + 135) % 360) / 90)) % 4
