"""`neurones check`: validate an activity file and summarise its network."""

from __future__ import annotations

from pathlib import Path

from ..activity import load_activity
from ..errors import UserErrors
from ..network import reachable_range
from ..resources import default_activity_path
from ..terms import neuron_formula
from ..text import render


def check_report(*, activity_path: Path | None, lang: str) -> tuple[bool, str]:
    """(valid, text): every problem of the file, or a readable summary of its network."""
    path = activity_path or default_activity_path()
    try:
        activity = load_activity(path)
    except UserErrors as errors:
        return False, render(lang, "check_problems.txt.j2", file=path, problems=errors.render_all(lang))
    neurons = []
    for neuron in (*activity.hidden, *activity.outputs):
        low, high = reachable_range(activity, neuron)
        # Written as the role cards write it (one rule: generator.terms).
        neurons.append({"neuron": neuron, "formula": neuron_formula(activity, neuron, lang), "low": low, "high": high})
    text = render(
        lang,
        "check_summary.txt.j2",
        file=path,
        activity=activity,
        neurons=neurons,
        max_counts=list(zip(activity.emoji, activity.max_counts)),
    )
    return True, text
