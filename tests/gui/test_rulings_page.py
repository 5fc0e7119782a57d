"""The Rulings page: which doubtful papers it lists, and rulings made by keyboard alone."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from ro_key import as_ro
from teller_keys import focused, press, type_text

from countdesk.election import Candidate, ElectionSetup
from countdesk.papers import Rejection
from countdesk.store.election_file import ElectionFile, EntryPass, Paper

pytestmark = pytest.mark.usefixtures("ro_present")  # the RO is at the desk

NAMES = ("Ann", "Bob", "Cat")
RO = "Rita Okoye"


@pytest.fixture
def election_path(tmp_path):
    path = tmp_path / "treasurer.countdesk"
    setup = ElectionSetup("Treasurer", 1, tuple(Candidate(n) for n in NAMES),
                          returning_officer=RO, tellers=("Tom", "Tia"))
    with ElectionFile.create(path, setup, RO) as election:
        as_ro(election, RO)
        once = election.add_batch("Box 1", 2, RO)  # keyed once: its pass A is ruled on
        checking = election.add_batch("Box 2", 1, RO)  # being checked: not yet
        for batch, entry_pass in ((once, EntryPass.A), (checking, EntryPass.A),
                                  (checking, EntryPass.B)):
            teller = "Tom" if entry_pass is EntryPass.A else "Tia"
            election.save_paper(Paper(batch, entry_pass, 1, ((1,), (), ()), None, False,
                                      teller))
            election.save_paper(Paper(batch, entry_pass, 2, ((1,), (2,), (2,)), None, True,
                                      teller))
    return path


def test_the_ro_rules_by_keyboard_and_the_account_follows(window, qtbot, election_path):
    assert window.open_election(election_path)
    press(qtbot, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    page = window.rulings_page
    assert focused() is page.view
    assert [(r.batch_label, r.paper.number) for r in page.model.rows] == [("Box 1", 2)]
    assert "Being checked (their doubtful papers appear once verified): Box 2." in \
        page.summary.text()
    assert page.before.text() == "1 Ann — stops: 2 boxes marked 2"
    assert page.after.text() == "not yet ruled"
    type_text(qtbot, "u")
    assert focused() is page.up_to and page.up_to.maximum() == 1
    press(qtbot, Qt.Key.Key_Escape)
    assert focused() is page.view and not page.up_to.isVisible()
    type_text(qtbot, "r")
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    assert page.after.text() == "Rejected: void for uncertainty"
    line = page.account.rows[0]
    assert (line.keyed, line.valid, line.rejected_for(Rejection.UNCERTAIN)) == (2, 1, 1)
    type_text(qtbot, "v")  # the RO thinks again: valid after all
    assert page.after.text() == "1 Ann — stops: 2 boxes marked 2"
    assert page.account.rows[0].valid == 2
    window.close_election()
    with ElectionFile.open(election_path) as election:
        rulings = election.rulings()
        assert [(r.number, r.rejected, r.by) for r in rulings] == [
            (2, Rejection.UNCERTAIN, RO), (2, None, RO)]
        assert election.final_count_blockers() == (
            "batch 'Box 1' is open, not verified", "batch 'Box 2' is open, not verified",
            "batch 'Box 2' has doubtful papers not yet ruled (paper 2)")
