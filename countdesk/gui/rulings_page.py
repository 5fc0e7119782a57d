"""The Rulings page: the returning officer rules on each doubtful paper, in front of scrutineers.

The doubtful papers are those of each batch's settled pass (once verified), or of its pass A
where there is no second pass; a batch being checked waits until it is verified. Each ruling
(valid, valid up to preference n, rejected with a reason) is recorded and changes how the
paper is read. Below, the ballot-paper account: rulings move papers between its columns, so
the RO sees the figures the sheet will print change as each ruling is made.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from countdesk.errors import CountDeskError
from countdesk.gui.checking_models import (
    REASON_NUMBERS,
    AccountModel,
    DoubtfulModel,
    DoubtfulRow,
    numbered_reason,
)
from countdesk.gui.differences_page import returning_officer
from countdesk.gui.keys import KeyActions
from countdesk.gui.roles import Authorise, nobody
from countdesk.keying import box_text
from countdesk.papers import Reading, Rejection, read_marks, ruled_reading
from countdesk.store.account import election_account
from countdesk.store.election_file import BatchState, ElectionFile, EntryPass, Paper, Ruling

ACCOUNT_ROWS_SHOWN = 5


def reading_as_keyed(paper: Paper, election: ElectionFile) -> Reading:
    """How the paper reads before any ruling: the teller's rejection, else its marks."""
    if paper.rejected is not None:
        return Reading(rejected=paper.rejected)
    return read_marks(paper.marks, election.setup().lone_cross)


def reading_after(paper: Paper, ruling: Ruling | None, election: ElectionFile) -> Reading:
    if ruling is None:
        return reading_as_keyed(paper, election)
    return ruled_reading(paper.marks, election.setup().lone_cross, ruling.valid_up_to,
                         ruling.rejected)


def marks_words(paper: Paper, names: tuple[str, ...]) -> str:
    """The boxes written in, in ballot-paper order: "1 Adebayo: 2 · 2 Byrne: 1"."""
    written = [f"{i + 1} {names[i]}: {box_text(box)}" for i, box in enumerate(paper.marks) if box]
    return " · ".join(written) + " (other boxes blank)" if written else "no marks at all"


class RulingsPage(QWidget):
    TITLE = "Rulings"
    KEYS = (
        ("↑ ↓ (in the list)", "choose a doubtful paper"),
        ("V", "rule it valid, read as its marks are"),
        ("U", "rule it valid up to a preference: type the number, Enter"),
        ("R", "rule it rejected: choose the reason (1–7, Enter)"),
        ("Esc", "leave the preference or the reasons without ruling"),
    )
    problem = Signal(str)
    done = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.election: ElectionFile | None = None
        self.names: tuple[str, ...] = ()
        self.authorise: Authorise = nobody  # the window's RO, once the page is in it
        self.model = DoubtfulModel()
        self.account = AccountModel()
        self._build()

    def _build(self) -> None:
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(True)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.view.selectionModel().currentRowChanged.connect(self._show_selected)
        self.model.modelReset.connect(self._show_selected)
        KeyActions(self.view, {"V": self.rule_valid, "U": self.ask_up_to,
                               "R": self.ask_reason})

        self.paper_title = QLabel()
        font = self.paper_title.font()
        font.setBold(True)
        font.setPointSize(font.pointSize() + 2)
        self.paper_title.setFont(font)
        self.marks = QLabel()
        self.before = QLabel()
        self.after = QLabel()
        for label in (self.marks, self.before, self.after):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
        self.up_to = QSpinBox()
        self.up_to.setPrefix("Valid up to preference ")
        self.up_to.setMinimum(1)
        self.up_to.hide()
        KeyActions(self.up_to, {"Return": self._rule_up_to, "Enter": self._rule_up_to,
                                "Escape": self._leave_choice})
        self.reasons = QListWidget()
        for reason in Rejection:
            self.reasons.addItem(numbered_reason(reason))
        self.reasons.hide()
        reason_keys = {"Return": self._rule_rejected, "Enter": self._rule_rejected,
                       "Escape": self._leave_choice}
        for reason, number in REASON_NUMBERS.items():
            reason_keys[str(number)] = lambda r=reason: self._rule(None, r)
        KeyActions(self.reasons, reason_keys)
        valid = QPushButton("&Valid")
        valid.clicked.connect(self.rule_valid)
        up_to = QPushButton("Valid &up to…")
        up_to.clicked.connect(self.ask_up_to)
        rejected = QPushButton("&Rejected…")
        rejected.clicked.connect(self.ask_reason)
        buttons = QHBoxLayout()
        for button in (valid, up_to, rejected):
            buttons.addWidget(button)
        buttons.addStretch(1)

        # The paper's marks and readings scroll in their panel rather than being cut off.
        detail = QScrollArea()
        detail.setWidgetResizable(True)
        detail.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inside = QWidget()
        detail.setWidget(inside)
        right = QVBoxLayout(inside)
        right.addWidget(self.paper_title)
        for title, label in (("Marks as written", self.marks),
                             ("Reading as keyed (before the ruling)", self.before),
                             ("Reading after the ruling", self.after)):
            right.addWidget(QLabel(f"<b>{title}</b>"))
            right.addWidget(label)
        right.addWidget(self.up_to)
        right.addWidget(self.reasons)
        right.addStretch(1)
        right.addLayout(buttons)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.view)
        split.addWidget(detail)
        split.setChildrenCollapsible(False)
        split.setSizes([480, 860])

        self.account_view = QTableView()
        self.account_view.setModel(self.account)
        self.account_view.verticalHeader().hide()
        self.account_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.account_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        account_header = self.account_view.horizontalHeader()
        account_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        account_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.account_title = QLabel()
        self.hint = QLabel("V valid · U valid up to a preference · R rejected, with a reason "
                           "(the reasons' numbers as on the Keying page) · ↑↓ next paper · "
                           "F1 keys")
        self.hint.setWordWrap(True)

        # The account below, as tall as its rows need; a splitter between, so that nothing
        # overlaps however small the window.
        account = QWidget()
        below = QVBoxLayout(account)
        below.setContentsMargins(0, 0, 0, 0)
        below.addWidget(self.account_title)
        below.addWidget(self.account_view, 1)
        self.split_below = QSplitter(Qt.Orientation.Vertical)
        self.split_below.addWidget(split)
        self.split_below.addWidget(account)
        self.split_below.setChildrenCollapsible(False)
        self.split_below.setStretchFactor(0, 3)
        self.split_below.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.split_below, 1)
        layout.addWidget(self.hint)

    # -- what is shown ----------------------------------------------------------------------

    def show_election(self, election: ElectionFile | None) -> None:
        """The election whose doubtful papers this page lists: read now if the page is in
        view, else when it is next shown (the window refreshes a page as it is shown), as
        reading every paper for the account takes seconds at 100k papers."""
        self.election = election
        self.names = election.setup().names if election is not None else ()
        if election is None or self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        if self.election is None:
            self.model.refresh([])
            self.account.refresh([])
            self.summary.clear()
            self.account_title.clear()
            return
        election = self.election
        self.names = election.setup().names
        latest = {(r.batch, r.number): r for r in election.rulings()}
        rows: list[DoubtfulRow] = []
        waiting: list[str] = []
        for batch in election.batches():
            if (batch.state is not BatchState.VERIFIED
                    and election.paper_count(batch.id, EntryPass.B)):
                if any(p.doubtful for p in election.papers(batch.id, EntryPass.A)
                       + election.papers(batch.id, EntryPass.B)):
                    waiting.append(batch.label)
                continue
            for paper in election.counted_pass(batch.id):
                if paper.doubtful:
                    ruling = latest.get((batch.id, paper.number))
                    rows.append(DoubtfulRow(batch.label, paper,
                                            reading_as_keyed(paper, election), ruling,
                                            reading_after(paper, ruling, election), self.names))
        current = self.view.currentIndex().row()
        self.model.refresh(rows)
        if rows and not self.view.currentIndex().isValid():
            self.view.selectRow(min(max(current, 0), len(rows) - 1))
        unruled = sum(1 for row in rows if row.ruling is None)
        papers = "1 doubtful paper" if len(rows) == 1 else f"{len(rows)} doubtful papers"
        words = [f"{papers}, {unruled} not yet ruled."]
        if waiting:
            words.append(f"Being checked (their doubtful papers appear once verified): "
                         f"{', '.join(waiting)}.")
        self.summary.setText(" ".join(words))
        account = election_account(election)
        self.account.refresh([*account.batches, account.total])
        self._fit_account()
        self.account_title.setText(
            "<b>Ballot-paper account</b>" + (" (final)" if account.final else
                                              " (provisional: not every batch is verified, "
                                              "or doubtful papers await a ruling)"))
        self._show_selected()

    def _fit_account(self) -> None:
        """Tall enough for a few batches and the total without scrolling."""
        view = self.account_view
        rows = min(len(self.account.rows), ACCOUNT_ROWS_SHOWN)
        view.setMinimumHeight(view.horizontalHeader().sizeHint().height()
                              + rows * view.verticalHeader().defaultSectionSize()
                              + 2 * view.frameWidth() + 2)

    def current(self) -> DoubtfulRow | None:
        index = self.view.currentIndex()
        if not index.isValid() or index.row() >= len(self.model.rows):
            return None
        return self.model.rows[index.row()]

    def _show_selected(self, *_: QModelIndex) -> None:
        row = self.current()
        if row is None:
            self.paper_title.setText("No doubtful paper to rule on")
            for label in (self.marks, self.before, self.after):
                label.clear()
            return
        self.paper_title.setText(f"{row.batch_label}, paper {row.paper.number} "
                                 f"(keyed by {row.paper.teller})")
        self.marks.setText(marks_words(row.paper, self.names))
        self.before.setText(row.before.describe(self.names))
        self.after.setText(row.after.describe(self.names) if row.ruling is not None
                           else "not yet ruled")
        self.up_to.setMaximum(max(1, len(ruled_reading(
            row.paper.marks, self.election.setup().lone_cross).preferences)
            if self.election else 1))

    # -- ruling -----------------------------------------------------------------------------

    def _chosen(self) -> DoubtfulRow | None:
        row = self.current()
        if row is None:
            self.problem.emit("There is no doubtful paper to rule on.")
        return row

    def rule_valid(self) -> None:
        self._rule(None, None)

    def ask_up_to(self) -> None:
        if self._chosen() is None:
            return
        self.reasons.hide()
        self.up_to.show()
        self.up_to.setValue(self.up_to.maximum())
        self.up_to.setFocus()
        self.up_to.selectAll()

    def ask_reason(self) -> None:
        if self._chosen() is None:
            return
        self.up_to.hide()
        self.reasons.show()
        self.reasons.setCurrentRow(0)
        self.reasons.setFocus()

    def _rule_up_to(self) -> None:
        self.up_to.interpretText()
        self._rule(self.up_to.value(), None)

    def _rule_rejected(self) -> None:
        self._rule(None, list(Rejection)[self.reasons.currentRow()])

    def _leave_choice(self) -> None:
        self.up_to.hide()
        self.reasons.hide()
        self.view.setFocus()

    def _rule(self, valid_up_to: int | None, rejected: Rejection | None) -> None:
        row = self._chosen()
        if row is None or self.election is None:
            return
        authority = self.authorise(f"ruling on paper {row.paper.number} of {row.batch_label}")
        if authority is None:
            return
        try:
            self.election.record_ruling(row.paper.batch, row.paper.number,
                                        returning_officer(self.election),
                                        valid_up_to=valid_up_to, rejected=rejected,
                                        authority=authority)
        except CountDeskError as error:
            self.problem.emit(str(error))
            return
        self._leave_choice()
        self.refresh()
        self._next_unruled()
        self.done.emit(f"Ruling recorded on paper {row.paper.number} of {row.batch_label}.")

    def _next_unruled(self) -> None:
        for position, found in enumerate(self.model.rows):
            if found.ruling is None:
                self.view.selectRow(position)
                return
