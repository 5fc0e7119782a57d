"""Table models for the Setup page: the candidates, and the groups with their limits."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from countdesk.election import Candidate, GroupLimit

Index = QModelIndex | QPersistentModelIndex
EDITABLE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable


@dataclass
class CandidateRow:
    name: str
    affiliation: str = ""
    groups: dict[str, str] = field(default_factory=dict)
    withdrawn: bool = False

    @classmethod
    def of(cls, candidate: Candidate) -> CandidateRow:
        return cls(candidate.name, candidate.affiliation, dict(candidate.groups),
                   candidate.withdrawn)

    def candidate(self, dimensions: list[str]) -> Candidate:
        groups = tuple((d, self.groups[d]) for d in dimensions if self.groups.get(d))
        return Candidate(self.name.strip(), self.affiliation.strip(), groups, self.withdrawn)


class CandidatesModel(QAbstractTableModel):
    """Candidates in ballot-paper order (the row header is their number on the paper):
    name, affiliation, a group per dimension, withdrawn."""

    edited = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[CandidateRow] = []
        self.dimensions: list[str] = []

    FIXED_COLUMNS = ("Name", "Affiliation")

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.FIXED_COLUMNS) + len(self.dimensions) + 1

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        headers = [*self.FIXED_COLUMNS, *self.dimensions, "Withdrawn"]
        return headers[section] if 0 <= section < len(headers) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], index.column()
        withdrawn_column = self.columnCount() - 1
        if column == withdrawn_column:
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if row.withdrawn else Qt.CheckState.Unchecked
            if role == Qt.ItemDataRole.DisplayRole:
                return "withdrawn" if row.withdrawn else ""
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return None
        if column == 0:
            return row.name
        if column == 1:
            return row.affiliation
        return row.groups.get(self.dimensions[column - 2], "")

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.column() == self.columnCount() - 1:
            return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                    | Qt.ItemFlag.ItemIsUserCheckable)
        return EDITABLE

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        row, column = self.rows[index.row()], index.column()
        if column == self.columnCount() - 1 and role == Qt.ItemDataRole.CheckStateRole:
            row.withdrawn = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role != Qt.ItemDataRole.EditRole:
            return False
        elif column == 0:
            row.name = str(value).strip()
        elif column == 1:
            row.affiliation = str(value).strip()
        else:
            row.groups[self.dimensions[column - 2]] = str(value).strip()
        self.dataChanged.emit(index, index)
        self.edited.emit()
        return True

    def load(self, candidates: tuple[Candidate, ...], dimensions: list[str]) -> None:
        self.beginResetModel()
        self.rows = [CandidateRow.of(c) for c in candidates]
        self.dimensions = list(dimensions)
        self.endResetModel()

    def set_dimensions(self, dimensions: list[str]) -> None:
        if dimensions == self.dimensions:
            return
        self.beginResetModel()
        self.dimensions = list(dimensions)
        self.endResetModel()

    def add(self, row: CandidateRow) -> None:
        position = len(self.rows)
        self.beginInsertRows(QModelIndex(), position, position)
        self.rows.append(row)
        self.endInsertRows()
        self.edited.emit()

    def remove(self, position: int) -> None:
        self.beginRemoveRows(QModelIndex(), position, position)
        del self.rows[position]
        self.endRemoveRows()
        self.edited.emit()

    def move(self, position: int, step: int) -> int:
        """Move a candidate up (-1) or down (+1) the paper; returns where it is now."""
        target = position + step
        if not (0 <= position < len(self.rows) and 0 <= target < len(self.rows)):
            return position
        destination = target + 1 if step > 0 else target
        self.beginMoveRows(QModelIndex(), position, position, QModelIndex(), destination)
        self.rows.insert(target, self.rows.pop(position))
        self.endMoveRows()
        self.edited.emit()
        return target

    def toggle_withdrawn(self, position: int) -> None:
        index = self.index(position, self.columnCount() - 1)
        withdrawn = self.rows[position].withdrawn
        checked = Qt.CheckState.Unchecked if withdrawn else Qt.CheckState.Checked
        self.setData(index, checked.value, Qt.ItemDataRole.CheckStateRole)

    def candidates(self) -> tuple[Candidate, ...]:
        return tuple(row.candidate(self.dimensions) for row in self.rows)


class LimitsModel(QAbstractTableModel):
    """The groups of each category dimension, with the seats they must and may hold."""

    HEADERS = ("Category", "Group", "Minimum", "Maximum")
    edited = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.limits: list[GroupLimit] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.limits)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self.HEADERS)):
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole,
                                               Qt.ItemDataRole.EditRole):
            return None
        limit = self.limits[index.row()]
        if index.column() == 2 and role == Qt.ItemDataRole.EditRole:
            return limit.minimum  # a number, so that it is edited in a spin box
        values = (limit.dimension, limit.group, str(limit.minimum),
                  "" if limit.maximum is None else str(limit.maximum))
        return values[index.column()]

    def flags(self, index: Index) -> Qt.ItemFlag:
        return EDITABLE if index.isValid() else Qt.ItemFlag.NoItemFlags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        limit = self.limits[index.row()]
        text = str(value).strip()
        column = index.column()
        try:
            if column == 0:
                limit = GroupLimit(text, limit.group, limit.minimum, limit.maximum)
            elif column == 1:
                limit = GroupLimit(limit.dimension, text, limit.minimum, limit.maximum)
            elif column == 2:
                limit = GroupLimit(limit.dimension, limit.group, int(text or 0), limit.maximum)
            else:
                maximum = int(text) if text else None
                limit = GroupLimit(limit.dimension, limit.group, limit.minimum, maximum)
        except ValueError:
            return False
        self.limits[index.row()] = limit
        self.dataChanged.emit(index, index)
        self.edited.emit()
        return True

    def load(self, limits: tuple[GroupLimit, ...]) -> None:
        self.beginResetModel()
        self.limits = list(limits)
        self.endResetModel()

    def add(self, limit: GroupLimit) -> None:
        position = len(self.limits)
        self.beginInsertRows(QModelIndex(), position, position)
        self.limits.append(limit)
        self.endInsertRows()
        self.edited.emit()

    def remove(self, position: int) -> None:
        self.beginRemoveRows(QModelIndex(), position, position)
        del self.limits[position]
        self.endRemoveRows()
        self.edited.emit()

    def dimensions(self) -> list[str]:
        return list(dict.fromkeys(limit.dimension for limit in self.limits))

    def groups_of(self, dimension: str) -> list[str]:
        return [limit.group for limit in self.limits if limit.dimension == dimension]
