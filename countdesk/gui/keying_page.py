"""The Keying page: a teller keys paper after paper, by keyboard alone.

Two modes (F2 or Ctrl+T switches): *as written*, one box per candidate in ballot-paper order;
*in order of preference*, the ballot positions in the order of the voter's numbers. Every key
updates the reading beside the paper; Enter (Return or the keypad's) saves the paper, durably,
before the next one appears. A paper typed but not saved is never dropped silently: the window
asks first (`unsaved_paper`) before the teller ends the pass or leaves the batch.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QObject, QRegularExpression, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from countdesk.errors import CountDeskError
from countdesk.keying import box_text, marks_from_boxes, marks_from_order, order_text
from countdesk.papers import Marks, Reading, Rejection, read_marks
from countdesk.store.election_file import Batch, BatchState, ElectionFile, EntryPass, Paper

ROWS_PER_COLUMN = 15
KEYING_POINT_SIZE = 14
NAME_WIDTH = 215  # a long name is shortened on screen (in full on hover)
# Reasons a teller can give for a paper that cannot count (the others are read from the marks).
TELLER_REASONS = (
    Rejection.UNMARKED,
    Rejection.NO_FIRST_PREFERENCE,
    Rejection.SEVERAL_FIRST_PREFERENCES,
    Rejection.UNCERTAIN,
    Rejection.IDENTIFYING_MARK,
    Rejection.NO_OFFICIAL_MARK,
)
KEYS_HINT = ("Enter save · ↓ Tab + next box · ↑ back · F2/Ctrl+T mode · Ctrl+R rejected · "
             "Ctrl+D doubtful · x cross · Ctrl+Z undo last · PgUp/PgDn papers · Ctrl+E end pass")


def _keying_font(widget: QWidget, bold: bool = False) -> QFont:
    font = QFont(widget.font())
    font.setPointSize(KEYING_POINT_SIZE)
    font.setBold(bold)
    return font


class KeyingPage(QWidget):
    TITLE = "Keying"
    KEYS = (
        ("digits", "the number written in the box"),
        ("x", "a cross or tick in the box"),
        ("↓, Tab, keypad +", "next box (a blank box is just ↓)"),
        ("↑, Shift+Tab", "previous box"),
        ("Enter (either)", "save the paper; the next one appears"),
        ("F2 or Ctrl+T", "switch: as written / in order of preference"),
        ("space, + or .", "in order of preference: between ballot positions"),
        ("Ctrl+R", "rejected (choose the reason), or not rejected after all"),
        ("Ctrl+D", "doubtful: the returning officer rules on it"),
        ("Ctrl+Z", "take back the last paper saved, to correct it"),
        ("PgUp / PgDn", "go back to earlier papers to correct them / forward again"),
        ("Ctrl+G", "go to paper number…"),
        ("Ctrl+I", "on a paper already keyed: insert a skipped paper before it"),
        ("Ctrl+Delete", "on a paper already keyed: remove it (keyed twice)"),
        ("Esc", "leave a correction (or a menu) without saving"),
        ("Ctrl+E", "end of this pass: back to the batches (asks first about a paper not "
                   "saved)"),
    )
    saved = Signal(str)
    problem = Signal(str)
    end_requested = Signal()  # Ctrl+E: the window asks about a paper not saved, then ends
    pass_ended = Signal()
    batch_changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.election: ElectionFile | None = None
        self.batch: Batch | None = None
        self.entry_pass = EntryPass.A
        self.teller = ""
        self.names: tuple[str, ...] = ()
        self.boxes: list[QLineEdit] = []
        self.number = 1
        self.keyed = 0
        self.correcting = False
        self.inserting = False
        self.rejected: Rejection | None = None
        self.doubtful = False
        self.blank_warned = False
        self.order_mode = False
        self.draft: tuple[list[str], str, Rejection | None, bool] | None = None
        self._build()

    # -- the page ---------------------------------------------------------------------

    def _build(self) -> None:
        self.header = QLabel()
        self.header.setFont(_keying_font(self, bold=True))
        # The second pass asks the teller to check each paper's number against the paper.
        self.number_check = QLabel()
        self.number_check.setFont(_keying_font(self))
        self.number_check.setWordWrap(True)
        self.mode_label = QLabel()
        self.paper = QWidget()
        self.paper_grid = QGridLayout(self.paper)
        self.paper_grid.setHorizontalSpacing(8)
        self.paper_grid.setVerticalSpacing(2)
        self.paper_grid.setContentsMargins(4, 4, 4, 4)
        scroller = QScrollArea()
        scroller.setWidgetResizable(True)
        scroller.setWidget(self.paper)
        self.order_edit = QLineEdit()
        self.order_edit.setFont(_keying_font(self))
        self.order_edit.setPlaceholderText("ballot positions in order of preference: 4 5 2 6")
        self.order_edit.setValidator(QRegularExpressionValidator(
            QRegularExpression(r"[0-9xX +.]*"), self.order_edit))
        self.order_edit.textChanged.connect(self._show_reading)
        self.order_edit.installEventFilter(self)

        self.reading_title = QLabel("Reading")
        self.reading_title.setFont(_keying_font(self, bold=True))
        self.reading = QLabel()
        self.reading.setFont(_keying_font(self))
        self.reading.setTextFormat(Qt.TextFormat.PlainText)
        self.reading.setWordWrap(True)
        self.reading.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.flags = QLabel()
        self.flags.setFont(_keying_font(self, bold=True))
        self.flags.setWordWrap(True)
        self.flags.setStyleSheet("color: #a40000;")
        self.reasons = QListWidget()
        for number, reason in enumerate(TELLER_REASONS, 1):
            self.reasons.addItem(f"{number}  {reason.label}")
        self.reasons.hide()
        self.reasons.installEventFilter(self)
        self.goto = QSpinBox()
        self.goto.setPrefix("Go to paper ")
        self.goto.hide()
        self.goto.installEventFilter(self)

        reading_panel = QFrame()
        reading_panel.setFrameShape(QFrame.Shape.StyledPanel)
        reading_panel.setMinimumWidth(300)
        reading_panel.setMaximumWidth(360)
        side = QVBoxLayout(reading_panel)
        side.addWidget(self.reading_title)
        side.addWidget(self.reading, 1)
        side.addWidget(self.flags)
        side.addWidget(self.reasons)
        side.addWidget(self.goto)

        left = QVBoxLayout()
        top = QHBoxLayout()
        top.addWidget(self.header, 1)
        top.addWidget(self.mode_label)
        left.addLayout(top)
        left.addWidget(self.number_check)
        left.addWidget(scroller, 1)
        left.addWidget(self.order_edit)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addWidget(reading_panel)
        self.last_saved = QLabel()
        self.last_saved.setFont(_keying_font(self))
        hint = QLabel(KEYS_HINT)
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.last_saved)
        layout.addWidget(hint)

    def _build_paper(self) -> None:
        """One row per candidate, in ballot-paper order, flowing into columns as a long paper."""
        while self.paper_grid.count():
            item = self.paper_grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.boxes = []
        rows = min(ROWS_PER_COLUMN, max(1, math.ceil(len(self.names) / max(
            1, math.ceil(len(self.names) / ROWS_PER_COLUMN)))))
        box_validator = QRegularExpression(r"[0-9xX,]{0,12}")
        withdrawn = {c.name for c in self.election.setup().candidates if c.withdrawn} \
            if self.election else set()
        for position, name in enumerate(self.names):
            column, row = divmod(position, rows)
            number = QLabel(f"{position + 1}")
            number.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            label = QLabel()
            label.setToolTip(name)
            box = QLineEdit()
            box.setFixedSize(56, 28)
            box.setAlignment(Qt.AlignmentFlag.AlignCenter)
            box.setValidator(QRegularExpressionValidator(box_validator, box))
            box.setAccessibleName(f"Box for {name}")
            for widget in (number, label, box):
                widget.setFont(_keying_font(self))
            shown = name + (" (withdrawn)" if name in withdrawn else "")
            label.setText(label.fontMetrics().elidedText(shown, Qt.TextElideMode.ElideRight,
                                                         NAME_WIDTH))
            label.setMinimumWidth(min(NAME_WIDTH, label.sizeHint().width()))
            box.textChanged.connect(self._show_reading)
            box.installEventFilter(self)
            self.paper_grid.addWidget(number, row, column * 3)
            self.paper_grid.addWidget(label, row, column * 3 + 1)
            self.paper_grid.addWidget(box, row, column * 3 + 2)
            self.boxes.append(box)
        for column in range(self.paper_grid.columnCount()):
            self.paper_grid.setColumnStretch(column, 1 if column % 3 == 1 else 0)
        self.paper_grid.setRowStretch(rows, 1)

    # -- starting a pass ------------------------------------------------------------------

    def start(self, election: ElectionFile, batch_id: int, entry_pass: EntryPass,
              teller: str) -> None:
        self.election = election
        self.batch = election.batch(batch_id)
        self.entry_pass = entry_pass
        self.teller = teller
        setup = election.setup()
        self.names = setup.names
        self.lone_cross = setup.lone_cross
        self._build_paper()
        self.keyed = election.paper_count(batch_id, entry_pass)
        self.last_saved.setText(f"{self.keyed} papers already keyed in this pass."
                                if self.keyed else "No papers keyed in this pass yet.")
        self._new_paper()

    def _new_paper(self, draft: bool = False) -> None:
        """The next empty paper (restoring what was typed there before going back)."""
        self.correcting = False
        self.inserting = False
        self.number = self.keyed + 1
        if draft and self.draft is not None:
            texts, order, rejected, doubtful = self.draft
            self._fill(texts, order, rejected, doubtful)
        else:
            self._fill([""] * len(self.names), "", None, False)
        self.draft = None
        self.focus_start()

    def _fill(self, texts: list[str], order: str, rejected: Rejection | None,
              doubtful: bool) -> None:
        for box, text in zip(self.boxes, texts, strict=True):
            box.blockSignals(True)
            box.setText(text)
            box.blockSignals(False)
        self.order_edit.blockSignals(True)
        self.order_edit.setText(order)
        self.order_edit.blockSignals(False)
        self.rejected = rejected
        self.doubtful = doubtful
        self.blank_warned = False
        self._show_mode()
        self._show_reading()
        self._show_header()

    def _show_header(self) -> None:
        if self.batch is None:
            return
        hand = self.batch.hand_count
        of = f" of {hand}" if hand is not None else ""
        doing = ("inserting paper" if self.inserting else
                 "correcting paper" if self.correcting else "paper")
        self.header.setText(
            f"{self.batch.label} · pass {self.entry_pass.value} · {doing} {self.number}"
            f" · {self.keyed}{of} keyed · teller {self.teller}")
        self.number_check.setVisible(self.entry_pass is EntryPass.B)
        self.number_check.setText(
            f"Paper number {self.number}: check it is the number written on the paper. "
            "Not so? PgUp to the paper that went wrong, then Ctrl+I inserts a skipped paper "
            "before it, Ctrl+Delete removes a paper keyed twice.")

    def _show_mode(self) -> None:
        self.mode_label.setText("Mode: in order of preference" if self.order_mode
                                else "Mode: as written")
        self.order_edit.setVisible(self.order_mode)
        for box in self.boxes:
            box.setReadOnly(self.order_mode)
            box.setFocusPolicy(Qt.FocusPolicy.NoFocus if self.order_mode
                               else Qt.FocusPolicy.StrongFocus)

    def focus_start(self) -> None:
        if self.order_mode:
            self.order_edit.setFocus()
        elif self.boxes:
            self.boxes[0].setFocus()

    # -- what the paper says ----------------------------------------------------------------

    def current_marks(self) -> Marks:
        """The marks typed so far; raises KeyingError for something that is not a mark."""
        if self.order_mode:
            return marks_from_order(self.order_edit.text(), len(self.names))
        return marks_from_boxes([box.text() for box in self.boxes])

    def _show_reading(self) -> None:
        self.blank_warned = False
        try:
            marks = self.current_marks()
        except CountDeskError as error:
            self.reading.setText(f"Cannot read this yet: {error}.")
            return
        if self.order_mode:
            for box, written in zip(self.boxes, marks, strict=True):
                box.setText(box_text(written))
        reading = read_marks(marks, self.lone_cross)
        self.reading.setText(self._describe(reading))
        flags = []
        if self.rejected is not None:
            flags.append(f"REJECTED by the teller: {self.rejected.value}")
        if self.doubtful:
            flags.append("DOUBTFUL: the returning officer will rule on it")
        self.flags.setText("\n".join(flags))

    def _describe(self, reading: Reading) -> str:
        if reading.rejected is not None:
            return f"Cannot count: {reading.rejected.value}."
        lines = [f"{n:>2}  {self.names[c]}" for n, c in enumerate(reading.preferences, 1)]
        if reading.stop:
            lines.append("— " + reading.stop)
        lines += [f"— {note}" for note in reading.notes(self.names)]
        valid = (f"Valid up to preference {len(reading.preferences)}" if reading.stop
                 else "Valid")
        return "\n".join([*lines, "", valid])

    # -- keys -------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if watched is self.reasons:
            return self._reason_key(event)
        if watched is self.goto:
            return self._goto_key(event)
        return self._keying_key(watched, event)

    def _keying_key(self, watched: QObject, event: QKeyEvent) -> bool:
        key = event.key()
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.save()
        elif key == Qt.Key.Key_F2 or (ctrl and key == Qt.Key.Key_T):
            self.switch_mode()
        elif ctrl and key == Qt.Key.Key_R:
            self._toggle_rejected()
        elif ctrl and key == Qt.Key.Key_D:
            self.doubtful = not self.doubtful
            self._show_reading()
        elif ctrl and key == Qt.Key.Key_Z:
            self.undo_last()
        elif ctrl and key == Qt.Key.Key_E:
            self.end_requested.emit()
        elif ctrl and key == Qt.Key.Key_G:
            self._ask_goto()
        elif key == Qt.Key.Key_PageUp:
            self.go_to(self.number - 1)
        elif key == Qt.Key.Key_PageDown:
            self.go_to(self.number + 1)
        elif key == Qt.Key.Key_Escape and (self.correcting or self.inserting):
            self._new_paper(draft=True)
        elif ctrl and key == Qt.Key.Key_I:
            self.start_insert()
        elif ctrl and key == Qt.Key.Key_Delete:
            self.remove_paper()
        elif watched in self.boxes and key in (Qt.Key.Key_Down, Qt.Key.Key_Tab,
                                               Qt.Key.Key_Plus):
            self._move(watched, +1)
        elif watched in self.boxes and key in (Qt.Key.Key_Up, Qt.Key.Key_Backtab):
            self._move(watched, -1)
        else:
            return False
        return True

    def _move(self, box: QObject, step: int) -> None:
        position = self.boxes.index(box)  # type: ignore[arg-type]
        target = min(max(position + step, 0), len(self.boxes) - 1)
        self.boxes[target].setFocus()
        self.boxes[target].selectAll()

    def switch_mode(self) -> None:
        try:
            marks = self.current_marks()
        except CountDeskError as error:
            self.problem.emit(f"Finish or clear what is typed first: {error}")
            return
        if not self.order_mode:
            order = order_text(marks)
            if order is None:
                self.problem.emit("This paper's numbers have a gap, a repeat or two numbers in "
                                  "one box: key it as written.")
                return
            self.order_edit.setText(order)
        self.order_mode = not self.order_mode
        self._show_mode()
        self._show_reading()
        self.focus_start()

    # -- rejected, with a reason ----------------------------------------------------------

    def _toggle_rejected(self) -> None:
        if self.rejected is not None:
            self.rejected = None
            self._show_reading()
            return
        self.reasons.show()
        self.reasons.setCurrentRow(0)
        self.reasons.setFocus()

    def _reason_key(self, event: QKeyEvent) -> bool:
        key = event.key()
        text = event.text()
        if text.isdigit() and 1 <= int(text) <= len(TELLER_REASONS):
            self.reasons.setCurrentRow(int(text) - 1)
            key = Qt.Key.Key_Return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.rejected = TELLER_REASONS[self.reasons.currentRow()]
        elif key != Qt.Key.Key_Escape:
            return False
        self.reasons.hide()
        self._show_reading()
        self.focus_start()
        return True

    # -- saving, undoing, going back ------------------------------------------------------

    def save(self) -> bool:
        """Save the paper on screen; False when it is not saved (and the screen says why)."""
        if self.election is None or self.batch is None:
            return False
        try:
            marks = self.current_marks()
        except CountDeskError as error:
            self.problem.emit(f"Paper {self.number} is not saved: {error}.")
            return False
        blank = not any(marks)
        if blank and self.rejected is None and not self.blank_warned:
            self.blank_warned = True
            self.last_saved.setText(f"Paper {self.number} has no marks. Press Enter again to "
                                    "save it as a blank paper, or type its marks.")
            return False
        paper = Paper(self.batch.id, self.entry_pass, self.number, marks, self.rejected,
                      self.doubtful, self.teller)
        try:
            if self.inserting:
                self.election.insert_paper(paper)
                self.keyed += 1
            else:
                self.election.save_paper(paper)
        except CountDeskError as error:
            self.problem.emit(f"{error}. What you typed is still on the screen.")
            return False
        if self.inserting:
            message = (f"Inserted paper {self.number}; the papers after it moved up one "
                       f"(now {self.keyed}).")
        else:
            message = f"{'Corrected' if self.correcting else 'Saved'} paper {self.number}."
        self.last_saved.setText(message)
        self.saved.emit(message)
        self.keyed = max(self.keyed, self.number)
        self.batch_changed.emit()
        self._new_paper(draft=self.correcting or self.inserting)
        return True

    # -- a paper typed and not saved ------------------------------------------------------

    def unsaved_paper(self) -> str | None:
        """What leaving this batch now would lose, in words; None when nothing would be."""
        if self.election is None or self.batch is None:
            return None
        where = f"{self.batch.label}, pass {self.entry_pass.value}"
        lost = []
        if self._screen_changed():
            lost.append(f"The correction to paper {self.number} ({where}) is not saved."
                        if self.correcting else
                        f"Paper {self.number} ({where}) is keyed only in part and not saved.")
        if (self.correcting or self.inserting) and self._draft_typed():
            lost.append(f"Paper {self.keyed + 1}, put aside to go back to paper {self.number}, "
                        "is keyed only in part and not saved.")
        return " ".join(lost) or None

    def _screen_changed(self) -> bool:
        """Whether the paper on screen holds something typed that is not in the file."""
        texts = [box.text() for box in self.boxes]
        if not self.correcting:
            return (any(texts) or bool(self.order_edit.text().strip())
                    or self.rejected is not None or self.doubtful)
        assert self.election is not None and self.batch is not None
        stored = self.election.paper(self.batch.id, self.entry_pass, self.number)
        try:
            marks = self.current_marks()
        except CountDeskError:
            return True  # something is typed that is not a mark, so not what was saved
        return stored is None or (marks, self.rejected, self.doubtful) != (
            stored.marks, stored.rejected, stored.doubtful)

    def _draft_typed(self) -> bool:
        if self.draft is None:
            return False
        texts, order, rejected, doubtful = self.draft
        return any(texts) or bool(order.strip()) or rejected is not None or doubtful

    def save_unsaved(self) -> bool:
        """Save what `unsaved_paper` names; False when something of it cannot be saved (the
        screen then shows it, and says why)."""
        while self.unsaved_paper() is not None:
            if self._screen_changed():
                if not self.save():
                    self.focus_start()
                    return False
            else:
                self._new_paper(draft=True)  # the paper put aside, back on screen to save
        return True

    def discard_unsaved(self) -> None:
        """Forget what `unsaved_paper` names: the next paper, empty, is on screen."""
        self.draft = None
        self._new_paper()

    def undo_last(self) -> None:
        """Take back the last paper saved: it leaves the file and its marks return to the
        screen, to be corrected and saved again."""
        if self.election is None or self.batch is None or self.correcting or self.inserting:
            return
        if self.keyed == 0:
            self.problem.emit("There is no paper to take back in this pass.")
            return
        last = self.election.paper(self.batch.id, self.entry_pass, self.keyed)
        try:
            self.election.delete_paper(self.batch.id, self.entry_pass, self.keyed, self.teller,
                                       why="taken back by the teller to correct")
        except CountDeskError as error:
            self.problem.emit(str(error))
            return
        self.keyed -= 1
        self.number = self.keyed + 1
        assert last is not None
        self._fill([box_text(box) for box in last.marks], order_text(last.marks) or "",
                   last.rejected, last.doubtful)
        if self.order_mode and order_text(last.marks) is None:
            self.switch_mode()
        self.last_saved.setText(f"Paper {self.number} taken back: correct it and press Enter.")
        self.batch_changed.emit()
        self.focus_start()

    def start_insert(self) -> None:
        """A paper was skipped: an empty paper to key at this number, before the one shown."""
        if self.election is None or self.batch is None or not self.correcting:
            self.problem.emit("Go back (PgUp or Ctrl+G) to the paper the skipped one came "
                              "before, then Ctrl+I.")
            return
        self.correcting = False
        self.inserting = True
        self._fill([""] * len(self.names), "", None, False)
        self.last_saved.setText(f"Key the skipped paper as paper {self.number} and press "
                                "Enter; the papers from here on move up one. Esc: no insertion.")
        self.focus_start()

    def remove_paper(self) -> None:
        """A paper keyed twice: the one shown leaves the pass; the papers after it move down."""
        if self.election is None or self.batch is None or not self.correcting:
            self.problem.emit("Go back (PgUp or Ctrl+G) to the paper keyed twice, then "
                              "Ctrl+Delete.")
            return
        number = self.number
        try:
            self.election.delete_paper(self.batch.id, self.entry_pass, number, self.teller)
        except CountDeskError as error:
            self.problem.emit(str(error))
            return
        self.keyed -= 1
        self.batch_changed.emit()
        self._new_paper(draft=True)
        message = (f"Removed paper {number} (keyed twice); the papers after it moved down one "
                   f"(now {self.keyed}).")
        self.last_saved.setText(message)
        self.saved.emit(message)

    def go_to(self, number: int) -> None:
        """Show paper ``number`` to correct it; one past the last is the next new paper."""
        if self.election is None or self.batch is None:
            return
        if number < 1 or number > self.keyed + 1 or number == self.number:
            return
        if not (self.correcting or self.inserting):
            self.draft = ([box.text() for box in self.boxes], self.order_edit.text(),
                          self.rejected, self.doubtful)
        if number == self.keyed + 1:
            self._new_paper(draft=True)
            return
        paper = self.election.paper(self.batch.id, self.entry_pass, number)
        if paper is None:
            return
        self.correcting = True
        self.number = number
        order = order_text(paper.marks)
        if self.order_mode and order is None:
            self.order_mode = False
        self._fill([box_text(box) for box in paper.marks], order or "", paper.rejected,
                   paper.doubtful)
        self.last_saved.setText(f"Paper {number} as saved by {paper.teller}: correct it and "
                                "press Enter, or Esc to leave it as it is.")
        self.focus_start()

    def _ask_goto(self) -> None:
        self.goto.setRange(1, self.keyed + 1)
        self.goto.setValue(self.number)
        self.goto.show()
        self.goto.setFocus()
        self.goto.selectAll()

    def _goto_key(self, event: QKeyEvent) -> bool:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.goto.interpretText()
            number = self.goto.value()
        elif event.key() == Qt.Key.Key_Escape:
            number = 0
        else:
            return False
        self.goto.hide()
        if number:
            self.go_to(number)
        self.focus_start()
        return True

    def end_pass(self) -> None:
        """The teller has keyed every paper of the batch in this pass."""
        if self.election is None or self.batch is None:
            return
        if self.entry_pass is EntryPass.A and self.batch.state is BatchState.OPEN:
            try:
                self.election.set_batch_state(self.batch.id, BatchState.KEYED_ONCE, self.teller)
            except CountDeskError as error:
                self.problem.emit(str(error))
                return
        hand = self.batch.hand_count
        if hand is not None and hand != self.keyed:
            self.problem.emit(f"{self.batch.label}, pass {self.entry_pass.value}: "
                              f"{self.keyed} papers keyed but the hand count is {hand}.")
        self.batch_changed.emit()
        self.pass_ended.emit()
