"""Shared by the bench scripts: a measured figure and how a table of them prints.

Figures are ratios measured in one run (or sizes), because these machines are
noisy: a ratio of two timings taken side by side means more than a time.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    unit: str
    target: float
    higher_is_better: bool = False

    @property
    def ratio(self) -> float:
        """value / target, or target / value when higher is better: ≤ 1 means on target.

        A value of zero or below cannot reach a positive "at least" target (a
        negative change in accuracy would otherwise give a negative ratio,
        read as on target): its ratio is infinite.
        """
        if self.higher_is_better:
            return self.target / self.value if self.value > 0 else (0.0 if self.target <= self.value else float("inf"))
        if self.target:
            return self.value / self.target if self.value >= 0 else 0.0
        return 0.0 if self.value <= 0 else float("inf")

    @property
    def ok(self) -> bool:
        """Compared with the target itself, so that signs never mislead."""
        return self.value >= self.target if self.higher_is_better else self.value <= self.target


def print_table(figures: list[Figure], file=sys.stdout) -> None:
    width = max([len(f.name) for f in figures] + [6])
    print(f"{'figure':<{width}}  {'value':>12}  {'target':>12}  {'ratio':>6}  ok", file=file)
    for f in figures:
        op = "≥" if f.higher_is_better else "≤"
        print(
            f"{f.name:<{width}}  {f.value:>10.3g} {f.unit:<2}  {op}{f.target:>9.3g} {f.unit:<2}  {f.ratio:>6.2f}  "
            f"{'yes' if f.ok else 'NO'}",
            file=file,
        )


def best_time(command: list[str], repeat: int = 5, **kwargs) -> float:
    """The fastest of `repeat` runs of a command, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, **kwargs)
        times.append(time.perf_counter() - start)
    return min(times)


def neurones() -> list[str]:
    """The installed console script, or the module run by this Python."""
    from shutil import which

    found = which("neurones", path=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    return [found] if found else [sys.executable, "-m", "generator.cli"]
