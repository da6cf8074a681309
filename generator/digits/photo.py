"""Photo clean-up: a drawing from a photo or a scan, as an ink image.

Decoding (any raster format Pillow reads, EXIF rotation, transparency as
paper), background flattening, Otsu's cut, dust and frames removed by blobs,
and thin pen strokes thickened to the bank's stroke width.

The ink handed to the grid stays grey (how dark each pixel is, not only
whether it passed Otsu's cut) and is cropped at fractional bounds: a scan
of a drawing, slightly blurred, turned back and resampled, then gives the
same cells as the drawing imported directly, where a 0/1 image cut at whole
pixels changed which cells were among the most inked (bench/collect.py).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..errors import UserError
from ..inputs import read_user_file
from .grid_ink import CROP_LEVEL, ink_bounds, ink_extent, resample

MAX_PIXELS = 50_000_000  # beyond this an image is refused before it is decoded
MAX_IMAGE_BYTES = 200_000_000
IMAGE_FORMATS = ("PNG", "JPEG", "GIF", "BMP", "TIFF", "WEBP", "PPM")  # JPEG covers phones' MPO files
WORK_SIDE = 256  # images are shrunk to this side first: far finer than any grid
MIN_CONTRAST = 0.15  # ink must differ from paper by this much (0..1) to count as a drawing
SPECK_SHARE = 0.08  # ink blobs smaller than this share of the largest blob are dust
MIN_DIGIT_SHARE = 0.002  # a drawing clear of the border covers at least this share of the picture
MIN_STROKE = 0.10  # thinner strokes (share of the digit's height) are thickened to this
FAINT_SHARE = 0.5  # grey ink starts counting at this share of Otsu's cut (paper grain stays out)
STROKE_PERCENTILE = 50  # ink this dark among the digit's pixels (its stroke's middle) counts fully
DUST_MARGIN = 2  # pixels around the kept blobs whose grey edges stay with them
SMOOTHING = 0.03  # the ink is blurred by this share of the digit's size (a third of a cell on 10 × 10)
DRAWING_SIDE = 256  # the cropped drawing's long side, in pixels, as handed to the grid


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
    """Ink image (floats 0..1) of the drawing in a greyscale picture, dark on light or light on dark.

    Cropped to the drawing's fractional bounds (`ink_extent`), so the grid's
    own whole-pixel crop (`ink_bounds`) takes it whole.
    """
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
    # Light multiplies: under a shadow the paper and the stroke on it are both
    # darker by the same factor. Ink measured against the paper where it lies
    # ((ink − paper) / what the paper leaves) is the same in the shadow and in
    # full light; subtracting the paper alone left strokes in the shadow
    # fainter, and moved cells' coverages by up to 0.18 (tests/test_digits_images.py).
    paper = paper_level(ink)
    ink = np.clip((ink - paper) / np.maximum(1.0 - paper, 0.05), 0.0, 1.0)
    level = otsu_level(ink)
    mask = ink >= level
    if not mask.any() or mask.all() or ink[mask].mean() - ink[~mask].mean() < MIN_CONTRAST:
        raise UserError("image.blank", file=name)
    kept = keep_digit(mask)
    # Grey, not 0/1: a blurred stroke keeps its ink, only spread, so the cells'
    # coverages barely move; a cut at Otsu's level moves every stroke edge.
    faint = FAINT_SHARE * level
    full = max(float(np.percentile(ink[kept], STROKE_PERCENTILE)), faint + 1e-3)
    # Darker than the stroke's middle stays above 1 until after the blur, so a
    # stroke's core is still full ink once blurred.
    soft = np.clip((ink - faint) / (full - faint), 0.0, None) * _grown(kept, DUST_MARGIN)
    soft = _grow(soft.astype(np.float32), stroke_growth(kept))
    # A deliberate blur, larger than a scanner's: a drawing scanned (blurred a
    # little) and the same drawing imported directly then differ by much less
    # than before, relative to what they share.
    rows, cols = np.flatnonzero(kept.any(axis=1)), np.flatnonzero(kept.any(axis=0))
    size = max(rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1)
    return cropped(blurred(soft, SMOOTHING * size))


def blurred(ink: np.ndarray, sigma: float) -> np.ndarray:
    """`ink` blurred about like a Gaussian of `sigma` pixels (three box blurs), on a canvas grown to hold the spread ink.

    The boxes' widths need not be whole pixels (running totals, linear
    inside each pixel), so the blur grows smoothly with the drawing's size.
    """
    if sigma <= 0:
        return ink
    margin = int(np.ceil(3 * sigma))
    out = np.pad(np.asarray(ink, dtype=np.float64), margin)
    for axis in (0, 1):
        for _ in range(3):
            out = _box_blur(out, axis, 2 * sigma)  # three boxes of width w: variance 3 · w² / 12 = σ²
    return out.astype(np.float32)


def _box_blur(ink: np.ndarray, axis: int, width: float) -> np.ndarray:
    n = ink.shape[axis]
    totals = np.concatenate([np.zeros_like(np.take(ink, [0], axis=axis)), np.cumsum(ink, axis=axis)], axis=axis)
    centres = np.arange(n) + 0.5

    def total_at(x: np.ndarray) -> np.ndarray:
        x = np.clip(x, 0.0, n)
        whole = np.minimum(np.floor(x).astype(int), n - 1)
        shape = [1] * ink.ndim
        shape[axis] = n
        part = (x - whole).reshape(shape)
        low, high = np.take(totals, whole, axis=axis), np.take(totals, whole + 1, axis=axis)
        return low + part * (high - low)

    return (total_at(centres + width / 2) - total_at(centres - width / 2)) / width


def cropped(ink: np.ndarray) -> np.ndarray:
    """The drawing cut at its fractional bounds and resampled, DRAWING_SIDE pixels along its long side."""
    peak = float(ink.max())
    if 0 < peak < 1:  # a speck blurred away: its darkest point is full ink still
        ink = ink / peak
    extent = ink_extent(ink)
    if extent is None:
        return ink
    out = resample(ink, extent, DRAWING_SIDE)
    # The fractional edge falls where the ink crosses CROP_LEVEL, so the edge
    # rows and columns hold ink about that dark; make sure of it, so that the
    # grid's whole-pixel crop keeps them (one pixel in 256, no visible change).
    for edge in (out[0], out[-1], out[:, 0], out[:, -1]):
        darkest = int(np.argmax(edge))
        edge[darkest] = max(edge[darkest], CROP_LEVEL)
    out = np.clip(out, 0.0, 1.0)
    # Full ink somewhere, as in every ink image, even a speck blurred and averaged away.
    return (out / out.max() if out.max() < 1 else out).astype(np.float32)


def _grown(mask: np.ndarray, steps: int) -> np.ndarray:
    """`mask` spread `steps` pixels, on the same canvas."""
    return _grow(mask, steps)[steps:-steps, steps:-steps] if steps > 0 else mask


def stroke_width(mask: np.ndarray) -> float:
    """Mean stroke width in pixels: ink area over half the ink's outline."""
    area = int(mask.sum())
    p = np.pad(mask, 1)
    inside = p[1:-1, 1:-1] & p[:-2, 1:-1] & p[2:, 1:-1] & p[1:-1, :-2] & p[1:-1, 2:]
    outline = area - int(inside.sum())
    return area / max(outline / 2, 1)


def stroke_growth(mask: np.ndarray) -> int:
    """Pixels to grow each side of the strokes by so that they reach MIN_STROKE of the digit's height (0: thick enough)."""
    bounds = ink_bounds(mask.astype(np.float32))
    if bounds is None:
        return 0
    height = bounds[0].stop - bounds[0].start
    return max(0, int(round((MIN_STROKE * height - stroke_width(mask[bounds])) / 2)))


def thicken(mask: np.ndarray) -> np.ndarray:
    """Strokes thinner than MIN_STROKE of the digit's height, grown to it.

    The bank's digits are written with strokes about 15 % of their height
    (10 % for the thinnest tenth); a pen line on a phone photo can be 5 %, and
    would ink too few cells for the network's thresholds.
    """
    grow = stroke_growth(mask)
    return _grow(mask, grow) if grow > 0 else mask


def _grow(image: np.ndarray, steps: int) -> np.ndarray:
    """`image` (0/1 or grey) spread `steps` pixels in every direction, the darkest neighbour winning."""
    grown = np.pad(image, steps)
    for step in range(steps):
        p = np.pad(grown, 1)
        near = [p[1:-1, 1:-1], p[:-2, 1:-1], p[2:, 1:-1], p[1:-1, :-2], p[1:-1, 2:]]
        if step % 2:  # alternate cross and square steps: round-ish growth in every direction
            near += [p[:-2, :-2], p[:-2, 2:], p[2:, :-2], p[2:, 2:]]
        grown = np.maximum.reduce(near)
    return grown
