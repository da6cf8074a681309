"""The wheel must carry every subpackage and the bundled layouts and fonts."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_python_folder_is_listed_as_a_package():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    on_disk = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "generator").rglob("__init__.py")
    }
    assert on_disk <= listed, f"add {sorted(on_disk - listed)} to [tool.setuptools] packages"
    mapped = config["tool"]["setuptools"]["package-dir"]
    assert mapped["generator.layouts"] == "layouts" and mapped["generator.fonts"] == "fonts"
