"""The Results page: the stage table, a chart of one stage for the hall, and what was decided.

Left, the stage table (candidates down, stages across; each cell the total with the stage's
change in small type above). Right, the chosen stage as bars against the quota line, big
enough to project; ← and → step through the stages. Below, the elected in order and every
tie decision and quota-rule action in a sentence. Everything shown comes from the Result.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from countdesk.app.closeness import closeness
from countdesk.app.election_count import certify_count, stored_count
from countdesk.app.output import write_output
from countdesk.app.records import StoredCount
from countdesk.app.sheets import ballots_for, prepared_workbook, sheet_for
from countdesk.count.result import Result, Stage, figure
from countdesk.count.table import (
    StageTable,
    candidate_marks,
    decisions,
    signed_figure,
    stage_table,
)
from countdesk.errors import CountDeskError
from countdesk.gui.background import run_in_background
from countdesk.gui.file_dialogs import ask_save_path
from countdesk.gui.keys import KeyActions
from countdesk.gui.modal import confirmed
from countdesk.gui.printing import print_pdf
from countdesk.gui.roles import Authorise, nobody
from countdesk.gui.stage_chart import StageChart
from countdesk.report.context import Closeness
from countdesk.store.election_file import ElectionFile

Index = QModelIndex | QPersistentModelIndex
CHANGE_ROLE = Qt.ItemDataRole.UserRole + 1
ELECTED = QColor("#1b6e20")
EXCLUDED = QColor("#8a8a8a")
NAMES_WIDTH = 230  # px: the stage table's column of names, at most


def stage_heading(stage: Stage) -> str:
    """A stage's column heading, on two lines: the stage and what moved, then whose papers,
    with the names as entered (the sheet's short labels keep only the last word of a name,
    which a name such as "Siobhán Nic a' Bhriain" does not end in)."""
    heading = f"Stage {stage.number}: {stage.kind.value}"
    if not stage.subjects:
        return heading
    more = f" and {len(stage.subjects) - 1} more" if len(stage.subjects) > 1 else ""
    return f"{heading}\n{stage.subjects[0]}{more}"


def below_quota(result: Result) -> dict[str, str]:
    """Those elected with fewer votes than the quota: each one's vote and stage, in words."""
    found: dict[str, str] = {}
    for stage in result.stages:
        for name in stage.elected:
            total = stage.totals[result.candidates.index(name)]
            if total < stage.quota:
                found[name] = (f"{figure(total)} at stage {stage.number}, below the quota of "
                               f"{figure(stage.quota)}")
    return found


def below_quota_rule(result: Result) -> str:
    """Why a candidate can be elected below the quota under these rules, in one sentence."""
    if result.rules_key == "ers97":
        return ("Under ERS97 5.4.9, once the quota is out of reach a candidate is elected "
                "with at least the total active vote divided by one more than the places "
                "unfilled; and when the places left are as many as the candidates still "
                "standing, those are elected (5.5.1).")
    return ("The rules elect the candidates still standing when the places left are as many "
            "as they are, whatever their vote.")


class StageTableModel(QAbstractTableModel):
    """The stage table: one row per candidate plus the totals rows and the quota."""

    def __init__(self) -> None:
        super().__init__()
        self.result: Result | None = None
        self.table: StageTable | None = None
        self.marks: dict[str, str] = {}
        self.reasons: dict[tuple[int, str], str] = {}

    def show(self, result: Result | None) -> None:
        self.beginResetModel()
        self.result = result
        self.table = stage_table(result) if result else None
        self.marks = candidate_marks(result) if result else {}
        self.reasons = {}
        if result is not None:
            for column, stage in enumerate(result.stages):
                for name in stage.guarded:
                    self.reasons[(column, name)] = "⛨ guarded: " + " ".join(stage.notes)
                for name in stage.doomed:
                    self.reasons[(column, name)] = "✗ doomed: " + " ".join(stage.notes)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.table is None else len(self.table.rows) + 1

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.table is None else len(self.table.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self.table is None or role not in (Qt.ItemDataRole.DisplayRole,
                                              Qt.ItemDataRole.ToolTipRole):
            return None
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self.table.columns):
                return None
            column = self.table.columns[section]
            if role == Qt.ItemDataRole.ToolTipRole:
                return column.stage.action
            return stage_heading(column.stage)
        if section == len(self.table.rows):
            return "Quota"
        if not 0 <= section < len(self.table.rows):
            return None
        name = self.table.rows[section]
        mark = self.marks.get(name, "")
        return f"{mark} {name}".strip() if role == Qt.ItemDataRole.DisplayRole else name

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self.table is None or not index.isValid():
            return None
        column = self.table.columns[index.column()]
        row = index.row()
        if row == len(self.table.rows):
            if role == Qt.ItemDataRole.DisplayRole:
                return figure(column.stage.quota)
            return None
        cell = column.cells[row]
        name = self.table.rows[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return figure(cell.total)
        if role == CHANGE_ROLE:
            return signed_figure(cell.change)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and row < self.table.candidate_rows:
            if name in column.stage.elected or self._elected_by(index.column(), name):
                return ELECTED
            if self._excluded_by(index.column(), name):
                return EXCLUDED
        if role == Qt.ItemDataRole.ToolTipRole:
            reason = self.reasons.get((index.column(), name))
            return reason or column.stage.action
        return None

    def _elected_by(self, column: int, name: str) -> bool:
        assert self.table is not None
        return any(name in c.stage.elected for c in self.table.columns[:column + 1])

    def _excluded_by(self, column: int, name: str) -> bool:
        assert self.table is not None
        return any(name in c.stage.excluded for c in self.table.columns[:column + 1])


class ChangeAboveDelegate(QStyledItemDelegate):
    """Draws a cell's change in small type above its total, as ERS result sheets do."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        change = index.data(CHANGE_ROLE)
        if not change:
            super().paint(painter, option, index)
            return
        painter.save()
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, option.palette.highlight())
        small = QFont(option.font)
        small.setPointSizeF(max(7.0, option.font.pointSizeF() * 0.75))
        top = QRect(option.rect.adjusted(2, 1, -4, -option.rect.height() // 2))
        bottom = QRect(option.rect.adjusted(2, option.rect.height() // 2 - 2, -4, -1))
        painter.setFont(small)
        painter.setPen(QColor("#555555"))
        painter.drawText(top, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                         change)
        painter.setFont(option.font)
        colour = index.data(Qt.ItemDataRole.ForegroundRole)
        painter.setPen(colour if isinstance(colour, QColor) else option.palette.text().color())
        painter.drawText(bottom, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                         index.data(Qt.ItemDataRole.DisplayRole))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        """Two lines, the change's small one and the total's, and no more: a stage table of
        40 candidates shows most of them at once."""
        size = super().sizeHint(option, index)
        small = QFont(option.font)
        small.setPointSizeF(max(7.0, option.font.pointSizeF() * 0.75))
        lines = QFontMetrics(small).height() + option.fontMetrics.height()
        return QSize(size.width() + 12, lines + 4)


class ResultsPage(QWidget):
    TITLE = "Results"
    KEYS = (
        ("↑ ↓ PgUp PgDn (in the table)", "every candidate, the totals and the quota"),
        ("← / → (in the table)", "previous / next stage; the chart follows"),
        ("← / →", "the chart: previous / next stage"),
        ("Tab", "between the stage table, the chart and the decisions"),
        ("Ctrl+Shift+C", "certify this result (returning officer)"),
        ("Ctrl+P", "print the result sheet"),
        ("Ctrl+F", "the chart full screen, for the projector (Esc to leave)"),
    )
    problem = Signal(str)
    done = Signal(str)  # what was saved or printed, for the status bar
    certified = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.result: Result | None = None
        self.election: ElectionFile | None = None
        self.authorise: Authorise = nobody  # the window's RO, once the page is in it
        self.count: StoredCount | None = None
        self.projector: StageChart | None = None
        self.model = StageTableModel()
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setItemDelegate(ChangeAboveDelegate(self.view))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectColumns)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Long names shortened (in full on hover), so that stages show beside them at 125%;
        # and the stage chosen in view whole, not cut at the edge.
        self.view.verticalHeader().setMaximumWidth(NAMES_WIDTH)
        self.view.verticalHeader().setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.selectionModel().currentColumnChanged.connect(
            lambda current, _previous: self._select_stage(current.column()))
        self.chart = StageChart()
        self.chart.stage_changed.connect(self._chart_moved)
        self.heading = QLabel()
        heading_font = QFont(self.heading.font())
        heading_font.setBold(True)
        heading_font.setPointSize(heading_font.pointSize() + 2)
        self.heading.setFont(heading_font)
        self.heading.setWordWrap(True)
        self.elected = QListWidget()
        self.decisions = QListWidget()
        self.decisions.setWordWrap(True)

        # The stage table has the page's whole height (40 candidates and more are at most a
        # scroll away); the chart and the decisions share the column beside it.
        lists = QWidget()
        below = QHBoxLayout(lists)
        below.setContentsMargins(0, 0, 0, 0)
        below.addWidget(self.elected, 2)
        below.addWidget(self.decisions, 3)
        beside = QSplitter(Qt.Orientation.Vertical)
        beside.addWidget(self.chart)
        beside.addWidget(lists)
        beside.setStretchFactor(0, 3)
        beside.setStretchFactor(1, 2)
        splitter = QSplitter()
        splitter.addWidget(self.view)
        splitter.addWidget(beside)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        self.certification = QLabel()
        self.certification.setWordWrap(True)
        self.certify_button = QPushButton("Cer&tify (Ctrl+Shift+C)")
        self.certify_button.clicked.connect(self.certify)
        self.print_button = QPushButton("&Print… (Ctrl+P)")
        self.print_button.clicked.connect(self._choose_printer)
        actions = QHBoxLayout()
        actions.addWidget(self.certification, 1)
        self.workbook_button = QPushButton("Save &workbook…")  # off while one is written
        for button, slot in ((QPushButton("Save P&DF…"), self._choose_pdf),
                             (self.workbook_button, self._choose_xlsx),
                             (QPushButton("Save &ballots for recount…"), self._choose_ballots)):
            button.clicked.connect(slot)
            actions.addWidget(button)
        actions.addWidget(self.print_button)
        actions.addWidget(self.certify_button)
        # Item views take such keys for themselves, so they are caught before the views see them.
        for widget in (self.view, self.chart, self.elected, self.decisions):
            KeyActions(widget, {"Ctrl+Shift+C": self.certify_button.click,
                                "Ctrl+P": self.print_button.click,
                                "Ctrl+F": self.project})
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(actions)
        layout.addWidget(splitter, 1)

    def show_count(self, election: ElectionFile, count: StoredCount) -> None:
        """A count kept in the election file, with its actions."""
        self.election = election
        self.count = count
        self.show_result(count.result)

    def clear(self) -> None:
        self.election = None
        self.count = None
        self.show_result(None)

    def show_result(self, result: Result | None) -> None:
        self.result = result
        self._show_certification()
        self.model.show(result)
        self.chart.show_result(result, self._closeness())
        self.elected.clear()
        self.decisions.clear()
        if result is None:
            self.heading.clear()
            return
        state = "PROVISIONAL result" if result.provisional else "Result"
        self.heading.setText(f"{state}: {result.title} · {result.rules} · quota "
                             f"{figure(result.quota)} · valid votes {figure(result.valid_votes)}")
        if result.stages:
            last = len(result.stages) - 1
            self.view.setCurrentIndex(self.model.index(0, last))
            self.view.selectColumn(last)
        lowered = below_quota(result)
        if lowered:  # said first, before the stages' decisions
            plural = "candidate was" if len(lowered) == 1 else "candidates were"
            self.decisions.addItem(f"{len(lowered)} {plural} elected below the quota (their "
                                   f"votes are in the list of the elected). "
                                   f"{below_quota_rule(result)}")
        self.elected.addItem("Elected, in order:")
        for n, name in enumerate(result.elected, 1):
            self.elected.addItem(f"{n}. {name}"
                                 + (f" — {lowered[name]}" if name in lowered else ""))
        for line in decisions(result):
            self.decisions.addItem(line)

    def project(self) -> StageChart | None:
        """The chart alone, full screen, for the hall's projector: ← → step, Esc leaves."""
        if self.result is None:
            return None
        projector = StageChart(projector=True)
        projector.setWindowTitle(f"CountDesk — {self.result.title}")
        projector.show_result(self.result, self._closeness())
        projector.stage = self.chart.stage
        KeyActions(projector, {"Esc": projector.close})
        projector.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        projector.setGeometry(self.screen().geometry())  # full size even with no window manager
        projector.showFullScreen()
        self.projector = projector
        return projector

    def _closeness(self) -> Closeness | None:
        """How close the shown count's decisions were (a count kept in a file only)."""
        if self.count is None or self.count.result is not self.result:
            return None
        return closeness(self.count.result, self.count.record.doubts)

    # -- certifying, printing, saving ---------------------------------------------------------

    def _returning_officer(self) -> str:
        assert self.election is not None
        return self.election.setup().returning_officer or "returning officer"

    def _show_certification(self) -> None:
        can_act = self.election is not None and self.count is not None
        for button in (self.certify_button, self.print_button):
            button.setEnabled(can_act)
        if not can_act:
            self.certification.setText("")
            return
        assert self.election is not None and self.count is not None and self.result is not None
        mine = [c for c in self.election.certifications() if c.count_run == self.count.run_id]
        if mine:
            self.certification.setText(mine[-1].describe())
            colour = "#1b6e20" if mine[-1].current else "#a40000"
            self.certify_button.setEnabled(not mine[-1].current)
        elif self.result.provisional:
            self.certification.setText("PROVISIONAL: not every batch is verified and every "
                                       "doubtful paper ruled, so this cannot be certified.")
            colour = "#8a4b00"
            self.certify_button.setEnabled(False)
        else:
            self.certification.setText("Not yet certified.")
            colour = "#000000"
        self.certification.setStyleSheet(f"color: {colour};")

    def refresh(self) -> None:
        """Say again whether the shown result is certified, or superseded by a change."""
        self._show_certification()

    def certify(self) -> None:
        """Certify the count shown, once the RO has said so in words and given the
        passphrase: the certified result is signed, and cannot be taken back."""
        if self.election is None or self.count is None or self.count.run_id is None:
            return
        run_id, result = self.count.run_id, self.count.result
        blockers = self.election.final_count_blockers()
        if blockers or result.provisional:
            self.problem.emit("This count cannot be certified: " + "; ".join(
                blockers or ["it is PROVISIONAL: count again now that every batch is "
                             "verified"]))
            return
        if not confirmed(
                self, "Certify the result",
                f"Certify count {run_id} as the result of {result.title}?",
                f"Elected: {', '.join(result.elected)}.\n\nThe returning officer's signature "
                "goes on it and into the election file. A certification cannot be taken back: "
                "a later change to the papers only marks it superseded.",
                f"&Certify count {run_id}"):
            return
        authority = self.authorise(f"certifying count {run_id}")
        if authority is None:
            return
        try:
            certify_count(self.election, run_id, self._returning_officer(), authority)
            self.count = stored_count(self.election, run_id)
        except CountDeskError as error:
            self.problem.emit(str(error))
            return
        self._show_certification()
        self.certified.emit()

    def sheet(self) -> bytes:
        """The result sheet's PDF, as certified (or PROVISIONAL): what Print and Save PDF give."""
        assert self.count is not None
        return sheet_for(self.count, self._returning_officer())

    def print_sheet(self, printer: QPrinter) -> int:
        return print_pdf(self.sheet(), printer)

    def save_pdf(self, path: Path) -> None:
        write_output(path, self.sheet(), force=True)  # the save dialog asked to replace it

    def save_workbook(self, path: Path) -> None:
        """Read what the workbook lists from the file now, then write it in the background
        (the paper trace counts again: seconds for 100k papers), saying when it is saved."""
        assert self.election is not None and self.count is not None
        write = prepared_workbook(self.count, self._returning_officer(), self.election)
        self.workbook_button.setEnabled(False)
        self.done.emit(f"Writing the scrutineers' workbook to {path}…")

        def saved(_: object) -> None:
            self.workbook_button.setEnabled(True)
            self.done.emit(f"Scrutineers' workbook saved: {path}.")

        def failed(error: Exception) -> None:
            self.workbook_button.setEnabled(True)
            if not isinstance(error, CountDeskError | OSError):
                raise error
            self.problem.emit(str(error))

        run_in_background(lambda: write_output(path, write, force=True), saved, failed)

    def save_ballots(self, path: Path) -> list[Path]:
        """The canonical BLT (and constraint file) the fingerprints on the sheet are of."""
        assert self.election is not None and self.count is not None
        ballots = ballots_for(self.election, self.count)
        written = [write_output(path.with_suffix(".blt"), ballots.blt, force=True)]
        if ballots.constraints is not None:
            written.append(write_output(path.with_suffix(".con"), ballots.constraints,
                                        force=True))
        return written

    def _choose_printer(self) -> None:
        if self.result is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._act(lambda: self.print_sheet(printer),
                      lambda pages: f"The result sheet went to the printer: {pages} pages.")

    def _choose_pdf(self) -> None:
        self._save_as("Save the result sheet", "result sheet.pdf", "PDF (*.pdf)",
                      self.save_pdf, "Result sheet saved")

    def _choose_xlsx(self) -> None:
        path = self._ask_path("Save the scrutineers' workbook", "workbook.xlsx",
                              "Workbook (*.xlsx)")
        if path is not None:
            try:
                self.save_workbook(path)
            except CountDeskError as error:
                self.problem.emit(str(error))

    def _choose_ballots(self) -> None:
        self._save_as("Save the ballots for recount", "ballots.blt", "BLT ballots (*.blt)",
                      self.save_ballots, "Ballots for recount saved")

    def suggested_path(self, what: str) -> Path:
        """In the election's folder, named for the election, the count and what it is:
        "conference count 3 PROVISIONAL result sheet.pdf"."""
        assert self.election is not None and self.count is not None
        provisional = " PROVISIONAL" if self.count.result.provisional else ""
        return self.election.path.with_name(
            f"{self.election.path.stem} count {self.count.run_id}{provisional} {what}")

    def _ask_path(self, title: str, what: str, kinds: str) -> Path | None:
        """Where to save ``what``, asked in the election's folder with a name suggested."""
        if self.result is None or self.election is None or self.count is None:
            return None
        return ask_save_path(self, title, self.suggested_path(what), kinds)

    def _save_as(self, title: str, what: str, kinds: str, save: Callable[[Path], Any],
                 saved: str) -> None:
        path = self._ask_path(title, what, kinds)
        if path is not None:
            self._act(lambda: save(path), lambda written: f"{saved}: " + ", ".join(
                str(p) for p in (written if isinstance(written, list) else [path])) + ".")

    def _act(self, action: Callable[[], Any], said: Callable[[Any], str]) -> None:
        """Do it, then say what was done (or why it was not)."""
        try:
            outcome = action()
        except (CountDeskError, OSError) as error:
            self.problem.emit(str(error))
        else:
            self.done.emit(said(outcome))

    def _select_stage(self, column: int) -> None:
        if column >= 0 and column != self.chart.stage:
            self.chart.stage = column
            self.chart.update()

    def _chart_moved(self, stage: int) -> None:
        self.view.selectColumn(stage)

