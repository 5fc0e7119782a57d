"""A table model of rows of one kind: one column per header, rows updated in place."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

Index = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")


class RowsModel(QAbstractTableModel, Generic[Row]):
    """Rows of one kind, one column per header; changed rows are updated in place."""

    HEADERS: tuple[str, ...] = ()
    TIPS: tuple[str, ...] = ()
    # Each kind of row says what its columns show, one text per header.
    cells: Callable[[Any], tuple[str, ...]]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Row] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole and section < len(self.TIPS):
            return self.TIPS[section] or None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cells(row)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.cells(row)[index.column()] or None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.numeric():
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and self.emphasised(row):
            font = QFont()
            font.setBold(True)
            return font
        return None

    def numeric(self) -> frozenset[int]:
        return frozenset()

    def emphasised(self, row: Row) -> bool:
        return False

    def refresh(self, rows: Sequence[Row]) -> None:
        """Show these rows: changed rows updated in place, new ones inserted at the end,
        missing ones removed from the end (never a reset, so the selection stays)."""
        rows = list(rows)
        common = min(len(rows), len(self.rows))
        for position in range(common):
            if self.rows[position] != rows[position]:
                self.rows[position] = rows[position]
                self.dataChanged.emit(self.index(position, 0),
                                      self.index(position, len(self.HEADERS) - 1))
        if len(rows) > common:
            self.beginInsertRows(QModelIndex(), common, len(rows) - 1)
            self.rows.extend(rows[common:])
            self.endInsertRows()
        elif len(self.rows) > common:
            self.beginRemoveRows(QModelIndex(), common, len(self.rows) - 1)
            del self.rows[common:]
            self.endRemoveRows()
