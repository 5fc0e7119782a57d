"""The Batches page: each box or bundle of papers, its hand count, its passes and its state."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from countdesk.errors import CountDeskError
from countdesk.gui.keys import KeyActions
from countdesk.gui.modal import confirmed
from countdesk.gui.roles import Authorise, nobody
from countdesk.gui.rows_model import RowsModel
from countdesk.store.election_file import Batch, BatchState, ElectionFile, EntryPass

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class BatchRow:
    batch: Batch
    keyed_a: int
    keyed_b: int

    @property
    def state(self) -> str:
        """The state in words, as the passes stand (the file knows open, keyed once and
        verified; whether pass B is keyed is read from its papers); a pass A that does not
        match the hand count, or a pass B that does not match pass A, is said so."""
        state = self.batch.state
        if state not in (BatchState.OPEN, BatchState.KEYED_ONCE):
            return state.value
        if not self.keyed_a and not self.keyed_b:
            return state.value
        if not self.keyed_b:
            words = ("open: pass A being keyed" if state is BatchState.OPEN
                     else "keyed once: pass B to key")
        elif self.keyed_b == self.keyed_a:
            words = "keyed twice: differences to settle, then verify"
        else:
            words = f"keyed once; pass B has {self.keyed_b} of pass A's {self.keyed_a} papers"
        hand = self.batch.hand_count
        if hand is not None and state is BatchState.KEYED_ONCE and self.keyed_a != hand:
            words += f" — count mismatch ({self.keyed_a} keyed, hand count {hand})"
        return words


class BatchesModel(RowsModel[BatchRow]):
    HEADERS = ("Batch", "Hand count", "Pass A keyed", "Pass B keyed", "State")

    def cells(self, row: BatchRow) -> tuple[str, ...]:
        hand = "" if row.batch.hand_count is None else str(row.batch.hand_count)
        return (row.batch.label, hand, str(row.keyed_a), str(row.keyed_b), row.state)

    def numeric(self) -> frozenset[int]:
        return frozenset({1, 2, 3})


class BatchesPage(QWidget):
    TITLE = "Batches"
    KEYS = (
        ("Enter (in the batch line)", "add the batch"),
        ("Enter (on a batch)", "key its first pass (A)"),
        ("Ctrl+B (on a batch)", "key its second pass (B), blind"),
        ("Ctrl+Shift+L", "let the teller chosen key both passes of the batch chosen "
                         "(returning officer, with a reason)"),
        ("Tab / Shift+Tab", "next / previous field"),
    )
    key_requested = Signal(int, EntryPass)  # batch id, pass
    problem = Signal(str)
    problem_gone = Signal()  # what the banner asked for was typed
    batch_added = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.election: ElectionFile | None = None
        self.model = BatchesModel()
        self.authorise: Authorise = nobody  # the window's RO, once the page is in it
        self.teller = QComboBox()  # the setup's tellers: a name is recorded on every paper
        self.teller.setToolTip("The teller at this desk: recorded on every paper keyed here")
        self.label = QLineEdit()
        self.label.setPlaceholderText("e.g. Box 3")
        self.hand_count = QSpinBox()
        self.hand_count.setRange(0, 1_000_000)
        self.hand_count.setSpecialValueText("not counted")
        add = QPushButton("A&dd batch")
        add.clicked.connect(self.add_batch)
        self.label.returnPressed.connect(self.add_batch)
        self.teller.currentIndexChanged.connect(self.problem_gone)
        self.label.textChanged.connect(self.problem_gone)
        KeyActions(self.hand_count, {"Return": self.add_batch, "Enter": self.add_batch})

        entry = QGridLayout()
        entry.addWidget(QLabel("&Teller at this desk"), 0, 0)
        entry.addWidget(self.teller, 0, 1, 1, 3)
        entry.addWidget(QLabel("Batch label"), 1, 0)
        entry.addWidget(self.label, 1, 1)
        entry.addWidget(QLabel("Hand count"), 1, 2)
        entry.addWidget(self.hand_count, 1, 3)
        entry.addWidget(add, 1, 4)
        entry.itemAtPosition(0, 0).widget().setBuddy(self.teller)  # type: ignore[union-attr]
        box = QGroupBox("A new batch: one box or bundle of papers")
        box.setLayout(entry)

        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        KeyActions(self.view, {
            "Return": lambda: self._key_selected(EntryPass.A),
            "Enter": lambda: self._key_selected(EntryPass.A),
            "Ctrl+B": lambda: self._key_selected(EntryPass.B),
            "Ctrl+Shift+L": self.give_leave,
        })
        KeyActions(self.teller, {"Ctrl+Shift+L": self.give_leave})  # where a refusal leaves you
        self.view.doubleClicked.connect(lambda _index: self._key_selected(EntryPass.A))
        key_a = QPushButton("Key pass &A")
        key_a.clicked.connect(lambda: self._key_selected(EntryPass.A))
        key_b = QPushButton("Key pass &B (blind second keying)")
        key_b.clicked.connect(lambda: self._key_selected(EntryPass.B))
        self.totals = QLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.totals, 1)
        buttons.addWidget(key_a)
        buttons.addWidget(key_b)

        layout = QVBoxLayout(self)
        layout.addWidget(box)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

    def show_election(self, election: ElectionFile | None) -> None:
        self.election = election
        self.model.refresh([])
        self.refresh()

    def teller_name(self) -> str:
        """The teller chosen at this desk; "" when the setup names none."""
        return self.teller.currentText() if self.teller.count() else ""

    def _show_tellers(self) -> None:
        tellers = self.election.setup().tellers if self.election is not None else ()
        if tuple(self.teller.itemText(i) for i in range(self.teller.count())) == tellers:
            return
        chosen = self.teller.currentText()
        self.teller.clear()
        self.teller.addItems(tellers)
        if chosen in tellers:
            self.teller.setCurrentText(chosen)
        self.teller.setPlaceholderText("no tellers yet: the returning officer names them on "
                                       "the Setup page")

    def refresh(self) -> None:
        self._show_tellers()
        if self.election is None:
            self.totals.clear()
            return
        rows = [BatchRow(batch, self.election.paper_count(batch.id, EntryPass.A),
                         self.election.paper_count(batch.id, EntryPass.B))
                for batch in self.election.batches()]
        self.model.refresh(rows)
        received = sum(row.batch.hand_count or 0 for row in rows)
        keyed = sum(row.keyed_a for row in rows)
        batches = f"{len(rows)} batch" + ("" if len(rows) == 1 else "es")
        self.totals.setText(f"{batches} · {received} papers by hand count · "
                            f"{keyed} keyed in pass A")

    def add_batch(self) -> None:
        if self.election is None:
            return
        label = self.label.text().strip()
        if not label:
            self.problem.emit("A batch needs a label, e.g. the number on the box.")
            self.label.setFocus()
            return
        if any(row.batch.label == label for row in self.model.rows):
            self.problem.emit(f"There is already a batch called {label!r}.")
            return
        hand = self.hand_count.value() or None
        authority = None
        if self.election.certifications():
            if not self._confirm_after_certification(label):
                return
            authority = self.authorise(f"adding batch {label} after certification")
            if authority is None:
                return
        try:
            batch = self.election.add_batch(label, hand, self.teller_name() or "teller",
                                            authority)
        except CountDeskError as error:
            self.problem.emit(str(error))
            return
        self.label.clear()
        self.hand_count.setValue(0)
        self.refresh()
        self.batch_added.emit()
        position = next(i for i, row in enumerate(self.model.rows) if row.batch.id == batch)
        self.view.selectRow(position)
        self.label.setFocus()

    def _confirm_after_certification(self, label: str) -> bool:
        """A batch added once a count is certified supersedes it: the RO says so in words."""
        assert self.election is not None
        standing = [c for c in self.election.certifications() if c.current]
        said = (f"Count {standing[-1].count_run} is certified as the result. Adding {label} "
                "marks that certification SUPERSEDED, for good: the papers must be keyed, "
                "checked, counted and certified again." if standing else
                "A count of this election was certified. A batch added now is the returning "
                "officer's act, signed, and cannot be taken back.")
        return confirmed(self, "Add a batch after certification",
                         f"Add batch {label} after certification?", said,
                         f"&Add {label} after certification")

    def selected_batch(self) -> Batch | None:
        index = self.view.currentIndex()
        return self.model.rows[index.row()].batch if index.isValid() else None

    def _key_selected(self, entry_pass: EntryPass) -> None:
        batch = self.selected_batch()
        if batch is None:
            self.problem.emit("Choose a batch first (↑↓ in the list).")
            return
        if batch.state in (BatchState.VERIFIED, BatchState.VERIFIED_BY_IMPORT):
            self.problem.emit(f"Batch {batch.label!r} is {batch.state.value}: its papers can "
                              "no longer be keyed or changed.")
            return
        assert self.election is not None
        if not self.teller_name():
            self.problem.emit("No tellers are named for this election: the returning officer "
                              "adds them on the Setup page.")
            return
        refusal = self.election.teller_refusal(batch.id, entry_pass, self.teller_name())
        if refusal:
            self.problem.emit(refusal + " (Ctrl+Shift+L).")
            self.teller.setFocus()
            return
        self.key_requested.emit(batch.id, entry_pass)

    def give_leave(self) -> None:
        """The RO lets the chosen teller key both passes of the chosen batch, saying why."""
        batch, teller = self.selected_batch(), self.teller_name()
        if self.election is None or batch is None or not teller:
            self.problem.emit("Choose the batch and the teller first.")
            return
        reason, given = QInputDialog.getText(
            self, "One teller for both passes",
            f"Why may {teller} key both passes of {batch.label}? (kept in the audit log)")
        if not given or not reason.strip():
            return
        authority = self.authorise(f"letting {teller} key both passes of {batch.label}")
        if authority is None:
            return
        ro = self.election.setup().returning_officer or "returning officer"
        try:
            self.election.give_teller_leave(batch.id, teller, reason, ro, authority)
        except CountDeskError as error:
            self.problem.emit(str(error))
            return
        self.problem_gone.emit()
        self.view.setFocus()  # on the batch: Ctrl+B keys its pass B now
