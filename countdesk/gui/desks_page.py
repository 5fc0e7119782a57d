"""The Desks page: one election keyed on several laptops, with no network.

On the returning officer's laptop it has three parts: the count-day **dashboard** (each
batch's desks and passes, each desk's pace, the checklist before certifying), the **desk
files** (one for each teller laptop: the passes it keys) and the **import** of the batch packs
the desks bring on USB sticks. On a teller laptop, opened on its desk file, it has one:
**export** the desk's batch pack to a folder or a stick. Every decision is
`countdesk.app.exchange`'s and `countdesk.app.dashboard`'s; this page only asks and shows.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSizePolicy,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from countdesk.app.dashboard import BatchLine, DeskLine, dashboard
from countdesk.app.exchange import (
    PACK_SUFFIX,
    PackRefused,
    export_pack,
    finished,
    import_pack,
    make_desk_file,
    pack_passes,
    read_pack,
)
from countdesk.errors import CountDeskError
from countdesk.gui.file_dialogs import ask_open_path, ask_save_path
from countdesk.gui.roles import Authorise, nobody
from countdesk.gui.rows_model import RowsModel
from countdesk.store.election_file import ElectionFile, EntryPass


class BatchLinesModel(RowsModel[BatchLine]):
    HEADERS = ("Batch", "Hand count", "Pass A: desk", "Pass A keyed", "Pass B: desk",
               "Pass B keyed", "Open differences", "Doubtful", "State")

    def cells(self, row: BatchLine) -> tuple[str, ...]:
        hand = "?" if row.hand_count is None else str(row.hand_count)
        differences = "—" if row.open_differences is None else str(row.open_differences)
        return (row.label, hand, row.desk_a or "this laptop", f"{row.keyed_a} of {hand}",
                row.desk_b or "this laptop", f"{row.keyed_b} of {hand}", differences,
                str(row.doubtful), row.state)

    def numeric(self) -> frozenset[int]:
        return frozenset({1, 3, 5, 6, 7})


class DeskLinesModel(RowsModel[DeskLine]):
    HEADERS = ("Desk", "Passes imported", "Papers imported", "Papers left", "Papers a minute",
               "To finish", "Packs")

    def cells(self, row: DeskLine) -> tuple[str, ...]:
        left = "?" if row.papers_left is None else str(row.papers_left)
        return (row.name, f"{row.passes_in} of {row.passes}", str(row.papers_in), left,
                row.rate_words(), row.finish_words(), str(row.packs))

    def numeric(self) -> frozenset[int]:
        return frozenset({2, 3, 4, 6})


def _table(model: RowsModel) -> QTableView:  # type: ignore[type-arg]
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def _buddy(text: str, field: QWidget) -> QLabel:
    """A field's label whose Alt key goes to the field (a row holding a layout has none)."""
    label = QLabel(text)
    label.setBuddy(field)
    return label


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class DashboardPart(QWidget):
    """The count day at a glance, from the RO's file."""

    def __init__(self) -> None:
        super().__init__()
        self.batches = BatchLinesModel()
        self.desks = DeskLinesModel()
        self.batch_view = _table(self.batches)
        self.desk_view = _table(self.desks)
        self.checklist = QListWidget()
        # The desks and the checklist take four rows' height; the batches all that is left.
        rows = self.desk_view.verticalHeader().defaultSectionSize()
        for view in (self.desk_view, self.checklist):
            view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            view.setFixedHeight(rows * 5 + 6)
        self.batch_view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.checklist.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.checklist.setWordWrap(True)
        self.checklist.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.ready = QLabel()
        self.ready.setWordWrap(True)
        font = self.ready.font()
        font.setPointSize(font.pointSize() + 2)
        font.setBold(True)
        self.ready.setFont(font)
        note = QLabel("A desk's papers count here once its pack is imported: its pace and "
                      "time to finish are as of its last pack.")
        note.setWordWrap(True)
        lower = QHBoxLayout()
        desks = QVBoxLayout()
        desks.addWidget(_heading("Desks"))
        desks.addWidget(self.desk_view)
        desks.addWidget(note)
        checks = QVBoxLayout()
        checks.addWidget(_heading("Before the result is certified"))
        checks.addWidget(self.checklist)
        checks.addWidget(self.ready)
        lower.addLayout(desks, 3)
        lower.addLayout(checks, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(_heading("Batches"))
        layout.addWidget(self.batch_view, 1)
        layout.addLayout(lower, 0)

    def show_file(self, election: ElectionFile) -> None:
        board = dashboard(election)
        self.batches.refresh(board.batches)
        self.desks.refresh(board.desks)
        self.checklist.clear()
        for item in board.checklist:
            self.checklist.addItem(("✓  " if item.done else "✗  ") + item.words)
        self.ready.setText("Ready to count and certify." if board.ready else
                           "Not ready to certify yet.")
        self.ready.setStyleSheet("color: #1a6b1a;" if board.ready else "color: #a40000;")


class DeskFilePart(QWidget):
    """The RO makes the desk file of a teller laptop: its name, its passes, where it goes."""

    made = Signal(str)
    problem = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.election: ElectionFile | None = None
        self.authorise: Authorise = nobody
        self.name = QLineEdit()
        self.name.setPlaceholderText("Desk 1")
        self.passes = QTableWidget(0, 4)
        self.passes.setHorizontalHeaderLabels(("Batch", "Hand count", "Pass A", "Pass B"))
        self.passes.verticalHeader().hide()
        self.passes.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.passes.horizontalHeader().setStretchLastSection(True)
        self.passes.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.passes.setTabKeyNavigation(False)
        self.leave = QLineEdit()
        self.leave.setPlaceholderText("only when this desk keys both passes of a batch: why")
        self.path = QLineEdit()
        self.path.setPlaceholderText("the desk file to make, e.g. a USB stick's "
                                     "Desk 1.countdesk")
        choose = QPushButton("Ch&oose…")
        choose.clicked.connect(self._choose)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(choose)
        self.make_button = QPushButton("&Make the desk file  (Ctrl+Enter)")
        self.make_button.clicked.connect(self.make)
        self.take_back_reason = QLineEdit()
        self.take_back_reason.setPlaceholderText(
            "a desk's laptop failed? select its pass above, say why here, then Enter")
        self.take_back_reason.returnPressed.connect(self.take_back)
        self.take_back_button = QPushButton("&Take back the pass selected")
        self.take_back_button.clicked.connect(self.take_back)
        taking = QHBoxLayout()
        taking.addWidget(self.take_back_reason, 1)
        taking.addWidget(self.take_back_button)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.make,
                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        help_text = QLabel(
            "A desk file is the election for one teller laptop: the setup (fixed there) and "
            "the passes it keys. Tick pass A or pass B of each batch it keys (Space ticks); "
            "the other pass of a batch goes to another desk, so that other eyes check every "
            "paper. Copy the file to the laptop and open it there; its tellers key as on "
            "any laptop, then export a batch pack for this one.")
        help_text.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Desk &name", self.name)
        form.addRow("Passes it &keys", self.passes)
        form.addRow("Both passes: &why", self.leave)
        form.addRow(_buddy("Desk file &goes to", self.path), where)
        layout = QVBoxLayout(self)
        layout.addWidget(help_text)
        layout.addLayout(form, 1)
        layout.addWidget(self.make_button, 0, Qt.AlignmentFlag.AlignLeft)
        again = QFormLayout()
        again.addRow(_buddy("Taking a pass back: why", self.take_back_reason), taking)
        layout.addLayout(again)

    def show_file(self, election: ElectionFile) -> None:
        self.election = election
        owners = {(p.batch, p.entry_pass): p.desk for p in election.desk_passes()}
        names = {desk.id: desk.name for desk in election.desks()}
        batches = [b for b in election.batches()
                   if b.state.value not in ("verified", "verified by import")]
        self.passes.setRowCount(len(batches))
        for row, batch in enumerate(batches):
            label = QTableWidgetItem(batch.label)
            label.setData(Qt.ItemDataRole.UserRole, batch.id)
            label.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            self.passes.setItem(row, 0, label)
            hand = QTableWidgetItem("?" if batch.hand_count is None else str(batch.hand_count))
            hand.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            self.passes.setItem(row, 1, hand)
            for column, which in ((2, "A"), (3, "B")):
                owner = owners.get((batch.id, which))
                keyed = election.paper_count(batch.id, EntryPass(which))
                if owner is not None:
                    item = QTableWidgetItem(f"on {names[owner]}")
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                    item.setForeground(Qt.GlobalColor.darkGray)
                elif keyed:
                    item = QTableWidgetItem(f"keyed here ({keyed})")
                    item.setFlags(Qt.ItemFlag.ItemIsSelectable)
                else:
                    item = QTableWidgetItem(f"pass {which}")
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                                  | Qt.ItemFlag.ItemIsUserCheckable)
                    item.setCheckState(Qt.CheckState.Unchecked)
                item.setData(Qt.ItemDataRole.UserRole, (batch.id, which, owner is not None))
                self.passes.setItem(row, column, item)
        if not self.name.text().strip():
            self.name.setText(f"Desk {len(names) + 1}")

    def chosen(self) -> list[tuple[int, str]]:
        chosen = []
        for row in range(self.passes.rowCount()):
            batch = self.passes.item(row, 0).data(Qt.ItemDataRole.UserRole)
            for column, which in ((2, "A"), (3, "B")):
                item = self.passes.item(row, column)
                if item.flags() & Qt.ItemFlag.ItemIsUserCheckable and \
                        item.checkState() == Qt.CheckState.Checked:
                    chosen.append((batch, which))
        return chosen

    def take_back(self) -> None:
        """The pass selected is taken back from its desk (its laptop failed), with a reason."""
        if self.election is None:
            return
        item = self.passes.currentItem()
        chosen = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if not isinstance(chosen, tuple) or not chosen[2]:
            self.problem.emit("select the pass to take back: one that is on a desk")
            return
        batch, which, _ = chosen
        if not self.take_back_reason.text().strip():
            self.problem.emit("say why the pass is taken back from its desk")
            return
        authority = self.authorise(f"taking pass {which} back from its desk")
        if authority is None:
            self.problem.emit("taking a pass back is the returning officer's: it stays on "
                              "its desk")
            return
        try:
            desk = self.election.take_back_pass(
                batch, which, self.take_back_reason.text(),
                self.election.setup().returning_officer or "returning officer", authority)
        except CountDeskError as error:
            self.problem.emit(str(error))
            return
        self.take_back_reason.clear()
        self.show_file(self.election)
        self.made.emit(f"Pass {which} of {self.election.batch(batch).label!r} taken back from "
                       f"{desk!r}: tick it for another desk, or key it on this laptop.")

    def _choose(self) -> None:
        if self.election is None:
            return
        name = self.name.text().strip() or "Desk"
        chosen = ask_save_path(self, "Make the desk file", self.election.path.with_name(
            f"{name}.countdesk"), "Desk files (*.countdesk)")
        if chosen is not None:
            self.path.setText(str(chosen))

    def make(self) -> None:
        if self.election is None:
            return
        passes = self.chosen()
        both = {batch for batch, _ in passes if (batch, "A") in passes and (batch, "B") in passes}
        leave = {batch: self.leave.text() for batch in both}
        refusal = self.election.desk_refusal(self.name.text(), passes, leave)
        if not refusal and not self.path.text().strip():
            refusal = "say where the desk file goes (a USB stick, or a folder)"
        if refusal:
            self.problem.emit(refusal)
            return
        authority = self.authorise(f"making the desk file of {self.name.text().strip()!r}")
        if authority is None:
            self.problem.emit("making a desk file is the returning officer's: it was not "
                              "made")
            return
        try:
            path = make_desk_file(self.election, Path(self.path.text().strip()),
                                  self.name.text(), passes, self.election.setup()
                                  .returning_officer or "returning officer", authority, leave)
        except CountDeskError as error:
            self.problem.emit(str(error))
            return
        self.made.emit(f"Desk file of {self.name.text().strip()!r} made: {path}. Copy it to "
                       "the desk's laptop and open it there.")
        self.name.clear()
        self.leave.clear()
        self.path.clear()
        self.show_file(self.election)


class ImportPart(QWidget):
    """The RO imports the packs the desks bring: a pack, or every pack in a folder."""

    imported = Signal(str)
    problem = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.election: ElectionFile | None = None
        self.authorise: Authorise = nobody
        self.path = QLineEdit()
        self.path.setPlaceholderText(f"a pack ({PACK_SUFFIX}), or a folder (a USB stick) of "
                                     "packs")
        self.path.returnPressed.connect(self.import_packs)
        choose = QPushButton("Ch&oose…")
        choose.clicked.connect(self._choose)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(choose)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("only to replace a pass imported before by a newer "
                                       "pack: why (kept in the audit log)")
        self.import_button = QPushButton("Import &now  (Enter)")
        self.import_button.clicked.connect(self.import_packs)
        self.outcomes = QListWidget()
        self.outcomes.setWordWrap(True)
        help_text = QLabel(
            "Each pack is imported whole or not at all. A pack that is damaged, from another "
            "election or desk file, imported already, or in conflict with this file is "
            "refused, with the reason. A newer pack of a pass imported before replaces it "
            "only with the returning officer's passphrase and a reason.")
        help_text.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_buddy("Pac&k or folder", self.path), where)
        form.addRow("Replacing: &why", self.reason)
        layout = QVBoxLayout(self)
        layout.addWidget(help_text)
        layout.addLayout(form)
        layout.addWidget(self.import_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(_heading("Packs brought"))
        layout.addWidget(self.outcomes, 1)

    def show_file(self, election: ElectionFile) -> None:
        self.election = election

    def _choose(self) -> None:
        if self.election is None:
            return
        chosen = ask_open_path(self, "Import a batch pack", self.election.path.parent,
                               f"Batch packs (*{PACK_SUFFIX})")
        if chosen is not None:
            self.path.setText(str(chosen))

    def import_packs(self) -> None:
        if self.election is None:
            return
        given = Path(self.path.text().strip()) if self.path.text().strip() else None
        if given is None or not given.exists():
            self.problem.emit("say which pack to import, or the folder (a USB stick) that "
                              "holds the packs")
            return
        packs = sorted(given.glob(f"*{PACK_SUFFIX}")) if given.is_dir() else [given]
        if not packs:
            self.problem.emit(f"{given} holds no batch pack ({PACK_SUFFIX})")
            return
        authority = self.authorise("importing batch packs")
        if authority is None:
            self.problem.emit("importing a pack is the returning officer's: nothing was "
                              "imported")
            return
        by = self.election.setup().returning_officer or "returning officer"
        done = refused = 0
        for pack in packs:
            try:
                plan = import_pack(self.election, pack, by, authority, self.reason.text())
            except PackRefused as error:
                refused += 1
                self.outcomes.insertItem(0, f"✗ Refused ({error.kind}): {error}")
            except CountDeskError as error:
                refused += 1
                self.outcomes.insertItem(0, f"✗ Refused: {error}")
            else:
                done += 1
                self.outcomes.insertItem(0, f"✓ {plan.summary()}")
        self.reason.clear()
        message = f"{done} pack{'s' if done != 1 else ''} imported"
        if refused:
            message += f", {refused} refused (the reasons are listed)"
        self.imported.emit(message + ".")


class ExportPart(QWidget):
    """A desk exports its batch pack, for the RO's laptop."""

    exported = Signal(str)
    problem = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.election: ElectionFile | None = None
        self.who = QLabel()
        self.who.setWordWrap(True)
        font = self.who.font()
        font.setPointSize(font.pointSize() + 2)
        self.who.setFont(font)
        self.passes = QTableWidget(0, 4)
        self.passes.setHorizontalHeaderLabels(("Batch", "Pass", "Papers keyed", "In the pack"))
        self.passes.verticalHeader().hide()
        self.passes.horizontalHeader().setStretchLastSection(True)
        self.passes.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.passes.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.folder = QLineEdit()
        self.folder.setPlaceholderText("the USB stick, or a folder, to put the pack in")
        self.folder.returnPressed.connect(self.export)
        choose = QPushButton("Ch&oose…")
        choose.clicked.connect(self._choose)
        where = QHBoxLayout()
        where.addWidget(self.folder, 1)
        where.addWidget(choose)
        self.unfinished = QCheckBox("&Unfinished passes too (the returning officer replaces "
                                    "them later, with a reason)")
        self.unfinished.toggled.connect(lambda _: self._show_passes())
        self.export_button = QPushButton("&Export the batch pack  (Enter)")
        self.export_button.clicked.connect(self.export)
        self.fingerprint = QLabel()
        self.fingerprint.setWordWrap(True)
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        mono = QFont("DejaVu Sans Mono")
        mono.setPointSize(self.fingerprint.font().pointSize() + 1)
        self.fingerprint.setFont(mono)
        help_text = QLabel(
            "The pack holds each pass this desk has keyed to its hand count, each paper as "
            "keyed, this desk file's audit log and a fingerprint (SHA-256). Take it to the "
            "returning officer's laptop, which imports it whole or not at all. Export again "
            "as more passes are finished: the passes imported already are left as they are.")
        help_text.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_buddy("&Stick or folder", self.folder), where)
        layout = QVBoxLayout(self)
        layout.addWidget(self.who)
        layout.addWidget(help_text)
        layout.addWidget(self.passes, 1)
        layout.addLayout(form)
        layout.addWidget(self.unfinished)
        layout.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.fingerprint)

    def show_file(self, election: ElectionFile) -> None:
        self.election = election
        desk = election.this_desk()
        if desk is None:
            return
        keys = ", ".join(f"pass {which} of {label!r}" for label, which in desk.passes)
        self.who.setText(f"This laptop is {desk.desk!r} of {election.setup().title!r}: it "
                         f"keys {keys}.")
        self._show_passes()

    def _show_passes(self) -> None:
        if self.election is None or self.election.this_desk() is None:
            return
        standing = pack_passes(self.election)
        self.passes.setRowCount(len(standing))
        for row, (label, which, keyed, hand) in enumerate(standing):
            goes = ("yes" if finished(keyed, hand) else
                    "yes, unfinished" if keyed and self.unfinished.isChecked() else
                    "not yet" if keyed else "nothing keyed")
            hand_words = "?" if hand is None else str(hand)
            for column, text in enumerate((label, which, f"{keyed} of {hand_words}", goes)):
                self.passes.setItem(row, column, QTableWidgetItem(text))

    def _choose(self) -> None:
        if self.election is None:
            return
        chosen = ask_save_path(self, "Export the batch pack", self.election.path.with_name(
            f"pack{PACK_SUFFIX}"), f"Batch packs (*{PACK_SUFFIX})")
        if chosen is not None:
            self.folder.setText(str(chosen))

    def export(self) -> None:
        if self.election is None:
            return
        given = self.folder.text().strip()
        if not given:
            self.problem.emit("say where the pack goes: the USB stick, or a folder")
            return
        try:
            path = export_pack(self.election, Path(given),
                               unfinished=self.unfinished.isChecked())
            pack = read_pack(path)
        except CountDeskError as error:
            self.problem.emit(str(error))
            return
        fingerprint = pack.fingerprint
        grouped = " ".join(fingerprint[i:i + 8] for i in range(0, 64, 8))
        self.fingerprint.setText(f"Pack written: {path}\nSHA-256 {grouped}")
        self.exported.emit(f"Batch pack {path.name} written: take it to the returning "
                           "officer's laptop.")
        self.show_file(self.election)


class DesksPage(QWidget):
    TITLE = "Desks"
    KEYS = (
        ("Ctrl+PgDown / Ctrl+PgUp", "the next or previous part: dashboard, desk files, "
         "import (on a desk's laptop: export)"),
        ("Space (on a pass)", "tick it for the desk file"),
        ("Ctrl+Enter", "make the desk file"),
        ("Enter (in the pack's field)", "import the pack, or every pack in the folder"),
        ("Enter (in the folder field)", "export the batch pack (on a desk's laptop)"),
    )
    problem = Signal(str)
    done = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.election: ElectionFile | None = None
        self._authorise: Authorise = nobody
        self.dashboard = DashboardPart()
        self.desk_file = DeskFilePart()
        self.importer = ImportPart()
        self.exporter = ExportPart()
        for part in (self.desk_file, self.importer, self.exporter):
            part.problem.connect(self.problem)
        self.desk_file.made.connect(self._done)
        self.importer.imported.connect(self._done)
        self.exporter.exported.connect(self._done)
        self.parts = QTabWidget()
        for keys, step in (("Ctrl+PgDown", 1), ("Ctrl+PgUp", -1)):
            QShortcut(QKeySequence(keys), self, lambda step=step: self._step(step),
                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.parts)
        self.view = self.parts

    @property
    def authorise(self) -> Authorise:
        return self._authorise

    @authorise.setter
    def authorise(self, ask: Authorise) -> None:
        self._authorise = ask
        self.desk_file.authorise = ask
        self.importer.authorise = ask

    def show_election(self, election: ElectionFile | None) -> None:
        self.election = election
        self.parts.clear()
        if election is None:
            return
        if election.this_desk() is not None:
            self.parts.addTab(self.exporter, "Batch &pack")
        else:
            self.parts.addTab(self.dashboard, "Dash&board")
            self.parts.addTab(self.desk_file, "&Desk files")
            self.parts.addTab(self.importer, "&Import packs")
        self.refresh()

    def refresh(self) -> None:
        if self.election is None:
            return
        try:
            if self.election.this_desk() is not None:
                self.exporter.show_file(self.election)
            else:
                self.dashboard.show_file(self.election)
                self.desk_file.show_file(self.election)
                self.importer.show_file(self.election)
        except CountDeskError as error:
            self.problem.emit(str(error))

    def _step(self, step: int) -> None:
        if self.parts.count():
            self.parts.setCurrentIndex((self.parts.currentIndex() + step) % self.parts.count())

    def show_part(self, part: QWidget) -> None:
        self.parts.setCurrentWidget(part)

    def _done(self, message: str) -> None:
        self.refresh()
        self.done.emit(message)
