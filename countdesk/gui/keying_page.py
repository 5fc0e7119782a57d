"""The Keying page: a teller keys paper after paper, by keyboard alone.

Two modes (F2 or Ctrl+T switches; the choice is remembered): *as written*, one box per
candidate in ballot-paper order; *in order of preference*, the ballot positions in the order
of the voter's numbers. Every key updates the reading beside the paper; Enter (Return or the
keypad's) saves the paper, durably, before the next one appears. A paper typed but not saved
is never dropped silently: the window asks first (`unsaved_paper`) before the teller ends the
pass or leaves the batch.

A long paper flows into as many columns as the screen holds side by side (names shortened if
need be), and scrolls down only when even those do not fit; ← and → jump between columns,
Home and End to the first and last box, and / then a ballot number goes straight to that
box. The boxes never move while a paper is keyed: the reading panel has a width of its own
and every line above or below the paper keeps its height, whatever it says.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QObject, QRegularExpression, QSettings, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from countdesk.errors import CountDeskError
from countdesk.gui.checking_models import REASON_NUMBERS, numbered_reason
from countdesk.gui.modal import confirmed
from countdesk.keying import box_text, marks_from_boxes, marks_from_order, order_text
from countdesk.papers import Marks, Reading, Rejection, read_marks
from countdesk.store.election_file import Batch, BatchState, ElectionFile, EntryPass, Paper

KEYING_POINT_SIZE = 14
BOX_WIDTH, BOX_HEIGHT = 56, 28
ROW_SPACING = 2
COLUMN_SPACING = 8
LONGEST_NAME = 215  # px: a longer name is shortened on screen (in full on hover)
SHORTEST_NAME = 120  # px: narrower than this, the paper scrolls down instead of shortening
READING_WIDTH = 320
ORDER_MODE_KEY = "keying/order_mode"
# Reasons a teller can give for a paper that cannot count (a lone cross is read from the marks).
TELLER_REASONS = tuple(reason for reason in Rejection if reason is not Rejection.LONE_CROSS)
BOX_CHARACTERS = frozenset("0123456789xX,")
ORDER_CHARACTERS = frozenset("0123456789xX +.")
KEYS_HINT = ("Enter save · ↓ Tab + next box · ↑ − back · ← → columns · Home End first/last · "
             "/ go to box · x cross · Ctrl+R rejected · Ctrl+D doubtful · Ctrl+Z undo last · "
             "PgUp/PgDn papers · F2 mode · Ctrl+E end pass · F1 all keys")


def _keying_font(widget: QWidget, bold: bool = False) -> QFont:
    font = QFont(widget.font())
    font.setPointSize(KEYING_POINT_SIZE)
    font.setBold(bold)
    return font


def _lines_high(label: QLabel, lines: int) -> None:
    """The label keeps the height of ``lines`` lines whatever it says, so that nothing below
    it moves when its text changes."""
    label.setWordWrap(True)
    label.setFixedHeight(label.fontMetrics().lineSpacing() * lines + 4)
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)


def paper_columns(candidates: int, rows_that_fit: int, columns_that_fit: int) -> int:
    """How many columns the paper's boxes flow into: enough to show every box without
    scrolling, if that many fit side by side; otherwise as many as fit."""
    wanted = math.ceil(candidates / max(1, rows_that_fit))
    return max(1, min(wanted, columns_that_fit, candidates))


class KeyingPage(QWidget):
    TITLE = "Keying"
    KEYS = (
        ("digits", "the number written in the box"),
        ("x", "a cross or tick in the box"),
        (", or .", "between two numbers written in one box (1,3)"),
        ("↓, Tab, keypad +", "next box (a blank box is just ↓)"),
        ("↑, Shift+Tab, keypad −", "previous box"),
        ("← / →", "the box beside it in the previous / next column"),
        ("Home / End", "the first / last box of the paper"),
        ("/ then a number, Enter", "go to the box of that ballot number (Esc: stay)"),
        ("Enter (either)", "save the paper; the next one appears"),
        ("F2 or Ctrl+T", "switch: as written / in order of preference (remembered)"),
        ("space, + or .", "in order of preference: between ballot positions"),
        ("Ctrl+R", "rejected: the reason's number (the same numbers as on Rulings), or "
                   "not rejected after all"),
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
    problem_gone = Signal()  # the paper on screen changed: what was wrong with it may be gone
    end_requested = Signal()  # Ctrl+E: the window asks about a paper not saved, then ends
    pass_ended = Signal(str)  # what the end of the pass did, in words
    batch_changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.election: ElectionFile | None = None
        self.batch: Batch | None = None
        self.entry_pass = EntryPass.A
        self.teller = ""
        self.names: tuple[str, ...] = ()
        self.boxes: list[QLineEdit] = []
        self.name_labels: list[QLabel] = []
        self.number_labels: list[QLabel] = []
        self.shown_names: list[str] = []
        self.rows_per_column = 1
        self._placed: tuple[int, int] | None = None  # (columns, name width) as laid out
        self.number = 1
        self.keyed = 0
        self.correcting = False
        self.inserting = False
        self.rejected: Rejection | None = None
        self.doubtful = False
        self.blank_warned = False
        self.order_mode = False
        self.draft: tuple[list[str], str, Rejection | None, bool] | None = None
        self._goto_from = 0  # the box the teller was in before / (go to box)
        self._build()

    # -- the page ---------------------------------------------------------------------

    def _build(self) -> None:
        self.header = QLabel()
        self.header.setFont(_keying_font(self, bold=True))
        _lines_high(self.header, 1)
        self.header.setWordWrap(False)
        # The second pass asks the teller to check each paper's number against the paper.
        self.number_check = QLabel()
        self.number_check.setFont(_keying_font(self))
        _lines_high(self.number_check, 2)
        self.paper = QWidget()
        self.paper_grid = QGridLayout(self.paper)
        self.paper_grid.setHorizontalSpacing(COLUMN_SPACING)
        self.paper_grid.setVerticalSpacing(ROW_SPACING)
        self.paper_grid.setContentsMargins(4, 4, 4, 4)
        self.scroller = QScrollArea()
        self.scroller.setWidgetResizable(True)
        self.scroller.setWidget(self.paper)
        self.scroller.viewport().installEventFilter(self)
        self.order_edit = QLineEdit()
        self.order_edit.setFont(_keying_font(self))
        self.order_edit.setPlaceholderText("ballot positions in order of preference: 4 5 2 6")
        self.order_edit.setValidator(QRegularExpressionValidator(
            QRegularExpression(r"[0-9xX +.]*"), self.order_edit))
        self.order_edit.textChanged.connect(self._show_reading)
        self.order_edit.installEventFilter(self)

        self.mode_label = QLabel()
        self.reading_title = QLabel("Reading")
        self.reading_title.setFont(_keying_font(self, bold=True))
        self.reading = QLabel()
        self.reading.setFont(_keying_font(self))
        self.reading.setTextFormat(Qt.TextFormat.PlainText)
        self.reading.setWordWrap(True)
        self.reading.setAlignment(Qt.AlignmentFlag.AlignTop)
        # A long reading scrolls in its panel, showing its latest preferences, rather than
        # pushing the paper aside or down.
        reading_scroller = QScrollArea()
        reading_scroller.setWidgetResizable(True)
        reading_scroller.setFrameShape(QFrame.Shape.NoFrame)
        reading_scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        reading_scroller.setWidget(self.reading)
        reading_bar = reading_scroller.verticalScrollBar()
        reading_bar.rangeChanged.connect(lambda _low, high: reading_bar.setValue(high))
        self.flags = QLabel()
        self.flags.setFont(_keying_font(self, bold=True))
        self.flags.setWordWrap(True)
        self.flags.setStyleSheet("color: #a40000;")
        self.reasons = QListWidget()
        for reason in TELLER_REASONS:
            self.reasons.addItem(numbered_reason(reason))
        self.reasons.hide()
        self.reasons.installEventFilter(self)
        self.goto = QSpinBox()
        self.goto.setPrefix("Go to paper ")
        self.goto.hide()
        self.goto.installEventFilter(self)
        self.goto_box = QLineEdit()
        self.goto_box.setFont(_keying_font(self))
        self.goto_box.setValidator(QRegularExpressionValidator(
            QRegularExpression(r"[0-9]{0,4}"), self.goto_box))
        self.goto_box.hide()
        self.goto_box.installEventFilter(self)

        reading_panel = QFrame()
        reading_panel.setFrameShape(QFrame.Shape.StyledPanel)
        reading_panel.setFixedWidth(READING_WIDTH)
        side = QVBoxLayout(reading_panel)
        side.addWidget(self.mode_label)
        side.addWidget(self.reading_title)
        side.addWidget(reading_scroller, 1)
        side.addWidget(self.flags)
        side.addWidget(self.reasons)
        side.addWidget(self.goto)
        side.addWidget(self.goto_box)

        left = QVBoxLayout()
        left.addWidget(self.header)
        left.addWidget(self.number_check)
        left.addWidget(self.scroller, 1)
        left.addWidget(self.order_edit)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addWidget(reading_panel)
        self.last_saved = QLabel()
        self.last_saved.setFont(_keying_font(self))
        _lines_high(self.last_saved, 2)
        hint = QLabel(KEYS_HINT)
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.last_saved)
        layout.addWidget(hint)

    def _build_paper(self) -> None:
        """One row per candidate, in ballot-paper order (laid out in columns by `_place`)."""
        while self.paper_grid.count():
            item = self.paper_grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.boxes, self.name_labels, self.number_labels, self.shown_names = [], [], [], []
        self._placed = None
        box_validator = QRegularExpression(r"[0-9xX,]{0,12}")
        withdrawn = {c.name for c in self.election.setup().candidates if c.withdrawn} \
            if self.election else set()
        for position, name in enumerate(self.names):
            number = QLabel(f"{position + 1}")
            number.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            label = QLabel()
            label.setToolTip(name)
            box = QLineEdit()
            box.setFixedSize(BOX_WIDTH, BOX_HEIGHT)
            box.setAlignment(Qt.AlignmentFlag.AlignCenter)
            box.setValidator(QRegularExpressionValidator(box_validator, box))
            box.setAccessibleName(f"Box for {name}")
            for widget in (number, label, box):
                widget.setFont(_keying_font(self))
            number.setFixedWidth(number.fontMetrics().horizontalAdvance(
                str(len(self.names))) + 4)
            box.textChanged.connect(self._show_reading)
            box.installEventFilter(self)
            self.number_labels.append(number)
            self.name_labels.append(label)
            self.shown_names.append(name + (" (withdrawn)" if name in withdrawn else ""))
            self.boxes.append(box)
        self._place()

    def _place(self) -> None:
        """Flow the boxes into the columns that fit the space the paper has now; nothing
        moves unless that space changes (a resize), and never while a paper is keyed."""
        if not self.boxes:
            return
        viewport = self.scroller.viewport()
        margins = self.paper_grid.contentsMargins()
        width = viewport.width() - margins.left() - margins.right()
        height = viewport.height() - margins.top() - margins.bottom()
        fixed = self.number_labels[0].maximumWidth() + BOX_WIDTH + 3 * COLUMN_SPACING
        rows_that_fit = (height + ROW_SPACING) // (BOX_HEIGHT + ROW_SPACING)
        columns = paper_columns(len(self.boxes), rows_that_fit,
                                max(1, width // (fixed + SHORTEST_NAME)))
        name_width = max(SHORTEST_NAME, min(LONGEST_NAME, width // columns - fixed))
        if self._placed == (columns, name_width):
            return
        self._placed = (columns, name_width)
        self.rows_per_column = math.ceil(len(self.boxes) / columns)
        while self.paper_grid.count():
            self.paper_grid.takeAt(0)
        for column in range(self.paper_grid.columnCount()):
            self.paper_grid.setColumnStretch(column, 0)
        for row in range(self.paper_grid.rowCount()):
            self.paper_grid.setRowStretch(row, 0)
        for position, (number, label, box) in enumerate(zip(
                self.number_labels, self.name_labels, self.boxes, strict=True)):
            column, row = divmod(position, self.rows_per_column)
            label.setFixedWidth(name_width)
            label.setText(label.fontMetrics().elidedText(
                self.shown_names[position], Qt.TextElideMode.ElideRight, name_width))
            self.paper_grid.addWidget(number, row, column * 3)
            self.paper_grid.addWidget(label, row, column * 3 + 1)
            self.paper_grid.addWidget(box, row, column * 3 + 2)
        self.paper_grid.setColumnStretch(columns * 3, 1)
        self.paper_grid.setRowStretch(self.rows_per_column, 1)

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
        self.order_mode = bool(QSettings().value(ORDER_MODE_KEY, False, type=bool))
        self._build_paper()
        self.keyed = election.paper_count(batch_id, entry_pass)
        self.last_saved.setText(f"{self.keyed} papers already keyed in this pass."
                                if self.keyed else "No papers keyed in this pass yet.")
        self._new_paper()

    def cannot_go_on(self) -> str | None:
        """Why the page cannot be shown for keying now, in words (no batch chosen, or the
        batch has been verified meanwhile); None when it can."""
        if self.election is None or self.batch is None:
            return "Choose a batch to key on the Batches page (Ctrl+2) first"
        self.batch = self.election.batch(self.batch.id)
        if self.batch.state in (BatchState.VERIFIED, BatchState.VERIFIED_BY_IMPORT):
            return (f"Batch {self.batch.label!r} is {self.batch.state.value}: its papers can "
                    "no longer be keyed or changed. Choose a batch on the Batches page "
                    "(Ctrl+2)")
        return None

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
        text = (f"{self.batch.label} · pass {self.entry_pass.value} · {doing} {self.number}"
                f" · {self.keyed}{of} keyed · teller {self.teller}")
        self.header.setToolTip(text)
        self.header.setText(self.header.fontMetrics().elidedText(
            text, Qt.TextElideMode.ElideRight, max(self.header.width(), 200)))
        self.number_check.setVisible(self.entry_pass is EntryPass.B)
        self.number_check.setText(
            f"Paper number {self.number}: check it is the number written on the paper. "
            "Not so? PgUp to the paper that went wrong, then Ctrl+I inserts a skipped paper "
            "before it, Ctrl+Delete removes a paper keyed twice.")

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self._show_header()  # shortened to the header's new width

    def _show_mode(self) -> None:
        self.mode_label.setText("Mode: in order of preference (F2)" if self.order_mode
                                else "Mode: as written (F2)")
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
        self.problem_gone.emit()
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
        if watched is self.scroller.viewport():
            if event.type() == QEvent.Type.Resize:
                self._place()
            return False
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QLineEdit):
            self.scroller.ensureWidgetVisible(watched, 0, 4)
            return False
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if watched is self.reasons:
            return self._reason_key(event)
        if watched is self.goto:
            return self._goto_key(event)
        if watched is self.goto_box:
            return self._goto_box_key(event)
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
        elif ctrl:
            return False
        elif isinstance(watched, QLineEdit) and watched in self.boxes:
            return self._box_key(watched, event)
        elif watched is self.order_edit:
            return self._refused(event, ORDER_CHARACTERS,
                                 "type the ballot positions, with a space, + or . between "
                                 "them")
        else:
            return False
        return True

    def _box_key(self, box: QLineEdit, event: QKeyEvent) -> bool:
        """Moving between boxes, and what a box does not take said in words, never dropped
        silently."""
        key = event.key()
        position = self.boxes.index(box)
        column_step = self.rows_per_column
        targets = {
            Qt.Key.Key_Down: position + 1, Qt.Key.Key_Tab: position + 1,
            Qt.Key.Key_Plus: position + 1,
            Qt.Key.Key_Up: position - 1, Qt.Key.Key_Backtab: position - 1,
            Qt.Key.Key_Minus: position - 1,
            Qt.Key.Key_Left: position - column_step, Qt.Key.Key_Right: position + column_step,
            Qt.Key.Key_Home: 0, Qt.Key.Key_End: len(self.boxes) - 1,
        }
        if key in targets:
            self._focus_box(targets[key])
        elif key == Qt.Key.Key_Slash:
            self._ask_goto_box(position)
        elif event.text() == ".":  # the keypad has no comma: its point puts two numbers apart
            box.insert(",")
        else:
            return self._refused(event, BOX_CHARACTERS,
                                 "type the number written in the box, x for a cross, or , "
                                 "between two numbers in one box")
        return True

    def _refused(self, event: QKeyEvent, allowed: frozenset[str], what_to_type: str) -> bool:
        """A character the box cannot take: said on the line below the paper."""
        text = event.text()
        if (not text or not text.isprintable() or set(text) <= allowed
                or event.modifiers() & (Qt.KeyboardModifier.AltModifier
                                        | Qt.KeyboardModifier.MetaModifier)):
            return False
        shown = "a space" if text == " " else f"“{text}”"
        self.last_saved.setText(f"{shown} is not a mark, so it was not typed: {what_to_type}.")
        return True

    def _focus_box(self, position: int) -> None:
        target = self.boxes[min(max(position, 0), len(self.boxes) - 1)]
        target.setFocus()
        target.selectAll()

    def _ask_goto_box(self, position: int) -> None:
        """/ then the ballot number of a box, Enter: straight to that box."""
        self._goto_from = position
        self.goto_box.clear()
        self.goto_box.setPlaceholderText(f"Go to box 1–{len(self.boxes)}, Enter")
        self.goto_box.show()
        self.goto_box.setFocus()

    def _goto_box_key(self, event: QKeyEvent) -> bool:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            text = self.goto_box.text()
            if text and not 1 <= int(text) <= len(self.boxes):
                self.last_saved.setText(f"There is no box {text} on this paper: it has "
                                        f"{len(self.boxes)}.")
                self.goto_box.selectAll()
                return True
            target = int(text) - 1 if text else self._goto_from
        elif event.key() == Qt.Key.Key_Escape:
            target = self._goto_from
        else:
            return False
        self.goto_box.hide()
        self._focus_box(target)
        return True

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
        QSettings().setValue(ORDER_MODE_KEY, self.order_mode)
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
        self.last_saved.setText("Rejected: why? " + self._reason_numbers()
                                + ". Esc: not rejected.")

    @staticmethod
    def _reason_numbers() -> str:
        return ", ".join(f"{REASON_NUMBERS[r]} {r.value}" for r in TELLER_REASONS)

    def _reason_key(self, event: QKeyEvent) -> bool:
        """A reason's number (as on the Rulings page) chooses it; Enter the one selected."""
        key = event.key()
        text = event.text()
        if text.isdigit():
            chosen = [r for r in TELLER_REASONS if REASON_NUMBERS[r] == int(text)]
            if not chosen:
                lone_cross = int(text) == REASON_NUMBERS[Rejection.LONE_CROSS]
                self.last_saved.setText(
                    (f"{text}, a lone cross, is read from the marks: type x in its box. "
                     if lone_cross else f"There is no reason {text}. ")
                    + "The reasons: " + self._reason_numbers() + ".")
                return True
            self.reasons.setCurrentRow(TELLER_REASONS.index(chosen[0]))
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
        if not confirmed(self, "Remove a paper keyed twice",
                         f"Remove paper {number} of pass {self.entry_pass.value} of "
                         f"{self.batch.label}?",
                         f"Its marks leave the file (the audit log keeps that they were "
                         f"removed, and by whom); papers {number + 1}–{self.keyed} move down "
                         "one. Only a paper keyed twice should be removed." if number < self.keyed
                         else "Its marks leave the file (the audit log keeps that they were "
                         "removed, and by whom). Only a paper keyed twice should be removed.",
                         f"&Remove paper {number}"):
            return
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
        """The teller has keyed every paper of the batch in this pass. A pass with no paper
        keyed is not ended: the batch stays as it was."""
        if self.election is None or self.batch is None:
            return
        where = f"{self.batch.label}, pass {self.entry_pass.value}"
        if self.keyed == 0:
            self.pass_ended.emit(f"{where}: no paper is keyed, so the batch stays "
                                 f"{self.batch.state.value}.")
            return
        if self.entry_pass is EntryPass.A and self.batch.state is BatchState.OPEN:
            try:
                self.election.set_batch_state(self.batch.id, BatchState.KEYED_ONCE, self.teller)
            except CountDeskError as error:
                self.problem.emit(str(error))
                return
        papers = "1 paper" if self.keyed == 1 else f"{self.keyed} papers"
        self.batch_changed.emit()
        self.pass_ended.emit(f"{where} ended: {papers} keyed.")
        hand = self.batch.hand_count
        if hand is not None and hand != self.keyed:
            self.problem.emit(f"{where}: {papers} keyed but the hand count is {hand}. Count "
                              "the box again; if the hand count was wrong, the returning "
                              "officer records why when verifying the batch.")
