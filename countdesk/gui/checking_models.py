"""Table models for checking: a batch's differences, doubtful papers, the ballot-paper account."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from countdesk.account import AccountLine
from countdesk.checking import Difference
from countdesk.papers import Reading, Rejection
from countdesk.store.election_file import Paper, Ruling

Index = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")


class RowsModel(QAbstractTableModel, Generic[Row]):
    """Rows of one kind, one column per header; changed rows are updated in place."""

    HEADERS: tuple[str, ...] = ()
    TIPS: tuple[str, ...] = ()

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

    def cells(self, row: Row) -> tuple[str, ...]:
        raise NotImplementedError

    def numeric(self) -> frozenset[int]:
        return frozenset()

    def emphasised(self, row: Row) -> bool:
        return False

    def refresh(self, rows: Sequence[Row]) -> None:
        """Show these rows: in place when only their contents changed, else afresh."""
        rows = list(rows)
        if len(rows) != len(self.rows):
            self.beginResetModel()
            self.rows = rows
            self.endResetModel()
            return
        for position, (old, new) in enumerate(zip(self.rows, rows, strict=True)):
            if old != new:
                self.rows[position] = new
                self.dataChanged.emit(self.index(position, 0),
                                      self.index(position, len(self.HEADERS) - 1))


@dataclass(frozen=True)
class DifferenceRow:
    difference: Difference
    what: str  # what differs, in words
    settled: str  # how the RO settled it ("" while unsettled)


class DifferencesModel(RowsModel[DifferenceRow]):
    HEADERS = ("Paper", "What differs", "Settled")

    def cells(self, row: DifferenceRow) -> tuple[str, ...]:
        return (str(row.difference.number), row.what, row.settled or "✗ not yet")

    def numeric(self) -> frozenset[int]:
        return frozenset({0})


def ruling_words(ruling: Ruling | None) -> str:
    if ruling is None:
        return "✗ not yet ruled"
    if ruling.rejected is not None:
        return f"rejected: {ruling.rejected.value} ({ruling.by})"
    if ruling.valid_up_to is not None:
        return f"valid up to preference {ruling.valid_up_to} ({ruling.by})"
    return f"valid ({ruling.by})"


@dataclass(frozen=True)
class DoubtfulRow:
    batch_label: str
    paper: Paper
    before: Reading  # as keyed, before any ruling
    ruling: Ruling | None
    after: Reading
    names: tuple[str, ...]


class DoubtfulModel(RowsModel[DoubtfulRow]):
    """The doubtful papers; their readings, long, are shown beside the list."""

    HEADERS = ("Batch", "Paper", "Ruling")

    def cells(self, row: DoubtfulRow) -> tuple[str, ...]:
        return (row.batch_label, str(row.paper.number), ruling_words(row.ruling))

    def numeric(self) -> frozenset[int]:
        return frozenset({1})


# Headers on two lines where long, so that the account fits a 1366-pixel screen at 125%.
SHORT_REASONS = {
    Rejection.UNMARKED: "Unmarked",
    Rejection.NO_FIRST_PREFERENCE: "No 1st",
    Rejection.SEVERAL_FIRST_PREFERENCES: "Several\n1st",
    Rejection.UNCERTAIN: "Uncertain",
    Rejection.LONE_CROSS: "Lone\ncross",
    Rejection.IDENTIFYING_MARK: "Identifying\nmark",
    Rejection.NO_OFFICIAL_MARK: "No official\nmark",
}


class AccountModel(RowsModel[AccountLine]):
    """The ballot-paper account: one row per batch, then the total."""

    HEADERS = ("Batch", "Received", "Keyed", "Valid", "Rejected",
               *(SHORT_REASONS[reason] for reason in Rejection), "Not\nruled")
    TIPS = ("", "Papers received: the hand count", "Papers keyed (the pass that counts)",
            "Valid papers", "Rejected papers, all reasons",
            *(f"Rejected: {reason.value}" for reason in Rejection),
            "Doubtful papers not yet ruled on")

    def cells(self, row: AccountLine) -> tuple[str, ...]:
        label = row.label if row.verified else f"{row.label} (provisional)"
        received = "—" if row.received is None else str(row.received)
        return (label, received, str(row.keyed), str(row.valid), str(row.rejected_total),
                *(str(count) for _, count in row.rejected), str(row.unruled))

    def numeric(self) -> frozenset[int]:
        return frozenset(range(1, len(self.HEADERS)))

    def emphasised(self, row: AccountLine) -> bool:
        return row is self.rows[-1]  # the total
