"""A teller keys a whole batch by keyboard alone; the election file holds exactly the papers."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from teller_keys import (
    CTRL,
    NAMES,
    Keyed,
    focused,
    key_as_written,
    key_flags,
    press,
    tab,
    type_text,
)

from countdesk.election import Candidate, ElectionSetup, LoneCross
from countdesk.papers import Rejection
from countdesk.store.election_file import ElectionFile, EntryPass

TELLER = "Imran Shah"


def paper(*boxes: str, rejected: Rejection | None = None, doubtful: bool = False) -> Keyed:
    return Keyed(tuple(boxes), rejected, doubtful)


@pytest.fixture
def election_path(tmp_path):
    path = tmp_path / "conference.countdesk"
    setup = ElectionSetup("Steering Group", 3, tuple(Candidate(n) for n in NAMES),
                          lone_cross=LoneCross.FIRST_PREFERENCE, tellers=(TELLER,))
    ElectionFile.create(path, setup, "Mary Quinn").close()
    return path


def key_in_order(qtbot, keyed: Keyed, separator: str) -> None:
    """The ballot positions in the order of the voter's numbers."""
    by_number = sorted((int(text), position + 1) for position, text in enumerate(keyed.boxes)
                       if text)
    type_text(qtbot, separator.join(str(position) for _, position in by_number))
    key_flags(qtbot, keyed)
    press(qtbot, Qt.Key.Key_Return)


def as_written_papers() -> list[Keyed]:
    papers = []
    for n in range(30):
        first = n % len(NAMES)
        boxes = [""] * len(NAMES)
        boxes[first], boxes[(first + 3) % len(NAMES)] = "1", "2"
        if n % 4 == 0:
            boxes[(first + 5) % len(NAMES)] = "3"
        papers.append(paper(*boxes))
    papers[3] = paper("", "x")  # a lone cross
    papers[7] = paper("1", "2", "", "4")  # a gap: valid up to 2
    papers[11] = paper("1", "1", rejected=Rejection.SEVERAL_FIRST_PREFERENCES)
    papers[15] = paper("2", "1", "3", doubtful=True)
    papers[19] = paper("1", "", "", "", "", "", "", "2", rejected=Rejection.IDENTIFYING_MARK)
    papers[23] = paper("1,3", "2")  # a candidate marked twice
    return papers


def order_papers() -> list[Keyed]:
    papers = []
    for n in range(30):
        boxes = [""] * len(NAMES)
        for preference, position in enumerate(((n * 3) % 8, (n * 3 + 1) % 8, (n + 6) % 8), 1):
            if not boxes[position]:
                boxes[position] = str(preference)
        papers.append(paper(*boxes))
    papers[5] = paper("", "", "", "1", "2", doubtful=True)
    papers[9] = paper("2", "1", rejected=Rejection.NO_OFFICIAL_MARK)
    return papers


def test_a_sixty_paper_batch_is_keyed_by_keyboard_alone_in_both_modes(
        window, qtbot, election_path):
    assert window.open_election(election_path)
    press(qtbot, Qt.Key.Key_2, CTRL)  # the Batches page
    batches = window.batches_page
    batches.teller.setFocus()
    type_text(qtbot, TELLER.split()[0])  # the setup's tellers, picked by their first letters
    assert batches.teller_name() == TELLER
    tab(qtbot)
    type_text(qtbot, "Box 1")
    tab(qtbot)
    press(qtbot, Qt.Key.Key_A, CTRL)
    type_text(qtbot, "60")
    press(qtbot, Qt.Key.Key_Return)
    assert [row.batch.label for row in batches.model.rows] == ["Box 1"]
    tab(qtbot, 3)
    assert focused() is batches.view
    press(qtbot, Qt.Key.Key_Return)
    keying = window.keying_page
    assert window.pages.currentWidget() is keying
    assert focused() is keying.boxes[0]

    written = as_written_papers()
    for number, keyed in enumerate(written, 1):
        key_as_written(qtbot, keyed, plus_on_keypad=number % 2 == 0)
        assert keying.last_saved.text() == f"Saved paper {number}."
        assert focused() is keying.boxes[0]

    # A correction: back three papers to paper 28, which the teller misread.
    for _ in range(3):
        press(qtbot, Qt.Key.Key_PageUp)
    assert keying.number == 28 and keying.correcting
    written[27] = paper("", "", "", "", "1", "2")
    for box in keying.boxes:
        box.clear()
    keying.boxes[0].setFocus()
    key_as_written(qtbot, written[27], plus_on_keypad=False)
    assert keying.last_saved.text() == "Corrected paper 28."
    assert keying.number == 31 and not keying.correcting

    press(qtbot, Qt.Key.Key_F2)
    assert keying.order_mode and focused() is keying.order_edit
    in_order = order_papers()
    for number, keyed in enumerate(in_order, 31):
        key_in_order(qtbot, keyed, separator=("+", ".", " ")[number % 3])
        assert keying.last_saved.text() == f"Saved paper {number}."

    # The last paper was keyed wrongly: take it back, key it again.
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert keying.number == 60 and "taken back" in keying.last_saved.text()
    press(qtbot, Qt.Key.Key_A, CTRL)
    in_order[29] = paper("3", "2", "1")
    key_in_order(qtbot, in_order[29], separator=" ")

    press(qtbot, Qt.Key.Key_E, CTRL)
    assert window.pages.currentWidget() is batches
    assert batches.model.rows[0].state == "keyed once: pass B to key"
    window.close_election()

    expected = written + in_order
    with ElectionFile.open(election_path) as election:
        (batch,) = election.batches()
        stored = election.papers(batch.id, EntryPass.A)
        log = election.audit_log()
    assert [p.number for p in stored] == list(range(1, 61))
    assert [p.marks for p in stored] == [k.marks for k in expected]
    assert [p.rejected for p in stored] == [k.rejected for k in expected]
    assert [p.doubtful for p in stored] == [k.doubtful for k in expected]
    assert {p.teller for p in stored} == {TELLER}
    actions = [entry.action for entry in log]
    assert actions.count("key paper") == 61  # 60, and paper 60 again after it was taken back
    assert actions.count("correct paper") == 1
    assert actions.count("delete paper: taken back by the teller to correct") == 1
    assert f"batch 'Box 1' {'keyed once'}" in actions


def test_a_blank_paper_needs_a_second_enter(window, qtbot, election_path):
    with ElectionFile.open(election_path) as election:
        batch = election.add_batch("Box 2", None, "RO")
    assert window.open_election(election_path)
    window.batches_page.teller.setCurrentText(TELLER)
    window.start_keying(batch, EntryPass.A)
    press(qtbot, Qt.Key.Key_Return)
    assert "no marks" in window.keying_page.last_saved.text()
    assert window.keying_page.keyed == 0
    press(qtbot, Qt.Key.Key_Return)
    assert window.keying_page.last_saved.text() == "Saved paper 1."
    assert "unmarked" in window.keying_page.reading.text() or window.keying_page.keyed == 1


def test_the_reading_follows_every_key(window, qtbot, election_path):
    with ElectionFile.open(election_path) as election:
        batch = election.add_batch("Box 3", 1, "RO")
    assert window.open_election(election_path)
    window.batches_page.teller.setCurrentText(TELLER)
    window.start_keying(batch, EntryPass.A)
    reading = window.keying_page.reading
    press(qtbot, Qt.Key.Key_Down)
    type_text(qtbot, "1")
    assert reading.text().splitlines()[0].split() == ["1", "Byrne"]
    press(qtbot, Qt.Key.Key_Down)
    type_text(qtbot, "3")
    assert "no preference 2" in reading.text()
    assert reading.text().endswith("Valid up to preference 1")
    press(qtbot, Qt.Key.Key_Up)
    press(qtbot, Qt.Key.Key_Up)
    type_text(qtbot, "1")
    assert "Cannot count: first preference for more than one candidate" in reading.text()


def test_a_paper_position_not_on_the_paper_is_refused_and_kept_on_screen(
        window, qtbot, election_path):
    with ElectionFile.open(election_path) as election:
        batch = election.add_batch("Box 4", 1, "RO")
    assert window.open_election(election_path)
    window.batches_page.teller.setCurrentText(TELLER)
    window.start_keying(batch, EntryPass.A)
    press(qtbot, Qt.Key.Key_T, CTRL)
    type_text(qtbot, "4 9")
    assert "no position 9" in window.keying_page.reading.text()
    press(qtbot, Qt.Key.Key_Return)
    assert window.message.isVisible() and "no position 9" in window.message.text()
    assert window.keying_page.order_edit.text() == "4 9"
    assert window.keying_page.keyed == 0
