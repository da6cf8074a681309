"""Collection sheets read back: synthetic scans of the real collect.pdf.

The A4 collect.pdf is rendered at 150 and 300 dpi, bank digits (held out)
are drawn into its boxes (one box in eight left empty) and their ticks
marked, then each page is turned up to ±5°, given up to 10 % perspective,
blur, uneven light and noise, and saved as JPEG quality 60. Every page goes
through `digit --sheet`'s own loader, marker search and box reader.

Prints: the share of boxes found (drawn read as drawn, empty as empty), of
labels read right, of digits whose counts equal a direct `--image` import
of the same drawing, and the time `digit --sheet` takes on a 30-page
scanned PDF (reading, exercises file and preview PDF).

Why the counts can differ at all: every digit shades its 38 most-inked
cells, and for many digits the 38th and the 39th are covered almost
equally; the bench prints how many digits have that margin under 0.005
(a scan's blur, noise and resampling move coverages by more than that).
Three reference figures put "counts equal" in its place: the same reader
on a scan with none of the faults (the ceiling of the reader itself), the
share of digits whose ink grid is within one swapped cell of the direct
import's, and how often `--image` keeps its counts when the very same
drawing moves by half a pixel (docs/design.md, "Scans and the ink rule").
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from common import Figure, print_table

from generator.activity import load_activity
from generator.bank import load_bank
from generator.digits import image_exercise, ink_coverage, inked_cells, read_image
from generator.documents.collect import collect_pdf, frame_origin, plan_collect
from generator.render.page import PageGeometry
from generator.scan.markers import locate
from generator.scan.pages import load_pages
from generator.scan.read import read_page
from generator.scan.synthetic import degrade, fill_page, jpeg, render_page

PAGES_PER_DPI = 20
SCAN_PAGES = 30


# A scan with none of the faults: the page as rendered, saved as a good JPEG.
NO_FAULTS = {"turn": 0.0, "perspective": 0.0, "blur": 0.0, "light": 0.0, "noise": 0.0}
CLEAN_PAGES = 10


def filled_scans(activity, pdf: bytes, dpi: int, pages: int, rng: np.random.Generator, *, faults: bool = True):
    """(JPEG bytes, FilledPage) for `pages` pages filled with random held-out bank digits.

    Without `faults`, the page is only rendered and saved as JPEG quality 95:
    what any reader of a perfect scan starts from.
    """
    geometry = PageGeometry.of("a4")
    blank = render_page(pdf, 0, dpi)
    bank = load_bank().test()
    plan = plan_collect(activity, pages=1)
    for _ in range(pages):
        chosen = rng.choice(len(bank.labels), 8, replace=False)
        digits = [(bank.images[i], int(bank.labels[i])) for i in chosen]
        digits[int(rng.integers(0, 8))] = None
        filled = fill_page(blank, paper_mm=(geometry.width, geometry.height), origin_mm=frame_origin(geometry),
                           sheet=plan.sheet, digits=digits, rng=rng)  # fmt: skip
        yield (jpeg(degrade(filled.image, rng), 60) if faults else jpeg(degrade(filled.image, rng, **NO_FAULTS), 95)), filled


def accuracy(activity, pdf: bytes, dpi: int, rng, folder: Path, *, pages: int = PAGES_PER_DPI,
             faults: bool = True) -> dict:  # fmt: skip
    from generator.network import Network

    network = Network(activity)
    found = right = same = answer = cells = drawn = boxes = pages_found = flagged = close = one_swap = 0
    for n, (data, filled) in enumerate(filled_scans(activity, pdf, dpi, pages, rng, faults=faults)):
        path = folder / f"scan-{dpi}-{n}.jpg"
        path.write_bytes(data)
        page = load_pages([path])[0]
        located = locate(page.image)
        if located is None:
            boxes += len(filled.boxes)
            drawn += sum(b.label is not None for b in filled.boxes)
            continue
        pages_found += 1
        for truth, reading in zip(filled.boxes, read_page(page.image, located, activity, page=1)):
            boxes += 1
            found += (truth.label is None) == reading.empty
            if truth.label is None:
                continue
            drawn += 1
            if reading.empty:
                continue
            right += reading.label == truth.label
            flagged += bool(reading.flags)
            alone = folder / f"drawing-{dpi}-{n}-{truth.box}.png"
            truth.drawing.save(alone)
            direct = image_exercise(alone, activity)
            close += edge_margin(alone, activity) < 0.005
            same += direct.counts == reading.exercise.counts
            answer += network.forward(direct.counts).answer == network.forward(reading.exercise.counts).answer
            differ = int(np.abs(np.array(direct.ink) - np.array(reading.exercise.ink)).sum())
            cells += differ
            one_swap += differ <= 2  # one cell in, one cell out: the 38th and 39th traded places
    return {"found": found / boxes, "right": right / drawn, "same": same / drawn, "answer": answer / drawn,
            "cells": cells / drawn, "pages": pages_found,
            "flagged": flagged / drawn, "close": close / drawn, "one_swap": one_swap / drawn}


def edge_margin(path: Path, activity) -> float:
    """Coverage of the 38th most-inked cell less the 39th's, for a drawing imported with --image."""
    covered = np.sort(ink_coverage(read_image(path), activity.grid.rows, activity.grid.cols).reshape(-1))[::-1]
    wanted = inked_cells(activity.grid.rows, activity.grid.cols)
    return float(covered[wanted - 1] - covered[wanted])


def half_pixel_floor(rng, n: int = 100) -> float:
    """How often the --image importer gives the same counts for one drawing moved by half a pixel.

    No scan can place a drawing closer than that, so this is the ceiling of
    "counts equal to a direct import" for any reader using that importer.
    Compared grid to grid (stricter than counts).
    """
    from PIL import Image

    from generator.digits import ink_from_grey, ink_grid

    bank = load_bank().test()
    same = 0
    for index in rng.choice(len(bank.labels), n, replace=False):
        digit = Image.fromarray(bank.images[index], "L").resize((180, 180), Image.Resampling.BICUBIC)
        canvas = np.ones((320, 200), np.float32)
        canvas[60:240, 10:190] = 1 - np.asarray(digit, np.float32) / 255
        moved = Image.fromarray(canvas, "F").transform((200, 320), Image.Transform.AFFINE, (1, 0, 0.5, 0, 1, 0.5),
                                                       Image.Resampling.BILINEAR, fillcolor=1.0)  # fmt: skip
        a = ink_grid(ink_from_grey(canvas), 10, 10)
        b = ink_grid(ink_from_grey(np.asarray(moved, np.float32)), 10, 10)
        same += bool((a == b).all())
    return same / n


def scan_pdf(activity, pdf: bytes, rng) -> bytes:
    """A scanner's PDF: one JPEG page image (150 dpi) per page, as school copiers make them."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas
    from PIL import Image

    size = PageGeometry.of("a4").size_pt
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=size, invariant=1)
    for data, _ in filled_scans(activity, pdf, 150, SCAN_PAGES, rng):
        canvas.drawImage(ImageReader(Image.open(io.BytesIO(data))), 0, 0, *size)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def figures() -> list[Figure]:
    from generator.commands.digit import run_digit_sheet

    activity = load_activity()
    pdf = collect_pdf(activity, plan_collect(activity, pages=1), lang="fr", paper="a4", color=True)
    rng = np.random.default_rng(2026)
    result = []
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for dpi in (150, 300):
            start = time.perf_counter()
            got = accuracy(activity, pdf, dpi, rng, folder)
            print(f"  {dpi} dpi: {PAGES_PER_DPI} pages in {time.perf_counter() - start:.1f} s, markers found on "
                  f"{got['pages']}, {got['cells']:.2f} cells per digit differ from the direct import, "
                  f"{got['flagged']:.1%} of digits flagged, {got['close']:.0%} with their 38th and 39th cells "
                  f"covered within 0.005 of each other",
                  file=sys.stderr)  # fmt: skip
            result += [
                Figure(f"collect: boxes found, {dpi} dpi scans", got["found"], "", 0.99, True),
                Figure(f"collect: labels read right, {dpi} dpi", got["right"], "", 0.99, True),
                Figure(f"collect: counts = direct --image import, {dpi} dpi", got["same"], "", 0.95, True),
                Figure(f"collect: network's answer = direct import's, {dpi} dpi", got["answer"], "", 0.95, True),
                Figure(f"collect: (reference) ink grid within one swapped cell of direct, {dpi} dpi", got["one_swap"], "",
                       0.95, True),  # fmt: skip
            ]
        clean = accuracy(activity, pdf, 150, rng, folder, pages=CLEAN_PAGES, faults=False)
        result.append(Figure("collect: (reference) counts = direct import on a scan with no faults, 150 dpi",
                             clean["same"], "", 0.95, True))  # fmt: skip
        scan = folder / "scan.pdf"
        scan.write_bytes(scan_pdf(activity, pdf, rng))
        start, cpu = time.perf_counter(), time.process_time()
        run_digit_sheet(activity_path=None, sheets=[scan], out=folder / "out", lang="fr", paper="a4", color=True)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"  {SCAN_PAGES}-page scan: {seconds:.1f} s on the clock, {cpu:.1f} s of processor "
          f"(load average {load:.1f} on {os.cpu_count()} cores)", file=sys.stderr)  # fmt: skip
    result.append(Figure(f"collect: digit --sheet on a {SCAN_PAGES}-page scanned PDF", seconds, "s", 10.0))
    floor = half_pixel_floor(np.random.default_rng(7))
    result.append(Figure("collect: (reference) --image counts unchanged by a half-pixel move", floor, "", 0.95, True))
    return result


if __name__ == "__main__":
    print_table(figures())
