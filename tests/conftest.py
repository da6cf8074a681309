import shutil
from pathlib import Path

import pytest

from generator.activity import load_activity


@pytest.fixture(scope="session")
def activity():
    return load_activity()


@pytest.fixture
def activity_file(tmp_path):
    """A writable copy of the bundled activity file, to break in tests."""
    from generator.resources import default_activity_path

    target = tmp_path / "activity.toml"
    shutil.copy(default_activity_path(), target)
    return target


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder with its bytes, to assert nothing changed."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
