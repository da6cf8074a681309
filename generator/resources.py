"""Where the bundled layouts, fonts and data live, installed or in a checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent


@cache
def _bundled(folder: str) -> Path:
    # Installed from a wheel, layouts/ and fonts/ are copied inside the package
    # (pyproject maps them as data subpackages); in a source checkout or an
    # editable install they sit beside the package folder.
    installed = _PACKAGE / folder
    return installed if installed.is_dir() else _CHECKOUT / folder


def layouts_dir() -> Path:
    return _bundled("layouts")


def fonts_dir() -> Path:
    return _bundled("fonts")


def data_dir() -> Path:
    return Path(__file__).resolve().parent / "data"


def default_activity_path() -> Path:
    return layouts_dir() / "activity.toml"
