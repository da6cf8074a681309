"""The lesson's time model and its 55-minute plan."""

import pytest

from generator import lesson_time as model
from generator.lesson_time import countable, exercise_time, plan_lesson


def test_exercise_time_follows_the_stated_model(activity):
    # The seed network: hidden neurons add 3 terms each; output neurons at most 6.
    t = exercise_time(activity, 38)
    assert t.counting == 38 * model.SECONDS_PER_CELL
    assert t.hidden == 3 * model.SECONDS_PER_TERM + model.SECONDS_PER_LOOKUP
    assert t.handover == 6 * model.SECONDS_PER_HANDOVER
    assert t.outputs == 6 * model.SECONDS_PER_TERM + model.SECONDS_PER_LOOKUP
    assert t.verdict == 4 * model.SECONDS_PER_HANDOVER
    assert t.seconds == pytest.approx(t.counting + t.hidden + t.handover + t.outputs + t.verdict + model.SECONDS_PER_SHEET)
    assert exercise_time(activity, 40).seconds - t.seconds == 2 * model.SECONDS_PER_CELL


def test_the_55_minute_plan(activity):
    plan = plan_lesson(55, activity=activity)
    names = [s.name for s in plan.steps]
    assert names == ["opening", "worked_example", "exercises", "learning", "closing"]
    assert sum(s.minutes for s in plan.steps) == 55
    assert plan.step("learning").minutes == 15
    assert plan.exercises_per_group >= model.MIN_EXERCISES
    per_exercise = plan.exercise.seconds / 60
    assert plan.exercises_per_group * per_exercise <= plan.step("exercises").minutes < (plan.exercises_per_group + 1) * per_exercise


def test_longer_lessons_hold_more_exercises_and_too_short_ones_are_refused(activity):
    assert plan_lesson(70, activity=activity).exercises_per_group > plan_lesson(55, activity=activity).exercises_per_group
    shortest = model.shortest_lesson(activity)
    assert plan_lesson(shortest, activity=activity).exercises_per_group == model.MIN_EXERCISES
    with pytest.raises(ValueError, match=str(shortest)):
        plan_lesson(shortest - 1, activity=activity)


def test_countable():
    assert countable([[10, 6, 6, 6, 6, 6], [11, 5, 5, 5, 5, 5], [7, 7, 7, 7, 7, 6]]).tolist() == [True, False, False]
