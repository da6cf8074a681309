"""Cutting a rectangle of the sheet's frame (mm) out of a scanned page, straightened."""

from __future__ import annotations

import numpy as np

from . import layout as L


def warp(image, h: np.ndarray, rect: L.Rect, px_per_mm: float, *, fill: int = 255):
    """The part of `image` (Pillow) showing `rect` of the frame, as an upright Pillow image of px_per_mm."""
    from PIL import Image

    x0, y0, x1, y1 = rect
    width = max(1, round((x1 - x0) * px_per_mm))
    height = max(1, round((y1 - y0) * px_per_mm))
    # Output pixel (i, j) → frame mm (x0 + i·sx, y1 − j·sy) → picture pixel through h.
    sx, sy = (x1 - x0) / width, (y1 - y0) / height
    placement = np.array([[sx, 0, x0], [0, -sy, y1], [0, 0, 1]], dtype=float)
    m = h @ placement
    m = m / m[2, 2]
    coefficients = tuple(float(v) for v in m.reshape(-1)[:8])
    return image.transform((width, height), Image.Transform.PERSPECTIVE, coefficients, Image.Resampling.BILINEAR,
                           fillcolor=fill)  # fmt: skip
