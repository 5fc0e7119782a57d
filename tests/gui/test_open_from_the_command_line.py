"""`countdesk ELECTION.countdesk` opens that election in the window (as a file manager's "Open
with", through the desktop file's %f, does); a file that is not there is said in one line."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from countdesk.cli import main
from countdesk.election import Candidate, ElectionSetup
from countdesk.gui.main_window import MainWindow
from countdesk.store.election_file import ElectionFile


def test_countdesk_with_an_election_file_opens_it_in_the_window(
        qapp, tmp_path, monkeypatch):
    path = tmp_path / "treasurer.countdesk"
    ElectionFile.create(path, ElectionSetup("Treasurer", 1, (Candidate("Ann"),
                                                             Candidate("Bob"))), "RO").close()
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # the app sets its own
    font = QApplication.font()
    seen: list[object] = []

    def look_then_quit() -> None:
        window = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, MainWindow) and w.isVisible())
        seen.append(window.election.path if window.election is not None else None)
        seen.append(window.heading.text())
        window.close()

    QTimer.singleShot(0, look_then_quit)
    try:
        assert main([str(path)]) == 0
    finally:
        QApplication.setFont(font)
    assert seen == [path, "Treasurer (1 seat)"]


def test_an_election_file_that_is_not_there_is_said_in_one_line(tmp_path, capsys):
    missing = tmp_path / "nowhere.countdesk"
    assert main([str(missing)]) == 1
    assert capsys.readouterr().err == (f"countdesk: {missing}: there is no such election "
                                       "file\n")
    assert main(["--sample", str(Path(__file__))]) == 1
    assert "not both" in capsys.readouterr().err


def test_the_desktop_file_hands_the_file_it_is_opened_with_to_countdesk():
    desktop = Path(__file__).parents[2] / "packaging" / "countdesk.desktop"
    exec_line = next(line for line in desktop.read_text(encoding="utf-8").splitlines()
                     if line.startswith("Exec="))
    assert exec_line.split()[1:] == ["%f"]
