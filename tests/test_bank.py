import hashlib

import numpy as np
import pytest

from generator.bank import BANK_FILE, DigitBank, load_bank, read_bank
from generator.resources import data_dir

DIGITS = (0, 3, 6, 9)
# Pins the split: regenerating the file with another draw must fail here.
HELD_OUT_IDS_SHA256 = "6ed128adcefa5d8995e475a7a722186d01b4d01951b7c3d5581d4a6bfdd3aae7"


@pytest.fixture(scope="module")
def bank() -> DigitBank:
    return load_bank()


def test_file_loads_with_expected_arrays(bank):
    n = len(bank)
    assert bank.images.dtype == np.uint8 and bank.images.ndim == 3
    assert bank.images.shape[0] == n and bank.images.shape[1] >= 8
    assert bank.labels.dtype == np.int8 and bank.labels.shape == (n,)
    assert bank.held_out.dtype == bool and bank.held_out.shape == (n,)
    assert bank.source_ids.shape == (n,)
    assert any(line.startswith("source_package=") for line in bank.meta)
    assert any("CC BY-SA 3.0" in line for line in bank.meta)


def test_load_is_cached(bank):
    assert load_bank() is bank


def test_only_digits_0_3_6_9_and_enough_of_each(bank):
    assert set(np.unique(bank.labels)) == set(DIGITS)
    for digit in DIGITS:
        assert (bank.labels == digit).sum() >= 150


def test_source_ids_are_unique_and_named(bank):
    assert len(set(bank.source_ids)) == len(bank)
    assert all(str(s).startswith("mnist-train-") for s in bank.source_ids)


def test_split_is_fixed(bank):
    again = read_bank(data_dir() / BANK_FILE)  # a fresh read, not the cache
    assert np.array_equal(again.held_out, bank.held_out)
    held_ids = "\n".join(sorted(bank.source_ids[bank.held_out]))
    assert hashlib.sha256(held_ids.encode()).hexdigest() == HELD_OUT_IDS_SHA256


def test_split_is_stratified(bank):
    for digit in DIGITS:
        fraction = bank.held_out[bank.labels == digit].mean()
        assert 0.24 <= fraction <= 0.31, (digit, fraction)
    train, test = bank.train(), bank.test()
    assert len(train) + len(test) == len(bank)
    assert not train.held_out.any() and test.held_out.all()
    assert not set(train.source_ids) & set(test.source_ids)


def test_ink_is_high_and_centred(bank):
    images = bank.images.astype(np.float64)
    # Mostly paper: an inverted bank (paper = 255) would average far above 128.
    assert images.mean(axis=(1, 2)).max() < 100
    height, width = bank.images.shape[1:]
    rows, cols = np.mgrid[:height, :width]
    ink = images.sum(axis=(1, 2))
    centre_row = (images * rows).sum(axis=(1, 2)) / ink
    centre_col = (images * cols).sum(axis=(1, 2)) / ink
    assert np.abs(centre_row - (height - 1) / 2).max() < height / 7
    assert np.abs(centre_col - (width - 1) / 2).max() < width / 7


def test_arrays_are_read_only(bank):
    with pytest.raises(ValueError):
        bank.images[0, 0, 0] = 1


def test_repr_summarises(bank):
    text = repr(bank)
    assert text.startswith(f"DigitBank({len(bank)} digits ")
    assert f"0×{(bank.labels == 0).sum()}" in text
    assert f"{bank.held_out.sum()} held out" in text


@pytest.mark.parametrize("n", [4, 40, 42, 401])
def test_balanced_sample_is_balanced(bank, n):
    indices = bank.balanced_sample(n, rng=7)
    assert len(indices) == len(set(indices)) == n
    counts = [(bank.labels[indices] == d).sum() for d in DIGITS]
    assert max(counts) - min(counts) <= 1


def test_balanced_sample_is_seeded(bank):
    first = bank.balanced_sample(60, rng=11)
    assert np.array_equal(first, bank.balanced_sample(60, rng=11))
    assert np.array_equal(first, bank.balanced_sample(60, rng=np.random.default_rng(11)))
    assert not np.array_equal(first, bank.balanced_sample(60, rng=12))


def test_balanced_sample_on_a_sub_bank_and_subset_of_digits(bank):
    test = bank.test()
    indices = test.balanced_sample(30, digits=(3, 6), rng=1)
    assert sorted(np.unique(test.labels[indices])) == [3, 6]
    assert test.held_out[indices].all()


def test_balanced_sample_refuses_more_than_the_bank_has(bank):
    with pytest.raises(ValueError):
        bank.balanced_sample(4 * len(bank), rng=0)
    with pytest.raises(ValueError):
        bank.balanced_sample(8, digits=(0, 1), rng=0)
