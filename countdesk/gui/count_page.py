"""The Count page: the returning officer counts, and draws lots when the rules say so.

A final count needs every batch verified and every doubtful paper ruled; until then a count
is PROVISIONAL, and the page says what is missing. The count runs off the GUI thread. When a
tie must be broken by lot, a dialog records the draw made in the hall (who drew, who came
out) or lets CountDesk draw with a seed it shows; either way the lot is kept in the election
file, so a recount reuses it.
"""

from __future__ import annotations

import secrets

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from countdesk.app.election_count import PreparedCount, prepare_count, record_count
from countdesk.app.records import quota_rule_lines
from countdesk.count.lots import HALL, SEEDED, LotDecision, LotNeeded, seeded_index
from countdesk.count.result import Result
from countdesk.count.rulesets import rule_set
from countdesk.errors import CountDeskError
from countdesk.gui.background import run_in_background
from countdesk.gui.roles import Authorise, nobody
from countdesk.store.election_file import ElectionFile
from countdesk.store.errors import RoleError


class LotDialog(QDialog):
    """Record the lot drawn in the hall, or let CountDesk draw with a seed it shows."""

    def __init__(self, parent: QWidget, tie: LotNeeded, drawn_by: str) -> None:
        super().__init__(parent)
        self.tie = tie
        self.setWindowTitle("Draw lots")
        question = QLabel(
            f"Stage {tie.stage}: {', '.join(tie.tied)} are tied for {tie.purpose}, and the "
            "rules say the tie is broken by lot. Draw lots in the hall, in front of the "
            "scrutineers, and record what came out; or let CountDesk draw with a seed it "
            "prints, so that anyone can repeat the draw.")
        question.setWordWrap(True)
        self.chosen = QComboBox()
        self.chosen.addItems(tie.tied)
        self.drawn_by = QLineEdit(drawn_by)
        form = QFormLayout()
        form.addRow("Came &out of the draw", self.chosen)
        form.addRow("Drawn &by", self.drawn_by)
        buttons = QDialogButtonBox()
        self.hall = buttons.addButton("&Record the draw made in the hall",
                                      QDialogButtonBox.ButtonRole.AcceptRole)
        self.seeded = buttons.addButton("Let CountDesk &draw (seed printed)",
                                        QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.hall.clicked.connect(lambda: self._decide(seeded=False))
        self.seeded.clicked.connect(lambda: self._decide(seeded=True))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.decision: LotDecision | None = None
        self.resize(560, 240)

    def _decide(self, seeded: bool) -> None:
        tied = self.tie.tied
        drawn_by = self.drawn_by.text().strip()
        if seeded:
            seed = secrets.randbelow(10**9)
            chosen = tied[seeded_index(seed, self.tie.stage, self.tie.purpose, tied)]
            self.decision = LotDecision(self.tie.stage, tied, chosen, drawn_by or "CountDesk",
                                        f"{SEEDED}{seed}")
        else:
            if not drawn_by:
                self.drawn_by.setFocus()
                self.drawn_by.setPlaceholderText("who drew the lot?")
                return
            self.decision = LotDecision(self.tie.stage, tied, self.chosen.currentText(),
                                        drawn_by, HALL)
        self.accept()


class CountPage(QWidget):
    TITLE = "Count"
    KEYS = (
        ("F5 or Ctrl+Enter", "count now (final when ready, otherwise provisional)"),
        ("Tab", "between the quota-rule method and the count button"),
    )
    counted = Signal(object)  # the StoredCount just made and kept in the file
    problem = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.election: ElectionFile | None = None
        self.readiness = QLabel()
        self.authorise: Authorise = nobody  # the window's RO, once the page is in it
        self.readiness.setWordWrap(True)
        self.readiness.setTextFormat(Qt.TextFormat.PlainText)
        self.rules = QLabel()
        self.rules.setWordWrap(True)
        self.method = QComboBox()
        self.method.addItem("Guard and doom inside the count", "guard-doom")
        self.method.addItem("Separate counts: reserved places first", "separate")
        self.count_button = QPushButton("&Count now  (F5)")
        self.count_button.clicked.connect(self.count)
        self.count_button.setShortcut("F5")
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.history = QListWidget()
        self.lot_dialog: LotDialog | None = None

        self.quota_rules = QLabel()
        self.quota_rules.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Counting rules", self.rules)
        form.addRow("Quota rules", self.quota_rules)
        form.addRow("&Quota rules kept by", self.method)
        box = QGroupBox("Count")
        inner = QVBoxLayout(box)
        inner.addWidget(self.readiness)
        inner.addLayout(form)
        row = QHBoxLayout()
        row.addWidget(self.count_button)
        row.addWidget(self.progress, 1)
        inner.addLayout(row)
        inner.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.addWidget(box)
        layout.addWidget(QLabel("Counts made so far (each kept in the election file):"))
        layout.addWidget(self.history, 1)

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            self.count()
        else:
            super().keyPressEvent(event)

    def show_election(self, election: ElectionFile | None) -> None:
        dropped = self.lot_dialog is not None and election is not self.election
        if dropped:
            self._drop_lot_dialog()
        self.election = election
        self.refresh()
        if dropped:
            self.status.setText("The lot was not drawn, and no count was kept: the election "
                                "it was for was closed.")

    def _drop_lot_dialog(self) -> None:
        """The election a lot was asked for is closed: its dialog goes, and no lot drawn in
        it can be kept in another election."""
        assert self.lot_dialog is not None
        dialog, self.lot_dialog = self.lot_dialog, None
        dialog.accepted.disconnect()
        dialog.rejected.disconnect()
        dialog.reject()

    def refresh(self) -> None:
        self.history.clear()
        if self.election is None:
            self.readiness.clear()
            return
        setup = self.election.setup()
        blockers = self.election.final_count_blockers()
        if blockers:
            self.readiness.setText("A count now is PROVISIONAL. Not yet ready for a final "
                                   "count:\n• " + "\n• ".join(blockers))
            self.readiness.setStyleSheet("color: #8a4b00;")
        else:
            self.readiness.setText("Ready for a final count: every batch is verified and "
                                   "every doubtful paper ruled.")
            self.readiness.setStyleSheet("color: #1b6e20;")
        options = dict(setup.rule_options)
        rules = rule_set(setup.rules)
        details = rules.describe({option.name: options[option.name]
                                  for option in rules.options if options.get(option.name)})
        self.rules.setText(details + (" · ties: rules, then lot drawn in the hall"
                                      if setup.tie_policy != "rules-then-seed" else
                                      " · ties: rules, then lot drawn by CountDesk"))
        self.method.setEnabled(bool(setup.limits))
        self.quota_rules.setText("; ".join(quota_rule_lines(setup.limits)) or "none")
        certified = {c.count_run: c for c in self.election.certifications()}
        for run in reversed(self.election.counts()):
            kind = "PROVISIONAL" if run.provisional else "final"
            line = f"Count {run.id} · {kind} · {run.at} by {run.by}"
            if run.id in certified:
                certification = certified[run.id]
                line += (" · certified" if certification.current else
                         " · certified, now SUPERSEDED")
            self.history.addItem(line)

    def count(self) -> None:
        """Count now, off the GUI thread; a tie for the hall opens the lot dialog."""
        if self.election is None or not self.count_button.isEnabled():
            return
        try:
            prepared = prepare_count(self.election, provisional=True,
                                     quota_method=self.method.currentData()
                                     if self.election.setup().limits else None)
        except CountDeskError as error:
            self.problem.emit(str(error))
            return
        self.count_button.setEnabled(False)
        self.progress.show()
        self.status.setText(f"Counting {len(prepared.counted.papers)} papers…")
        counting = self.election
        run_in_background(prepared.run, lambda result: self._counted(prepared, result, counting),
                          lambda error: self._failed(error, counting))

    def _finished(self) -> None:
        self.count_button.setEnabled(True)
        self.progress.hide()

    def _counted(self, prepared: PreparedCount, result: Result,
                 counting: ElectionFile | None) -> None:
        self._finished()
        if self._closed_since(counting):
            return
        try:
            try:
                kept = record_count(self.election, prepared, result, self._returning_officer())
            except RoleError:  # a lot CountDesk drew is to be kept: that is the RO's
                authority = self.authorise("keeping the lot CountDesk drew for this count")
                if authority is None:
                    self.status.setText("No count was kept: keeping the lot CountDesk drew "
                                        "needs the returning officer's passphrase.")
                    return
                kept = record_count(self.election, prepared, result,
                                    self._returning_officer(), authority)
        except CountDeskError as error:
            self.problem.emit(str(error))
            return
        kind = "PROVISIONAL count" if result.provisional else "Final count"
        self.status.setText(f"{kind} {kept.run_id} made: {len(result.elected)} elected.")
        self.refresh()
        self.counted.emit(kept)

    def _returning_officer(self) -> str:
        assert self.election is not None
        return self.election.setup().returning_officer or "returning officer"

    def _closed_since(self, counting: ElectionFile | None) -> bool:
        """Whether the election a count was started on is no longer the one open (it was
        closed, or another opened, while it counted): then its outcome is dropped, said."""
        if self.election is not None and self.election is counting:
            return False
        self.status.setText("A count finished after its election was closed: it was not kept. "
                            "Open the election and count again.")
        return True

    def _failed(self, error: Exception, counting: ElectionFile | None) -> None:
        self._finished()
        if not isinstance(error, CountDeskError):
            raise error  # a fault: the window's handler says it, wherever the count was
        if self._closed_since(counting):
            return
        if isinstance(error, LotNeeded):
            self.status.setText(f"Waiting for a lot: {error}.")
            assert self.election is not None
            self.lot_dialog = LotDialog(self, error,
                                        self.election.setup().returning_officer)
            self.lot_dialog.accepted.connect(self._lot_drawn)
            self.lot_dialog.rejected.connect(lambda: self._lot_not_drawn(error))
            self.lot_dialog.open()
        else:
            self.problem.emit(str(error))
            self.status.setText("The count could not be made.")

    def _lot_not_drawn(self, tie: LotNeeded) -> None:
        self.lot_dialog = None
        self.status.setText(f"No count was made: at stage {tie.stage}, "
                            f"{', '.join(tie.tied)} are tied for {tie.purpose} and no lot was "
                            "drawn. Press F5 to count again and draw the lot.")

    def _lot_drawn(self) -> None:
        assert self.election is not None and self.lot_dialog is not None
        decision = self.lot_dialog.decision
        self.lot_dialog = None
        if decision is None:
            return
        authority = self.authorise(f"recording the lot drawn at stage {decision.stage}")
        if authority is None:
            self.status.setText("The lot was not recorded: that needs the returning "
                                "officer's passphrase. Press F5 to count again.")
            return
        try:
            self.election.record_lot(decision, self._returning_officer(), authority)
        except CountDeskError as error:
            self.problem.emit(str(error))
            return
        self.status.setText(f"Lot at stage {decision.stage}: {decision.chosen} "
                            f"({decision.method}). Counting again…")
        self.count()
