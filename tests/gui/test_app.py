"""The main window opens with the bundled font, and File → Quit closes it."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase

from countdesk.gui.fonts import register_bundled_font
from countdesk.gui.main_window import MainWindow
from countdesk.resources import FONT_FAMILY


def test_the_bundled_font_is_registered_with_qt(qapp):
    font = register_bundled_font()
    assert font.family() == FONT_FAMILY
    assert FONT_FAMILY in QFontDatabase.families()


def test_file_quit_closes_the_window(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    file_menu = window.menuBar().actions()[0]
    assert file_menu.text() == "&File"
    assert window.quit_action in file_menu.menu().actions()
    window.quit_action.trigger()
    assert not window.isVisible()
