"""GUI tests: a fresh main window per test, and settings kept out of the user's own."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from questions import answering, letter

from countdesk.gui.main_window import MainWindow


@pytest.fixture(autouse=True)
def private_settings(tmp_path):
    """Recent files go to a settings file of the test's own, not the user's."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    yield


@pytest.fixture
def window(qtbot):
    def close_discarding(window: MainWindow) -> None:
        """Whatever a test left typed and not saved is not wanted: the window's questions
        about it are answered Discard."""
        with answering(qtbot, otherwise=letter(Qt.Key.Key_D)):
            window.close_election()

    window = MainWindow()
    qtbot.addWidget(window, before_close_func=close_discarding)
    window.show()
    qtbot.waitExposed(window)
    yield window
