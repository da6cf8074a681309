"""The grid search: seeded, better than its start, and the shipped grid is its default run,
with the figures issues 12 and 13 ask for, recomputed here from exact traces."""

import json
from dataclasses import replace

import numpy as np
import pytest

from generator import cli
from generator.activity import NO_EMOJI, EmojiGrid, load_activity
from generator.commands.design_grid import replace_grid
from generator.digits import bank_ink, count_emoji
from generator.exercises import seed_exercises
from generator.grid_design import (
    MIN_CELLS_PER_EMOJI,
    SHIPPED_RUN,
    balanced_layout,
    design_grid,
    layout_accuracy,
    layout_figures,
)
from generator.network import Network
from generator.resources import default_activity_path


def exact_answers(activity, counts):
    network = Network(activity)
    answers = (network.forward(c).answer for c in counts)
    return np.array([a.digits[0] if a.kind == "digit" else -1 for a in answers])


def test_batch_forward_agrees_with_exact_traces(activity):
    rng = np.random.default_rng(0)
    counts = rng.integers(0, 17, size=(300, 6))
    network = Network(activity)
    hidden, outputs = network.batch_forward(counts)
    traces = [network.forward(c) for c in counts]
    np.testing.assert_array_equal(hidden, [[float(s.output) for s in t.hidden] for t in traces])
    np.testing.assert_array_equal(outputs, [[float(s.output) for s in t.outputs] for t in traces])
    np.testing.assert_array_equal(network.predict(counts), exact_answers(activity, counts))


def test_search_is_seeded_and_beats_its_start(activity):
    first = design_grid(activity, rows=10, cols=10, iterations=300, seed=3, empty=4)
    again = design_grid(activity, rows=10, cols=10, iterations=300, seed=3, empty=4)
    assert np.array_equal(first.cells, again.cells)
    per_emoji = np.bincount(first.cells[first.cells != NO_EMOJI], minlength=6)
    assert per_emoji.min() >= MIN_CELLS_PER_EMOJI and (first.cells == NO_EMOJI).sum() <= 4
    start = balanced_layout(10, 10, 6, np.random.default_rng(3)).reshape(10, 10)
    data = bank_ink(10, 10)
    assert first.train.after >= layout_figures(activity, start, data, "train").after
    assert first.train == layout_figures(activity, first.cells, data, "train")


@pytest.fixture(scope="module")
def shipped():
    return load_activity()


def test_the_shipped_grid_is_design_grid_s_run_with_the_shipped_settings(shipped):
    """`neurones design-grid` with the settings the activity file names gives the shipped grid."""
    text = default_activity_path().read_text(encoding="utf-8")
    command = "neurones design-grid --rows {rows} --cols {cols} --iterations {iterations} --seed {seed}"
    assert command.format(**SHIPPED_RUN) in " ".join(text.replace("#", " ").split())
    design = design_grid(shipped, **SHIPPED_RUN)
    assert np.array_equal(design.cells, np.array(shipped.grid.cells))


def held_out_exercises(activity):
    data = bank_ink(activity.grid.rows, activity.grid.cols)
    held = np.flatnonzero(data.held_out)
    counts = [count_emoji(data.ink[i].reshape(activity.grid.rows, activity.grid.cols), activity) for i in held]
    return counts, data.labels[held].astype(int)


def test_shipped_grid_leaves_room_to_learn_and_ends_good(shipped):
    """Issue 13: the seed's move (C 17 → 18, D 7 → 6) gains ≥ 5 points on held-out digits.

    The issue's 85 % after the move is not reached with the counting limits
    (82.6 %; bench/lesson.py prints it against its target): this pins what the
    shipped grid gives, so that a new grid cannot silently do worse.
    """
    counts, labels = held_out_exercises(shipped)
    names = [n.name for n in shipped.hidden]
    assert [shipped.hidden[names.index(n)].threshold for n in "CD"] == [17, 7]  # the seed's, untouched
    after = shipped.with_thresholds(
        [18 if n.name == "C" else 6 if n.name == "D" else n.threshold for n in shipped.hidden],
        [n.threshold for n in shipped.outputs],
    )
    before_right = (exact_answers(shipped, counts) == labels).mean()
    after_right = (exact_answers(after, counts) == labels).mean()
    assert after_right >= 0.82
    assert after_right - before_right >= 0.05


def test_shipped_grid_exercises_are_countable_in_about_a_minute(shipped):
    """Issue 12: ≥ 95 % of the bank's digits have every count ≤ 10 and ≤ 40 emoji cells under the ink."""
    data = bank_ink(shipped.grid.rows, shipped.grid.cols)
    cells = np.array(shipped.grid.cells)
    ok = []
    for ink in data.ink:
        ink = ink.reshape(cells.shape)
        per_emoji = [int(((cells == e) & (ink == 1)).sum()) for e in range(len(shipped.emoji))]
        ok.append(max(per_emoji) <= 10 and sum(per_emoji) <= 40)
    assert np.mean(ok) >= 0.95


def test_shipped_grid_keeps_the_seed_examples_and_worked_example(shipped):
    assert min(shipped.max_counts) >= 10
    assert len(seed_exercises(shipped)) == 16
    trace = Network(shipped).forward((6, 4, 9, 6, 6, 7))
    assert (trace.answer.kind, trace.answer.digits) == ("digit", (0,))


def test_shipped_grid_beats_random_layouts(shipped):
    cells = np.array(shipped.grid.cells)
    data = bank_ink(*cells.shape)
    held_out = layout_accuracy(shipped, cells, data, "held_out")
    rng = np.random.default_rng(1)
    random = np.mean([layout_accuracy(shipped, balanced_layout(*cells.shape, 6, rng), data) for _ in range(5)])
    assert random < 0.40 < held_out - random


def test_replace_grid_keeps_the_rest_of_the_file(activity):
    design = design_grid(activity, rows=9, cols=8, iterations=10, seed=1)
    text = default_activity_path().read_text(encoding="utf-8")
    new = replace_grid(text, design)
    assert new.split("[grid]")[0] == text.split("[grid]")[0]
    assert new.split("[[hidden]]", 1)[1] == text.split("[[hidden]]", 1)[1]


def test_cli_writes_an_activity_that_loads(capsysbinary, tmp_path):
    status = cli.main(["design-grid", "--rows", "8", "--cols", "9", "--iterations", "50", "--no-learn", "--out", str(tmp_path), "--lang", "en"])
    out = capsysbinary.readouterr().out.decode()
    assert status == 0
    assert "held-out bank" in out and "Written:" in out and "C +1, D −1" in out
    designed = load_activity(tmp_path / "activity.toml")
    assert (designed.grid.rows, designed.grid.cols) == (8, 9)
    assert designed.hidden == load_activity().hidden


def test_cli_json_figures(capsysbinary):
    status = cli.main(["design-grid", "--iterations", "20", "--no-learn", "--json", "-"])
    data = json.loads(capsysbinary.readouterr().out)
    assert status == 0
    assert 0 <= data["held_out_accuracy"] <= 1 and len(data["cells"]) == 10
    assert data["learned_held_out_accuracy"] is None
    assert data["seed_move"] == {"C": 1, "D": -1}
    assert 0 <= data["held_out_within_counting_limits"] <= 1


def test_figures_count_cells_without_emoji_as_nothing(activity):
    cells = [list(row) for row in activity.grid.cells]
    cells[4][4] = cells[5][5] = NO_EMOJI
    holed = replace(activity, grid=EmojiGrid(10, 10, tuple(map(tuple, cells))))
    data = bank_ink(10, 10)
    figures = layout_figures(holed, np.array(cells), data, "held_out")
    ink = data.ink[data.held_out].reshape(-1, 10, 10)
    want = np.mean([sum(count_emoji(i, holed)) for i in ink])
    assert figures.cells_mean == pytest.approx(want)


def test_threshold_learning_on_the_shipped_grid_keeps_training_accuracy(activity):
    pytest.importorskip("generator.learning")
    from generator.commands.design_grid import after_learning

    cells = np.array(activity.grid.cells)
    data = bank_ink(*cells.shape)
    before = layout_accuracy(activity, cells, data, "train")
    design = design_grid(activity, iterations=0)
    design = replace(design, cells=cells)
    train, held_out = after_learning(activity, design)
    assert train >= before and held_out >= 0.80


@pytest.mark.parametrize("size", [("3", "3"), ("41", "10"), ("0", "10")])
def test_impossible_sizes_exit_2(capsysbinary, size):
    status = cli.main(["design-grid", "--rows", size[0], "--cols", size[1], "--iterations", "1", "--json", "-"])
    err = capsysbinary.readouterr().err.decode()
    assert status == 2 and err.count("\n") == 1
