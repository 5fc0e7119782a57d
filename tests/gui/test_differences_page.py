"""The Differences page's refusals and its table models; a verified batch with a reason."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from ro_key import as_ro
from teller_keys import focused, press, type_text

from countdesk.account import BatchPapers, ballot_paper_account
from countdesk.checking import compare_passes
from countdesk.election import Candidate, ElectionSetup
from countdesk.gui.checking_models import (
    AccountModel,
    DifferenceRow,
    DifferencesModel,
    DoubtfulModel,
    DoubtfulRow,
)
from countdesk.papers import Reading, Rejection
from countdesk.store.election_file import BatchState, ElectionFile, EntryPass, Paper, Ruling

pytestmark = pytest.mark.usefixtures("ro_present")  # the RO is at the desk

NAMES = ("Ann", "Bob", "Cat")
RO = "Rita Okoye"
ONE = ((1,), (2,), ())
TWO = ((2,), (1,), (3,))


@pytest.fixture
def election_path(tmp_path):
    path = tmp_path / "treasurer.countdesk"
    setup = ElectionSetup("Treasurer", 1, tuple(Candidate(n) for n in NAMES),
                          returning_officer=RO, tellers=("Tom", "Tia"))
    with ElectionFile.create(path, setup, RO) as election:
        as_ro(election, RO)
    return path


def key(election: ElectionFile, batch: int, entry_pass: EntryPass, *papers) -> None:
    for number, marks in enumerate(papers, 1):
        teller = "Tom" if entry_pass is EntryPass.A else "Tia"
        election.save_paper(Paper(batch, entry_pass, number, marks, None, False, teller))


def test_a_count_unlike_the_hand_count_is_verified_only_with_a_reason(
        window, qtbot, election_path):
    with ElectionFile.open(election_path) as election:
        batch = election.add_batch("Box 1", 3, RO)
        key(election, batch, EntryPass.A, ONE, TWO)
        key(election, batch, EntryPass.B, ONE, TWO)
    assert window.open_election(election_path)
    press(qtbot, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    page = window.differences_page
    assert page.model.rows == []
    assert "0 differences" in page.summary.text() and "say why below" in page.summary.text()
    type_text(qtbot, "v")
    assert "2 papers keyed but a hand count of 3: record why" in window.message.text()
    assert focused() is page.reason
    type_text(qtbot, "one paper was found in box 2")
    press(qtbot, Qt.Key.Key_Return)
    assert "✓ verified" in page.summary.text()
    window.close_election()
    with ElectionFile.open(election_path) as election:
        assert election.batch(batch).state is BatchState.VERIFIED
        assert election.audit_log()[-1].action.endswith("one paper was found in box 2)")
        assert election.audit_log()[-1].who == RO


def test_a_paper_in_one_pass_only_cannot_be_settled(window, qtbot, election_path):
    with ElectionFile.open(election_path) as election:
        batch = election.add_batch("Box 1", 2, RO)
        key(election, batch, EntryPass.A, ONE, TWO)
        key(election, batch, EntryPass.B, ONE)
    assert window.open_election(election_path)
    window.show_page(4)
    page = window.differences_page
    assert "different numbers of papers" in page.summary.text()
    type_text(qtbot, "a")
    assert "2 papers in pass A but 1 in pass B: insert or remove" in window.message.text()
    type_text(qtbot, "b")
    assert "Paper 2 is not in pass B" in window.message.text()
    type_text(qtbot, "v")
    assert "insert or remove it on the Keying page" in window.message.text()
    window.close_election()
    with ElectionFile.open(election_path) as election:
        assert election.papers(batch, EntryPass.SETTLED) == ()


def test_what_is_typed_again_must_be_marks(window, qtbot, election_path):
    with ElectionFile.open(election_path) as election:
        batch = election.add_batch("Box 1", 1, RO)
        key(election, batch, EntryPass.A, ONE)
        key(election, batch, EntryPass.B, TWO)
    assert window.open_election(election_path)
    window.show_page(4)
    page = window.differences_page
    type_text(qtbot, "k")
    type_text(qtbot, "0")
    assert "Cannot read this yet" in page.readings[2].text()
    press(qtbot, Qt.Key.Key_Return)
    assert "Paper 1 is not settled" in window.message.text()
    press(qtbot, Qt.Key.Key_Escape)
    assert focused() is page.view
    window.close_election()
    with ElectionFile.open(election_path) as election:
        assert election.papers(batch, EntryPass.SETTLED) == ()


def test_the_table_models_pass_qts_model_tester(qtmodeltester):
    a = [Paper(1, EntryPass.A, 1, ONE, None, False, "Tom"),
         Paper(1, EntryPass.A, 2, TWO, None, True, "Tom")]
    b = [Paper(1, EntryPass.B, 1, TWO, None, False, "Tia")]
    differences = DifferencesModel()
    differences.refresh([DifferenceRow(d, d.describe(NAMES), "") for d in compare_passes(a, b)])
    qtmodeltester.check(differences)
    assert differences.data(differences.index(1, 1)) == "keyed in pass A only"
    assert differences.data(differences.index(0, 2)) == "✗ not yet"

    doubtful = DoubtfulModel()
    ruling = Ruling(1, 2, 1, None, RO, "2026-05-01T10:00:00+00:00")
    doubtful.refresh([DoubtfulRow("Box 1", a[1], Reading((1, 0, 2)), ruling, Reading((1,)),
                                  NAMES)])
    qtmodeltester.check(doubtful)
    assert doubtful.data(doubtful.index(0, 2)) == f"valid up to preference 1 ({RO})"

    account = AccountModel()
    figures = ballot_paper_account([
        BatchPapers("Box 1", 2, [Reading((0,)), Reading(rejected=Rejection.UNCERTAIN)], True),
        BatchPapers("Box 2", None, [Reading((1,))], False, 1)])
    account.refresh([*figures.batches, figures.total])
    qtmodeltester.check(account)
    row = [account.data(account.index(2, c)) for c in range(account.columnCount())]
    assert row == ["Total (provisional)", "2", "3", "2", "1", "0", "0", "0", "1", "0", "0",
                   "0", "1"]
    assert account.data(account.index(1, 1)) == "—"
    assert account.data(account.index(2, 0), Qt.ItemDataRole.FontRole).bold()
