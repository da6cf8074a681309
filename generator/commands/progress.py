"""A progress bar for commands that take more than a moment (a whole kit).

Shown on a terminal only: in scripts and tests the output stays quiet.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Callable, Iterator


@contextmanager
def progress_bar(total: int, describe: Callable[[str], str]) -> Iterator[Callable[[str], None]]:
    """Yields step(name): call it as each part starts; `describe` names a part for people."""
    if total < 2 or not sys.stderr.isatty():
        yield lambda name: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn

    with Progress(
        TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
        console=Console(stderr=True), transient=True,
    ) as bar:  # fmt: skip
        task = bar.add_task("", total=total)
        started = False

        def step(name: str) -> None:
            nonlocal started
            if started:
                bar.advance(task)
            started = True
            bar.update(task, description=describe(name))

        yield step
        bar.update(task, completed=total)
