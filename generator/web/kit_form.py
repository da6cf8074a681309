"""The kit form's fields → the keyword options of `neurones kit` (checked like the command line checks them)."""

from __future__ import annotations

from .problems import WebError
from .uploads import Upload

KIT_UPLOADS = ("roster", "activity", "exercises_from", "counts_file")
MAX_SEED = 2**63 - 1


def whole(fields: dict[str, str], name: str, *, least: int | None, default: int | None) -> int | None:
    text = fields.get(name, "").strip()
    if text == "":
        return default
    try:
        value = int(text)
    except ValueError:
        raise WebError(422, "web.not_whole", field=name, value=text[:20]) from None
    if least is not None and value < least:
        raise WebError(400, "web.too_small", field=name, value=value, least=least)
    return value


def choice(fields: dict[str, str], name: str, allowed: tuple[str, ...]) -> str:
    value = fields.get(name, "").strip() or allowed[0]
    if value not in allowed:
        raise WebError(422, "web.choice", field=name, value=value[:20], allowed=allowed)
    return value


def kit_options(fields: dict[str, str], uploads: dict[str, Upload]) -> tuple[dict, dict[str, Upload]]:
    """(fields of core.kit.KitOptions, the uploads it needs). Unknown file fields are ignored."""
    seed = whole(fields, "seed", least=0, default=2026)
    if seed > MAX_SEED:
        raise WebError(400, "web.too_big", field="seed", value=seed, most=MAX_SEED)
    options = {
        "lang": choice(fields, "lang", ("fr", "en")),
        "paper": choice(fields, "paper", ("a4", "letter")),
        "color": choice(fields, "color", ("color", "bw")) == "color",
        "seed": seed,
        "number": whole(fields, "exercises", least=1, default=None),
        "digits": fields.get("digits", "").strip() or None,
        "label": fields.get("group", "").strip()[:80],
        # Class sizes are checked by the class planner, with the command line's own messages.
        "students": whole(fields, "students", least=None, default=None),
        "groups": whole(fields, "groups", least=None, default=None),
    }
    return options, {kind: uploads[kind] for kind in KIT_UPLOADS if kind in uploads}
