"""Nothing the RO or a teller types is thrown away without asking: closing, quitting, opening
another election, ending a pass; and what the window cannot do is said, not pretended."""

from __future__ import annotations

import re
import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from questions import ENTER, ESCAPE, answering, letter
from ro_key import as_ro
from teller_keys import CTRL, NAMES, focused, press, type_text

from countdesk.election import Candidate, ElectionSetup
from countdesk.keying import marks_from_boxes
from countdesk.store.election_file import ElectionFile, EntryPass, Paper

SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier
SAVE = letter(Qt.Key.Key_S)
DISCARD = letter(Qt.Key.Key_D)
TELLER = "Imran Shah"
TITLE = "Steering Group"
KEY_NAME = re.compile(r"(?:Ctrl|Alt|Shift)\+[^\s,/()]+|F\d+")


def close_election(qtbot) -> None:
    press(qtbot, Qt.Key.Key_W, CTRL | SHIFT)


def quit_app(qtbot) -> None:
    press(qtbot, Qt.Key.Key_Q, CTRL)


@pytest.fixture
def election_path(tmp_path):
    path = tmp_path / "steering.countdesk"
    setup = ElectionSetup(TITLE, 3, tuple(Candidate(n) for n in NAMES),
                          returning_officer="Mary Quinn", tellers=(TELLER,))
    with ElectionFile.create(path, setup, "Mary Quinn") as election:
        as_ro(election, "Mary Quinn")
    return path


@pytest.fixture
def keyed_path(election_path):
    """The election with one paper keyed in Box 1: its setup is locked."""
    with ElectionFile.open(election_path) as election:
        batch = election.add_batch("Box 1", 10, "Mary Quinn")
        election.save_paper(Paper(batch, EntryPass.A, 1, marks_from_boxes(["1", "2"] + [""] * 6),
                                  None, False, TELLER))
    return election_path


def stored_title(path) -> str:
    with ElectionFile.open(path) as election:
        return election.setup().title


def retitle(qtbot, window, title: str) -> None:
    """On the Setup page, the RO types a new title over the old one."""
    press(qtbot, Qt.Key.Key_1, CTRL)
    window.setup_page.title.setFocus()
    press(qtbot, Qt.Key.Key_A, CTRL)
    type_text(qtbot, title)


# -- 1. Ctrl+W withdraws in the candidate table; the election closes by a key of its own -------

def test_ctrl_w_in_the_candidate_table_withdraws_and_the_election_closes_by_ctrl_shift_w(
        window, qtbot, election_path):
    assert window.open_election(election_path)
    page = window.setup_page
    page.candidates_view.setFocus()
    page.candidates_view.selectRow(1)
    press(qtbot, Qt.Key.Key_W, CTRL)
    assert window.election is not None, "Ctrl+W is the table's, not the window's"
    assert page.candidates.rows[1].withdrawn
    press(qtbot, Qt.Key.Key_S, CTRL)
    close_election(qtbot)
    assert window.election is None
    with ElectionFile.open(election_path) as election:
        assert [c.withdrawn for c in election.setup().candidates] == [
            n == NAMES[1] for n in NAMES]


def test_no_key_of_the_window_is_also_a_key_of_a_page(window):
    page_keys = {key for page in (window.pages.widget(i) for i in range(window.pages.count()))
                 for text, _ in page.KEYS for key in KEY_NAME.findall(text)}
    window_keys = {sequence.toString() for action in window.findChildren(QAction)
                   for sequence in action.shortcuts()}
    assert {"Ctrl+W", "Ctrl+E", "Ctrl+S", "F2"} <= page_keys
    assert {"Ctrl+Shift+W", "Ctrl+Q", "Ctrl+N", "Ctrl+O"} <= window_keys
    assert window_keys.isdisjoint(page_keys)


# -- 2. unsaved Setup edits: Save, Discard or Cancel ----------------------------------------------

def test_closing_with_unsaved_setup_edits_asks_and_cancel_keeps_them(
        window, qtbot, election_path):
    assert window.open_election(election_path)
    retitle(qtbot, window, "Steering Group 2027")
    with answering(qtbot, ESCAPE) as asked:
        close_election(qtbot)
    assert len(asked) == 1 and "not saved" in asked[0]
    assert window.election is not None
    assert window.setup_page.title.text() == "Steering Group 2027"

    with answering(qtbot, ENTER) as asked:
        close_election(qtbot)
    assert len(asked) == 1
    assert window.election is None
    assert stored_title(election_path) == "Steering Group 2027"


def test_quitting_with_unsaved_setup_edits_and_discarding_them_keeps_the_file_as_saved(
        window, qtbot, election_path):
    assert window.open_election(election_path)
    retitle(qtbot, window, "Something else")
    with answering(qtbot, DISCARD) as asked:
        quit_app(qtbot)
    assert len(asked) == 1
    assert not window.isVisible()
    assert window.election is None
    assert stored_title(election_path) == TITLE


def test_closing_the_window_with_unsaved_setup_edits_asks_and_saves_them(
        window, qtbot, election_path):
    assert window.open_election(election_path)
    retitle(qtbot, window, "Saved on the way out")
    with answering(qtbot, SAVE) as asked:
        window.close()  # what the window's close button does
    assert len(asked) == 1
    assert not window.isVisible()
    assert stored_title(election_path) == "Saved on the way out"


def test_edits_typed_and_typed_back_are_not_unsaved(window, qtbot, election_path):
    assert window.open_election(election_path)
    retitle(qtbot, window, "Another title")
    retitle(qtbot, window, TITLE)
    with answering(qtbot) as asked:
        close_election(qtbot)
    assert asked == []
    assert window.election is None


@pytest.mark.parametrize("how", ["new", "open", "recent", "sample"])
def test_opening_another_election_asks_first_about_unsaved_setup_edits(
        window, qtbot, tmp_path, election_path, how):
    other = tmp_path / "other.countdesk"
    ElectionFile.create(other, ElectionSetup("Other", 1, (Candidate("A"), Candidate("B"))),
                        "RO").close()
    assert window.open_election(other)
    assert window.open_election(election_path)  # now other is in the recent list

    def go() -> None:
        if how == "new":
            window.start_new(tmp_path / "new.countdesk")
        elif how == "open":
            window.open_election(other)
        elif how == "recent":
            window.recent_menu.aboutToShow.emit()
            (action,) = [a for a in window.recent_menu.actions() if a.text() == str(other)]
            action.trigger()
        else:
            window.open_sample()

    retitle(qtbot, window, "Kept while asked")
    with answering(qtbot, ESCAPE) as asked:
        go()
    assert len(asked) == 1
    assert window.election is not None and window.election.path == election_path
    assert window.pending_path is None
    assert window.setup_page.title.text() == "Kept while asked"

    with answering(qtbot, ENTER) as asked:
        go()
    assert len(asked) == 1
    assert window.election is None or window.election.path != election_path
    assert stored_title(election_path) == "Kept while asked"


def test_a_save_that_fails_cancels_the_close_and_says_why(window, qtbot, keyed_path):
    assert window.open_election(keyed_path)
    retitle(qtbot, window, "Changed after keying")  # the reason for it is not typed
    with answering(qtbot, ENTER) as asked:
        quit_app(qtbot)
    assert len(asked) == 1
    assert window.isVisible(), "the window stays open"
    assert window.election is not None
    assert window.message.isVisible() and "reason" in window.message.text()
    assert window.pages.currentWidget() is window.setup_page
    assert window.setup_page.title.text() == "Changed after keying"
    assert window.election.setup().title == TITLE


# -- 3. a new election is not lost before its first Ctrl+S ---------------------------------------

def test_quitting_a_new_election_asks_and_save_creates_its_file(window, qtbot, tmp_path):
    path = tmp_path / "new.countdesk"
    window.start_new(path)
    page = window.setup_page
    type_text(qtbot, "Treasurer")
    press(qtbot, Qt.Key.Key_M, ALT)
    for name in ("Ann Lee", "Bo Chen"):
        type_text(qtbot, name)
        press(qtbot, Qt.Key.Key_Return)
    assert page.problems() == []
    with answering(qtbot, ENTER) as asked:
        quit_app(qtbot)
    assert len(asked) == 1
    assert not window.isVisible()
    with ElectionFile.open(path) as election:
        assert election.setup().names == ("Ann Lee", "Bo Chen")
        assert election.setup().title == "Treasurer"


def test_a_new_election_that_cannot_be_saved_yet_is_kept_open_and_says_why(
        window, qtbot, tmp_path):
    path = tmp_path / "new.countdesk"
    window.start_new(path)
    type_text(qtbot, "Treasurer")  # no candidates yet
    with answering(qtbot, ENTER) as asked:
        close_election(qtbot)
    assert len(asked) == 1
    assert window.pending_path == path
    assert not path.exists()
    assert "no candidates" in window.message.text()
    assert window.setup_page.title.text() == "Treasurer"


def test_a_new_election_with_nothing_typed_closes_without_asking(window, qtbot, tmp_path):
    window.start_new(tmp_path / "new.countdesk")
    with answering(qtbot) as asked:
        close_election(qtbot)
    assert asked == []
    assert window.pending_path is None


# -- 4. a half-keyed paper ---------------------------------------------------------------------

def start_keying(qtbot, window, path) -> int:
    with ElectionFile.open(path) as election:
        batch = election.add_batch("Box 2", None, "RO")
    assert window.open_election(path)
    window.batches_page.teller.setCurrentText(TELLER)
    window.start_keying(batch, EntryPass.A)
    return batch


def keyed_papers(window, path, batch: int) -> tuple[Paper, ...]:
    """Pass A of the batch as the file holds it (the window's own, while it has it open)."""
    if window.election is not None and window.election.path == path:
        return window.election.papers(batch, EntryPass.A)
    with ElectionFile.open(path) as election:
        return election.papers(batch, EntryPass.A)


def half_key(qtbot) -> None:
    type_text(qtbot, "2")
    press(qtbot, Qt.Key.Key_Down)
    type_text(qtbot, "1")


def test_ending_the_pass_with_a_half_keyed_paper_asks_save_discard_or_keep_keying(
        window, qtbot, election_path):
    batch = start_keying(qtbot, window, election_path)
    keying = window.keying_page
    half_key(qtbot)
    with answering(qtbot, ESCAPE) as asked:
        press(qtbot, Qt.Key.Key_E, CTRL)
    assert len(asked) == 1 and "Paper 1" in asked[0]
    assert window.pages.currentWidget() is keying
    assert [box.text() for box in keying.boxes[:2]] == ["2", "1"]
    assert focused() in keying.boxes

    with answering(qtbot, ENTER) as asked:
        press(qtbot, Qt.Key.Key_E, CTRL)
    assert len(asked) == 1
    assert window.pages.currentWidget() is window.batches_page
    (paper,) = keyed_papers(window, election_path, batch)
    assert paper.marks == marks_from_boxes(["2", "1"] + [""] * 6)


def test_ending_the_pass_and_discarding_the_half_keyed_paper(window, qtbot, election_path):
    batch = start_keying(qtbot, window, election_path)
    half_key(qtbot)
    with answering(qtbot, DISCARD) as asked:
        press(qtbot, Qt.Key.Key_E, CTRL)
    assert len(asked) == 1
    assert window.pages.currentWidget() is window.batches_page
    assert window.election.papers(batch, EntryPass.A) == ()


def test_a_paper_that_cannot_be_saved_keeps_the_teller_keying(window, qtbot, election_path):
    start_keying(qtbot, window, election_path)
    keying = window.keying_page
    press(qtbot, Qt.Key.Key_T, CTRL)
    type_text(qtbot, "4 9")  # there is no position 9
    with answering(qtbot, ENTER) as asked:
        press(qtbot, Qt.Key.Key_E, CTRL)
    assert len(asked) == 1
    assert window.pages.currentWidget() is keying
    assert keying.order_edit.text() == "4 9"
    assert "no position 9" in window.message.text()


def test_a_correction_not_saved_and_the_paper_put_aside_for_it_are_both_asked_about(
        window, qtbot, election_path):
    batch = start_keying(qtbot, window, election_path)
    keying = window.keying_page
    for first in ("1", "2"):
        type_text(qtbot, first)
        press(qtbot, Qt.Key.Key_Return)
    half_key(qtbot)  # paper 3
    press(qtbot, Qt.Key.Key_PageUp)  # back to paper 2, to correct it
    assert keying.correcting
    with answering(qtbot, ENTER) as asked:
        close_election(qtbot)
    assert len(asked) == 1 and "Paper 3" in asked[0]
    assert window.election is None
    with ElectionFile.open(election_path) as election:
        papers = election.papers(batch, EntryPass.A)
    assert [p.marks for p in papers] == [marks_from_boxes(b + [""] * (8 - len(b)))
                                         for b in (["1"], ["2"], ["2", "1"])]


@pytest.mark.parametrize("leave", ["close", "quit", "open", "key another batch"])
def test_leaving_the_keying_page_another_way_asks_about_the_half_keyed_paper(
        window, qtbot, tmp_path, election_path, leave):
    batch = start_keying(qtbot, window, election_path)
    other_batch = window.election.add_batch("Box 3", None, "RO")
    other = tmp_path / "other.countdesk"
    ElectionFile.create(other, ElectionSetup("Other", 1, (Candidate("A"), Candidate("B"))),
                        "RO").close()
    half_key(qtbot)
    press(qtbot, Qt.Key.Key_2, CTRL)  # a look at the Batches page loses nothing

    def go() -> None:
        if leave == "close":
            close_election(qtbot)
        elif leave == "quit":
            quit_app(qtbot)
        elif leave == "open":
            window.open_election(other)
        else:
            window.start_keying(other_batch, EntryPass.A)

    with answering(qtbot, ESCAPE) as asked:
        go()
    assert len(asked) == 1 and "Paper 1" in asked[0]
    assert window.election is not None and window.election.path == election_path
    assert window.pages.currentWidget() is window.keying_page
    assert window.keying_page.batch.id == batch
    assert [box.text() for box in window.keying_page.boxes[:2]] == ["2", "1"]

    with answering(qtbot, SAVE) as asked:
        go()
    assert len(asked) == 1
    (paper,) = keyed_papers(window, election_path, batch)
    assert paper.marks == marks_from_boxes(["2", "1"] + [""] * 6)


# -- 5. after keying has started, the paper's order is fixed ------------------------------------

def test_after_keying_the_setup_page_refuses_to_move_add_or_remove_candidates_in_words(
        window, qtbot, keyed_path, ro_present):
    assert window.open_election(keyed_path)
    press(qtbot, Qt.Key.Key_1, CTRL)
    page = window.setup_page
    view = page.candidates_view
    view.setFocus()
    view.selectRow(2)
    for key, modifier in ((Qt.Key.Key_Down, ALT), (Qt.Key.Key_Up, ALT),
                          (Qt.Key.Key_Delete, Qt.KeyboardModifier.NoModifier)):
        window._clear_message()
        press(qtbot, key, modifier)
        assert window.message.isVisible()
        assert "order" in window.message.text() and "fixed" in window.message.text()
    press(qtbot, Qt.Key.Key_M, ALT)
    type_text(qtbot, "Zed Newcomer")
    window._clear_message()
    press(qtbot, Qt.Key.Key_Return)
    assert "fixed" in window.message.text()
    assert [row.name for row in page.candidates.rows] == list(NAMES)
    assert not page.has_unsaved_edits()

    # Withdrawing is still allowed, with the reason for it.
    view.setFocus()
    view.selectRow(2)
    press(qtbot, Qt.Key.Key_W, CTRL)
    page.reason.setFocus()
    type_text(qtbot, "withdrew by letter to the RO")
    press(qtbot, Qt.Key.Key_Return)
    assert not page.has_unsaved_edits()
    close_election(qtbot)
    assert window.election is None
    with ElectionFile.open(keyed_path) as election:
        assert election.setup().names == NAMES
        assert [c.withdrawn for c in election.setup().candidates] == [
            i == 2 for i in range(len(NAMES))]


def test_the_first_paper_keyed_in_this_window_locks_the_setup_at_once(
        window, qtbot, election_path):
    start_keying(qtbot, window, election_path)
    type_text(qtbot, "1")
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_1, CTRL)
    page = window.setup_page
    assert page.reason.isVisible()
    assert "Keying started" in window.state_label.text()
    page.candidates_view.setFocus()
    page.candidates_view.selectRow(0)
    press(qtbot, Qt.Key.Key_Down, ALT)
    assert "fixed" in window.message.text()
    assert [row.name for row in page.candidates.rows] == list(NAMES)


# -- 7. a close that fails is said, and the election stays open ----------------------------------

class ConnectionThatCannotClose(sqlite3.Connection):
    """Stands in for the election file's connection when the disk fills at the last moment:
    closing it fails as SQLite fails on a full disk."""

    def close(self) -> None:
        raise sqlite3.OperationalError("database or disk is full")


def test_a_close_that_fails_is_said_in_the_banner_and_quit_keeps_the_window_open(
        window, qtbot, election_path):
    assert window.open_election(election_path)
    election = window.election
    real = election._db
    election._db = ConnectionThatCannotClose(":memory:")
    try:
        close_election(qtbot)
        assert window.election is election, "not pretended closed"
        assert window.message.isVisible() and "disk is full" in window.message.text()
        quit_app(qtbot)
        assert window.isVisible()
        assert window.election is election
    finally:
        election._db = real
    close_election(qtbot)
    assert window.election is None
    assert not window.message.isVisible()
