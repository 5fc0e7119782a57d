"""Keys that act on one widget, checked before the widget itself sees them.

Item views take keys such as Delete for themselves (a key with text starts editing), so
per-view actions are caught by an event filter rather than by QShortcut.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QWidget


class KeyActions(QObject):
    def __init__(self, widget: QWidget, actions: dict[str, Callable[[], None]]) -> None:
        super().__init__(widget)
        self._actions = {QKeySequence(keys)[0].toCombined(): action
                         for keys, action in actions.items()}
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            action = self._actions.get(event.keyCombination().toCombined())
            if action is not None:
                action()
                return True
        return False
