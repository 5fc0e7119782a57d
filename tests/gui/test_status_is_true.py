"""Every status line, banner and state says what is true now: what the file holds, what was
just done, and nothing that has stopped being so."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from passphrase import giving_passphrase
from PySide6.QtCore import Qt
from questions import ENTER, answering
from ro_key import as_ro
from teller_keys import ALT, CTRL, focused, press, type_text

from countdesk.election import Candidate, ElectionSetup
from countdesk.store.election_file import BatchState, ElectionFile, EntryPass, Paper

RO = "Mary Quinn"
TELLERS = ("Imran Shah", "Grace Okafor")
NAMES = ("Ann Lee", "Bob Chen", "Cat Diaz")


def boxes(*numbers: int | None) -> tuple:
    padded = list(numbers) + [None] * (len(NAMES) - len(numbers))
    return tuple(() if n is None else (n,) for n in padded)


@pytest.fixture
def election_path(tmp_path: Path) -> Path:
    path = tmp_path / "treasurer.countdesk"
    setup = ElectionSetup("Treasurer", 1, tuple(Candidate(n) for n in NAMES),
                          returning_officer=RO, tellers=TELLERS, rules="scottish")
    with ElectionFile.create(path, setup, RO) as election:
        election.add_batch("Box 1", 2, RO)
    return path


def key_papers(election: ElectionFile, batch: int, entry_pass: EntryPass, *papers) -> None:
    teller = TELLERS[0] if entry_pass is EntryPass.A else TELLERS[1]
    for number, marks in enumerate(papers, 1):
        election.save_paper(Paper(batch, entry_pass, number, marks, None, False, teller))


def start_keying(window, path: Path, entry_pass: EntryPass = EntryPass.A):
    assert window.open_election(path)
    (batch,) = window.election.batches()
    window.batches_page.teller.setCurrentText(TELLERS[0 if entry_pass is EntryPass.A else 1])
    window.start_keying(batch.id, entry_pass)
    return batch.id


def test_the_state_in_the_status_bar_follows_the_file(window, qtbot, election_path):
    start_keying(window, election_path)
    assert window.state_label.text() == "Setting up: 1 batch, no papers keyed yet"
    type_text(qtbot, "1")
    press(qtbot, Qt.Key.Key_Return)
    assert window.state_label.text() == ("Keying started: 0 of 1 batch verified · setup "
                                         "locked")
    press(qtbot, Qt.Key.Key_Z, CTRL)  # the only paper taken back: nothing is keyed again
    assert window.state_label.text() == "Setting up: 1 batch, no papers keyed yet"


def test_a_batch_added_shows_in_the_state_at_once(window, qtbot, election_path):
    assert window.open_election(election_path)
    window.show_page(2)
    window.batches_page.label.setFocus()
    type_text(qtbot, "Box 2")
    press(qtbot, Qt.Key.Key_Return)
    assert [b.label for b in window.election.batches()] == ["Box 1", "Box 2"]
    assert window.state_label.text() == "Setting up: 2 batches, no papers keyed yet"


def test_a_batch_keyed_twice_says_so_before_it_is_verified(window, qtbot, election_path):
    with ElectionFile.open(election_path) as election:
        (batch,) = election.batches()
        key_papers(election, batch.id, EntryPass.A, boxes(1), boxes(2, 1))
        election.set_batch_state(batch.id, BatchState.KEYED_ONCE, TELLERS[0])
        key_papers(election, batch.id, EntryPass.B, boxes(1))
    start_keying(window, election_path, EntryPass.B)
    page = window.batches_page
    assert page.model.rows[0].state == "keyed once; pass B has 1 of pass A's 2 papers"
    type_text(qtbot, "2")
    press(qtbot, Qt.Key.Key_Down)
    type_text(qtbot, "1")
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_E, CTRL)
    assert window.pages.currentWidget() is page
    assert page.model.rows[0].state == "keyed twice: differences to settle, then verify"
    assert window.statusBar().currentMessage() == "Box 1, pass B ended: 2 papers keyed."


def test_ending_a_pass_with_no_paper_keyed_leaves_the_batch_open_and_says_so(
        window, qtbot, election_path):
    start_keying(window, election_path)
    press(qtbot, Qt.Key.Key_Return)  # a blank paper? Enter again would save it: Ctrl+E instead
    assert "no marks" in window.keying_page.last_saved.text()
    press(qtbot, Qt.Key.Key_E, CTRL)
    assert window.pages.currentWidget() is window.batches_page
    assert not window.message.isVisible(), window.message.text()  # no "count mismatch"
    assert window.statusBar().currentMessage() == (
        "Box 1, pass A: no paper is keyed, so the batch stays open.")
    assert window.batches_page.model.rows[0].state == "open"
    assert window.election.batches()[0].state is BatchState.OPEN


def test_a_banner_goes_once_its_cause_is_mended_and_never_follows_to_another_page(
        window, qtbot, election_path):
    keying = window.keying_page
    start_keying(window, election_path)
    type_text(qtbot, "0")
    press(qtbot, Qt.Key.Key_Return)
    assert window.message.isVisible() and "Paper 1 is not saved" in window.message.text()
    press(qtbot, Qt.Key.Key_Backspace)  # the 0 taken out: the paper can be saved now
    assert not window.message.isVisible()
    type_text(qtbot, "1")
    press(qtbot, Qt.Key.Key_Return)
    assert keying.last_saved.text() == "Saved paper 1.", window.message.text()
    press(qtbot, Qt.Key.Key_E, CTRL)  # 1 paper against a hand count of 2: said on Batches
    assert window.pages.currentWidget() is window.batches_page
    assert "1 paper keyed but the hand count is 2" in window.message.text()
    press(qtbot, Qt.Key.Key_1, CTRL)
    assert not window.message.isVisible()


def test_ctrl_3_refuses_at_once_a_batch_verified_since_it_was_keyed(
        window, qtbot, election_path):
    batch = start_keying(window, election_path)
    type_text(qtbot, "1")
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_E, CTRL)
    window.election.set_batch_state(batch, BatchState.VERIFIED, RO, as_ro(window.election))
    press(qtbot, Qt.Key.Key_3, CTRL)
    assert window.pages.currentWidget() is window.batches_page
    assert "is verified: its papers can no longer be keyed" in window.message.text()


@pytest.fixture
def tied_path(tmp_path: Path) -> Path:
    """Bob and Cat level at every stage: the rules leave the exclusion to a lot in the hall."""
    path = tmp_path / "tied.countdesk"
    setup = ElectionSetup("Treasurer", 1, tuple(Candidate(n) for n in NAMES),
                          returning_officer=RO, tellers=TELLERS, rules="scottish")
    papers = [boxes(1)] * 3 + [boxes(None, 1, 2)] * 2 + [boxes(None, 2, 1)] * 2
    with ElectionFile.create(path, setup, RO) as election:
        batch = election.add_batch("Box 1", len(papers), RO)
        key_papers(election, batch, EntryPass.A, *papers)
        election.set_batch_state(batch, BatchState.VERIFIED, RO, as_ro(election))
    return path


def test_a_lot_not_drawn_says_no_count_was_made_and_how_to_go_on(window, qtbot, tied_path):
    assert window.open_election(tied_path)
    press(qtbot, Qt.Key.Key_6, CTRL)
    press(qtbot, Qt.Key.Key_F5)
    page = window.count_page
    qtbot.waitUntil(lambda: page.lot_dialog is not None and page.lot_dialog.isVisible(),
                    timeout=10_000)
    assert page.status.text().startswith("Waiting for a lot")
    page.lot_dialog.activateWindow()
    qtbot.waitUntil(page.lot_dialog.isActiveWindow)
    press(qtbot, Qt.Key.Key_Escape)
    assert page.lot_dialog is None
    assert "No count was made" in page.status.text() and "F5" in page.status.text()
    assert window.election.counts() == ()


def test_the_lot_dialog_gives_each_alt_key_to_one_control(window, qtbot, tied_path):
    assert window.open_election(tied_path)
    press(qtbot, Qt.Key.Key_6, CTRL)
    press(qtbot, Qt.Key.Key_F5)
    page = window.count_page
    qtbot.waitUntil(lambda: page.lot_dialog is not None and page.lot_dialog.isVisible(),
                    timeout=10_000)
    dialog = page.lot_dialog
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    press(qtbot, Qt.Key.Key_B, ALT)
    assert focused() is dialog.drawn_by
    press(qtbot, Qt.Key.Key_O, ALT)
    assert focused() is dialog.chosen
    with giving_passphrase(qtbot):  # the lot CountDesk draws is kept by the RO
        press(qtbot, Qt.Key.Key_D, ALT)  # "Let CountDesk draw", and nothing else
        qtbot.waitUntil(lambda: window.results_page.result is not None, timeout=10_000)
    (lot,) = window.election.lots()
    assert lot.method.startswith("lot drawn by CountDesk")


def test_after_the_count_the_status_bar_says_what_was_made(window, qtbot, election_path):
    with ElectionFile.open(election_path) as election:
        (batch,) = election.batches()
        key_papers(election, batch.id, EntryPass.A, boxes(1), boxes(1), boxes(2, 1))
        election.set_batch_state(batch.id, BatchState.VERIFIED, RO, as_ro(election))
    assert window.open_election(election_path)
    window.statusBar().showMessage("Sample election in /tmp: press F5 to count it")
    press(qtbot, Qt.Key.Key_6, CTRL)
    press(qtbot, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.results_page.result is not None, timeout=10_000)
    assert window.statusBar().currentMessage() == (
        "Final count 1 made and kept in the file: 1 elected.")
    assert window.state_label.text().endswith("· count 1 kept (final)")


def test_saving_the_sheet_offers_the_elections_folder_and_a_name_then_says_it_is_saved(
        window, qtbot, election_path):
    with ElectionFile.open(election_path) as election:
        (batch,) = election.batches()
        key_papers(election, batch.id, EntryPass.A, boxes(1), boxes(1), boxes(2, 1))
    assert window.open_election(election_path)
    press(qtbot, Qt.Key.Key_6, CTRL)
    press(qtbot, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.results_page.result is not None, timeout=10_000)
    folder = election_path.parent
    for keys, name, said in (
            (Qt.Key.Key_D, "treasurer count 1 PROVISIONAL result sheet.pdf", "Result sheet"),
            (Qt.Key.Key_W, "treasurer count 1 PROVISIONAL workbook.xlsx", "workbook"),
            (Qt.Key.Key_B, "treasurer count 1 PROVISIONAL ballots.blt", "Ballots")):
        with answering(qtbot, ENTER) as asked:
            press(qtbot, keys, ALT)  # the button clicks itself a moment later, as if pressed
            qtbot.waitUntil(lambda: bool(asked))
        assert len(asked) == 1
        offered = asked[0].splitlines()
        assert offered[1:] == [str(folder), str(folder / name)]
        # the workbook is written in the background: the status bar says when it is saved
        qtbot.waitUntil(lambda: "saved" in window.statusBar().currentMessage(),
                        timeout=10_000)
        assert (folder / name).is_file()
        if name.endswith(".xlsx"):  # whole when said saved: its paper trace sheet is there
            assert "Paper trace" in load_workbook(folder / name, read_only=True).sheetnames
        message = window.statusBar().currentMessage()
        assert said in message and str(folder / name) in message
