"""Start the application: the QApplication, the bundled font and the main window."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from countdesk.gui.fonts import register_bundled_font
from countdesk.gui.main_window import MainWindow


def run_app() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("CountDesk")
    app.setFont(register_bundled_font())
    window = MainWindow()
    window.show()
    return app.exec()
