"""key.json: the teacher key as data, in the schema of docs/design.md.

Made from the same Trace objects as the printed key, so the two agree.
"""

from __future__ import annotations

import json
from typing import Iterable

from .activity import Activity
from .network import Answer, NeuronStep, Trace
from .numbers import exact, to_json


def trace_to_json(activity: Activity, trace: Trace) -> dict:
    return {
        "id": trace.exercise_id,
        "label": trace.label,
        "counts": dict(zip(activity.emoji_chars, trace.counts, strict=True)),
        "hidden": [
            {"neuron": s.neuron, "result": to_json(s.result), "output": to_json(s.output)} for s in trace.hidden
        ],
        "outputs": [
            {"neuron": s.neuron, "digit": s.digit, "result": to_json(s.result), "output": to_json(s.output)}
            for s in trace.outputs
        ],
        "answer": {"kind": trace.answer.kind, "digits": list(trace.answer.digits)},
    }


def key_to_json(activity: Activity, traces: Iterable[Trace]) -> dict:
    return {"activity": activity.name, "exercises": [trace_to_json(activity, t) for t in traces]}


def trace_from_json(activity: Activity, data: dict) -> Trace:
    """The inverse of trace_to_json (exact for whole numbers and short decimals)."""

    def step(d: dict) -> NeuronStep:
        return NeuronStep(d["neuron"], exact(d["result"]), exact(d["output"]), d.get("digit"))

    return Trace(
        exercise_id=data["id"],
        counts=tuple(data["counts"][c] for c in activity.emoji_chars),
        label=data["label"],
        hidden=tuple(step(d) for d in data["hidden"]),
        outputs=tuple(step(d) for d in data["outputs"]),
        answer=Answer(data["answer"]["kind"], tuple(data["answer"]["digits"])),
    )


def key_json_bytes(document: dict) -> bytes:
    """key.json as written: UTF-8, emoji as themselves, indented, one final newline."""
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
