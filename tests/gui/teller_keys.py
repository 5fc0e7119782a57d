"""Typing as a teller or RO would: every key goes to whichever widget has the focus."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from countdesk.gui.checking_models import REASON_NUMBERS
from countdesk.keying import marks_from_boxes
from countdesk.papers import Marks, Rejection

NO_MODIFIER = Qt.KeyboardModifier.NoModifier
CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
KEYPAD = Qt.KeyboardModifier.KeypadModifier


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def type_text(qtbot, text: str) -> None:
    """Letters beyond ASCII arrive as a keyboard layout sends them (QTest knows only ASCII)."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(focused(), char)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(focused(), QKeyEvent(kind, 0, NO_MODIFIER, char))


def press(qtbot, key, modifier=NO_MODIFIER) -> None:
    qtbot.keyClick(focused(), key, modifier)


def tab(qtbot, times: int = 1) -> None:
    for _ in range(times):
        press(qtbot, Qt.Key.Key_Tab)


# The eight names on the paper that the keying and checking tests key.
NAMES = ("Adebayo", "Byrne", "Chowdhury", "Okafor", "Patel", "Quinn", "Shah", "Wójcik")


@dataclass(frozen=True)
class Keyed:
    """One paper: the boxes as the voter wrote them, and the teller's flags."""

    boxes: tuple[str, ...]
    rejected: Rejection | None = None
    doubtful: bool = False

    @property
    def marks(self) -> Marks:
        return marks_from_boxes(list(self.boxes) + [""] * (len(NAMES) - len(self.boxes)))


def key_as_written(qtbot, keyed: Keyed, plus_on_keypad: bool = False) -> None:
    """Box by box: the number (or x), then ↓ or the keypad's + to the next box; the flags
    (Ctrl+R and the reason's number, Ctrl+D); Enter saves, twice for a blank paper."""
    for position, text in enumerate(keyed.boxes):
        if text:
            type_text(qtbot, text)
        if position < len(keyed.boxes) - 1:
            press(qtbot, *((Qt.Key.Key_Plus, KEYPAD) if plus_on_keypad else (Qt.Key.Key_Down,)))
    key_flags(qtbot, keyed)
    enter = (Qt.Key.Key_Enter, KEYPAD) if plus_on_keypad else (Qt.Key.Key_Return,)
    press(qtbot, *enter)
    if not any(keyed.boxes) and keyed.rejected is None:
        press(qtbot, *enter)


def key_flags(qtbot, keyed: Keyed) -> None:
    if keyed.rejected is not None:
        press(qtbot, Qt.Key.Key_R, CTRL)
        type_text(qtbot, str(REASON_NUMBERS[keyed.rejected]))
    if keyed.doubtful:
        press(qtbot, Qt.Key.Key_D, CTRL)
