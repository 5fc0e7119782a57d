"""Start the application: the QApplication, the bundled font and the main window."""

from __future__ import annotations

import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

from countdesk.gui.fonts import register_bundled_font
from countdesk.gui.main_window import MainWindow


def show_unexpected(kind: type[BaseException], error: BaseException,
                    trace: TracebackType | None) -> None:
    """A fault CountDesk did not foresee: said in words; the details go to the log only."""
    traceback.print_exception(kind, error, trace, file=sys.stderr)
    QMessageBox.critical(
        None, "CountDesk",
        f"Something went wrong that CountDesk did not expect ({kind.__name__}: {error}).\n\n"
        "Every paper already saved is safe in the election file. Tell the returning "
        "officer; the details are in the log.",
    )


def run_app(sample: bool = False) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("CountDesk")
    app.setOrganizationName("CountDesk")
    app.setFont(register_bundled_font())
    sys.excepthook = show_unexpected
    window = MainWindow()
    window.show()
    if sample:
        window.open_sample()
    return app.exec()
