"""A real keying session for the crash test: the app, offscreen, keyed as a teller would.

Run as ``python keying_session.py ELECTION BATCH``. It keys paper after paper into pass A and
prints each paper's number once the app says it is saved; the test kills it at random.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from countdesk.gui.main_window import MainWindow
from countdesk.store.election_file import EntryPass

CANDIDATES = 6


def boxes_for(number: int) -> list[str]:
    """What paper ``number`` has written on it (the test knows the same rule)."""
    boxes = [""] * CANDIDATES
    boxes[number % CANDIDATES] = "1"
    boxes[(number + 2) % CANDIDATES] = "2"
    return boxes


def main() -> None:
    election, batch = Path(sys.argv[1]), int(sys.argv[2])
    app = QApplication(sys.argv[:1])
    window = MainWindow()
    window.show()
    window.activateWindow()
    QTest.qWaitForWindowExposed(window)
    window.open_election(election)
    window.batches_page.teller.setCurrentText("Crash Test")
    window.start_keying(batch, EntryPass.A)
    keying = window.keying_page
    while True:
        number = keying.number
        for text in boxes_for(number):
            if text:
                QTest.keyClicks(QApplication.focusWidget(), text)
            QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        if keying.last_saved.text() == f"Saved paper {number}.":
            print(number, flush=True)
        app.processEvents()


if __name__ == "__main__":
    main()
