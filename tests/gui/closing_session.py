"""A real session for the stop-signal test: the app as `countdesk` starts it, offscreen.

Run as ``python closing_session.py ELECTION BATCH PAPERS REASON [quit]``. Once the window is
up it keys PAPERS papers into pass A of the batch, half keys one more, retypes the election's
title on the Setup page (with REASON as the reason for the change, or none when it is empty),
prints "ready" and waits for the test's signal; with ``quit``, it first presses Ctrl+Q and
prints "ready" once the question about the paper not saved is on screen.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from countdesk.gui.app import run_app
from countdesk.gui.main_window import MainWindow
from countdesk.store.election_file import EntryPass

NEW_TITLE = "Retitled before the shutdown"


def boxes_for(number: int, candidates: int) -> list[str]:
    """What paper ``number`` has written on it (the test knows the same rule)."""
    boxes = [""] * candidates
    boxes[number % candidates] = "1"
    return boxes


def key(text: str) -> None:
    QTest.keyClicks(QApplication.focusWidget(), text)


def press(key_code: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
          ) -> None:
    QTest.keyClick(QApplication.focusWidget(), key_code, modifier)


class SayWhenAsked(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QMessageBox):
            print("ready", flush=True)
        return False


def work(election: Path, batch: int, papers: int, reason: str, then_quit: bool) -> None:
    window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
    window.activateWindow()
    QTest.qWaitForWindowExposed(window)
    window.open_election(election)
    window.batches_page.teller.setCurrentText("Signal Test")
    window.start_keying(batch, EntryPass.A)
    keying = window.keying_page
    for number in range(1, papers + 1):
        for text in boxes_for(number, len(keying.boxes)):
            if text:
                key(text)
            press(Qt.Key.Key_Down)
        press(Qt.Key.Key_Return)
        assert keying.last_saved.text() == f"Saved paper {number}.", keying.last_saved.text()
    key("1")  # the next paper, half keyed
    window.pages.setCurrentWidget(window.setup_page)
    window.setup_page.title.setFocus()
    press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    key(NEW_TITLE)
    if reason:
        window.setup_page.reason.setFocus()
        key(reason)
    if then_quit:
        QApplication.instance().installEventFilter(SayWhenAsked(window))
        QTimer.singleShot(0, lambda: press(Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier))
    else:
        print("ready", flush=True)


def main() -> None:
    election, batch, papers, reason = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), \
        sys.argv[4]
    then_quit = sys.argv[5:] == ["quit"]
    QApplication(sys.argv[:1])
    QTimer.singleShot(0, lambda: work(election, batch, papers, reason, then_quit))
    sys.exit(run_app())


if __name__ == "__main__":
    main()
