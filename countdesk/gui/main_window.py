"""The main window: the election's name and state always in view, its pages, the File menu.

Pages arrive with their own issues (Setup, Batches, Keying, Differences and Rulings now;
Count and Results later); Ctrl+1… switch to them in that order and F1 shows the keys of the
page in view.

Nothing typed is thrown away without asking: before an election closes (Close, Quit, the
window's close button, New, Open), unsaved Setup edits and a paper keyed but not saved are
each asked about: save, discard, or cancel. When the system stops CountDesk (`shut_down`:
SIGTERM, SIGHUP) nobody can be asked, so what can be saved is saved and the rest is said on
stderr.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import datetime
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from countdesk import __version__
from countdesk.app.ballot_files import import_ballots
from countdesk.app.election_count import stored_count
from countdesk.app.exchange import desk_state
from countdesk.app.integrity import open_checked
from countdesk.app.records import StoredCount
from countdesk.errors import CountDeskError
from countdesk.gui.batches_page import BatchesPage
from countdesk.gui.count_page import CountPage
from countdesk.gui.desks_page import DesksPage
from countdesk.gui.differences_page import DifferencesPage
from countdesk.gui.file_dialogs import ask_open_path, ask_save_path, last_folder, remember_folder
from countdesk.gui.keying_page import KeyingPage
from countdesk.gui.practice import (
    DocumentDialog,
    guide_document,
    make_practice_election,
    paper_list_document,
    read_practice,
)
from countdesk.gui.results_page import ResultsPage
from countdesk.gui.roles import RoSession
from countdesk.gui.rulings_page import RulingsPage
from countdesk.gui.setup_page import SetupPage
from countdesk.resources import resource_path
from countdesk.store.election_file import BatchState, ElectionFile, EntryPass
from countdesk.store.errors import RoleError
from countdesk.store.signing import Signer

SAMPLE = "conference_committee_2026"
SAMPLE_PASSPHRASE = "practice passphrase"  # the sample's returning officer's, said on opening
SAMPLE_TELLERS = ("Teller One", "Teller Two")
RECENT_KEY = "recent_elections"
RECENT_LIMIT = 8
FILE_FILTER = "CountDesk elections (*.countdesk)"
# Not the platform's Close key: that is Ctrl+W on many desktops, which withdraws a candidate
# on the Setup page.
CLOSE_KEY = "Ctrl+Shift+W"


def election_state(election: ElectionFile) -> str:
    """Where the election stands, in words, as the file says now: its batches, whether the
    setup is locked, the last count kept, and whether the last certification stands."""
    if election.this_desk() is not None:
        return desk_state(election)  # a teller laptop's desk file
    batches = election.batches()
    plural = "batch" if len(batches) == 1 else "batches"
    if not election.keying_started():
        words = (f"Setting up: {len(batches)} {plural}, no papers keyed yet" if batches
                 else "Setting up: no papers keyed yet")
    else:
        verified = sum(1 for b in batches
                       if b.state in (BatchState.VERIFIED, BatchState.VERIFIED_BY_IMPORT))
        words = ("Keying started: every batch verified" if verified == len(batches)
                 else f"Keying started: {verified} of {len(batches)} {plural} verified")
        words += " · setup locked"
    runs = election.counts()
    if runs:
        kind = "PROVISIONAL" if runs[-1].provisional else "final"
        words += f" · count {runs[-1].id} kept ({kind})"
    for certification in election.certifications()[-1:]:
        words += (f" · count {certification.count_run} certified" if certification.current
                  else f" · the certification of count {certification.count_run} SUPERSEDED")
    return words


def setup_read_only_because(election: ElectionFile) -> str:
    """Why the Setup page may not change this file's setup, in words; "" when it may."""
    if election.read_only_because:
        return "the file failed its check, so it is open read-only"
    desk = election.this_desk()
    if desk is not None:
        return (f"this is the desk file of '{desk.desk}', and the setup is the returning "
                "officer's, changed only on the RO's laptop")
    return ""


class Choice(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


class KeysDialog(QDialog):
    """The keys of one page, then the window's own, as a two-column table (F1)."""

    def __init__(self, parent: MainWindow, title: str, keys: tuple[tuple[str, str], ...]):
        super().__init__(parent)
        self.setWindowTitle(f"Keys — {title}")
        table = QTableWidget(len(keys), 2)
        table.setHorizontalHeaderLabels(["Key", "What it does"])
        for row, (key, meaning) in enumerate(keys):
            table.setItem(row, 0, QTableWidgetItem(key))
            table.setItem(row, 1, QTableWidgetItem(meaning))
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        self.table = table
        self.resize(640, 480)  # the page's keys and the window's, mostly without scrolling


class MainWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.election: ElectionFile | None = None
        self.pending_path: Path | None = None  # a new election, created at its first save
        self.unattended = False  # the system is stopping CountDesk: nobody to ask
        self.exit_status = 0  # 1 when stopped by the system with something left unsaid
        self._closing = False  # inside closeEvent, perhaps waiting for an answer
        self.setMinimumSize(800, 560)
        screen = QGuiApplication.primaryScreen().availableGeometry()
        self.resize(min(1366, screen.width()), min(740, screen.height() - 28))

        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        font = self.heading.font()
        font.setPointSize(font.pointSize() + 3)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setContentsMargins(8, 6, 8, 6)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("background: #fff0f0; color: #a40000; padding: 6px;")
        self.message.hide()
        self.setup_page = SetupPage()
        self.setup_page.save_requested.connect(self.save_setup)
        self.setup_page.problem.connect(self._refuse)
        self.setup_page.changed.connect(
            lambda: self.setWindowModified(self.setup_page.has_unsaved_edits()))
        self.batches_page = BatchesPage()
        self.batches_page.key_requested.connect(self.start_keying)
        self.batches_page.problem.connect(self._refuse)
        self.batches_page.problem_gone.connect(self._clear_message)
        self.batches_page.batch_added.connect(self._show_state)
        self.keying_page = KeyingPage()
        self.keying_page.saved.connect(self._keyed)
        self.keying_page.problem.connect(self._refuse)
        self.keying_page.problem_gone.connect(self._clear_message)
        self.keying_page.end_requested.connect(self.end_pass)
        self.keying_page.batch_changed.connect(self._lock_setup_once_keyed)
        self.keying_page.pass_ended.connect(self._pass_ended)
        self.differences_page = DifferencesPage()
        self.differences_page.problem_gone.connect(self._clear_message)
        self.rulings_page = RulingsPage()
        for checking_page in (self.differences_page, self.rulings_page):
            checking_page.problem.connect(self._refuse)
            checking_page.done.connect(self._changed)
        self.count_page = CountPage()
        self.count_page.problem.connect(self._refuse)
        self.count_page.counted.connect(self._counted)
        self.desks_page = DesksPage()  # several laptops: desk files, packs, the dashboard
        self.desks_page.problem.connect(self._refuse)
        self.desks_page.done.connect(self._changed)
        self.results_page = ResultsPage()
        self.results_page.problem.connect(self._refuse)
        self.results_page.done.connect(self._keyed)
        self.results_page.certified.connect(self.count_page.refresh)
        self.results_page.certified.connect(self._show_state)
        # The pages that show the open election, each told when it opens or closes.
        self.election_pages = (self.batches_page, self.differences_page, self.rulings_page,
                               self.count_page, self.desks_page)
        self.ro = RoSession()
        for page in (*self.election_pages, self.results_page):
            page.authorise = self._authorise
        self.pages = QTabWidget()
        for number, page in enumerate((self.setup_page, self.batches_page, self.keying_page,
                                       self.differences_page, self.rulings_page,
                                       self.count_page, self.results_page,
                                       self.desks_page), 1):
            self.pages.addTab(page, f"&{number} {page.TITLE}")
        self.pages.currentChanged.connect(self._page_shown)
        self.pages.setEnabled(False)

        self.welcome = QLabel(
            "No election is open.\n\nFile → New (Ctrl+N) prepares a new election;\n"
            "File → Open (Ctrl+O) opens an election file (.countdesk)."
        )
        self.welcome.setAlignment(Qt.AlignmentFlag.AlignCenter)
        central = QVBoxLayout()
        central.setContentsMargins(0, 0, 0, 0)
        central.addWidget(self.heading)
        central.addWidget(self.message)
        central.addWidget(self.welcome, 1)
        central.addWidget(self.pages, 1)
        holder = QWidget()
        holder.setLayout(central)
        self.setCentralWidget(holder)
        self.state_label = QLabel()
        self.statusBar().addPermanentWidget(self.state_label)
        self._build_menus()
        self._show_state()

    # -- menus and keys --------------------------------------------------------------------

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.new_action = self._action(file_menu, "&New election…", QKeySequence.StandardKey.New,
                                       self.choose_new)
        self.open_action = self._action(file_menu, "&Open…", QKeySequence.StandardKey.Open,
                                        self.choose_open)
        self.recent_menu = file_menu.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.sample_action = self._action(file_menu, "Open a &sample election", None,
                                          self.open_sample)
        self.practice_action = self._action(file_menu, "Open the &practice election", None,
                                            self.open_practice)
        self.copy_action = self._action(file_menu, "Save a &copy…", QKeySequence("Ctrl+Shift+S"),
                                        self.choose_copy)
        self.close_action = self._action(file_menu, "&Close election", QKeySequence(CLOSE_KEY),
                                         self.close_election)
        file_menu.addSeparator()
        self.passphrase_action = self._action(
            file_menu, "Returning officer's &passphrase…", None, self.set_or_change_passphrase)
        self.lock_action = self._action(file_menu, "&Lock the returning officer's actions",
                                        QKeySequence("Ctrl+L"), self.lock_ro)
        file_menu.addSeparator()
        # Ctrl+Q everywhere: some platforms give the standard Quit no key at all.
        self.quit_action = self._action(file_menu, "&Quit", QKeySequence("Ctrl+Q"), self.close)
        help_menu = self.menuBar().addMenu("&Help")
        self.keys_action = self._action(help_menu, "&Keys of this page", QKeySequence("F1"),
                                        self.show_keys)
        self._action(help_menu, "The returning officer's &guide", None, self.show_guide)
        self._action(help_menu, "&Practice papers, to print", None, self.show_practice_papers)
        self._action(help_menu, "&About CountDesk", None, self._about)
        for number in range(1, 9):
            action = QAction(self)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _=False, n=number: self.show_page(n))
            self.addAction(action)

    def _action(self, menu, text: str, keys, slot) -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(text, self)
        if keys is not None:
            action.setShortcut(keys)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def show_page(self, number: int) -> None:
        if self.pages.isEnabled() and 1 <= number <= self.pages.count():
            page = self.pages.widget(number - 1)
            if page is self.keying_page and page is not self.pages.currentWidget() and (
                    refusal := self.keying_page.cannot_go_on()):
                self._refuse(refusal)
                return
            self.pages.setCurrentIndex(number - 1)

    def _show_latest_count(self) -> None:
        """The last count kept in the file, on the Results page: certified, it can be
        printed again without counting again."""
        assert self.election is not None
        runs = self.election.counts()
        if not runs:
            return
        try:
            count = stored_count(self.election, runs[-1].id)
        except CountDeskError as error:
            self._refuse(f"the last count in the file cannot be shown: {error}")
            return
        self.results_page.show_count(self.election, count)

    def _show_election_on_pages(self) -> None:
        for page in self.election_pages:
            page.show_election(self.election)

    def _counted(self, count: StoredCount) -> None:
        assert self.election is not None
        self._clear_message()
        self.results_page.show_count(self.election, count)
        self.pages.setCurrentWidget(self.results_page)
        self.activateWindow()  # back from the lot dialog, if there was one
        self.results_page.view.setFocus()
        result = count.result
        kind = "PROVISIONAL count" if result.provisional else "Final count"
        self.statusBar().showMessage(f"{kind} {count.run_id} made and kept in the file: "
                                     f"{len(result.elected)} elected.")
        self._show_state()

    def _page_shown(self, index: int) -> None:
        """A banner belongs to the page it was raised on: it goes when another is shown."""
        self._clear_message()
        page = self.pages.widget(index)
        if page is self.batches_page:
            self.batches_page.refresh()
            self.batches_page.view.setFocus()
        elif page in (self.differences_page, self.rulings_page):
            page.refresh()
            page.view.setFocus()
        elif page is self.count_page:
            self.count_page.refresh()
            self.count_page.count_button.setFocus()
        elif page is self.desks_page:
            self.desks_page.refresh()
            self.desks_page.view.setFocus()
        elif page is self.results_page:
            self.results_page.refresh()
            self.results_page.view.setFocus()

    def start_keying(self, batch_id: int, entry_pass: EntryPass) -> None:
        if self.election is None or not self._settle_keying():
            return
        self._clear_message()
        self.keying_page.start(self.election, batch_id, entry_pass,
                               self.batches_page.teller_name())
        self.pages.setCurrentWidget(self.keying_page)
        self.keying_page.focus_start()
        self._show_state()

    def end_pass(self) -> None:
        """Ctrl+E on the Keying page: the pass ends, once a paper not saved is settled."""
        if self._settle_keying():
            self.keying_page.end_pass()

    def _lock_setup_once_keyed(self) -> None:
        """The first paper saved (or the last one taken back) locks (or unlocks) the setup
        at once, not only when the election is next opened."""
        if self.election is not None and self.setup_page.locked != self.election.keying_started():
            self._show_state()

    def _keyed(self, message: str) -> None:
        self._clear_message()
        self.statusBar().showMessage(message)

    def _changed(self, message: str) -> None:
        """A paper settled, a batch verified, a ruling made: said, and the state follows."""
        self._keyed(message)
        self._show_state()

    def _pass_ended(self, message: str) -> None:
        self.show_page(2)
        self._changed(message)

    def show_keys(self) -> KeysDialog:
        page = self.pages.currentWidget()
        dialog = KeysDialog(self, page.TITLE, page.KEYS + self.window_keys())
        dialog.show()
        return dialog

    def window_keys(self) -> tuple[tuple[str, str], ...]:
        """The keys of the window's menus, which work on every page."""
        menu_keys = tuple(
            (action.shortcut().toString(QKeySequence.SequenceFormat.NativeText),
             action.text().replace("&", "").rstrip("…"))
            for menu in self.menuBar().actions() for action in menu.menu().actions()
            if not action.shortcut().isEmpty())
        return (*menu_keys, ("Ctrl+1 … Ctrl+8", "go to page 1 … 8"))

    def show_guide(self) -> DocumentDialog:
        dialog = DocumentDialog(self, "The returning officer's guide", guide_document(),
                                "CountDesk returning officer's guide.pdf")
        dialog.show()
        return dialog

    def show_practice_papers(self) -> DocumentDialog:
        dialog = DocumentDialog(self, "Practice papers", paper_list_document(read_practice()),
                                "CountDesk practice papers.pdf")
        dialog.show()
        return dialog

    def _about(self) -> None:
        QMessageBox.about(self, "CountDesk",
                          f"CountDesk {__version__}\nCounting paper ballots by STV, offline.")

    # -- opening, creating and closing elections ------------------------------------------

    def choose_new(self) -> None:
        path = ask_save_path(self, "New election", last_folder() / "election.countdesk",
                             FILE_FILTER)
        if path is not None:
            self.start_new(path)

    def choose_open(self) -> None:
        path = ask_open_path(self, "Open an election", last_folder(), FILE_FILTER)
        if path is not None:
            self.open_election(path)

    def choose_copy(self) -> None:
        if self.election is None:
            return
        when = datetime.now().strftime("%Y-%m-%d %H%M")
        suggested = self.election.path.with_name(f"{self.election.path.stem} copy {when}"
                                                 ".countdesk")
        path = ask_save_path(self, "Save a copy (e.g. on a USB stick)", suggested, FILE_FILTER)
        if path is not None:
            self.save_copy(path)

    def start_new(self, path: Path) -> None:
        """Prepare a new election; the file is made when its setup is first saved."""
        if path.suffix != ".countdesk":
            path = path.with_name(path.name + ".countdesk")
        if path.exists():
            self._refuse(f"{path} already exists: open it, or choose another name.")
            return
        if not self.close_election():
            return
        self.pending_path = path
        self.setup_page.load_blank()
        self._show_state()
        self.setup_page.title.setFocus()

    def open_election(self, path: Path) -> bool:
        if not self.close_election():
            return False
        try:
            self.election = ElectionFile.open(path)
            integrity = open_checked(self.election)
        except CountDeskError as error:
            if self.election is not None:
                self.election.close()
                self.election = None
            self._refuse(str(error))
            return False
        self.setup_page.load(self.election.setup())
        self._show_election_on_pages()
        self._clear_message()
        self._remember(path)
        self._show_state()
        # An election with batches opens where the work goes on; a new one at its setup.
        if self.election.batches():
            self.pages.setCurrentWidget(self.batches_page)
            self.batches_page.view.setFocus()
        else:
            self.pages.setCurrentWidget(self.setup_page)
            self.setup_page.title.setFocus()
        self._show_latest_count()  # after the page is chosen, so that a refusal stays in view
        if not integrity.sound:
            self._refuse(f"{path.name} opened read-only, because it fails its check: "
                         f"{integrity.summary()}. It can be looked at and copied, not changed")
        elif integrity.warning:
            self.statusBar().showMessage(integrity.warning)
        return True

    def open_sample(self) -> bool:
        """A bundled sample — a 20-seat committee, at least 10 women — as a new election file
        in a folder of its own, ready to count (Ctrl+6, then F5)."""
        if not self.close_election():
            return False
        folder = Path(tempfile.mkdtemp(prefix="countdesk-sample-"))
        path = folder / f"{SAMPLE}.countdesk"
        try:
            import_ballots(resource_path(f"samples/{SAMPLE}.blt"), path, "CountDesk sample",
                           lambda: SAMPLE_PASSPHRASE, resource_path(f"samples/{SAMPLE}.con"),
                           tellers=SAMPLE_TELLERS).close()
        except (CountDeskError, OSError) as error:
            self._refuse(str(error))
            return False
        if not self.open_election(path):
            return False
        self.pages.setCurrentWidget(self.count_page)
        self.count_page.count_button.setFocus()
        # Until the count is made: its message replaces this one.
        self.statusBar().showMessage(f"Sample election in {path}: press F5 to count it (the "
                                     f"returning officer's passphrase: {SAMPLE_PASSPHRASE})")
        return True

    def set_or_change_passphrase(self) -> None:
        """The RO sets the election's passphrase, or changes it (the old one first)."""
        if self.election is None:
            return
        if self.election.ro_key() is None:
            done = self._authorise("setting the returning officer's passphrase") is not None
        else:
            done = self.ro.change_passphrase(self, self.election)
        if done:
            self.statusBar().showMessage("The returning officer's passphrase is set.")

    def lock_ro(self) -> None:
        """The RO steps away: the passphrase is asked again at the next RO action."""
        self.ro.forget()
        self.statusBar().showMessage("The returning officer's actions are locked: the "
                                     "passphrase is asked again.")

    def _authorise(self, what: str) -> Signer | None:
        """The returning officer's key for ``what``: asked for once per sitting. When the
        system is stopping CountDesk nobody is there to answer: only a key the RO unlocked in
        this sitting serves."""
        if self.election is None:
            return None
        if self.unattended:
            return self.ro.current(self.election)
        return self.ro.authority(self, self.election, what)

    def open_practice(self) -> bool:
        """The practice election — boxes with their hand counts and no paper keyed — as a new
        election file in a folder of its own, open at its batches; its papers print from
        Help → Practice papers."""
        if not self.close_election():
            return False
        path = Path(tempfile.mkdtemp(prefix="countdesk-practice-")) / "practice.countdesk"
        try:
            make_practice_election(path, read_practice())
        except (CountDeskError, OSError) as error:
            self._refuse(str(error))
            return False
        if not self.open_election(path):
            return False
        self.statusBar().showMessage(f"Practice election in {path}: print its papers (Help → "
                                     "Practice papers), then key Box 1")
        return True

    def close_election(self) -> bool:
        """Close the election (or the new one not yet saved), once what is typed and not
        saved is settled; False when it stays open (cancelled, or a save or the close failed:
        the banner says why)."""
        if not self._settle_keying() or not self._settle_setup():
            return False
        self.ro.forget()
        if self.election is not None:
            try:
                self.election.close()
            except CountDeskError as error:
                self._refuse(str(error))
                if self.unattended:
                    self._tell_stderr(str(error))
                return False
            self.election = None
        self.keying_page.batch = None
        self._show_election_on_pages()
        self.results_page.clear()
        self.pending_path = None
        self._clear_message()
        self._show_state()
        return True

    def _settle_setup(self) -> bool:
        """Unsaved Setup edits saved or discarded, as the RO answers; False: cancelled, or the
        save failed (said in the banner)."""
        if not self.setup_page.has_unsaved_edits() or (
                self.election is None and self.pending_path is None):
            return True
        if self.unattended:
            try:
                self._store_setup()
            except CountDeskError as error:
                self._tell_stderr(f"the changes to the setup are not saved: {error}")
            return True
        choice = self._ask("The changes to the setup are not saved.",
                           "Save them before going on, or discard them?",
                           ("&Save", "&Discard the changes", "&Cancel"))
        if choice is Choice.SAVE:
            try:
                self._store_setup()
            except CountDeskError as error:
                self.pages.setCurrentWidget(self.setup_page)
                self._refuse(f"The setup could not be saved, so nothing was closed: {error}")
                return False
        return choice is not Choice.CANCEL

    def _settle_keying(self) -> bool:
        """A paper keyed and not saved: saved or discarded, as the teller answers; False:
        keep keying (the Keying page is shown)."""
        lost = self.keying_page.unsaved_paper()
        if lost is None:
            return True
        if self.unattended:
            self._tell_stderr(f"{lost} Key it again.")
            return True
        choice = self._ask(lost, "Save it now, discard it, or keep keying?",
                           ("&Save it first", "&Discard it", "&Keep keying"))
        if choice is Choice.DISCARD:
            self.keying_page.discard_unsaved()
            return True
        self.pages.setCurrentWidget(self.keying_page)
        if choice is Choice.SAVE and self.keying_page.save_unsaved():
            return True
        self.keying_page.focus_start()
        return False

    def _ask(self, question: str, detail: str, buttons: tuple[str, str, str]) -> Choice:
        """Save, discard or cancel? Enter saves, Esc cancels, each button has its letter."""
        box = QMessageBox(QMessageBox.Icon.Question, "CountDesk", question,
                          QMessageBox.StandardButton.NoButton, self)
        box.setInformativeText(detail)
        save_text, discard_text, cancel_text = buttons
        save = box.addButton(save_text, QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(discard_text, QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(cancel_text, QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save)
        box.setEscapeButton(cancel)
        typing_in = QApplication.focusWidget()
        box.exec()
        self.activateWindow()
        if typing_in is not None and self.isAncestorOf(typing_in):
            typing_in.setFocus()  # back where the keys were going, whatever the answer
        # A box closed by `shut_down` (no button clicked) cancels what was asked about.
        return {save: Choice.SAVE, discard: Choice.DISCARD}.get(box.clickedButton(),
                                                                 Choice.CANCEL)

    def shut_down(self) -> None:
        """The system is stopping CountDesk (SIGTERM, SIGHUP): close as Quit does, with nobody
        to ask. A question on screen is closed first, cancelling what it asked about."""
        self.unattended = True
        while isinstance(modal := QApplication.activeModalWidget(), QDialog):
            modal.reject()
        if not self._closing:  # a close waiting for an answer goes on by itself
            self.close()

    @staticmethod
    def _tell_stderr(message: str) -> None:
        print(f"countdesk: {message}", file=sys.stderr, flush=True)

    def save_copy(self, destination: Path) -> None:
        if self.election is None:
            return
        try:
            copied = self.election.copy_to(destination)
        except CountDeskError as error:
            self._refuse(str(error))
            return
        self.statusBar().showMessage(f"Copy saved: {copied}")

    def save_setup(self) -> bool:
        if self.election is None and self.pending_path is None:
            return False
        try:
            self._store_setup()
        except CountDeskError as error:
            self._refuse(str(error))
            return False
        self._clear_message()
        return True

    def _store_setup(self) -> None:
        """Save the setup as typed: into the open election, or as the new election's file.
        Raises CountDeskError (in words) when it cannot be saved."""
        setup = self.setup_page.setup()
        who = setup.returning_officer or "returning officer"
        if self.election is not None:
            reason = self.setup_page.change_reason()
            authority = None
            if self.election.keying_started():
                authority = self._authorise("changing the setup once papers are keyed")
                if authority is None:
                    raise RoleError("changing the setup once papers are keyed needs the "
                                    "returning officer's passphrase")
            self.election.update_setup(setup, who, reason, authority)
        else:
            assert self.pending_path is not None
            self.election = ElectionFile.create(self.pending_path, setup, who)
            self._show_election_on_pages()
            self._remember(self.pending_path)
            self.pending_path = None
        self.setup_page.saved()
        self._show_state()
        self.statusBar().showMessage(f"Setup saved in {self.election.path.name}")

    def closeEvent(self, event: QCloseEvent) -> None:
        """Quit and the window's close button: the election closes first, or the window stays
        open (cancelled, or a failure the banner names). Stopped by the system, it closes."""
        self._closing = True
        try:
            closed = self.close_election()
            if not closed and self.unattended:  # stopped while a question was on screen
                closed = self.close_election()
        finally:
            self._closing = False
        if closed or self.unattended:
            if not closed:
                self.exit_status = 1
            event.accept()
        else:
            event.ignore()

    # -- what the window shows -------------------------------------------------------------

    def _show_state(self) -> None:
        open_now = self.election is not None or self.pending_path is not None
        self.pages.setEnabled(open_now)
        self.pages.setVisible(open_now)
        self.welcome.setVisible(not open_now)
        self.copy_action.setEnabled(self.election is not None)
        if self.election is not None:
            setup = self.election.setup()
            self.setup_page.set_read_only(setup_read_only_because(self.election))
            self.setup_page.set_locked(self.election.keying_started())
            org = f"{setup.organisation} · " if setup.organisation else ""
            seats = "1 seat" if setup.seats == 1 else f"{setup.seats} seats"
            self.heading.setText(f"{org}{setup.title} ({seats})")
            state = election_state(self.election)
            if self.election.read_only_because:
                state = "READ-ONLY: the file failed its check · " + state
            self.state_label.setText(state)
            self.setWindowTitle(f"CountDesk — {setup.title} — {self.election.path.name}[*]")
        elif self.pending_path is not None:
            self.setup_page.set_read_only("")
            self.setup_page.set_locked(False)
            self.heading.setText(f"New election — {self.pending_path.name} (not saved yet)")
            self.state_label.setText("New: save the setup (Ctrl+S) to create the file")
            self.setWindowTitle(f"CountDesk — {self.pending_path.name}[*]")
        else:
            self.heading.setText("CountDesk")
            self.state_label.setText(f"CountDesk {__version__}")
            self.setWindowTitle("CountDesk[*]")

    def _refuse(self, message: str) -> None:
        """Say what went wrong in a banner that stays until the next thing succeeds.

        Not a modal box: the RO or teller keeps the keyboard and loses nothing typed.
        """
        text = message[0].upper() + message[1:]
        self.message.setText(text if text.endswith(".") else text + ".")
        self.message.show()

    def _clear_message(self) -> None:
        self.message.hide()
        self.message.clear()

    # -- recent elections ------------------------------------------------------------------

    def recent(self) -> list[str]:
        value = QSettings().value(RECENT_KEY, [])
        items = [value] if isinstance(value, str) else list(value or [])
        return [item for item in items if Path(item).is_file()]

    def _remember(self, path: Path) -> None:
        remember_folder(path)
        text = str(path.resolve())
        items = [text] + [item for item in self.recent() if item != text]
        QSettings().setValue(RECENT_KEY, items[:RECENT_LIMIT])

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for item in self.recent():
            action = self.recent_menu.addAction(item)
            action.triggered.connect(lambda _=False, p=item: self.open_election(Path(p)))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction("(none yet)").setEnabled(False)
