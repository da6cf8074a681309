"""The bank of real handwritten digits (MNIST 0, 3, 6, 9) bundled with the generator.

The data file is made once by scripts/extract_bank.py; see data/ATTRIBUTION.md
for its source and licence. Only numpy is needed to read it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from generator.resources import data_dir

BANK_FILE = "digit_bank.npz"


@dataclass(frozen=True, eq=False)  # eq=False: arrays have no single truth value
class DigitBank:
    """Greyscale digits, uint8 (n, h, w), 0 = paper and 255 = ink."""

    images: np.ndarray
    labels: np.ndarray  # int8 (n,)
    source_ids: np.ndarray  # str (n,), e.g. "mnist-train-12345"
    held_out: np.ndarray  # bool (n,), the fixed test split
    meta: tuple[str, ...] = ()  # "key=value" lines naming source and licence

    def __len__(self) -> int:
        return len(self.labels)

    def __repr__(self) -> str:
        height, width = self.images.shape[1:]
        digits, counts = np.unique(self.labels, return_counts=True)
        per_digit = " ".join(f"{d}×{c}" for d, c in zip(digits, counts))
        return (
            f"DigitBank({len(self)} digits {height}×{width}: {per_digit}; "
            f"{int(self.held_out.sum())} held out)"
        )

    def subset(self, indices: np.ndarray) -> DigitBank:
        return DigitBank(
            images=self.images[indices],
            labels=self.labels[indices],
            source_ids=self.source_ids[indices],
            held_out=self.held_out[indices],
            meta=self.meta,
        )

    def train(self) -> DigitBank:
        return self.subset(~self.held_out)

    def test(self) -> DigitBank:
        return self.subset(self.held_out)

    def balanced_sample(
        self,
        n: int,
        digits: Sequence[int] = (0, 3, 6, 9),
        *,
        rng: np.random.Generator | int,
    ) -> np.ndarray:
        """Indices of n distinct digits, as evenly spread over `digits` as n allows.

        `rng` is a Generator or a seed for numpy.random.default_rng, so the same
        seed gives the same sample. When n does not divide evenly, the digits
        that get one more are drawn too. The indices come out shuffled.
        """
        rng = np.random.default_rng(rng)
        per_digit = np.full(len(digits), n // len(digits))
        per_digit[rng.choice(len(digits), size=n % len(digits), replace=False)] += 1
        chosen = []
        for digit, count in zip(digits, per_digit):
            members = np.flatnonzero(self.labels == digit)
            if count > len(members):
                raise ValueError(f"asked for {count} of digit {digit}, the bank has {len(members)}")
            chosen.append(rng.choice(members, size=count, replace=False))
        return rng.permutation(np.concatenate(chosen))


def read_bank(path: Path) -> DigitBank:
    with np.load(path) as data:  # no pickles: every array is plain numpy
        arrays = {name: data[name] for name in ("images", "labels", "source_ids", "held_out")}
        meta = tuple(str(line) for line in data["meta"])
    for array in arrays.values():
        array.setflags(write=False)  # shared by every caller of load_bank()
    return DigitBank(**arrays, meta=meta)


@cache
def load_bank() -> DigitBank:
    """The bundled bank, read once per process."""
    return read_bank(data_dir() / BANK_FILE)
