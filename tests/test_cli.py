"""The command line: its version, and that counting never drags in Qt."""

from __future__ import annotations

import subprocess
import sys

from countdesk import __version__


def test_version_is_printed():
    shown = subprocess.run(
        [sys.executable, "-m", "countdesk", "--version"],
        capture_output=True, text=True, check=True,
    )
    assert shown.stdout.strip() == f"CountDesk {__version__}"


def test_the_command_line_does_not_import_qt_until_the_window_is_asked_for():
    probe = (
        "import sys; from countdesk.cli import build_parser; build_parser(); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'reportlab', 'openpyxl')))"
    )
    shown = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert shown.stdout.strip() == "[]"
