"""GUI tests: a fresh main window per test, and settings kept out of the user's own."""

from __future__ import annotations

import pytest
from passphrase import giving_passphrase, typing
from PySide6.QtCore import QSettings, Qt
from questions import answering, letter

from countdesk.gui.main_window import MainWindow


@pytest.fixture(autouse=True)
def private_settings(tmp_path):
    """Recent files go to a settings file of the test's own, not the user's."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    yield


@pytest.fixture(autouse=True)
def no_returning_officer(qtbot):
    """A passphrase dialog that a test did not expect is cancelled (Esc), as an RO who is
    not at the desk would leave it, rather than left open for ever."""
    with typing(qtbot, ()):
        yield


@pytest.fixture
def ro_present(qtbot):
    """The returning officer is at the desk: the first passphrase dialog is answered with
    the RO's passphrase (the sitting then keeps the key unlocked)."""
    with giving_passphrase(qtbot):
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
