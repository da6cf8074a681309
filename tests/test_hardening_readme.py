"""A README that works on today's systems, and docs that refer to nothing outside the repository."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from generator.activity import load_activity
from generator.classes import activity_roles

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def code_blocks(text: str) -> list[list[str]]:
    return [block.strip().splitlines() for block in re.findall(r"^```[a-z]*\n(.*?)^```", text, re.S | re.M)]


def section(title: str) -> str:
    start = README.index(f"## {title}")
    end = README.find("\n## ", start + 1)
    return README[start : end if end > 0 else None]


def readme_set_up() -> list[str]:
    """The commands a user types: install and make a kit, then the tests."""
    install = next(b for b in code_blocks(section("Install and make a kit")) if "pip install ." in b)
    tests = next(b for b in code_blocks(section("Run the tests")) if any(line.startswith("pip") for line in b))
    return install + tests


def ci_commands() -> list[str]:
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    commands = []
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#") or line.startswith(("set ", "cd ", "venv=")):
            continue
        line = line.replace('"$venv/bin/activate"', ".venv/bin/activate").replace('"$venv"', ".venv")
        line = re.sub(r' --out "[^"]*"', "", line)  # CI writes its kit outside the clone
        commands.append(line)
    return commands


def test_set_up_makes_and_activates_a_virtual_environment_first():
    commands = readme_set_up()
    assert commands[:2] == ["python3 -m venv .venv", ". .venv/bin/activate"], commands
    assert commands.index("pip install .") > 1
    windows = section("Install and make a kit")
    assert "py -m venv .venv" in windows and ".venv\\Scripts\\activate" in windows


def test_ci_runs_exactly_the_readme_set_up():
    assert ci_commands() == readme_set_up()


def test_quotes_work_in_windows_cmd():
    """cmd.exe does not treat single quotes as quotes: pip would get the literal '.[test]'."""
    for text in (README, (ROOT / ".ci" / "run").read_text(encoding="utf-8")):
        for line in text.splitlines():
            if "pip install" in line:
                assert "'" not in line.split("pip install", 1)[1], line
    assert 'pip install ".[test]"' in README
    assert shlex.split('pip install ".[test]"')[-1] == ".[test]"


def test_introduction_describes_the_roles_the_kit_hands_out():
    intro = README[: README.index("## ")]
    activity = load_activity()
    roles = activity_roles(activity)
    hidden = [n.name for n in activity.hidden]
    assert f"{hidden[0]}–{hidden[-1]}" in intro
    for name in roles[len(hidden):]:
        assert name in intro, name
    assert "counter" in intro  # extra pupils of a big group (classes.py)
    assert "two neurons" in intro  # a small group's pupils play two roles
    assert '"input" pupils' not in intro and "input pupils" not in intro  # no such role is handed out


def test_docs_refer_to_nothing_outside_the_repository():
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]:
        text = path.read_text(encoding="utf-8")
        assert "../" not in text, (path, re.findall(r".{30}\.\./.{30}", text))
        assert "/work/" not in text and "steering" not in text, path
        for target in re.findall(r"\]\(([^)#]+)\)", text):  # markdown links to files
            if "://" in target:
                continue
            assert (path.parent / target).resolve().is_relative_to(ROOT), (path, target)
    assert "`docs/design.md`" in (ROOT / "docs" / "DEVELOPMENT.md").read_text(encoding="utf-8")
