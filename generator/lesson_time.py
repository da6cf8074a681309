"""How long the lesson's steps take: seconds per exercise, and a timed plan.

The model follows one exercise through a group (one pupil per neuron):

1. counting: the group goes over the shaded cells of the emoji sheet one by
   one, says each cell's emoji, and the pupils tick their counts;
   SECONDS_PER_CELL for each emoji cell under the ink (cells without emoji are
   skipped at a glance). One sheet per group, so cells are counted one after
   the other, not in parallel.
2. hidden layer: every hidden neuron at once adds its terms (SECONDS_PER_TERM
   each, a term per connection, zeros included) and looks its result up in
   its table (SECONDS_PER_LOOKUP); the layer takes as long as its slowest
   neuron.
3. hand-over: the hidden neurons announce their answers one after the other
   and the output neurons write them down (SECONDS_PER_HANDOVER each).
4. output layer: every output neuron at once adds and looks up, as in 2.
5. verdict: the output neurons announce their answers one after the other
   (SECONDS_PER_HANDOVER each) and the group decides: the largest answer wins.
6. SECONDS_PER_SHEET: the next sheet is handed out and the recording sheet
   turned to a fresh line.

The constants are estimates for 9-year-olds, to be checked in a class:
about 2 s to find a shaded cell, read its emoji and tick it (the issue's own
estimate); 4 s to add or subtract one number from a running total in one's
head, signs included; 8 s to find a result on a printed table and read the
answer under it; 5 s to say a number aloud and have it written down.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .activity import Activity

if TYPE_CHECKING:
    import numpy as np

# What a 9-year-old counts in about a minute, as in the seed's 16 examples
# (counts 1..10, 28–42 cells): every emoji count at most COUNT_LIMIT and at
# most CELL_LIMIT emoji cells under the ink (issue 12).
COUNT_LIMIT = 10
CELL_LIMIT = 40

SECONDS_PER_CELL = 2.0
SECONDS_PER_TERM = 4.0
SECONDS_PER_LOOKUP = 8.0
SECONDS_PER_HANDOVER = 5.0
SECONDS_PER_SHEET = 20.0

# The parts of the lesson around the exercises, in minutes.
OPENING_MINUTES = 5  # why machines read handwritten digits (postal codes), the roles
WORKED_EXAMPLE_MINUTES = 10  # the seed's example, step by step, on the board
LEARNING_MINUTES = 15  # the learning round (issue 13)
CLOSING_MINUTES = 5  # what the network learned, a digit it does not know
MIN_EXERCISES = 4  # fewer and a group has no mistakes to learn from


def countable(counts) -> "np.ndarray":
    """Per row of emoji counts (n, emoji): within the counting limits."""
    import numpy as np

    counts = np.asarray(counts)
    return (counts.max(axis=1) <= COUNT_LIMIT) & (counts.sum(axis=1) <= CELL_LIMIT)


@dataclass(frozen=True)
class ExerciseTime:
    """Seconds one group spends on one exercise, step by step."""

    counting: float
    hidden: float
    handover: float
    outputs: float
    verdict: float
    sheet: float

    @property
    def seconds(self) -> float:
        return self.counting + self.hidden + self.handover + self.outputs + self.verdict + self.sheet

    @property
    def minutes(self) -> float:
        return self.seconds / 60

    def __repr__(self) -> str:
        return (
            f"ExerciseTime({self.minutes:.1f} min: counting {self.counting:.0f} s, hidden {self.hidden:.0f} s, "
            f"hand-over {self.handover:.0f} s, outputs {self.outputs:.0f} s, verdict {self.verdict:.0f} s)"
        )


def _layer_seconds(neurons) -> float:
    """Neurons of one layer work at once: the slowest one's terms and look-up."""
    return max(SECONDS_PER_TERM * sum(1 for w in n.weights if w) + SECONDS_PER_LOOKUP for n in neurons)


def exercise_time(activity: Activity, emoji_cells: int) -> ExerciseTime:
    """The time model for one exercise with `emoji_cells` emoji cells under the ink."""
    return ExerciseTime(
        counting=SECONDS_PER_CELL * emoji_cells,
        hidden=_layer_seconds(activity.hidden),
        handover=SECONDS_PER_HANDOVER * len(activity.hidden),
        outputs=_layer_seconds(activity.outputs),
        verdict=SECONDS_PER_HANDOVER * len(activity.outputs),
        sheet=SECONDS_PER_SHEET,
    )


def typical_emoji_cells(activity: Activity) -> int:
    """Emoji cells under the ink of a typical digit: every digit shades the same number of cells
    (digits.inked_cells); the grid's empty cells take their share."""
    from .digits import inked_cells

    rows, cols = activity.grid.rows, activity.grid.cols
    carried = sum(1 for row in activity.grid.cells for c in row if c >= 0)
    return round(inked_cells(rows, cols) * carried / (rows * cols))


@dataclass(frozen=True)
class LessonStep:
    name: str  # opening, worked_example, exercises, learning, closing (keys for the words in layouts/)
    minutes: int

    def __repr__(self) -> str:
        return f"{self.name} {self.minutes} min"


@dataclass(frozen=True)
class LessonPlan:
    """The timed plan of a lesson: its steps in order and the exercises each group does."""

    minutes: int
    steps: tuple[LessonStep, ...]
    exercises_per_group: int
    exercise: ExerciseTime

    def step(self, name: str) -> LessonStep:
        return next(s for s in self.steps if s.name == name)

    def __repr__(self) -> str:
        return (
            f"LessonPlan({self.minutes} min: {', '.join(map(repr, self.steps))}; "
            f"{self.exercises_per_group} exercises per group at {self.exercise.minutes:.1f} min)"
        )


def shortest_lesson(activity: Activity) -> int:
    """The fewest minutes that still hold MIN_EXERCISES exercises per group."""
    around = OPENING_MINUTES + WORKED_EXAMPLE_MINUTES + LEARNING_MINUTES + CLOSING_MINUTES
    per_exercise = exercise_time(activity, typical_emoji_cells(activity)).minutes
    return around + int(-(-MIN_EXERCISES * per_exercise // 1))


def plan_lesson(minutes: int = 55, *, activity: Activity | None = None) -> LessonPlan:
    """The plan of a `minutes`-long lesson: opening, worked example, as many exercises as fit, learning round, closing.

    Raises ValueError when fewer than MIN_EXERCISES exercises fit (see shortest_lesson).
    """
    if activity is None:
        from .activity import load_activity

        activity = load_activity()
    exercise = exercise_time(activity, typical_emoji_cells(activity))
    around = OPENING_MINUTES + WORKED_EXAMPLE_MINUTES + LEARNING_MINUTES + CLOSING_MINUTES
    number = int((minutes - around) // exercise.minutes) if minutes > around else 0
    if number < MIN_EXERCISES:
        raise ValueError(f"{minutes} minutes hold {number} exercises per group; at least {shortest_lesson(activity)} minutes are needed")
    steps = (
        LessonStep("opening", OPENING_MINUTES),
        LessonStep("worked_example", WORKED_EXAMPLE_MINUTES),
        LessonStep("exercises", minutes - around),
        LessonStep("learning", LEARNING_MINUTES),
        LessonStep("closing", CLOSING_MINUTES),
    )
    return LessonPlan(minutes, steps, number, exercise)


# The seed's worked example (DESIGN.md, "the fidelity oracle"): the counts the
# teacher's guide and the slides walk through on the board; every number
# shown with them comes from the engine's forward pass.
WORKED_EXAMPLE_COUNTS = (6, 4, 9, 6, 6, 7)
