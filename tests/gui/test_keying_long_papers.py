"""A long paper keyed fast on a 1366×768 laptop: column jumps, going straight to a box, boxes
that never move, nothing typed dropped silently, the same reason numbers as Rulings, and the
keying mode remembered."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from teller_keys import CTRL, KEYPAD, focused, press, type_text

from countdesk.election import Candidate, ElectionSetup
from countdesk.gui.checking_models import REASON_NUMBERS
from countdesk.gui.main_window import MainWindow
from countdesk.papers import Rejection
from countdesk.store.election_file import ElectionFile, EntryPass

TELLER = "Imran Shah"
LONG_NAMES = {0: "Siobhán Nic a' Bhriain", 5: "Oluwaseun Adeyemi-Fitzgerald"}
# The window at 1366×768 (the panel and title bar leave 740), and at 125%: 1093×586.
FULL_SIZE = (1366, 740)
AT_125 = (1093, 586)


def names(count: int) -> tuple[str, ...]:
    return tuple(LONG_NAMES.get(i, f"Candidate {i + 1:02d}") for i in range(count))


def election_of(tmp_path, candidates: int):
    path = tmp_path / f"committee{candidates}.countdesk"
    setup = ElectionSetup("National Committee", 10,
                          tuple(Candidate(n) for n in names(candidates)), tellers=(TELLER,))
    with ElectionFile.create(path, setup, "Mary Quinn") as election:
        batch = election.add_batch("Box 1", 20, "Mary Quinn")
    return path, batch


@pytest.fixture
def forty(tmp_path):
    return election_of(tmp_path, 40)


def start(window, path, batch, size=FULL_SIZE):
    window.resize(*size)
    assert window.open_election(path)
    window.batches_page.teller.setCurrentText(TELLER)
    window.start_keying(batch, EntryPass.A)
    return window.keying_page


def box_number(keying) -> int:
    return keying.boxes.index(focused()) + 1


def saved_marks(path, batch):
    with ElectionFile.open(path) as election:
        return [paper.marks for paper in election.papers(batch, EntryPass.A)]


def test_arrows_home_end_and_slash_reach_any_box_of_a_long_paper(window, qtbot, forty):
    path, batch = forty
    keying = start(window, path, batch)
    rows = keying.rows_per_column
    assert len(keying.boxes) == 40 and rows < 40  # the paper flows into columns
    assert box_number(keying) == 1
    press(qtbot, Qt.Key.Key_Right)
    assert box_number(keying) == 1 + rows  # the box beside it, in the next column
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Left)
    assert box_number(keying) == 2
    press(qtbot, Qt.Key.Key_End)
    assert box_number(keying) == 40
    press(qtbot, Qt.Key.Key_Home)
    assert box_number(keying) == 1
    press(qtbot, Qt.Key.Key_Minus, KEYPAD)  # no box before the first
    assert box_number(keying) == 1

    # / then the ballot number goes straight to that box; Enter there is not a save.
    press(qtbot, Qt.Key.Key_Slash, KEYPAD)
    assert focused() is keying.goto_box
    type_text(qtbot, "36")
    press(qtbot, Qt.Key.Key_Enter, KEYPAD)
    assert box_number(keying) == 36
    for mark in "123":
        type_text(qtbot, mark)
        press(qtbot, Qt.Key.Key_Plus, KEYPAD)
    press(qtbot, Qt.Key.Key_Slash)
    type_text(qtbot, "41")  # not on this paper: said, and the teller types again
    press(qtbot, Qt.Key.Key_Return)
    assert "no box 41" in keying.last_saved.text() and focused() is keying.goto_box
    press(qtbot, Qt.Key.Key_Escape)  # back to the box the teller was in
    assert box_number(keying) == 39
    press(qtbot, Qt.Key.Key_Enter, KEYPAD)
    assert keying.last_saved.text() == "Saved paper 1."
    window.close_election()
    assert saved_marks(path, batch) == [tuple((n - 35,) if 36 <= n <= 38 else ()
                                              for n in range(1, 41))]


def test_the_focused_box_is_always_in_view_and_boxes_never_move_as_the_reading_grows(
        window, qtbot, tmp_path):
    path, batch = election_of(tmp_path, 60)
    keying = start(window, path, batch, AT_125)
    qtbot.waitUntil(lambda: keying.scroller.viewport().width() > 300)
    viewport = keying.scroller.viewport()

    def place(box) -> QRect:
        return QRect(box.mapTo(window, QPoint(0, 0)), box.size())

    before = [place(box) for box in keying.boxes]
    press(qtbot, Qt.Key.Key_End)
    for number in range(1, 61):  # a long reading, preference after preference, bottom up
        type_text(qtbot, str(number))
        press(qtbot, Qt.Key.Key_Up)
        box = focused()
        corner = box.mapTo(viewport, QPoint(0, 0))
        assert viewport.rect().contains(QRect(corner, box.size())), number
    assert "60  Siobhán Nic a' Bhriain" in keying.reading.text()
    keying.scroller.verticalScrollBar().setValue(0)
    assert [place(box) for box in keying.boxes] == before


def test_at_125_percent_every_column_of_the_paper_is_on_screen(window, qtbot, tmp_path):
    path, batch = election_of(tmp_path, 60)
    keying = start(window, path, batch, AT_125)
    qtbot.waitUntil(lambda: keying.scroller.viewport().width() > 300)
    viewport = keying.scroller.viewport()
    assert (window.width(), window.height()) == AT_125  # the page asks for no more room
    assert keying.scroller.horizontalScrollBar().maximum() == 0
    for box in keying.boxes:
        left = box.mapTo(viewport, QPoint(0, 0)).x()
        assert left >= 0 and left + box.width() <= viewport.width()
    assert keying.header.width() + keying.header.x() <= keying.width()


def test_a_point_in_a_box_is_the_keypads_comma_and_other_keys_are_refused_in_words(
        window, qtbot, forty):
    path, batch = forty
    keying = start(window, path, batch)
    type_text(qtbot, "1.5")
    assert keying.boxes[0].text() == "1,5"  # two numbers in one box: the later is ignored
    assert keying.reading.text().endswith("Valid up to preference 1")
    press(qtbot, Qt.Key.Key_Down)
    type_text(qtbot, "q")
    assert keying.boxes[1].text() == ""
    assert "“q” is not a mark" in keying.last_saved.text()


def test_reason_numbers_are_the_same_on_keying_as_on_rulings(window, qtbot, forty):
    path, batch = forty
    keying = start(window, path, batch)
    rulings = window.rulings_page.reasons
    shown = {rulings.item(row).text() for row in range(rulings.count())}
    assert {keying.reasons.item(row).text() for row in range(keying.reasons.count())} < shown
    type_text(qtbot, "1")
    press(qtbot, Qt.Key.Key_R, CTRL)
    type_text(qtbot, "5")  # a lone cross is read from the marks, not given as a reason
    assert focused() is keying.reasons and "read from the marks" in keying.last_saved.text()
    type_text(qtbot, str(REASON_NUMBERS[Rejection.IDENTIFYING_MARK]))
    assert keying.rejected is Rejection.IDENTIFYING_MARK
    assert "6  Identifying mark" in shown


def test_the_keying_mode_is_remembered_from_one_sitting_to_the_next(
        window, qtbot, forty):
    path, batch = forty
    keying = start(window, path, batch)
    assert not keying.order_mode
    press(qtbot, Qt.Key.Key_F2)
    assert keying.order_mode
    window.close_election()

    again = MainWindow()
    qtbot.addWidget(again)
    window.hide()
    again.show()
    again.activateWindow()
    qtbot.waitUntil(again.isActiveWindow)
    keying = start(again, path, batch)
    assert keying.order_mode and focused() is keying.order_edit
    again.close_election()
