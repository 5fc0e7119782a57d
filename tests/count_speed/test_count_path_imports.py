"""`countdesk count FILE.blt` must start fast: it never loads Qt, SQLite, reportlab or
openpyxl, whichever rule set counts, nor the quota rules' code when there are none, nor any
engine but its own; and reading the rule sets (`--help`) loads no engine at all."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from countdesk.count.rulesets import rule_sets

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"
SAMPLE = SAMPLES / "eilean_siar_2017_ward1.blt"
HEAVY = ("PySide6", "sqlite3", "_sqlite3", "reportlab", "openpyxl", "numpy")  # numpy: large counts
PROBE = """
import contextlib, io, sys
from countdesk.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main(["count", sys.argv[1], "--rules", sys.argv[2], "--format", "json"])
heavy = [m for m in sys.modules if m.split(".")[0] in sys.argv[3:]
         or m in ("countdesk.count.guard", "countdesk.formats.constraints")]
print(code, heavy, sorted(m for m in sys.modules if m in ENGINES))
"""
ENGINES = ("countdesk.count.gregory", "countdesk.count.ers97", "countdesk.count.meek")
OWN_ENGINE = {"ers97": ["countdesk.count.ers97"], "scottish": ["countdesk.count.gregory"],
              "wigm": ["countdesk.count.gregory"], "meek": ["countdesk.count.meek"],
              "meek-nz": ["countdesk.count.meek"]}
HELP_PROBE = """
import contextlib, io, sys
from countdesk.cli import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
    main(sys.argv[1:])
print(sorted(m for m in sys.modules if m.startswith("countdesk.count.")
             and m.split(".")[2] not in ("rulesets", "__init__")), "numpy" in sys.modules)
"""


@pytest.mark.parametrize("rules", [rules.key for rules in rule_sets()])
def test_counting_a_ballot_file_loads_no_heavy_library_and_only_its_engine(rules: str) -> None:
    probe = f"ENGINES = {ENGINES!r}\n{PROBE}"
    done = subprocess.run([sys.executable, "-c", probe, str(SAMPLE), rules, *HEAVY],
                          capture_output=True, text=True, check=True)
    assert done.stdout.strip() == f"0 [] {OWN_ENGINE[rules]}", done.stderr


@pytest.mark.parametrize("argv", [["--help"], ["count", "--help"], ["import", "--help"]])
def test_reading_the_rule_sets_loads_no_engine(argv: list[str]) -> None:
    done = subprocess.run([sys.executable, "-c", HELP_PROBE, *argv],
                          capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[] False", done.stderr
