"""The Differences page: the returning officer settles each paper the two passes keyed apart.

For the chosen batch, the papers where pass A and pass B differ; for the selected one, both
keyings side by side, the differing boxes marked and scrolled into view, each reading beside
them. The RO checks the paper itself and takes A, takes B, or keys it again (K: the boxes
both passes agree on are filled in, and the cursor waits in the first box they differ on);
then verifies the batch.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from countdesk.checking import Difference, compare_passes, verification
from countdesk.errors import CountDeskError
from countdesk.gui.checking_models import DifferenceRow, DifferencesModel, numbered_reason
from countdesk.gui.keys import KeyActions
from countdesk.gui.roles import Authorise, nobody
from countdesk.keying import box_text, marks_from_boxes
from countdesk.papers import Marks, Rejection, read_marks
from countdesk.store.election_file import Batch, BatchState, ElectionFile, EntryPass, Paper

DIFFERS = "background: #ffe08a; color: #000000; font-weight: bold;"
READING_WIDTH = 260
NAME_WIDTH = 170  # a long name is shortened on screen (in full on hover)


def same_keying(one: Paper, other: Paper) -> bool:
    return (one.marks, one.rejected, one.doubtful) == (other.marks, other.rejected,
                                                        other.doubtful)


def returning_officer(election: ElectionFile) -> str:
    """Who settles and rules: the RO named in the setup (roles come later)."""
    return election.setup().returning_officer.strip() or "returning officer"


class DifferencesPage(QWidget):
    TITLE = "Differences"
    KEYS = (
        ("↑ ↓ (in the list)", "choose a difference"),
        ("A", "take pass A's keying of the paper"),
        ("B", "take pass B's keying of the paper"),
        ("K", "key the paper again: the boxes the passes agree on are filled in, the cursor "
              "is in the first box they differ on"),
        ("↓ ↑ Tab (keying again)", "next / previous box"),
        ("Enter (keying again)", "save the paper as keyed again"),
        ("Esc (keying again)", "back to the list"),
        ("V", "verify the batch"),
        ("Ctrl+PgDn / Ctrl+PgUp", "next / previous batch"),
    )
    problem = Signal(str)
    problem_gone = Signal()  # the paper keyed again changed: what was wrong may be gone
    done = Signal(str)  # a message for the status bar

    def __init__(self) -> None:
        super().__init__()
        self.election: ElectionFile | None = None
        self.batch: Batch | None = None
        self.authorise: Authorise = nobody  # the window's RO, once the page is in it
        self.names: tuple[str, ...] = ()
        self.by_a: dict[int, Paper] = {}
        self.by_b: dict[int, Paper] = {}
        self.settled: dict[int, Paper] = {}
        self.model = DifferencesModel()
        self._build()

    # -- the page ---------------------------------------------------------------------

    def _build(self) -> None:
        self.batches = QComboBox()
        self.batches.currentIndexChanged.connect(self._batch_chosen)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        choose = QHBoxLayout()
        label = QLabel("Bat&ch")
        label.setBuddy(self.batches)
        choose.addWidget(label)
        choose.addWidget(self.batches)
        choose.addWidget(self.summary, 1)

        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(True)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.view.selectionModel().currentRowChanged.connect(self._show_selected)
        self.model.modelReset.connect(self._show_selected)
        KeyActions(self.view, {
            "A": lambda: self.take(EntryPass.A), "B": lambda: self.take(EntryPass.B),
            "K": self.start_again, "V": self.verify,
            "Ctrl+PgDown": lambda: self._step_batch(+1),
            "Ctrl+PgUp": lambda: self._step_batch(-1),
        })

        self.paper_title = QLabel()
        font = self.paper_title.font()
        font.setBold(True)
        font.setPointSize(font.pointSize() + 2)
        self.paper_title.setFont(font)
        self.grid_holder = QWidget()
        self.grid = QGridLayout(self.grid_holder)
        self.grid.setHorizontalSpacing(10)
        self.grid.setVerticalSpacing(2)
        self.scroller = scroller = QScrollArea()
        scroller.setWidgetResizable(True)
        scroller.setWidget(self.grid_holder)
        self.again_reason = QComboBox()
        self.again_reason.addItem("not rejected")
        for reason in Rejection:  # a reason's number, typed here, chooses it
            self.again_reason.addItem(numbered_reason(reason), reason)
        self.again_doubtful = QCheckBox("doubtful (for a ruling)")
        for widget in (self.again_reason, self.again_doubtful):
            KeyActions(widget, {"Return": self.save_again, "Enter": self.save_again,
                                "Escape": self._leave_again})
        self.again_reason.currentIndexChanged.connect(self._show_readings)
        self.again_doubtful.toggled.connect(self._show_readings)

        take_a = QPushButton("Take pass &A")
        take_a.clicked.connect(lambda: self.take(EntryPass.A))
        take_b = QPushButton("Take pass &B")
        take_b.clicked.connect(lambda: self.take(EntryPass.B))
        again = QPushButton("&Key it again")
        again.clicked.connect(self.start_again)
        save_again = QPushButton("&Save as keyed again")
        save_again.clicked.connect(self.save_again)
        actions = QHBoxLayout()
        for button in (take_a, take_b, again, save_again):
            actions.addWidget(button)
        actions.addStretch(1)

        # Each keying's flags and reading, beside the boxes (the boxes may need to scroll).
        readings_panel = QWidget()
        readings_panel.setFixedWidth(READING_WIDTH)
        side = QVBoxLayout(readings_panel)
        side.setContentsMargins(0, 0, 0, 0)
        self.flag_labels: list[QLabel] = []
        self.readings: list[QLabel] = []
        for title, flagged in (("Pass A", True), ("Pass B", True), ("Keyed again", False)):
            side.addWidget(QLabel(f"<b>{title}</b>"))
            if flagged:
                flags = QLabel()
                flags.setWordWrap(True)
                side.addWidget(flags)
                self.flag_labels.append(flags)
            reading = QLabel()
            reading.setWordWrap(True)
            reading.setTextFormat(Qt.TextFormat.PlainText)
            side.addWidget(reading)
            self.readings.append(reading)
        side.addStretch(1)
        boxes_and_readings = QHBoxLayout()
        boxes_and_readings.addWidget(scroller, 1)
        boxes_and_readings.addWidget(readings_panel)

        detail = QFrame()
        detail.setFrameShape(QFrame.Shape.StyledPanel)
        right = QVBoxLayout(detail)
        right.addWidget(self.paper_title)
        right.addLayout(boxes_and_readings, 1)
        again_flags = QHBoxLayout()
        again_flags.addWidget(QLabel("Keyed again:"))
        again_flags.addWidget(self.again_reason)
        again_flags.addWidget(self.again_doubtful)
        again_flags.addStretch(1)
        right.addLayout(again_flags)
        right.addLayout(actions)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.view)
        split.addWidget(detail)
        split.setChildrenCollapsible(False)
        split.setSizes([340, 1000])

        self.reason = QLineEdit()
        self.reason.setPlaceholderText("Why the papers keyed differ from the hand count "
                                       "(kept in the audit log); Enter verifies")
        self.reason.returnPressed.connect(self.verify)
        verify = QPushButton("&Verify batch")
        verify.clicked.connect(self.verify)
        bottom = QHBoxLayout()
        bottom.addWidget(self.reason, 10)
        bottom.addStretch(1)
        bottom.addWidget(verify)
        hint = QLabel("A take pass A · B take pass B · K key it again (Enter saves, Esc back) · "
                      "V verify the batch · Ctrl+PgDn/PgUp next/previous batch")
        hint.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addLayout(choose)
        layout.addWidget(split, 1)
        layout.addLayout(bottom)
        layout.addWidget(hint)
        self.again_boxes: list[QLineEdit] = []

    def _build_grid(self) -> None:
        """One row per candidate: pass A, pass B, and a box to key the paper again."""
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.again_boxes = []
        self.a_cells: list[QLabel] = []
        self.b_cells: list[QLabel] = []
        for column, heading in enumerate(("", "Candidate", "Pass A", "Pass B", "Keyed again")):
            title = QLabel(f"<b>{heading}</b>")
            self.grid.addWidget(title, 0, column)
        for position, name in enumerate(self.names):
            row = position + 1
            number = QLabel(str(position + 1))
            number.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            label = QLabel()
            label.setToolTip(name)
            label.setText(label.fontMetrics().elidedText(name, Qt.TextElideMode.ElideRight,
                                                         NAME_WIDTH))
            cells = [QLabel(), QLabel()]
            for cell in cells:
                cell.setMinimumWidth(64)
                cell.setAlignment(Qt.AlignmentFlag.AlignCenter)
            box = QLineEdit()
            box.setFixedWidth(64)
            box.setAlignment(Qt.AlignmentFlag.AlignCenter)
            box.setAccessibleName(f"Keyed again: box for {name}")
            box.textChanged.connect(self._show_readings)
            box.textChanged.connect(self.problem_gone)
            KeyActions(box, {
                "Down": lambda p=position: self._move(p, +1),
                "Tab": lambda p=position: self._move(p, +1),
                "Up": lambda p=position: self._move(p, -1),
                "Backtab": lambda p=position: self._move(p, -1),
                "Return": self.save_again, "Enter": self.save_again,
                "Escape": self._leave_again,
            })
            for column, widget in enumerate((number, label, cells[0], cells[1], box)):
                self.grid.addWidget(widget, row, column)
            self.a_cells.append(cells[0])
            self.b_cells.append(cells[1])
            self.again_boxes.append(box)
        self.grid.setColumnStretch(1, 1)
        self.grid.setRowStretch(len(self.names) + 1, 1)

    # -- which batch ---------------------------------------------------------------------

    def show_election(self, election: ElectionFile | None) -> None:
        self.election = election
        self.batch = None
        self.names = election.setup().names if election is not None else ()
        self._build_grid()
        self.refresh()

    def refresh(self) -> None:
        """Reread the batches and the chosen batch's passes (on show, and after each change)."""
        if self.election is not None and self.election.setup().names != self.names:
            self.names = self.election.setup().names  # renamed in the setup
            self._build_grid()
        if self.election is None:
            self.batches.clear()
            self.model.refresh([])
            self.summary.clear()
            return
        wanted = self.batch.id if self.batch is not None else None
        checkable = [b for b in self.election.batches()
                     if b.state is not BatchState.VERIFIED_BY_IMPORT]
        self.batches.blockSignals(True)
        self.batches.clear()
        for batch in checkable:
            self.batches.addItem(f"{batch.label} ({batch.state.value})", batch.id)
        position = next((i for i, b in enumerate(checkable) if b.id == wanted), None)
        if position is None:
            position = next((i for i, b in enumerate(checkable)
                             if b.state is not BatchState.VERIFIED
                             and self.election.paper_count(b.id, EntryPass.B)), 0)
        self.batches.setCurrentIndex(position if checkable else -1)
        self.batches.blockSignals(False)
        self._load(checkable[position] if checkable else None)

    def choose_batch(self, batch_id: int) -> None:
        position = self.batches.findData(batch_id)
        if position >= 0:
            self.batches.setCurrentIndex(position)

    def _batch_chosen(self, position: int) -> None:
        if self.election is None or position < 0:
            return
        self._load(self.election.batch(self.batches.itemData(position)))

    def _step_batch(self, step: int) -> None:
        target = self.batches.currentIndex() + step
        if 0 <= target < self.batches.count():
            self.batches.setCurrentIndex(target)

    def _load(self, batch: Batch | None) -> None:
        self.batch = batch
        if self.election is None or batch is None:
            self.model.refresh([])
            self.summary.setText("No batches to check yet: key each batch twice "
                                 "(pass A, then pass B on the Batches page).")
            return
        a = self.election.papers(batch.id, EntryPass.A)
        b = self.election.papers(batch.id, EntryPass.B)
        self.by_a = {p.number: p for p in a}
        self.by_b = {p.number: p for p in b}
        self.settled = {p.number: p for p in self.election.papers(batch.id, EntryPass.SETTLED)}
        check = verification(batch.label, a, b, self.settled, batch.hand_count)
        current = self.current()
        self.model.refresh([DifferenceRow(d, d.describe(self.names), self._settled_as(d))
                            for d in compare_passes(a, b)])
        self.summary.setText(self._summary(batch, len(a), len(b), check.differences,
                                           check.unsettled, check.count_mismatch))
        self.reason.setVisible(bool(check.count_mismatch)
                               and batch.state is not BatchState.VERIFIED)
        if self.model.rows:
            numbers = [row.difference.number for row in self.model.rows]
            row = numbers.index(current.number) if current and current.number in numbers else 0
            self.view.selectRow(row)
        self._show_selected()

    def _summary(self, batch: Batch, keyed_a: int, keyed_b: int,
                 differences: tuple[Difference, ...], unsettled: tuple[int, ...],
                 mismatch: str) -> str:
        hand = "no hand count" if batch.hand_count is None else f"hand count {batch.hand_count}"
        words = [f"Pass A {keyed_a} papers · pass B {keyed_b} · {hand}"]
        if batch.state is BatchState.VERIFIED:
            words.append("✓ verified")
        elif not keyed_b:
            words.append("not yet keyed a second time")
        elif keyed_a != keyed_b:
            words.append("✗ the passes hold different numbers of papers: insert or remove "
                         "the skipped or doubled paper on the Keying page")
        else:
            plural = "" if len(differences) == 1 else "s"
            words.append(f"{len(differences)} difference{plural}, {len(unsettled)} not settled")
            if mismatch:
                words.append("✗ the count differs from the hand count: say why below")
        return " · ".join(words)

    def _settled_as(self, difference: Difference) -> str:
        settled = self.settled.get(difference.number)
        if settled is None:
            return ""
        for entry_pass, paper in (("A", difference.a), ("B", difference.b)):
            if paper is not None and same_keying(settled, paper):  # type: ignore[arg-type]
                return f"✓ pass {entry_pass}"
        return "✓ keyed again"

    # -- the selected paper ----------------------------------------------------------------

    def current(self) -> Difference | None:
        index = self.view.currentIndex()
        if not index.isValid() or index.row() >= len(self.model.rows):
            return None
        return self.model.rows[index.row()].difference

    def _show_selected(self, *_: QModelIndex) -> None:
        difference = self.current()
        number = difference.number if difference is not None else None
        a = self.by_a.get(number) if number is not None else None
        b = self.by_b.get(number) if number is not None else None
        if difference is None:
            self.paper_title.setText("No difference selected" if self.batch else "")
        else:
            settled = self.model.rows[self.view.currentIndex().row()].settled
            self.paper_title.setText(f"Paper {difference.number}"
                                     + (f" — settled: {settled}" if settled else
                                        " — check it against the paper"))
        differing = set(difference.boxes) if difference is not None else set()
        for position in range(len(self.names)):
            for cell, paper in ((self.a_cells[position], a), (self.b_cells[position], b)):
                text = "" if paper is None else box_text(paper.marks[position]) or "·"
                marked = position in differing
                cell.setText(f"≠ {text}" if marked else text)
                cell.setStyleSheet(DIFFERS if marked else "")
        for label, paper, flag_differs in (
                (self.flag_labels[0], a, difference is not None and (
                    difference.rejected_differs or difference.doubtful_differs)),
                (self.flag_labels[1], b, difference is not None and (
                    difference.rejected_differs or difference.doubtful_differs))):
            label.setText("Flags: " + self._flags(paper))
            label.setStyleSheet(DIFFERS if flag_differs else "")
        self._fill_again([""] * len(self.again_boxes))
        self.again_reason.setCurrentIndex(0)
        self.again_doubtful.setChecked(False)
        self._show_readings()
        # The first box that differs in view (the top of the paper when none does).
        if self.a_cells:
            self.scroller.ensureWidgetVisible(self.a_cells[min(differing, default=0)], 0, 40)

    def _fill_again(self, texts: list[str]) -> None:
        for box, text in zip(self.again_boxes, texts, strict=True):
            box.blockSignals(True)
            box.setText(text)
            box.blockSignals(False)

    def _flags(self, paper: Paper | None) -> str:
        if paper is None:
            return "not keyed"
        flags = []
        if paper.rejected is not None:
            flags.append(f"rejected: {paper.rejected.value}")
        if paper.doubtful:
            flags.append("doubtful")
        return "; ".join(flags) or "none"

    def _show_readings(self) -> None:
        if self.election is None or not self.readings:
            return
        lone_cross = self.election.setup().lone_cross
        difference = self.current()
        for label, paper in zip(self.readings[:2], (
                difference.a if difference else None, difference.b if difference else None),
                strict=True):
            if paper is None:
                label.setText("—")
            elif paper.rejected is not None:
                label.setText(f"Rejected by the teller: {paper.rejected.value}")
            else:
                label.setText(read_marks(paper.marks, lone_cross).describe(self.names))
        try:
            again = self.again_marks()
        except CountDeskError as error:
            self.readings[2].setText(f"Cannot read this yet: {error}.")
            return
        if not any(again) and self.again_reason.currentIndex() == 0:
            self.readings[2].setText("(K to key the paper again)")
        elif self.again_reason.currentIndex() > 0:
            self.readings[2].setText(f"Rejected: {self.again_reason.currentData().value}")
        else:
            self.readings[2].setText(read_marks(again, lone_cross).describe(self.names))

    def again_marks(self) -> Marks:
        return marks_from_boxes([box.text() for box in self.again_boxes])

    # -- settling --------------------------------------------------------------------------

    def _settleable(self) -> Difference | None:
        if self.election is None or self.batch is None:
            return None
        difference = self.current()
        if difference is None:
            self.problem.emit("There is no difference to settle in this batch.")
            return None
        if self.batch.state is BatchState.VERIFIED:
            self.problem.emit(f"Batch {self.batch.label!r} is verified: its papers are settled.")
            return None
        return difference

    def take(self, entry_pass: EntryPass) -> None:
        difference = self._settleable()
        if difference is None or self.election is None:
            return
        chosen = difference.a if entry_pass is EntryPass.A else difference.b
        if not isinstance(chosen, Paper):
            self.problem.emit(f"Paper {difference.number} is not in pass {entry_pass.value}: "
                              "insert or remove the paper skipped or keyed twice on the "
                              "Keying page first.")
            return
        settled = Paper(chosen.batch, EntryPass.SETTLED, chosen.number, chosen.marks,
                        chosen.rejected, chosen.doubtful, chosen.teller)
        self._settle(settled, f"take pass {entry_pass.value}")

    def start_again(self) -> None:
        """K: key the paper again from the paper itself. What both passes read alike is
        filled in; the cursor waits in the first box they differ on (in view), or at the
        flags when only the flags differ."""
        difference = self._settleable()
        if difference is None or not self.again_boxes:
            return
        a, b = difference.a, difference.b
        if a is not None and b is not None:
            self._fill_again([box_text(mark) if position not in difference.boxes else ""
                              for position, mark in enumerate(a.marks)])
            self._show_readings()
        if difference.boxes or a is None or b is None:
            self._move(min(difference.boxes, default=0), 0)
        else:
            self.again_reason.setFocus()

    def save_again(self) -> None:
        difference = self._settleable()
        if difference is None or self.election is None or self.batch is None:
            return
        try:
            marks = self.again_marks()
        except CountDeskError as error:
            self.problem.emit(f"Paper {difference.number} is not settled: {error}.")
            return
        rejected = self.again_reason.currentData()
        paper = Paper(self.batch.id, EntryPass.SETTLED, difference.number, marks, rejected,
                      self.again_doubtful.isChecked(), returning_officer(self.election))
        self._settle(paper, "keyed again")

    def _settle(self, paper: Paper, how: str) -> None:
        assert self.election is not None and self.batch is not None
        authority = self.authorise(f"settling paper {paper.number} of {self.batch.label}")
        if authority is None:
            return
        try:
            self.election.settle_paper(paper, returning_officer(self.election), how,
                                       authority)
        except CountDeskError as error:
            self.problem.emit(str(error))
            return
        self._load(self.election.batch(self.batch.id))
        self._next_unsettled()
        self.view.setFocus()
        self.done.emit(f"Paper {paper.number} of {self.batch.label} settled: {how}.")

    def _next_unsettled(self) -> None:
        for row, found in enumerate(self.model.rows):
            if not found.settled:
                self.view.selectRow(row)
                return

    def _move(self, position: int, step: int) -> None:
        target = min(max(position + step, 0), len(self.again_boxes) - 1)
        if position + step >= len(self.again_boxes):
            self.again_reason.setFocus()
            return
        self.again_boxes[target].setFocus()
        self.again_boxes[target].selectAll()
        self.scroller.ensureWidgetVisible(self.again_boxes[target], 0, 40)

    def _leave_again(self) -> None:
        self._show_selected()
        self.view.setFocus()

    # -- verifying ------------------------------------------------------------------------

    def verify(self) -> None:
        if self.election is None or self.batch is None:
            return
        authority = self.authorise(f"verifying batch {self.batch.label}")
        if authority is None:
            return
        try:
            self.election.verify_batch(self.batch.id, returning_officer(self.election),
                                       self.reason.text(), authority)
        except CountDeskError as error:
            self.problem.emit(str(error))
            if self.reason.isVisible() and "record why" in str(error):
                self.reason.setFocus()
            return
        self.reason.clear()
        label = self.batch.label
        self.refresh()
        self.view.setFocus()
        self.done.emit(f"Batch {label} verified.")
