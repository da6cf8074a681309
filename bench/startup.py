"""Start-up: `neurones --help` and a key from typed counts, beside a bare Python start."""

from __future__ import annotations

import sys

from common import Figure, best_time, neurones, print_table


def figures() -> list[Figure]:
    bare = best_time([sys.executable, "-c", "pass"])
    help_time = best_time([*neurones(), "--help"])
    key_time = best_time([*neurones(), "key", "--counts", "6,4,9,6,6,7", "--json", "-"])
    return [
        Figure("startup: neurones --help", help_time, "s", 0.3),
        Figure("startup: --help / bare python", help_time / bare, "×", 10),
        Figure("startup: key --counts", key_time, "s", 0.5),
    ]


if __name__ == "__main__":
    print_table(figures())
