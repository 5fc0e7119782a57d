"""`countdesk --startup-probe`: start the app as usual, say when the main window is first
painted, and quit. The caller times the process from its start to that line, so start-up is
measured from outside, the way a user waits for it."""

from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

SHOWN = "countdesk: main window shown"


class _FirstPaint(QObject):
    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.app = app
        self.seen = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (not self.seen and event.type() == QEvent.Type.Paint
                and isinstance(watched, QMainWindow)):
            self.seen = True
            print(SHOWN, flush=True)
            QTimer.singleShot(0, self.app.quit)
        return False


def run_until_shown() -> int:
    """Run the app until its main window has been painted once; 0 if it was."""
    from countdesk.gui.app import run_app

    app = QApplication.instance() or QApplication(sys.argv[:1])
    probe = _FirstPaint(app)  # type: ignore[arg-type]
    app.installEventFilter(probe)
    run_app()
    return 0 if probe.seen else 1
