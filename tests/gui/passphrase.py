"""Giving the returning officer's passphrase as the RO would: typed into the real dialog.

Like the question boxes (questions.py), the dialog runs its own event loop, so the typing is
sent from a timer started when it is shown."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication
from ro_key import PASSPHRASE

from countdesk.gui.roles import PassphraseDialog

TYPISTS: list[Typist] = []  # the innermost answers: a test's own, else the Esc of conftest


class Typist(QObject):
    """Types each passphrase given into each passphrase dialog shown, in turn (Esc once they
    run out: an RO who is not there), and keeps each dialog's title and each refusal."""

    def __init__(self, qtbot, passphrases: tuple[str, ...]) -> None:
        super().__init__()
        self.qtbot = qtbot
        self.passphrases = list(passphrases)
        self.asked: list[str] = []  # each dialog's title, once
        self.seen: set[int] = set()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.Show and isinstance(watched, PassphraseDialog)
                and TYPISTS and TYPISTS[-1] is self):
            QTimer.singleShot(0, lambda: self._type(watched))
        return False

    def _type(self, dialog: PassphraseDialog) -> None:
        if not dialog.isVisible():
            return
        if QApplication.activeWindow() is not dialog:
            QTimer.singleShot(10, lambda: self._type(dialog))
            return
        if id(dialog) not in self.seen:
            self.seen.add(id(dialog))
            self.asked.append(dialog.windowTitle())
        if not self.passphrases:
            self.qtbot.keyClick(dialog, Qt.Key.Key_Escape)
            return
        given = self.passphrases.pop(0)
        self.qtbot.keyClicks(dialog.passphrase, given)
        if dialog.new:
            self.qtbot.keyClicks(dialog.again, given)
        self.qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
        if dialog.isVisible():  # refused: the dialog stays, for another try (or Esc)
            self.asked.append(f"refused: {dialog.problem.text()}")
            QTimer.singleShot(0, lambda: self._type(dialog))


@contextmanager
def giving_passphrase(qtbot, *passphrases: str) -> Iterator[list[str]]:
    """While inside, each passphrase dialog is answered with the next of ``passphrases``
    (by default the RO's, once); yields what each dialog said."""
    with typing(qtbot, passphrases or (PASSPHRASE,)) as asked:
        yield asked


@contextmanager
def typing(qtbot, passphrases: tuple[str, ...]) -> Iterator[list[str]]:
    typist = Typist(qtbot, passphrases)
    app = QApplication.instance()
    app.installEventFilter(typist)
    TYPISTS.append(typist)
    try:
        yield typist.asked
    finally:
        TYPISTS.remove(typist)
        app.removeEventFilter(typist)
    app.processEvents()
