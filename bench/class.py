"""Class sets: `neurones kit --students N` for 10, 30 and 100 pupils.

Prints seconds, pages, pages per second, how time grows with the class, and
the size per page of the two bundles (pupils.pdf, teacher.pdf).
Targets (issue "Class sets"): a 30-pupil kit in under 2 s; time at most
linear in pupils (30 pupils ≤ 3.5× the time of 10, 100 ≤ 100/30× the time of 30).
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

from common import Figure, best_time, neurones, print_table

SIZES = (10, 30, 100)


def pages_of(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def measure(pupils: int, repeat: int) -> tuple[float, int, float]:
    """Seconds, pages in all files, and the bundles' (pupils.pdf, teacher.pdf) KiB per page."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "kit"
        seconds = best_time([*neurones(), "kit", "--students", str(pupils), "--out", str(out), "--force"],
                            repeat=repeat)  # fmt: skip
        pages = sum(pages_of(p.read_bytes()) for p in out.glob("*.pdf"))
        bundles = [(out / name).read_bytes() for name in ("pupils.pdf", "teacher.pdf")]
        return seconds, pages, sum(map(len, bundles)) / sum(map(pages_of, bundles)) / 1024


def table() -> dict[int, tuple[float, int, float]]:
    return {n: measure(n, repeat=3 if n <= 30 else 2) for n in SIZES}


def figures(results: dict[int, tuple[float, int, float]] | None = None) -> list[Figure]:
    results = results or table()
    (t10, _, _), (t30, p30, size30), (t100, _, _) = (results[n] for n in SIZES)
    return [
        Figure("class: kit for 30 pupils", t30, "s", 2.0),
        Figure("class: pages per second, 30 pupils", p30 / t30, "p/s", p30 / 2.0, higher_is_better=True),
        Figure("class: time 30 / 10 pupils", t30 / t10, "×", 3.5),
        Figure("class: time 100 / 30 pupils", t100 / t30, "×", 100 / 30),
        # Bundles are their documents' pages merged (each document brings its own fonts): same target as a kit.
        Figure("class: bundles' size per page, 30 pupils", size30, "KiB", 60.0),
    ]


if __name__ == "__main__":
    results = table()
    print(f"{'pupils':>6}  {'seconds':>8}  {'pages':>6}  {'pages/s':>8}  {'bundle KiB/page':>15}")
    for n, (seconds, pages, size) in results.items():
        print(f"{n:>6}  {seconds:>8.2f}  {pages:>6}  {pages / seconds:>8.1f}  {size:>15.1f}")
    print(f"growth: 30/10 = {results[30][0] / results[10][0]:.2f}×, 100/30 = {results[100][0] / results[30][0]:.2f}×")
    print()
    print_table(figures(results))
    sys.exit(0)
