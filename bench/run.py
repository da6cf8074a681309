"""Every bench of the project in one table: figure, value, target, ratio.

Each bench script in this folder exposes `figures() -> list[Figure]`; run one
alone with `python bench/kit.py`, or all with `python bench/run.py`.
"""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import print_table  # noqa: E402

BENCHES = ["startup", "kit", "digits", "train", "class", "collect", "learning_round", "web"]


def main() -> int:
    figures = []
    for name in BENCHES:
        if not (Path(__file__).parent / f"{name}.py").exists():
            print(f"(bench {name}: not written yet)", file=sys.stderr)
            continue
        start = time.perf_counter()
        print(f"running bench/{name}.py ...", file=sys.stderr, flush=True)
        figures += importlib.import_module(name).figures()
        print(f"  done in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    print_table(figures)
    return 0 if all(f.ok for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
