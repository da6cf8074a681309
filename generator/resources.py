"""Where the bundled layouts, fonts and data live, installed or in a checkout."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parent.parent


@cache
def _bundled(package: str, checkout_dir: str) -> Path:
    # Installed: layouts/ and fonts/ are data subpackages of `generator`.
    # Source checkout without install: they sit beside the package folder.
    try:
        path = Path(str(resources.files(package)))
        if path.is_dir():
            return path
    except ModuleNotFoundError:
        pass
    return _CHECKOUT / checkout_dir


def layouts_dir() -> Path:
    return _bundled("generator.layouts", "layouts")


def fonts_dir() -> Path:
    return _bundled("generator.fonts", "fonts")


def data_dir() -> Path:
    return Path(__file__).resolve().parent / "data"


def default_activity_path() -> Path:
    return layouts_dir() / "activity.toml"
