"""The main window. The Setup, Batches, Keying... pages arrive with their own issues."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow

from countdesk import __version__


class MainWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("CountDesk")
        self.resize(1280, 720)
        file_menu = self.menuBar().addMenu("&File")
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        self.quit_action = quit_action
        self.statusBar().showMessage(f"CountDesk {__version__}")
        welcome = QLabel("CountDesk — no election open.")
        welcome.setMargin(24)
        self.setCentralWidget(welcome)
