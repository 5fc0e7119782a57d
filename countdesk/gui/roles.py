"""The returning officer's role in the window: the passphrase, asked once per sitting.

Settling a difference, ruling on a paper, verifying a batch, drawing lots, certifying and
changing the setup once papers are keyed are the RO's. Each asks for the RO's passphrase,
which unlocks the RO's signing key (the election file refuses those actions without it, and
`countdesk check` finds any made without it). The key stays unlocked for the sitting, and is
asked for again after `IDLE_SECONDS` without an RO action, or when the election closes.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from countdesk.errors import CountDeskError
from countdesk.gui.modal import run_modal
from countdesk.store.election_file import ElectionFile
from countdesk.store.signing import Signer, new_key, passphrase_problem

IDLE_SECONDS = 10 * 60
PROBLEM_STYLE = "color: #a40000;"

# What a page asks the window for, saying what it is for: the RO's key, or None.
Authorise = Callable[[str], Signer | None]


def nobody(what: str) -> Signer | None:
    """A page not yet in a window has no RO to ask."""
    return None


class PassphraseDialog(QDialog):
    """Asks for the RO's passphrase to do one thing, said in words; or, when the election
    has none yet, for a new one, twice."""

    def __init__(self, parent: QWidget, election: ElectionFile, what: str,
                 replacing: Signer | None = None) -> None:
        super().__init__(parent)
        self.election = election
        self.replacing = replacing  # the unlocked key, when a new passphrase replaces its old
        self.new = election.ro_key() is None or replacing is not None
        self.signer: Signer | None = None
        self.setWindowTitle("Returning officer" if not self.new else
                            "Set the returning officer's passphrase")
        ro = election.setup().returning_officer or "the returning officer"
        intro = QLabel(
            f"{what[0].upper()}{what[1:]} is for the returning officer ({ro}).\n\n"
            + ("Choose the new passphrase, twice. It cannot be recovered if it is forgotten."
               if replacing is not None else
               "No passphrase is set for this election yet. Choose one now: it locks the "
               "returning officer's signature, and CountDesk asks for it before each of the "
               "returning officer's actions. It cannot be recovered if it is forgotten."
               if self.new else "Type the returning officer's passphrase."))
        intro.setWordWrap(True)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit()
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(PROBLEM_STYLE)
        form = QFormLayout()
        form.addRow("&Passphrase", self.passphrase)
        if self.new:
            form.addRow("The &same again", self.again)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("&Set passphrase" if self.new else "&Unlock")
        buttons.accepted.connect(self._try)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.resize(520, 260)
        self.passphrase.setFocus()

    def _try(self) -> None:
        given = self.passphrase.text()
        try:
            if self.new:
                problem = passphrase_problem(given) or (
                    "the two passphrases differ" if self.again.text() != given else "")
                if problem:
                    raise CountDeskError(problem)
                ro = self.election.setup().returning_officer or "returning officer"
                if self.replacing is not None:
                    self.election.change_passphrase(self.replacing, given, ro)
                    self.signer = self.replacing
                else:
                    sealed, signer = new_key(given)
                    self.election.set_ro_key(sealed, ro)
                    self.signer = signer
            else:
                self.signer = self.election.unlock(given)
        except CountDeskError as error:
            self.problem.setText(f"{str(error)[0].upper()}{str(error)[1:]}.")
            self.passphrase.selectAll()
            self.passphrase.setFocus()
            return
        self.accept()


class RoSession:
    """The RO's key while the RO is at the desk: unlocked once, forgotten after idle time."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._signer: Signer | None = None
        self._election: ElectionFile | None = None
        self._last_used = 0.0

    def authority(self, parent: QWidget, election: ElectionFile, what: str) -> Signer | None:
        """The RO's unlocked key for ``what``, asking for the passphrase when the sitting
        has none (or has been idle); None when the RO does not give it."""
        fresh = self.clock() - self._last_used < IDLE_SECONDS
        if self._signer is None or self._election is not election or not fresh:
            dialog = PassphraseDialog(parent, election, what)
            answered = run_modal(dialog) == QDialog.DialogCode.Accepted
            if not answered or dialog.signer is None:
                return None
            self._signer, self._election = dialog.signer, election
        self._last_used = self.clock()
        return self._signer

    def change_passphrase(self, parent: QWidget, election: ElectionFile) -> bool:
        """The RO gives the passphrase, then a new one twice; True once it is changed."""
        authority = self.authority(parent, election, "changing the passphrase")
        if authority is None:
            return False
        dialog = PassphraseDialog(parent, election, "changing the passphrase", authority)
        dialog.setWindowTitle("A new passphrase for the returning officer")
        return run_modal(dialog) == QDialog.DialogCode.Accepted

    def current(self, election: ElectionFile) -> Signer | None:
        """The key unlocked in this sitting for ``election``, without asking; or None."""
        return self._signer if self.unlocked and self._election is election else None

    def forget(self) -> None:
        """Lock the RO's key again (the election closed, or the RO stepped away)."""
        self._signer = self._election = None

    @property
    def unlocked(self) -> bool:
        return self._signer is not None and self.clock() - self._last_used < IDLE_SECONDS
