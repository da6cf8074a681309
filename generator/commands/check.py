"""`neurones check`: validate an activity file and summarise its network."""

from __future__ import annotations

from pathlib import Path

from ..activity import load_activity
from ..errors import UserError, UserErrors
from ..network import reachable_range
from ..resources import default_activity_path
from ..terms import neuron_formula
from ..words import words_for


def check_report(*, activity_path: Path | None, lang: str) -> tuple[bool, str]:
    """(valid, text): every problem of the file, or a readable summary of its network."""
    path = activity_path or default_activity_path()
    try:
        activity = load_activity(path)
    except UserErrors as errors:
        return False, words_for(lang).render("check_problems.txt.j2", file=path, problems=errors.render_all(lang))
    problem = _art_problem(activity)
    if problem is not None:  # what a kit would stop on is not valid either
        return False, words_for(lang).render("check_problems.txt.j2", file=path, problems=[problem.render(lang)])
    neurons = []
    for neuron in (*activity.hidden, *activity.outputs):
        low, high = reachable_range(activity, neuron)
        # Written as the role cards write it (one rule: generator.terms).
        neurons.append({"neuron": neuron, "formula": neuron_formula(activity, neuron, lang), "low": low, "high": high})
    text = words_for(lang).render(
        "check_summary.txt.j2",
        file=path,
        activity=activity,
        neurons=neurons,
        max_counts=list(zip(activity.emoji, activity.max_counts)),
    )
    return True, text


def _art_problem(activity) -> UserError | None:
    """The first emoji that could not be drawn, in colour or in black and white."""
    from ..core.kit import check_emoji_art

    for color in (True, False):
        try:
            check_emoji_art(activity, color=color)
        except UserError as error:
            return error
    return None
