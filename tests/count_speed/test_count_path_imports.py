"""`countdesk count FILE.blt` must start fast: it never loads Qt, SQLite, reportlab or
openpyxl, whichever rule set counts, nor the quota rules' code when there are none."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"
SAMPLE = SAMPLES / "eilean_siar_2017_ward1.blt"
HEAVY = ("PySide6", "sqlite3", "_sqlite3", "reportlab", "openpyxl")
PROBE = """
import contextlib, io, sys
from countdesk.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main(["count", sys.argv[1], "--rules", sys.argv[2], "--format", "json"])
heavy = [m for m in sys.modules if m.split(".")[0] in sys.argv[3:]
         or m in ("countdesk.count.guard", "countdesk.formats.constraints")]
print(code, heavy)
"""


@pytest.mark.parametrize("rules", ["scottish", "ers97", "wigm", "meek", "meek-nz"])
def test_counting_a_ballot_file_loads_no_heavy_library(rules: str) -> None:
    done = subprocess.run([sys.executable, "-c", PROBE, str(SAMPLE), rules, *HEAVY],
                          capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "0 []", done.stderr
