"""Start the application: the QApplication, the bundled font and the main window.

Stopped by the system (SIGTERM when the laptop shuts down, SIGHUP when its terminal closes),
the window closes the election as Quit does, without asking. Python runs a signal handler
only when the interpreter next gets control, which Qt's event loop does not give it while it
waits; so the C-level handler's wake-up byte (`signal.set_wakeup_fd`) is watched by a
QSocketNotifier, whose slot hands control back to Python.
"""

from __future__ import annotations

import os
import signal
import socket
import sys
import traceback
from pathlib import Path
from types import FrameType, TracebackType

from PySide6.QtCore import QObject, QSocketNotifier, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from countdesk.gui.fonts import register_bundled_font
from countdesk.gui.main_window import MainWindow

STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP")
                     if hasattr(signal, name))
NO_SCREEN = ("countdesk: there is no screen to open the window on (neither DISPLAY nor "
             "WAYLAND_DISPLAY is set); the command-line commands work without one: "
             "countdesk --help")


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


def no_screen() -> bool:
    """On Linux with neither X nor Wayland, and no Qt platform chosen, Qt would abort."""
    return sys.platform.startswith("linux") and not any(
        os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


class StopSignals(QObject):
    """SIGTERM and SIGHUP shut the window down (`MainWindow.shut_down`) from Qt's event
    loop, as soon as they arrive."""

    def __init__(self, app: QApplication, window: MainWindow) -> None:
        super().__init__(app)
        self.window = window
        self._wakeup, self._signalled = socket.socketpair()
        for end in (self._wakeup, self._signalled):
            end.setblocking(False)
        self._previous_wakeup = signal.set_wakeup_fd(self._signalled.fileno())
        self._notifier = QSocketNotifier(self._wakeup.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)
        for number in STOP_SIGNALS:
            signal.signal(number, self._stop)

    def _drain(self) -> None:
        # Reaching Python here is what runs the handler; the bytes themselves are not needed.
        while True:
            try:
                if not self._wakeup.recv(64):
                    return
            except BlockingIOError:
                return

    def _stop(self, number: int, frame: FrameType | None) -> None:
        # The handler may interrupt any Python code: the window shuts down from the loop.
        QTimer.singleShot(0, self.window.shut_down)

    def uninstall(self) -> None:
        for number in STOP_SIGNALS:
            signal.signal(number, signal.SIG_DFL)
        signal.set_wakeup_fd(self._previous_wakeup)
        self._notifier.setEnabled(False)
        self._wakeup.close()
        self._signalled.close()


def run_app(sample: bool = False, election: Path | None = None) -> int:
    """The window, with the sample election or ``election`` open (or neither)."""
    if QApplication.instance() is None and no_screen():
        print(NO_SCREEN, file=sys.stderr)
        return 1
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("CountDesk")
    app.setOrganizationName("CountDesk")
    app.setFont(register_bundled_font())
    sys.excepthook = show_unexpected
    window = MainWindow()
    stop_signals = StopSignals(app, window)
    window.show()
    if sample:
        window.open_sample()
    elif election is not None:
        window.open_election(election)
    try:
        status = app.exec()
    finally:
        stop_signals.uninstall()
    return status or window.exit_status
