"""Shared helpers for the printable-kit tests: real PDFs read back and rendered."""

from __future__ import annotations

import io
from dataclasses import replace

import numpy as np
import pypdfium2 as pdfium
from pypdf import PdfReader

from generator.activity import load_activity
from generator.exercises import Exercise, seed_exercises
from generator.network import Network

MM = 72 / 25.4
PAPER_PT = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}


def default_kit(number: int = 4):
    """The seed's examples (known by their counts only, no drawing)."""
    activity = load_activity()
    exercises = seed_exercises(activity)[:number]
    network = Network(activity)
    traces = [network.forward(e.counts, exercise_id=e.id, label=e.label) for e in exercises]
    return activity, exercises, traces


def zero_ink(rows: int = 8, cols: int = 8) -> tuple[tuple[int, ...], ...]:
    """A synthetic hand-drawn 0 on the grid: a ring two cells thick."""
    def inked(r: int, c: int) -> bool:
        ring_r = r in (0, 1, rows - 2, rows - 1) and 2 <= c <= cols - 3
        ring_c = c in (1, 2, cols - 3, cols - 2) and 1 <= r <= rows - 2
        return ring_r or ring_c

    return tuple(tuple(int(inked(r, c)) for c in range(cols)) for r in range(rows))


def with_ink(activity, exercise: Exercise, ink) -> Exercise:
    """The exercise re-counted from `ink`, so counts and drawing agree."""
    counts = [0] * len(activity.emoji)
    for r, row in enumerate(activity.grid.cells):
        for c, index in enumerate(row):
            if index >= 0 and ink[r][c]:
                counts[index] += 1
    return replace(exercise, counts=tuple(counts), ink=ink)


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in PdfReader(io.BytesIO(pdf)).pages]


def render_page(pdf: bytes, index: int = 0, scale: float = 1.0) -> np.ndarray:
    page = pdfium.PdfDocument(pdf)[index]
    return np.asarray(page.render(scale=scale).to_pil().convert("RGB"), dtype=np.int16)


def render_all(pdf: bytes, scale: float = 0.5) -> list[np.ndarray]:
    doc = pdfium.PdfDocument(pdf)
    return [np.asarray(doc[i].render(scale=scale).to_pil().convert("RGB"), dtype=np.int16) for i in range(len(doc))]


def colourful_pixels(pixels: np.ndarray, tolerance: int = 2) -> int:
    spread = pixels.max(axis=2) - pixels.min(axis=2)
    return int((spread > tolerance).sum())


def normalise(text: str) -> str:
    """Text as pypdf extracts it, with spacing collapsed for robust comparisons."""
    return " ".join(text.split())


def frames_and_texts(pdf: bytes) -> list[tuple[list, list, object]]:
    """Per page: boxes (pt) of drawn paths and of text objects, and the page's text page (pypdfium2)."""
    import pypdfium2.raw as raw

    pages = []
    for page in pdfium.PdfDocument(pdf):
        rects, texts = [], []
        for obj in page.get_objects(max_depth=3):
            if obj.type == raw.FPDF_PAGEOBJ_PATH:
                rects.append(obj.get_bounds())
            elif obj.type == raw.FPDF_PAGEOBJ_TEXT:
                texts.append(obj.get_bounds())
        pages.append((rects, texts, page.get_textpage()))
    return pages
