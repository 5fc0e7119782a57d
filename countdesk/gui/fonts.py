"""Register the bundled font with Qt, so every name renders the same on every laptop."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase

from countdesk.errors import CountDeskError
from countdesk.resources import FONT_BOLD, FONT_REGULAR, resource_path


def register_bundled_font() -> QFont:
    """Add the bundled regular and bold faces to Qt and return the font to use everywhere."""
    families: list[str] = []
    for relative in (FONT_REGULAR, FONT_BOLD):
        font_id = QFontDatabase.addApplicationFont(str(resource_path(relative)))
        if font_id < 0:
            raise CountDeskError(f"Qt could not load the bundled font {relative}")
        families += QFontDatabase.applicationFontFamilies(font_id)
    font = QFont(families[0])
    font.setPointSize(11)
    return font
