"""Resampling onto the emoji grid, counting, text grids, bank exercises and exercise files."""

import json

import numpy as np
import pytest

from generator.activity import NO_EMOJI
from generator.digits import (
    area_matrix,
    bank_exercises,
    count_emoji,
    coverage,
    exercises_document,
    fit_box,
    grid_to_text,
    ink_grid,
    inked_cells,
    parse_digits,
    parse_text_grid,
    read_exercises_file,
)
from generator.errors import UserError
from generator.selection import choose_exercises


def block_mean_reference(image, rows, cols, top, left, size, factor):
    """Independent reference: blow each pixel up to factor × factor sub-pixels,
    place the grid on whole sub-pixels, and average each cell's block."""
    fine = np.kron(image, np.ones((factor, factor)))
    step, top_f, left_f = size * factor, top * factor, left * factor
    assert float(step).is_integer() and float(top_f).is_integer() and float(left_f).is_integer()
    step, top_f, left_f = int(step), int(top_f), int(left_f)
    canvas = np.zeros((rows * step, cols * step))
    # paste `fine` at (-top_f, -left_f) in canvas coordinates, clipped
    for r in range(canvas.shape[0]):
        y = r + top_f
        if 0 <= y < fine.shape[0]:
            for c in range(canvas.shape[1]):
                x = c + left_f
                if 0 <= x < fine.shape[1]:
                    canvas[r, c] = fine[y, x]
    return canvas.reshape(rows, step, cols, step).mean(axis=(1, 3))


@pytest.mark.parametrize(
    "shape, rows, cols, top, left, size, factor",
    [
        ((28, 28), 7, 7, 0, 0, 4, 1),  # whole blocks
        ((28, 28), 10, 10, 0, 0, 2.8, 5),  # 2.8 pixels a cell
        ((20, 12), 10, 10, 0, -4, 2, 1),  # narrower than the grid: paper at both sides
        ((13, 7), 8, 8, -0.5, -3.25, 1.75, 4),  # fractional offsets
        ((5, 9), 3, 4, 0.5, 0.25, 2.25, 4),
    ],
)
def test_coverage_matches_block_average_reference(shape, rows, cols, top, left, size, factor):
    rng = np.random.default_rng(7)
    image = rng.random(shape)
    got = coverage(image, rows, cols, top=top, left=left, size=size)
    want = block_mean_reference(image, rows, cols, top, left, size, factor)
    np.testing.assert_allclose(got, want, atol=1e-12)


def test_area_matrix_rows_sum_to_the_share_of_the_cell_inside_the_source():
    weights = area_matrix(10, 4, -1.0, 3.0)  # cells [-1,2) [2,5) [5,8) [8,11)
    np.testing.assert_allclose(weights.sum(axis=1), [2 / 3, 1, 1, 2 / 3])


def test_fit_box_keeps_aspect_and_centres():
    assert fit_box(20, 10, 10, 10) == (0.0, -5.0, 2.0)  # tall: full height, centred across
    assert fit_box(10, 20, 10, 10) == (-5.0, 0.0, 2.0)


def test_ink_grid_crops_scales_and_centres():
    image = np.zeros((50, 60))
    image[10:30, 20:30] = 1.0  # a 20 × 10 bar anywhere in the picture
    # 20 tall → 10 rows of 2 px; 10 wide → 5 cells, centred: columns 3..6 fully
    # covered (40 cells), columns 2 and 7 half covered (20 cells).
    assert np.array_equal(ink_grid(image, 10, 10, cells=100)[0], [0, 0, 1, 1, 1, 1, 1, 1, 0, 0])
    full = ink_grid(image, 10, 10, cells=40)
    assert full[:, 3:7].all() and full.sum() == 40
    # 45 cells: the 40 full ones, then the first 5 half-covered ones in reading order.
    some = ink_grid(image, 10, 10, cells=45)
    assert some[:, 3:7].all() and some.sum() == 45
    assert [tuple(x) for x in np.argwhere(some[:, [2, 7]])] == [(0, 0), (0, 1), (1, 0), (1, 1), (2, 0)]
    assert ink_grid(np.zeros((5, 5)), 10, 10) is None


def test_every_drawing_shades_the_same_number_of_cells_those_its_ink_covers_most():
    from generator.bank import load_bank
    from generator.digits import ink_coverage

    assert inked_cells(10, 10) == 38
    for image in load_bank().images[:50].astype(float) / 255:
        grid = ink_grid(image, 10, 10)
        covered = ink_coverage(image, 10, 10)
        assert grid.sum() == min(38, (covered > 0).sum())  # a narrow digit touches fewer
        # Independent check: no blank cell is covered more than a shaded one.
        assert covered[grid == 1].min() >= covered[grid == 0].max() - 1e-9
    line = np.eye(40)  # a hairline: it touches fewer than 38 cells, and shades only those
    assert ink_grid(line, 10, 10).sum() == (ink_coverage(line, 10, 10) > 0).sum() < 38


def test_bank_digit_resampling_is_the_reference_on_a_whole_factor():
    from generator.bank import load_bank

    image = load_bank().images[0].astype(float) / 255
    rows = np.flatnonzero((image >= 0.5).any(axis=1))
    cols = np.flatnonzero((image >= 0.5).any(axis=0))
    cropped = image[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    height, width = cropped.shape
    top, left, size = fit_box(height, width, 10, 10)
    want = block_mean_reference(cropped, 10, 10, top, left, size, factor=20)
    from generator.digits import ink_coverage

    np.testing.assert_allclose(ink_coverage(image, 10, 10), want, atol=1e-12)


def test_counts_are_inked_cells_per_emoji(activity):
    rng = np.random.default_rng(3)
    cells = np.array(activity.grid.cells)
    for _ in range(20):
        ink = (rng.random(cells.shape) < 0.4).astype(np.uint8)
        counts = count_emoji(ink, activity)
        for index in range(len(activity.emoji)):
            assert counts[index] == int(((cells == index) & (ink == 1)).sum())
        assert sum(counts) == int(((cells != NO_EMOJI) & (ink == 1)).sum())


def test_counts_skip_cells_without_emoji(activity):
    from dataclasses import replace

    from generator.activity import EmojiGrid

    cells = [list(row) for row in activity.grid.cells]
    cells[0][0] = NO_EMOJI
    grid = EmojiGrid(activity.grid.rows, activity.grid.cols, tuple(tuple(r) for r in cells))
    holed = replace(activity, grid=grid)
    ink = np.ones((grid.rows, grid.cols), dtype=np.uint8)
    assert sum(count_emoji(ink, holed)) == grid.rows * grid.cols - 1


def test_text_grid_round_trip(activity):
    rows, cols = activity.grid.rows, activity.grid.cols
    rng = np.random.default_rng(5)
    for _ in range(20):
        ink = (rng.random((rows, cols)) < 0.5).astype(np.uint8)
        ink[0, 0] = 1
        assert np.array_equal(parse_text_grid(grid_to_text(ink), rows, cols), ink)


def test_text_grid_accepts_spaces_comments_and_other_marks():
    text = "// a 3\n# . X\n\n. x 1\r\n* 0 -\n"
    np.testing.assert_array_equal(parse_text_grid(text, 3, 3), [[1, 0, 1], [0, 1, 1], [1, 0, 0]])


@pytest.mark.parametrize(
    "text, code",
    [
        ("##\n#?\n", "digit.text_bad_char"),
        ("###\n##\n", "digit.text_cols"),
        ("##\n", "digit.text_rows"),
        ("..\n..\n", "digit.text_blank"),
    ],
)
def test_text_grid_errors(text, code):
    with pytest.raises(UserError) as caught:
        parse_text_grid(text, 2, 2)
    assert caught.value.code == code


def test_bank_exercises_are_balanced_seeded_and_named(activity):
    first = bank_exercises(activity, number=8, digits=(0, 3, 6, 9), seed=11)
    again = bank_exercises(activity, number=8, digits=(0, 3, 6, 9), seed=11)
    other = bank_exercises(activity, number=8, digits=(0, 3, 6, 9), seed=12)
    assert first == again and first != other
    assert sorted(e.label for e in first) == [0, 0, 3, 3, 6, 6, 9, 9]
    assert len({e.id for e in first}) == 8 and all(e.id.startswith("mnist-train-") for e in first)
    for e in first:
        assert e.counts == count_emoji(np.array(e.ink), activity)
        assert len(e.ink) == activity.grid.rows and len(e.ink[0]) == activity.grid.cols


def test_bank_exercises_come_from_the_held_out_part(activity):
    from generator.bank import load_bank

    bank = load_bank()
    held = set(bank.source_ids[bank.held_out].tolist())
    assert all(e.id in held for e in bank_exercises(activity, number=20, digits=(3, 9), seed=1))


def nearest_centroid_reference(activity):
    """An independent reference classifier: each digit's mean grid picture over the bank's training
    part; a picture reads as the digit of the closest mean (squared distance)."""
    from generator.bank import load_bank
    from generator.digits.grid_ink import ink_grid as grid_of

    bank = load_bank()
    rows, cols = activity.grid.rows, activity.grid.cols
    pictures = {str(i): grid_of(im.astype(float) / 255, rows, cols).reshape(-1).astype(float)
                for i, im in zip(bank.source_ids, bank.images)}  # fmt: skip
    train_ids = bank.source_ids[~bank.held_out]
    means = {d: np.mean([pictures[str(i)] for i in train_ids[bank.labels[~bank.held_out] == d]], axis=0) for d in (0, 3, 6, 9)}

    def read(exercise):
        picture = np.array(exercise.ink, dtype=float).reshape(-1)
        distances = {d: ((picture - m) ** 2).sum() for d, m in means.items()}
        return sorted(distances, key=distances.get)

    return read


def test_default_exercises_are_countable_and_legible(activity):
    """Issue 12: every default kit's exercises within the counting limits, and read right on the grid."""
    read = nearest_centroid_reference(activity)
    for seed in (2026, 0, 1, 2, 3):
        for exercise in bank_exercises(activity, number=8, digits=(0, 3, 6, 9), seed=seed):
            assert max(exercise.counts) <= 10 and sum(exercise.counts) <= 40, exercise
            assert read(exercise)[0] == exercise.label, exercise
    # The first exercise of the default kit (the first slide's digit) reads as its own digit.
    first = choose_exercises(activity)[0]
    assert read(first)[0] == first.label


def test_a_large_draw_of_one_digit_falls_back_on_the_whole_held_out_part(activity):
    exercises = bank_exercises(activity, number=200, digits=(3,), seed=5)
    assert len({e.id for e in exercises}) == 200 and {e.label for e in exercises} == {3}


def test_default_selection_draws_from_the_bank(activity):
    exercises = choose_exercises(activity, number=6, digits="0,6", seed=4)
    assert sorted(e.label for e in exercises) == [0, 0, 0, 6, 6, 6]
    from generator.lesson_time import plan_lesson

    # The default set: what a group does in a 55-minute lesson, as the time model plans it.
    assert len(choose_exercises(activity)) == plan_lesson(55, activity=activity).exercises_per_group
    with pytest.raises(UserError) as caught:
        choose_exercises(activity, number=0)
    assert caught.value.code == "cli.exercises_range"


@pytest.mark.parametrize("text", ["0,5", "x", "", "3,,a"])
def test_bad_digits_are_user_errors(activity, text):
    with pytest.raises(UserError):
        parse_digits(text, activity)


def test_digits_keep_order_and_drop_repeats(activity):
    assert parse_digits("9, 3;3", activity) == (9, 3)


def test_exercises_file_round_trip(activity, tmp_path):
    exercises = bank_exercises(activity, number=5, digits=(0, 3, 6, 9), seed=3)
    path = tmp_path / "ex.json"
    path.write_text(json.dumps(exercises_document(exercises, activity), ensure_ascii=False), encoding="utf-8")
    assert read_exercises_file(path, activity) == exercises
    assert choose_exercises(activity, exercises_from=path) == exercises


def test_exercises_file_recounts_from_the_ink(activity, tmp_path):
    exercise = bank_exercises(activity, number=1, digits=(0,), seed=3)[0]
    document = exercises_document([exercise], activity)
    document["exercises"][0]["counts"] = {c: 0 for c in activity.emoji_chars}  # stale counts
    path = tmp_path / "ex.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert read_exercises_file(path, activity)[0].counts == exercise.counts


def test_exercises_file_accepts_one_digit_json_object(activity, tmp_path):
    ink = [[1] * activity.grid.cols for _ in range(activity.grid.rows)]
    path = tmp_path / "photo.json"
    path.write_text(json.dumps({"ink": ink, "counts": {}}), encoding="utf-8")
    (exercise,) = read_exercises_file(path, activity)
    assert exercise.id == "photo" and exercise.counts == activity.max_counts


@pytest.mark.parametrize(
    "content, code",
    [
        (b"not json", "exercises.not_json"),
        (b"[1, 2]", "exercises.bad_format"),
        (b'{"exercises": []}', "exercises.empty"),
        (b'{"exercises": [{"id": "a", "ink": [[1]]}]}', "exercises.grid_mismatch"),
        (b'{"exercises": [{"id": "a", "ink": "###"}]}', "exercises.bad_format"),
        (b'{"exercises": [{"id": "a", "counts": {"x": 1}}]}', "exercises.bad_format"),
        (b'{"exercises": [{"id": "a"}]}', "exercises.bad_format"),
        (b'{"exercises": [{"id": "a", "label": 5, "ink": []}]}', "counts.bad_label"),
        (b"\xff\xfe", "exercises.not_json"),
    ],
)
def test_bad_exercises_files(activity, tmp_path, content, code):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(UserError) as caught:
        read_exercises_file(path, activity)
    assert caught.value.code == code


def test_exercises_file_with_counts_only_is_checked(activity, tmp_path):
    counts = dict(zip(activity.emoji_chars, (6, 4, 9, 6, 6, 7)))
    path = tmp_path / "c.json"
    path.write_text(json.dumps({"exercises": [{"id": "w", "label": 0, "counts": counts}]}), encoding="utf-8")
    (exercise,) = read_exercises_file(path, activity)
    assert exercise.counts == (6, 4, 9, 6, 6, 7) and exercise.label == 0 and exercise.ink is None
    counts["😇"] = 99
    path.write_text(json.dumps({"exercises": [{"id": "w", "counts": counts}]}), encoding="utf-8")
    with pytest.raises(UserError) as caught:
        read_exercises_file(path, activity)
    assert caught.value.code == "counts.too_many"


def flood_fill_reference(mask):
    """Independent reference: breadth-first flood fill over 8-neighbours."""
    height, width = mask.shape
    labels = -np.ones((height, width), dtype=int)
    count = 0
    for y in range(height):
        for x in range(width):
            if mask[y, x] and labels[y, x] < 0:
                labels[y, x], stack = count, [(y, x)]
                while stack:
                    a, b = stack.pop()
                    for dy in (-1, 0, 1):
                        for dx in (-1, 0, 1):
                            c, d = a + dy, b + dx
                            if 0 <= c < height and 0 <= d < width and mask[c, d] and labels[c, d] < 0:
                                labels[c, d] = count
                                stack.append((c, d))
                count += 1
    return labels


def test_ink_blobs_match_a_flood_fill():
    from generator.digits import label_blobs

    rng = np.random.default_rng(0)
    for _ in range(150):
        mask = rng.random((rng.integers(1, 16), rng.integers(1, 16))) < rng.random()
        got, want = label_blobs(mask), flood_fill_reference(mask)
        assert np.array_equal(got < 0, want < 0)
        pairs = set(zip(got[mask].tolist(), want[mask].tolist()))
        assert len(pairs) == len({g for g, _ in pairs}) == len({w for _, w in pairs})  # same partition


def test_two_exercise_sources_are_refused(activity, tmp_path):
    with pytest.raises(UserError) as caught:
        choose_exercises(activity, counts="6,4,9,6,6,7", exercises_from=tmp_path / "e.json")
    assert caught.value.code == "cli.exercise_sources"
