"""Save and open dialogs that start where the files belong, with a name already suggested.

A save dialog opens in the election's own folder (or the folder last used) with a name that
says what the file is, so that the RO only presses Enter, or picks the USB stick.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QWidget

LAST_FOLDER_KEY = "last_folder"


def last_folder() -> Path:
    """The folder an election was last opened or made in, else the user's documents."""
    remembered = QSettings().value(LAST_FOLDER_KEY, "")
    if isinstance(remembered, str) and remembered and Path(remembered).is_dir():
        return Path(remembered)
    documents = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


def remember_folder(path: Path) -> None:
    QSettings().setValue(LAST_FOLDER_KEY, str(path.resolve().parent))


def ask_save_path(parent: QWidget, title: str, suggested: Path, kinds: str) -> Path | None:
    """Where to save, starting at ``suggested`` (its folder, its name); None if cancelled."""
    dialog = QFileDialog(parent, title, str(suggested.parent), kinds)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setDefaultSuffix(suggested.suffix.lstrip("."))
    dialog.selectFile(suggested.name)
    return _chosen(dialog)


def ask_open_path(parent: QWidget, title: str, folder: Path, kinds: str) -> Path | None:
    dialog = QFileDialog(parent, title, str(folder), kinds)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    return _chosen(dialog)


def _chosen(dialog: QFileDialog) -> Path | None:
    """The file chosen; the keys then go back where they were going before the dialog."""
    typing_in = QApplication.focusWidget()
    accepted = dialog.exec() == QDialog.DialogCode.Accepted and bool(dialog.selectedFiles())
    window = dialog.parentWidget().window()
    window.activateWindow()
    if typing_in is not None and window.isAncestorOf(typing_in):
        typing_in.setFocus()
    return Path(dialog.selectedFiles()[0]) if accepted else None
