"""Roles that hold: what is the returning officer's asks for the RO's passphrase, and a
teller without it can neither settle, rule, verify, certify nor change the setup."""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager

import pytest
from passphrase import giving_passphrase
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog
from questions import answering, letter
from ro_key import PASSPHRASE, as_ro
from teller_keys import CTRL, focused, press, type_text

from countdesk.app.election_count import count_election
from countdesk.election import Candidate, ElectionSetup
from countdesk.gui import roles
from countdesk.store.election_file import BatchState, ElectionFile, EntryPass, Paper

NAMES = ("Ann", "Bob", "Cat")
RO = "Rita Okoye"
TELLERS = ("Tom Hale", "Tia Moss")
ONE = ((1,), (2,), ())
TWO = ((2,), (1,), (3,))
WRONG = "a teller's good guess"


def make(path, *, key_set: bool = True, differing: bool = True, verified: bool = False):
    """Three papers keyed twice (paper 2 differently, if ``differing``), paper 3 doubtful."""
    setup = ElectionSetup("Treasurer", 1, tuple(Candidate(n) for n in NAMES),
                          returning_officer=RO, tellers=TELLERS, rules="scottish",
                          tie_policy="rules-then-seed")
    with ElectionFile.create(path, setup, RO) as election:
        if key_set:
            as_ro(election, RO)
        batch = election.add_batch("Box 1", 3, RO)
        for entry_pass, teller, second in ((EntryPass.A, TELLERS[0], ONE),
                                           (EntryPass.B, TELLERS[1], TWO if differing else ONE)):
            for number, marks in enumerate((ONE, second, ONE), 1):
                election.save_paper(Paper(batch, entry_pass, number, marks, None, number == 3,
                                          teller))
        if verified:
            election.verify_batch(batch, RO, authority=as_ro(election))
    return path


def audit_actions(path) -> list[str]:
    with ElectionFile.open(path) as election:
        return [entry.action for entry in election.audit_log()]


def test_a_teller_without_the_passphrase_cannot_settle_a_difference(window, qtbot, tmp_path):
    path = make(tmp_path / "e.countdesk")
    before = audit_actions(path)
    assert window.open_election(path)
    window.show_page(4)
    with giving_passphrase(qtbot, WRONG) as asked:  # one wrong guess, then Esc
        type_text(qtbot, "a")  # take pass A for paper 2
    assert asked == ["Returning officer",
                     "refused: That is not the returning officer's passphrase."]
    assert window.election.settled_numbers(1) == frozenset()
    window.close_election()
    assert audit_actions(path) == before


def test_the_returning_officer_settles_verifies_and_is_asked_once_per_sitting(
        window, qtbot, tmp_path):
    path = make(tmp_path / "e.countdesk")
    assert window.open_election(path)
    window.show_page(4)
    with giving_passphrase(qtbot) as asked:
        type_text(qtbot, "a")
        type_text(qtbot, "v")  # verify: no second question in the same sitting
    assert asked == ["Returning officer"]
    assert window.election.batch(1).state is BatchState.VERIFIED
    log = window.election.audit_log()
    window.close_election()
    with ElectionFile.open(path) as election:
        assert election.check().problems == ()  # every RO entry carries the RO's signature
    assert any(entry.action.startswith("settle paper 2") for entry in log)


def test_after_idle_time_the_passphrase_is_asked_again(window, qtbot, tmp_path,
                                                       monkeypatch):
    path = make(tmp_path / "e.countdesk", differing=False)
    now = [1000.0]
    window.ro.clock = lambda: now[0]
    assert window.open_election(path)
    window.show_page(5)  # the Rulings page: paper 3 is doubtful
    with giving_passphrase(qtbot, PASSPHRASE, PASSPHRASE) as asked:
        window.show_page(4)
        type_text(qtbot, "v")  # verify the batch
        now[0] += roles.IDLE_SECONDS + 1  # the RO stepped away
        window.show_page(5)
        type_text(qtbot, "v")  # rule paper 3 valid
    assert asked == ["Returning officer", "Returning officer"]
    assert [r.number for r in window.election.rulings()] == [3]


def test_a_teller_without_the_passphrase_cannot_rule_or_certify(window, qtbot, tmp_path):
    path = make(tmp_path / "e.countdesk", differing=False, verified=True)
    assert window.open_election(path)
    window.show_page(5)
    with giving_passphrase(qtbot, WRONG):
        type_text(qtbot, "v")
    assert window.election.rulings() == ()
    with giving_passphrase(qtbot):  # the RO rules and counts, then leaves the desk
        window.show_page(5)
        type_text(qtbot, "v")
        window.show_page(6)
        press(qtbot, Qt.Key.Key_F5)
        qtbot.waitUntil(lambda: window.results_page.count is not None, timeout=10_000)
    window.ro.forget()
    with answering(qtbot, letter(Qt.Key.Key_C)), giving_passphrase(qtbot, WRONG):
        press(qtbot, Qt.Key.Key_C, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert window.election.certifications() == ()
    assert "Not yet certified" in window.results_page.certification.text()


def test_a_teller_without_the_passphrase_cannot_change_the_setup_once_papers_are_keyed(
        window, qtbot, tmp_path):
    path = make(tmp_path / "e.countdesk")
    assert window.open_election(path)
    window.show_page(1)
    page = window.setup_page
    page.title.setFocus()
    press(qtbot, Qt.Key.Key_A, CTRL)
    type_text(qtbot, "Honorary Treasurer")
    page.reason.setFocus()
    type_text(qtbot, "title misprinted")
    with giving_passphrase(qtbot, WRONG):
        press(qtbot, Qt.Key.Key_S, CTRL)
    assert "needs the returning officer's passphrase" in window.message.text()
    assert window.election.setup().title == "Treasurer"
    with giving_passphrase(qtbot):
        press(qtbot, Qt.Key.Key_S, CTRL)
    assert window.election.setup().title == "Honorary Treasurer"


def test_pass_b_by_pass_a_s_teller_is_refused_unless_the_ro_allows_it_with_a_reason(
        window, qtbot, tmp_path):
    path = tmp_path / "e.countdesk"
    setup = ElectionSetup("Treasurer", 1, tuple(Candidate(n) for n in NAMES),
                          returning_officer=RO, tellers=TELLERS)
    with ElectionFile.create(path, setup, RO) as election:
        as_ro(election, RO)
        batch = election.add_batch("Box 1", 1, RO)
        election.save_paper(Paper(batch, EntryPass.A, 1, ONE, None, False, TELLERS[0]))
        election.set_batch_state(batch, BatchState.KEYED_ONCE, TELLERS[0])
    assert window.open_election(path)
    window.show_page(2)
    batches = window.batches_page
    batches.teller.setCurrentText(TELLERS[0])
    batches.view.setFocus()
    batches.view.selectRow(0)
    press(qtbot, Qt.Key.Key_B, CTRL)
    assert window.pages.currentWidget() is batches
    assert f"{TELLERS[0]} keyed pass A of this batch" in window.message.text()

    with answering_reason(qtbot, "Tia went home ill"), giving_passphrase(qtbot):
        press(qtbot, Qt.Key.Key_L, CTRL | Qt.KeyboardModifier.ShiftModifier)
    press(qtbot, Qt.Key.Key_B, CTRL)
    assert window.pages.currentWidget() is window.keying_page
    assert window.keying_page.entry_pass is EntryPass.B
    actions = [entry.action for entry in window.election.audit_log()]
    assert f"{TELLERS[0]} may key both passes of batch 'Box 1': Tia went home ill" in actions


def test_the_first_ro_action_of_a_new_election_sets_the_passphrase(window, qtbot, tmp_path):
    path = make(tmp_path / "e.countdesk", key_set=False)
    assert window.open_election(path)
    window.show_page(4)
    with giving_passphrase(qtbot) as asked:
        type_text(qtbot, "a")
    assert asked == ["Set the returning officer's passphrase"]
    assert window.election.ro_key() is not None
    assert window.election.settled_numbers(1) == frozenset({2})
    window.close_election()
    with ElectionFile.open(path) as election:
        election.unlock(PASSPHRASE)  # the passphrase typed is the one that unlocks it
        with pytest.raises(Exception, match="not the returning officer's passphrase"):
            election.unlock(WRONG)


class ReasonTypist(QObject):
    """Types a reason into the input dialog when it is shown, and presses Enter."""

    def __init__(self, qtbot, reason: str) -> None:
        super().__init__()
        self.qtbot, self.reason = qtbot, reason

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QInputDialog):
            QTimer.singleShot(0, lambda: self._type(watched))
        return False

    def _type(self, dialog: QInputDialog) -> None:
        if QApplication.activeWindow() is not dialog:
            QTimer.singleShot(10, lambda: self._type(dialog))
            return
        self.qtbot.keyClicks(focused(), self.reason)
        self.qtbot.keyClick(focused(), Qt.Key.Key_Return)


@contextmanager
def answering_reason(qtbot, reason: str):
    typist = ReasonTypist(qtbot, reason)
    QApplication.instance().installEventFilter(typist)
    try:
        yield
    finally:
        QApplication.instance().removeEventFilter(typist)


def test_the_ro_changes_the_passphrase_with_the_old_one_and_locks_on_leaving(
        window, qtbot, tmp_path):
    path = make(tmp_path / "e.countdesk")
    assert window.open_election(path)
    new = "a new passphrase for the afternoon"
    with giving_passphrase(qtbot, PASSPHRASE, new) as asked:
        window.passphrase_action.trigger()
    assert asked == ["Returning officer", "A new passphrase for the returning officer"]
    window.election.unlock(new)
    with pytest.raises(Exception, match="not the returning officer's passphrase"):
        window.election.unlock(PASSPHRASE)
    window.show_page(4)
    press(qtbot, Qt.Key.Key_L, CTRL)  # the RO steps away from the desk
    with giving_passphrase(qtbot, new) as asked:
        type_text(qtbot, "a")
    assert asked == ["Returning officer"], "asked again after the RO locked"
    assert window.election.settled_numbers(1) == frozenset({2})


def certified(path):
    """``make``'s election ruled, counted and certified by the RO."""
    make(path, differing=False, verified=True)
    with ElectionFile.open(path) as election:
        election.record_ruling(1, 3, RO, valid_up_to=2, authority=as_ro(election))
        run = count_election(election, by=RO, record=True, authority=as_ro(election))
        assert run.run_id is not None
        election.certify(run.run_id, RO, authority=as_ro(election))
    return path


def test_a_batch_after_certification_is_asked_in_words_and_needs_the_passphrase(
        window, qtbot, tmp_path):
    path = certified(tmp_path / "e.countdesk")
    assert window.open_election(path)
    assert window.state_label.text().endswith("· count 1 kept (final) · count 1 certified")
    assert window.heading.text() == "Treasurer (1 seat)"
    window.show_page(2)
    batches = window.batches_page
    batches.label.setFocus()
    type_text(qtbot, "Late box")
    with answering(qtbot) as asked:  # Esc: Cancel is the default
        press(qtbot, Qt.Key.Key_Return)
    assert asked == ["Add batch Late box after certification?\nCount 1 is certified as the "
                     "result. Adding Late box marks that certification SUPERSEDED, for good: "
                     "the papers must be keyed, checked, counted and certified again."]
    with answering(qtbot, letter(Qt.Key.Key_A)), giving_passphrase(qtbot, WRONG):
        press(qtbot, Qt.Key.Key_Return)  # a teller who says yes, without the passphrase
    assert [b.label for b in window.election.batches()] == ["Box 1"]
    assert window.election.certifications()[0].current
    with answering(qtbot, letter(Qt.Key.Key_A)), giving_passphrase(qtbot) as asked:
        press(qtbot, Qt.Key.Key_Return)
    assert asked == ["Returning officer"]
    assert [b.label for b in window.election.batches()] == ["Box 1", "Late box"]
    assert window.state_label.text().endswith("· the certification of count 1 SUPERSEDED")
    window.close_election()
    with ElectionFile.open(path) as election:
        (certification,) = election.certifications()
        assert "Late box" in certification.superseded_by
        assert election.check().problems == ()


def test_a_file_that_fails_its_check_opens_read_only_and_says_so(window, qtbot, tmp_path):
    path = make(tmp_path / "e.countdesk")
    with sqlite3.connect(path) as db:  # what a forger's planted view looks like
        db.execute("CREATE VIEW quiet AS SELECT * FROM papers")
    assert window.open_election(path)
    assert window.state_label.text().startswith("READ-ONLY: the file failed its check")
    setup_page = window.setup_page
    assert setup_page.lock_notice.text().startswith("Read-only: the file failed its check")
    assert not setup_page.title.isEnabled() and not setup_page.save_button.isEnabled()
    window.show_page(2)
    window.batches_page.label.setFocus()
    type_text(qtbot, "Box 9")
    press(qtbot, Qt.Key.Key_Return)
    assert "read-only" in window.message.text()
    assert [b.label for b in window.election.batches()] == ["Box 1"]
