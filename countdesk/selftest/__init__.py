"""`countdesk --self-test`: prove that this install works on this laptop, offline.

It runs offscreen and checks, one printed line each ("ok   …" or "FAIL …"): Qt starts, the
bundled fonts load in Qt and reportlab, every bundled sample election counts to its recorded
winners under every rule set, a result sheet (PDF) and a workbook are written and read back,
the main window opens, and which printers Qt sees. The exit status is 0 only if all passed.

The checks take their inputs (`SelfTestInputs`), so a test can hand them a wrong expected
winner or a missing font and see the self-test fail.
"""

from __future__ import annotations

import os
import sys
from typing import TextIO

from countdesk.selftest.checks import CHECKS, Line, SelfTestInputs, default_inputs, describe

__all__ = ["Line", "SelfTestInputs", "default_inputs", "run_self_test"]


def run_self_test(inputs: SelfTestInputs | None = None, out: TextIO | None = None) -> int:
    """Run every check, print one line per result, and return 0 only if all passed."""
    out = out or sys.stdout
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # no window flashes up, display or not
    inputs = inputs or default_inputs()
    failed = 0

    def say(line: Line) -> None:
        nonlocal failed
        failed += not line.passed
        print(line.text(), file=out, flush=True)

    for check in CHECKS:
        try:
            for line in check(inputs):
                say(line)
        except Exception as error:  # the self-test reports any fault as a FAIL line
            say(Line(False, f"{check.__doc__}: {describe(error)}"))
    if failed:
        say(Line(False, f"self-test: {failed} check(s) failed"))
        return 1
    say(Line(True, "self-test: all checks passed"))
    return 0
