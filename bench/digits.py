"""Digits: how well counts on the designed grid tell 0, 3, 6 and 9 apart, and import speed.

On the held-out part of the bank (never seen by the grid search):
(a) a plain logistic regression on the six counts (a reference; scikit-learn
    when installed, else the small numpy one below),
(b) the seed network with the seed's thresholds on the designed grid (≥ 70 %),
    beside random balanced layouts (the network after the seed's move: bench/lesson.py),
(c) the same network after the class's threshold learning (≥ 90 %).
Also: importing 100 images (< 1 s) and one 12-megapixel phone photo.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import numpy as np
from common import Figure, print_table

from generator.activity import load_activity
from generator.digits import bank_ink, ink_grid, read_image
from generator.grid_design import SHIPPED_RUN, balanced_layout, design_grid, layout_accuracy, layout_counts


def numpy_logistic(X: np.ndarray, y: np.ndarray, X_test: np.ndarray, steps: int = 3000) -> np.ndarray:
    """Multinomial logistic regression by gradient descent on standardised features."""
    mean, std = X.mean(0), X.std(0) + 1e-9
    A, B = np.c_[(X - mean) / std, np.ones(len(X))], np.c_[(X_test - mean) / std, np.ones(len(X_test))]
    classes = np.unique(y)
    Y = (y[:, None] == classes[None, :]).astype(float)
    W = np.zeros((A.shape[1], len(classes)))
    for _ in range(steps):
        Z = A @ W
        P = np.exp(Z - Z.max(1, keepdims=True))
        P /= P.sum(1, keepdims=True)
        W -= 0.5 * (A.T @ (P - Y) / len(A) + 1e-4 * W)
    return classes[(B @ W).argmax(1)]


def logistic_accuracy(counts_train, y_train, counts_test, y_test) -> tuple[float, str]:
    try:
        from sklearn.linear_model import LogisticRegression
    except ImportError:
        return float((numpy_logistic(counts_train, y_train, counts_test) == y_test).mean()), "numpy"
    model = LogisticRegression(max_iter=2000).fit(counts_train, y_train)
    return float(model.score(counts_test, y_test)), "scikit-learn"


def learned_accuracy(activity, data) -> float | None:
    """Held-out accuracy after threshold learning on the whole training part (as design-grid reports it)."""
    from dataclasses import replace

    from generator.commands.design_grid import after_learning

    design = replace(design_grid(activity, rows=data.rows, cols=data.cols, iterations=0), cells=np.array(activity.grid.cells))
    learned = after_learning(activity, design)
    return None if learned is None else learned[1]


def drawn_digit(rng: np.random.Generator, size: tuple[int, int]):
    """A marker-like 0, 3, 6 or 9 made of arcs and lines, on slightly grey paper with noise."""
    from PIL import Image, ImageDraw

    width, height = size
    image = Image.new("L", size, int(rng.integers(200, 250)))
    draw = ImageDraw.Draw(image)
    box = (width * 0.25, height * 0.15, width * 0.75, height * 0.85)
    stroke = max(2, int(min(size) * rng.uniform(0.03, 0.08)))
    x0, y0, x1, y1 = box
    ym = (y0 + y1) / 2
    kind = int(rng.integers(0, 4))
    if kind == 0:
        draw.ellipse(box, outline=20, width=stroke)
    elif kind == 1:
        draw.arc((x0, y0, x1, ym), -150, 90, fill=20, width=stroke)
        draw.arc((x0, ym, x1, y1), -90, 150, fill=20, width=stroke)
    elif kind == 2:
        draw.ellipse((x0, ym, x1, y1), outline=20, width=stroke)
        draw.arc((x0, y0, x1 + (x1 - x0), y1), 180, 270, fill=20, width=stroke)
    else:
        draw.ellipse((x0, y0, x1, ym), outline=20, width=stroke)
        draw.line((x1 - stroke / 2, (y0 + ym) / 2, x1 - stroke / 2, y1), fill=20, width=stroke)
    pixels = np.asarray(image, dtype=float) + rng.normal(0, 8, (height, width))
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def import_seconds(paths: list[Path], rows: int, cols: int) -> float:
    start = time.perf_counter()
    for path in paths:
        ink_grid(read_image(path), rows, cols)
    return time.perf_counter() - start


def figures() -> list[Figure]:
    activity = load_activity()
    rows, cols = activity.grid.rows, activity.grid.cols
    cells = np.array(activity.grid.cells)
    data = bank_ink(rows, cols)
    counts = layout_counts(cells, data.ink, len(activity.emoji))
    train, test = ~data.held_out, data.held_out
    logistic, how = logistic_accuracy(counts[train], data.labels[train], counts[test], data.labels[test])
    designed = layout_accuracy(activity, cells, data, "held_out")
    rng = np.random.default_rng(7)
    random = float(np.mean([layout_accuracy(activity, balanced_layout(rows, cols, 6, rng), data) for _ in range(20)]))
    learned = learned_accuracy(activity, data)
    start = time.perf_counter()
    again = design_grid(activity, **SHIPPED_RUN)
    search = time.perf_counter() - start
    reproduced = float(np.array_equal(again.cells, cells))

    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for i in range(100):
            path = Path(folder) / f"d{i}.png"
            drawn_digit(rng, (int(rng.integers(200, 500)), int(rng.integers(250, 600)))).save(path)
            paths.append(path)
        import_time = min(import_seconds(paths, rows, cols) for _ in range(3))
        photo = Path(folder) / "photo.jpg"
        drawn_digit(rng, (3000, 4000)).convert("RGB").save(photo, quality=90)
        photo_time = min(import_seconds([photo], rows, cols) for _ in range(3))

    result = [
        Figure(f"digits (a): logistic regression on counts, held out ({how})", logistic, "", 0.70, True),
        Figure("digits (b): seed network, seed thresholds, designed grid, held out", designed, "", 0.70, True),
        Figure("digits (b'): same network, random balanced layouts, held out", random, "", 0.50),
        Figure("digits: designed / random layout accuracy", designed / random, "×", 2.0, True),
    ]
    if learned is not None:
        result.append(Figure("digits (c): after threshold learning, held out", learned, "", 0.90, True))
    result += [
        Figure("digits: design-grid search (the shipped run's budget)", search, "s", 30.0),
        Figure("digits: shipped grid = design-grid's shipped run (1 = yes)", reproduced, "", 1.0, True),
        Figure("digits: import 100 images", import_time, "s", 1.0),
        Figure("digits: import one 12-megapixel JPEG photo", photo_time, "s", 1.0),
    ]
    return result


if __name__ == "__main__":
    print_table(figures())
