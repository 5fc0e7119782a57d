"""The command line: its version, and that counting never drags in Qt."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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


def test_help_lists_every_command():
    shown = subprocess.run([sys.executable, "-m", "countdesk", "--help"],
                           capture_output=True, text=True, check=True)
    for name in ("count", "new", "import", "export", "copy", "check", "verify"):
        assert f"    {name} " in shown.stdout, name


def test_a_command_loads_no_other_command():
    """`countdesk count` starts fast: it does not load verify, import, export and the rest."""
    probe = (
        "import contextlib, io, sys; from countdesk.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    code = main(['count', sys.argv[1], '--rules', 'scottish', '--format', 'json'])\n"
        "from countdesk.cli import COMMANDS\n"
        "print(code, sorted(m for m in sys.modules if m in COMMANDS.values()))"
    )
    sample = Path(__file__).resolve().parents[1] / "resources" / "samples"
    shown = subprocess.run(
        [sys.executable, "-c", probe, str(sample / "eilean_siar_2017_ward1.blt")],
        capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == "0 ['countdesk.cli.count']"


def test_a_mistyped_command_is_refused_naming_the_commands():
    shown = subprocess.run([sys.executable, "-m", "countdesk", "cuont", "x.blt"],
                           capture_output=True, text=True)
    assert shown.returncode == 2
    assert "invalid choice: 'cuont'" in shown.stderr and "'count'" in shown.stderr
