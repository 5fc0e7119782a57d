"""The README's two commands are the ones CI runs: a fresh clone must test itself."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.*?)\n```", text, flags=re.DOTALL)[:2]


def test_the_readme_starts_with_an_install_and_run_command_and_a_test_command():
    run, test = readme_commands()
    assert "pip install" in run and ".venv/bin/countdesk" in run
    assert "'.[test]'" in test and "pytest" in test


def test_ci_runs_the_readme_test_command_word_for_word():
    _, test = readme_commands()
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test in ci_lines
