"""Answering CountDesk's question boxes as the RO or teller would: a key pressed in the real box
(a save or open dialog too: Enter takes the folder and name it suggests).

A question box runs its own event loop until it is answered, so the answer is sent from a
timer started when the box is shown, which fires inside that loop once the box is the active
window (so that its buttons' letters work, as for a person looking at it).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

NO_MODIFIER = Qt.KeyboardModifier.NoModifier
ALT = Qt.KeyboardModifier.AltModifier

Answer = tuple[Qt.Key, Qt.KeyboardModifier]
ENTER: Answer = (Qt.Key.Key_Return, NO_MODIFIER)
ESCAPE: Answer = (Qt.Key.Key_Escape, NO_MODIFIER)


def letter(key: Qt.Key) -> Answer:
    """A button's mnemonic: Alt and its underlined letter."""
    return (key, ALT)


class Questions(QObject):
    """Answers each question box as it is shown with the next of the answers given (Esc once
    they run out, so that a question nobody expected cancels rather than hangs the test), and
    keeps the text of every question asked."""

    def __init__(self, qtbot, answers: tuple[Answer, ...], otherwise: Answer) -> None:
        super().__init__()
        self.qtbot = qtbot
        self.answers = list(answers)
        self.otherwise = otherwise
        self.asked: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QMessageBox | QFileDialog):
            QTimer.singleShot(0, self._answer)
        return False

    def _answer(self) -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox | QFileDialog):
            return
        if QApplication.activeWindow() is not box:  # the window system has yet to activate it
            QTimer.singleShot(10, self._answer)
            return
        if isinstance(box, QFileDialog):  # what it offers: the folder, then the file's name
            self.asked.append(f"{box.windowTitle()}\n{box.directory().absolutePath()}\n"
                              + "\n".join(box.selectedFiles()))
        else:
            self.asked.append(f"{box.text()}\n{box.informativeText()}".strip())
        key, modifier = self.answers.pop(0) if self.answers else self.otherwise
        focused = QApplication.focusWidget()
        target = focused if focused is not None and box.isAncestorOf(focused) else box
        self.qtbot.keyClick(target, key, modifier)


@contextmanager
def answering(qtbot, *answers: Answer, otherwise: Answer = ESCAPE) -> Iterator[list[str]]:
    """While inside, the questions asked are answered with these keys; yields their texts."""
    questions = Questions(qtbot, answers, otherwise)
    app = QApplication.instance()
    app.installEventFilter(questions)
    try:
        yield questions.asked
    finally:
        app.removeEventFilter(questions)
    # What the event loop does before the next key: the window is active again, its focus back.
    app.processEvents()
