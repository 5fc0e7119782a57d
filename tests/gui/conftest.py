"""GUI tests: a fresh main window per test, and settings kept out of the user's own."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from countdesk.gui.main_window import MainWindow


@pytest.fixture(autouse=True)
def private_settings(tmp_path):
    """Recent files go to a settings file of the test's own, not the user's."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    yield


@pytest.fixture
def window(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close_election()
