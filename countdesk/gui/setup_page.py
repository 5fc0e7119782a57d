"""The Setup page: where the returning officer prepares an election before the boxes open.

Everything can be done from the keyboard: Tab walks the fields; in the candidate line, Enter
adds the candidate and returns to the name; in the tables Alt+↑/↓ moves a candidate on the
paper, Delete removes, Ctrl+W withdraws. What cannot be counted is said in words beside the
section it concerns, as the RO types. Once a paper is keyed, the order on the paper is fixed:
papers are stored box by box, so candidates can then be withdrawn, but not moved, added or
removed.
"""

from __future__ import annotations

import itertools
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from countdesk.count.rulesets import Option, rule_set, rule_sets
from countdesk.count.rulesets import options as rule_options
from countdesk.election import (
    ElectionSetup,
    GroupLimit,
    LoneCross,
    ShortfallPolicy,
    duplicate_names,
)
from countdesk.errors import SetupError
from countdesk.gui.keys import KeyActions
from countdesk.gui.setup_models import CandidateRow, CandidatesModel, LimitsModel

TIE_POLICIES = (
    ("rules-then-lot", "Rules, then lot drawn in the hall"),
    ("rules-then-seed", "Rules, then lot drawn by CountDesk"),
)
LONE_CROSS = (
    (LoneCross.FIRST_PREFERENCE, "Counts as a first preference"),
    (LoneCross.INVALID, "Rejected"),
)
SHORTFALL = (
    (ShortfallPolicy.LOWER, "Lower the minimum to them"),
    (ShortfallPolicy.REFUSE, "Refuse to count"),
)
PROBLEM_STYLE = "color: #a40000;"
LEFT_COLUMN_WIDTH = 480  # the election's details and the categories, beside the candidates
EDIT_TRIGGERS = (QAbstractItemView.EditTrigger.AnyKeyPressed
                 | QAbstractItemView.EditTrigger.DoubleClicked
                 | QAbstractItemView.EditTrigger.EditKeyPressed)
ORDER_FIXED = ("Keying has started, so the order of the candidates on the ballot paper is "
               "fixed (each paper is stored box by box): a candidate cannot be {doing} now. "
               "A candidate who has withdrawn stays on the paper: select them and press Ctrl+W")


def _combo(choices: tuple[tuple[object, str], ...]) -> QComboBox:
    combo = QComboBox()
    for value, label in choices:
        combo.addItem(label, value)
    return combo


def _select(combo: QComboBox, value: object) -> None:
    position = combo.findData(value)
    combo.setCurrentIndex(max(position, 0))


def _option_widget(option: Option) -> QComboBox | QSpinBox:
    """A rule set's option: a choice, or a whole number in its range."""
    if option.choices:
        return _combo(option.choices)  # type: ignore[arg-type]
    spin = QSpinBox()
    spin.setRange(option.minimum, option.maximum)
    return spin


def _set_option(widget: QComboBox | QSpinBox, value: object) -> None:
    if isinstance(widget, QSpinBox):
        widget.setValue(int(str(value)))
    else:
        _select(widget, value)


def _option_text(widget: QComboBox | QSpinBox) -> str:
    return str(widget.value() if isinstance(widget, QSpinBox) else widget.currentData())


def _problem_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(PROBLEM_STYLE)
    return label


def _lines(edit: QPlainTextEdit) -> tuple[str, ...]:
    return tuple(line.strip() for line in edit.toPlainText().splitlines() if line.strip())


class SetupPage(QWidget):
    """Edits an ElectionSetup; `save_requested` asks the window to store it, and
    `has_unsaved_edits` says whether what is typed differs from what was loaded or saved."""

    TITLE = "Setup"
    KEYS = (
        ("Tab / Shift+Tab", "next / previous field"),
        ("Enter (in the candidate line)", "add the candidate"),
        ("Alt+M", "to the candidate line"),
        ("Enter (in the group line)", "add the group"),
        ("Alt+↑ / Alt+↓", "move the selected candidate up / down the paper"),
        ("Delete", "remove the selected candidate or group"),
        ("Ctrl+W", "withdraw the selected candidate (or restore)"),
        ("Ctrl+S", "save the setup"),
    )
    save_requested = Signal()
    changed = Signal()
    problem = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.locked = False
        self.read_only_because = ""  # why nothing here may change (a desk's file), if so
        self.candidates = CandidatesModel()
        self.limits = LimitsModel()
        self._build()
        self.candidates.edited.connect(self._on_edit)
        self.limits.edited.connect(self._on_limits_edit)
        self._saved_fields = self._fields()
        self._validate()

    # -- building the page -------------------------------------------------------------

    def _build(self) -> None:
        self.title = QLineEdit()
        self.organisation = QLineEdit()
        self.date = QLineEdit()
        self.date.setPlaceholderText("e.g. 14 March 2027")
        self.venue = QLineEdit()
        self.seats = QSpinBox()
        self.seats.setRange(1, 500)
        self.rules = _combo(tuple((rules.key, rules.label) for rules in rule_sets()))
        # Every rule set's options (wigm's precision and quota), enabled for its own rules.
        self.rule_options = {option.name: _option_widget(option) for option in rule_options()}
        for option in rule_options():
            _set_option(self.rule_options[option.name], option.default)
        self.tie_policy = _combo(TIE_POLICIES)  # type: ignore[arg-type]
        self.lone_cross = _combo(LONE_CROSS)  # type: ignore[arg-type]
        self.shortfall = _combo(SHORTFALL)  # type: ignore[arg-type]
        self.shortfall.setToolTip("When a group's minimum is above the number of its "
                                  "candidates standing: lower the minimum, or refuse to count")
        self.returning_officer = QLineEdit()
        self.tellers = QPlainTextEdit()
        self.scrutineers = QPlainTextEdit()
        for people in (self.tellers, self.scrutineers):
            people.setTabChangesFocus(True)
            people.setPlaceholderText("one name a line")
            people.setFixedHeight(64)
        self.general_problems = _problem_label()

        details = QGroupBox("Election")
        form = QFormLayout(details)
        form.addRow("&Title", self.title)
        form.addRow("&Organisation", self.organisation)
        form.addRow("&Date", self.date)
        form.addRow("&Venue", self.venue)
        form.addRow("S&eats", self.seats)
        form.addRow("&Rules", self.rules)
        for option in rule_options():
            form.addRow(option.label, self.rule_options[option.name])
        form.addRow("T&ies", self.tie_policy)
        form.addRow("A lone &cross", self.lone_cross)
        form.addRow("Too fe&w standing", self.shortfall)
        form.addRow("Returnin&g officer", self.returning_officer)
        form.addRow("Te&llers", self.tellers)
        form.addRow("Scr&utineers", self.scrutineers)
        form.addRow(self.general_problems)

        limits = self._limits_box()
        candidates = self._candidates_box()
        self.editable_boxes = (details, limits)

        self.save_button = QPushButton("&Save setup  (Ctrl+S)")
        self.save_button.clicked.connect(self.save_requested)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save_requested.emit)
        self.lock_notice = QLabel()
        self.lock_notice.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("Reason for this change (goes into the audit log)")
        self.reason.returnPressed.connect(self.save_requested)
        self.reason.hide()

        # The election's details and the categories scroll in their own column, so that the
        # candidates have the page's whole height beside them, at 1366×768 and at 125%.
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addWidget(details)
        left_column.addWidget(limits)
        left_column.addStretch(1)
        scroller = QScrollArea()
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QScrollArea.Shape.NoFrame)
        scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroller.setWidget(left)
        scroller.setFixedWidth(LEFT_COLUMN_WIDTH)
        self.left_scroller = scroller
        columns = QHBoxLayout()
        columns.addWidget(scroller)
        columns.addWidget(candidates, 1)
        footer = QHBoxLayout()
        footer.addWidget(self.lock_notice, 1)
        footer.addWidget(self.reason, 1)
        footer.addWidget(self.save_button)
        page = QVBoxLayout(self)
        page.addLayout(columns, 1)
        page.addLayout(footer)

        for edit in (self.title, self.organisation, self.date, self.venue,
                     self.returning_officer):
            edit.textChanged.connect(self._on_edit)
        self.seats.valueChanged.connect(self._on_edit)
        self.rules.currentIndexChanged.connect(self._on_rules)
        for widget in (*self.rule_options.values(), self.tie_policy, self.lone_cross,
                       self.shortfall):
            signal = (widget.valueChanged if isinstance(widget, QSpinBox)
                      else widget.currentIndexChanged)
            signal.connect(self._on_edit)
        self.tellers.textChanged.connect(self._on_edit)
        self.scrutineers.textChanged.connect(self._on_edit)
        self._on_rules()
        self._set_tab_order()

    def _limits_box(self) -> QGroupBox:
        box = QGroupBox("Categories and their limits")
        self.new_dimension = QLineEdit()
        self.new_dimension.setPlaceholderText("e.g. Gender")
        self.new_group = QLineEdit()
        self.new_group.setPlaceholderText("e.g. Women")
        self.new_minimum = QSpinBox()
        self.new_minimum.setRange(0, 500)
        self.new_maximum = QLineEdit()
        self.new_maximum.setPlaceholderText("none")
        self.new_maximum.setMaximumWidth(70)
        add = self.add_group_button = QPushButton("&Add group")
        add.clicked.connect(self.add_group)
        for edit in (self.new_dimension, self.new_group, self.new_maximum):
            edit.returnPressed.connect(self.add_group)
        entry = QGridLayout()
        for column, (text, widget) in enumerate((
            ("Category", self.new_dimension), ("Group", self.new_group),
            ("Min", self.new_minimum), ("Max", self.new_maximum),
        )):
            entry.addWidget(QLabel(text), 0, column)
            entry.addWidget(widget, 1, column)
        entry.addWidget(add, 1, 4)
        self.limits_view = self._table(self.limits)
        self.limits_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.Stretch)
        row_height = self.limits_view.verticalHeader().defaultSectionSize()
        self.limits_view.setMinimumHeight(4 * row_height)
        self.limits_problems = _problem_label()
        layout = QVBoxLayout(box)
        layout.addLayout(entry)
        layout.addWidget(self.limits_view, 1)
        layout.addWidget(self.limits_problems)
        KeyActions(self.limits_view, {"Delete": self._remove_group})
        return box

    def _candidates_box(self) -> QGroupBox:
        box = QGroupBox("Candidates, in ballot-paper order")
        self.new_name = QLineEdit()
        self.new_name.setPlaceholderText("Name as on the paper")
        self.new_affiliation = QLineEdit()
        self.new_affiliation.setPlaceholderText("optional")
        self.group_pickers: dict[str, QComboBox] = {}
        name_label = QLabel("Na&me")
        name_label.setBuddy(self.new_name)
        self.pickers = QHBoxLayout()
        add = self.add_candidate_button = QPushButton("Add ca&ndidate")
        add.clicked.connect(self.add_candidate)
        self.new_name.returnPressed.connect(self.add_candidate)
        self.new_affiliation.returnPressed.connect(self.add_candidate)
        self.entry = QGridLayout()
        self.entry.addWidget(name_label, 0, 0)
        self.entry.addWidget(self.new_name, 0, 1)
        self.entry.addWidget(QLabel("Affiliation"), 0, 2)
        self.entry.addWidget(self.new_affiliation, 0, 3)
        self.entry.addWidget(QLabel("Groups"), 1, 0)
        self.entry.addLayout(self.pickers, 1, 1, 1, 2)
        self.entry.addWidget(add, 1, 3)
        self.entry.setColumnStretch(1, 3)
        self.entry.setColumnStretch(3, 2)

        self.candidates_view = self._table(self.candidates)
        header = self.candidates_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.candidates_view.verticalHeader().show()  # each candidate's number on the paper
        self.candidate_problems = _problem_label()
        self.candidate_count = QLabel()
        layout = QVBoxLayout(box)
        layout.addLayout(self.entry)
        layout.addWidget(self.candidates_view, 1)
        status = QHBoxLayout()
        status.addWidget(self.candidate_count)
        status.addWidget(self.candidate_problems, 1)
        layout.addLayout(status)
        KeyActions(self.candidates_view, {
            "Alt+Up": lambda: self._move_candidate(-1),
            "Alt+Down": lambda: self._move_candidate(1),
            "Ctrl+W": self._withdraw_candidate,
            "Delete": self._remove_candidate,
        })
        return box

    @staticmethod
    def _table(model: CandidatesModel | LimitsModel) -> QTableView:
        view = QTableView()
        view.setModel(model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(EDIT_TRIGGERS)
        view.verticalHeader().hide()
        view.horizontalHeader().setStretchLastSection(False)
        view.setTabKeyNavigation(False)
        return view

    # -- reading and writing the setup --------------------------------------------------

    def load(self, setup: ElectionSetup) -> None:
        widgets = (self.title, self.organisation, self.date, self.venue, self.seats,
                   self.returning_officer, self.tellers, self.scrutineers)
        for widget in widgets:
            widget.blockSignals(True)
        self.title.setText(setup.title)
        self.organisation.setText(setup.organisation)
        self.date.setText(setup.date)
        self.venue.setText(setup.venue)
        self.seats.setValue(setup.seats)
        self.returning_officer.setText(setup.returning_officer)
        self.tellers.setPlainText("\n".join(setup.tellers))
        self.scrutineers.setPlainText("\n".join(setup.scrutineers))
        for widget in widgets:
            widget.blockSignals(False)
        options = dict(setup.rule_options)
        _select(self.rules, setup.rules)
        for option in rule_options():
            _set_option(self.rule_options[option.name], options.get(option.name, option.default))
        _select(self.tie_policy, setup.tie_policy)
        _select(self.lone_cross, setup.lone_cross)
        _select(self.shortfall, setup.shortfall)
        self.limits.load(setup.limits)
        dimensions = self._dimensions_with(setup)
        self.candidates.load(setup.candidates, dimensions)
        self._refresh_pickers()
        self._saved_fields = self._fields()
        self._validate()
        self.changed.emit()

    @staticmethod
    def _dimensions_with(setup: ElectionSetup) -> list[str]:
        named = [limit.dimension for limit in setup.limits]
        named += [d for c in setup.candidates for d, _ in c.groups]
        return list(dict.fromkeys(named))

    def setup(self) -> ElectionSetup:
        """The setup as typed; raises SetupError (in words) when it cannot be counted."""
        return ElectionSetup(**self._fields())

    def has_unsaved_edits(self) -> bool:
        """Whether the setup as typed differs from the one last loaded or saved."""
        return self._fields() != self._saved_fields

    def _fields(self) -> dict[str, Any]:
        """The setup's fields as typed, unchecked (they may not make a setup yet)."""
        rules = self.rules.currentData()
        options = tuple((option.name, _option_text(self.rule_options[option.name]))
                        for option in rule_set(rules).options)
        return dict(
            title=self.title.text().strip(),
            seats=self.seats.value(),
            candidates=self.candidates.candidates(),
            organisation=self.organisation.text().strip(),
            date=self.date.text().strip(),
            venue=self.venue.text().strip(),
            limits=tuple(self.limits.limits),
            rules=rules,
            rule_options=options,
            tie_policy=self.tie_policy.currentData(),
            lone_cross=self.lone_cross.currentData(),
            shortfall=self.shortfall.currentData(),
            returning_officer=self.returning_officer.text().strip(),
            tellers=_lines(self.tellers),
            scrutineers=_lines(self.scrutineers),
        )

    def load_blank(self) -> None:
        """An empty form for a new election: one seat, no candidates, ERS97."""
        self.title.clear()
        for edit in (self.organisation, self.date, self.venue, self.returning_officer):
            edit.clear()
        self.tellers.clear()
        self.scrutineers.clear()
        self.seats.setValue(1)
        for combo in (self.rules, self.tie_policy, self.lone_cross, self.shortfall):
            combo.setCurrentIndex(0)
        for option in rule_options():
            _set_option(self.rule_options[option.name], option.default)
        self.limits.load(())
        self.candidates.load((), [])
        self._refresh_pickers()
        self._saved_fields = self._fields()
        self._validate()
        self.changed.emit()

    def set_locked(self, locked: bool) -> None:
        """After keying starts, changes still save, but only with the RO's reason; and the
        candidates' order on the paper is fixed."""
        self.locked = locked
        if self.read_only_because:
            return  # set_read_only's notice stands
        self.lock_notice.setText(
            "Locked: keying has started. The candidates' order on the paper is fixed. To "
            "change the setup, type the returning officer's reason and save." if locked else ""
        )
        self.reason.setVisible(locked)

    def set_read_only(self, why: str) -> None:
        """Show the setup without letting it change (``why`` says why, "" to edit again): on
        a desk's file the setup is the returning officer's, kept on the RO's laptop, and on a
        file that failed its check nothing may change."""
        self.read_only_because = why
        for box in self.editable_boxes:
            box.setEnabled(not why)
        for widget in (self.new_name, self.new_affiliation, self.add_candidate_button,
                       self.save_button, *self.group_pickers.values()):
            widget.setEnabled(not why)
        triggers = (QAbstractItemView.EditTrigger.NoEditTriggers if why else EDIT_TRIGGERS)
        self.candidates_view.setEditTriggers(triggers)
        self.limits_view.setEditTriggers(triggers)
        if why:
            self.lock_notice.setText(f"Read-only: {why}.")
            self.reason.hide()
        else:
            self.set_locked(self.locked)

    def change_reason(self) -> str:
        """Why the setup changes: asked for once keying has started, for the audit log."""
        if not self.locked:
            return "setup edited before keying"
        reason = self.reason.text().strip()
        if not reason:
            self.reason.setFocus()
            raise SetupError("keying has started: type the reason for this change first")
        return reason

    def saved(self) -> None:
        self.reason.clear()
        self._saved_fields = self._fields()
        self.changed.emit()

    # -- editing -------------------------------------------------------------------------

    def _refused_here(self) -> bool:
        """On a read-only setup, say why nothing changes (in words) and refuse."""
        if self.read_only_because:
            self.problem.emit(f"The setup cannot be changed here: {self.read_only_because}.")
        return bool(self.read_only_because)

    def _order_fixed(self, doing: str) -> bool:
        """Once keying has started, refuse (in words) what would change the paper's order."""
        if self._refused_here():
            return True
        if self.locked:
            self.problem.emit(ORDER_FIXED.format(doing=doing))
        return self.locked

    def add_candidate(self) -> None:
        if self._order_fixed("added"):
            return
        name = self.new_name.text().strip()
        if not name:
            self.candidate_problems.setText("Type the candidate's name first.")
            return
        groups = {d: picker.currentText().strip() for d, picker in self.group_pickers.items()
                  if picker.currentText().strip()}
        self.candidates.add(CandidateRow(name, self.new_affiliation.text().strip(), groups))
        # The new candidate in view (and current, for when Tab reaches the table).
        added = self.candidates.index(len(self.candidates.rows) - 1, 0)
        self.candidates_view.setCurrentIndex(added)
        self.candidates_view.scrollTo(added)
        self.new_name.clear()
        self.new_affiliation.clear()
        for picker in self.group_pickers.values():
            picker.setCurrentIndex(-1)
            picker.setEditText("")
        self.new_name.setFocus()

    def add_group(self) -> None:
        if self._refused_here():
            return
        dimension = self.new_dimension.text().strip()
        group = self.new_group.text().strip()
        if not dimension or not group:
            self.limits_problems.setText("A group needs its category and its name.")
            return
        maximum_text = self.new_maximum.text().strip()
        if maximum_text and not maximum_text.isdigit():
            self.limits_problems.setText(
                f"The maximum must be a whole number, not {maximum_text!r}.")
            return
        maximum = int(maximum_text) if maximum_text else None
        self.limits.add(GroupLimit(dimension, group, self.new_minimum.value(), maximum))
        self.new_group.clear()
        self.new_minimum.setValue(0)
        self.new_maximum.clear()
        self.new_group.setFocus()

    def _selected_row(self, view: QTableView) -> int | None:
        index = view.currentIndex()
        return index.row() if index.isValid() else None

    def _move_candidate(self, step: int) -> None:
        row = self._selected_row(self.candidates_view)
        if row is not None and not self._order_fixed("moved"):
            moved = self.candidates.move(row, step)
            self.candidates_view.selectRow(moved)

    def _withdraw_candidate(self) -> None:
        row = self._selected_row(self.candidates_view)
        if row is not None and not self._refused_here():
            self.candidates.toggle_withdrawn(row)

    def _remove_candidate(self) -> None:
        row = self._selected_row(self.candidates_view)
        if row is not None and not self._order_fixed("removed"):
            self.candidates.remove(row)

    def _remove_group(self) -> None:
        row = self._selected_row(self.limits_view)
        if row is not None and not self._refused_here():
            self.limits.remove(row)

    def _on_rules(self) -> None:
        offered = {option.name for option in rule_set(self.rules.currentData()).options}
        for name, widget in self.rule_options.items():
            widget.setEnabled(name in offered)
        self._on_edit()

    def _on_limits_edit(self) -> None:
        dimensions = list(dict.fromkeys(
            self.limits.dimensions() + [d for row in self.candidates.rows for d in row.groups]
        ))
        self.candidates.set_dimensions(dimensions)
        self._refresh_pickers()
        self._on_edit()

    def _refresh_pickers(self) -> None:
        """One group picker per category in the candidate line, offering that category's groups."""
        for dimension in list(self.group_pickers):
            if dimension not in self.candidates.dimensions:
                picker = self.group_pickers.pop(dimension)
                self.pickers.removeWidget(picker)
                picker.deleteLater()
        for dimension in self.candidates.dimensions:
            picker = self.group_pickers.get(dimension)
            if picker is None:
                picker = QComboBox()
                picker.setEditable(True)
                picker.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
                picker.setToolTip(dimension)
                picker.lineEdit().setPlaceholderText(dimension)
                picker.lineEdit().returnPressed.connect(self.add_candidate)
                self.group_pickers[dimension] = picker
                self.pickers.addWidget(picker)
                picker.setVisible(True)  # at once, so that Tab reaches it straight away
            current = picker.currentText()
            picker.blockSignals(True)
            picker.clear()
            picker.addItems(self.limits.groups_of(dimension))
            picker.setEditText(current)
            picker.blockSignals(False)
        self._set_tab_order()

    def _set_tab_order(self) -> None:
        """Tab walks the page as the RO reads it: details, categories, then candidates."""
        chain = [
            self.title, self.organisation, self.date, self.venue, self.seats, self.rules,
            *self.rule_options.values(), self.tie_policy, self.lone_cross, self.shortfall,
            self.returning_officer, self.tellers, self.scrutineers,
            self.new_dimension, self.new_group, self.new_minimum, self.new_maximum,
            self.add_group_button, self.limits_view,
            self.new_name, self.new_affiliation, *self.group_pickers.values(),
            self.add_candidate_button, self.candidates_view, self.reason, self.save_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _on_edit(self) -> None:
        self._validate()
        self.changed.emit()

    # -- validation as the RO types --------------------------------------------------------

    def _validate(self) -> None:
        general: list[str] = []
        if not self.title.text().strip():
            general.append("The election needs a title.")
        self.general_problems.setText(" ".join(general))

        names = [row.name for row in self.candidates.rows]
        candidate_problems = [f"Two candidates are called {name!r}." for name in
                              duplicate_names(names)]
        standing = [row for row in self.candidates.rows if not row.withdrawn]
        if len(standing) < self.seats.value() and self.candidates.rows:
            candidate_problems.append(
                f"Only {len(standing)} standing for {self.seats.value()} seats: "
                "all will be elected."
            )
        for row in self.candidates.rows:
            for dimension in self.candidates.dimensions:
                group = row.groups.get(dimension, "")
                if self.limits.groups_of(dimension) and group not in self.limits.groups_of(
                        dimension):
                    what = f"no {dimension}" if not group else f"{dimension} {group!r}"
                    candidate_problems.append(
                        f"{row.name or 'A candidate'} has {what}, which is not one of the "
                        f"groups listed."
                    )
        self.candidate_problems.setText(" ".join(candidate_problems))
        self.candidate_count.setText(f"{len(self.candidates.rows)} candidates")

        limit_problems: list[str] = []
        seats = self.seats.value()
        for limit in self.limits.limits:
            label = f"{limit.dimension}: {limit.group}"
            in_group = sum(1 for row in standing
                           if row.groups.get(limit.dimension) == limit.group)
            if limit.maximum is not None and limit.minimum > limit.maximum:
                limit_problems.append(
                    f"{label}: minimum {limit.minimum} is above its maximum {limit.maximum}.")
            if limit.minimum > seats:
                limit_problems.append(
                    f"{label}: minimum {limit.minimum} is above the {seats} seats.")
            elif limit.minimum > in_group and self.candidates.rows:
                policy = ("it will be lowered to that number"
                          if self.shortfall.currentData() is ShortfallPolicy.LOWER
                          else "the count will refuse to start")
                limit_problems.append(
                    f"{label}: minimum {limit.minimum} but only {in_group} standing; {policy}.")
        for dimension in self.limits.dimensions():
            minimums = sum(limit.minimum for limit in self.limits.limits
                           if limit.dimension == dimension)
            if minimums > seats:
                limit_problems.append(
                    f"{dimension}: the minimums add up to {minimums}, more than the "
                    f"{seats} seats.")
        self.limits_problems.setText(" ".join(limit_problems))

    def problems(self) -> list[str]:
        """Everything said beside the fields now, for the window's status line and tests."""
        return [text for label in (self.general_problems, self.candidate_problems,
                                   self.limits_problems) if (text := label.text())]
