"""CI runs the README's test set-up word for word (the Chromium step included)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ci_runs_exactly_the_readme_test_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Run the tests", 1)[1]
    commands = re.search(r"```\n(.*?)```", section, re.S).group(1).strip().splitlines()
    assert any("apt-get install -y chromium" in c for c in commands)
    ci = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    start = ci.index(commands[0])
    assert ci[start : start + len(commands)] == commands  # the same lines, in the same order
    assert not any(ci[start + len(commands) :])  # and CI does nothing after them
