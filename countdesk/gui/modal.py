"""A question or dialog over the window, after which the keys go back where they were."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget


def run_modal(dialog: QDialog) -> int:
    """Show ``dialog`` until it is answered; then the window is active again and the
    keyboard focus back on the field it was in, as a teller or RO would expect."""
    typing_in = QApplication.focusWidget()
    answer = dialog.exec()
    window = dialog.parentWidget().window() if dialog.parentWidget() else None
    if window is not None:
        window.activateWindow()
        QApplication.processEvents()  # the window system makes it active again
    if typing_in is not None:
        typing_in.setFocus()
    return answer


def confirmed(parent: QWidget, title: str, question: str, consequence: str, act: str) -> bool:
    """Whether the RO or teller, asked ``question`` with what it cannot undo said in words,
    chose the button ``act`` (Cancel is the default, so Enter does nothing irreversible)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, question, parent=parent)
    box.setInformativeText(consequence)
    doing = box.addButton(act, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    run_modal(box)
    return box.clickedButton() is doing
