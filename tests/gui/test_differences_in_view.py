"""On a 40-candidate paper the Differences page shows the boxes that differ, whichever paper is
chosen, and K puts the cursor where the returning officer's next key belongs."""

from __future__ import annotations

import pytest
from passphrase import giving_passphrase
from PySide6.QtCore import QPoint, QRect, Qt
from teller_keys import CTRL, focused, press, type_text

from countdesk.election import Candidate, ElectionSetup
from countdesk.store.election_file import BatchState, ElectionFile, EntryPass, Paper

RO = "Rita Okoye"
TELLERS = ("Tom", "Tia")
CANDIDATES = 40


def marks(*numbers_at: tuple[int, int]) -> tuple:
    """Boxes from 1: (box, number) pairs."""
    written = dict(numbers_at)
    return tuple((written[box],) if box in written else () for box in range(1, CANDIDATES + 1))


@pytest.fixture
def election_path(tmp_path):
    """Paper 1 differs in box 38 only, paper 2 in box 3 only; the passes agree on the rest."""
    path = tmp_path / "committee.countdesk"
    setup = ElectionSetup("Committee", 10, tuple(Candidate(f"Candidate {n:02d}")
                                                 for n in range(1, CANDIDATES + 1)),
                          returning_officer=RO, tellers=TELLERS)
    a = [marks((2, 1), (20, 2), (38, 3)), marks((3, 1), (30, 2))]
    b = [marks((2, 1), (20, 2), (38, 4)), marks((4, 1), (30, 2))]
    with ElectionFile.create(path, setup, RO) as election:
        batch = election.add_batch("Box 1", 2, RO)
        for entry_pass, papers, teller in ((EntryPass.A, a, TELLERS[0]),
                                           (EntryPass.B, b, TELLERS[1])):
            for number, paper in enumerate(papers, 1):
                election.save_paper(Paper(batch, entry_pass, number, paper, None, False,
                                          teller))
        election.set_batch_state(batch, BatchState.KEYED_ONCE, TELLERS[0])
    return path


def in_view(page, widget) -> bool:
    viewport = page.scroller.viewport()
    return viewport.rect().contains(QRect(widget.mapTo(viewport, QPoint(0, 0)), widget.size()))


def test_the_boxes_that_differ_are_in_view_and_k_starts_where_they_differ(
        window, qtbot, election_path):
    window.resize(1366, 740)
    assert window.open_election(election_path)
    press(qtbot, Qt.Key.Key_4, CTRL)
    page = window.differences_page
    assert focused() is page.view and page.current().number == 1
    assert page.a_cells[37].text() == "≠ 3" and in_view(page, page.a_cells[37])
    assert not in_view(page, page.a_cells[0])  # the paper is too long to show whole

    press(qtbot, Qt.Key.Key_Down)  # paper 2: the view goes back up to box 3
    assert page.current().number == 2
    assert in_view(page, page.a_cells[2]) and in_view(page, page.a_cells[3])

    type_text(qtbot, "k")
    assert focused() is page.again_boxes[2] and in_view(page, page.again_boxes[2])
    assert [box.text() for box in page.again_boxes] == [
        "2" if box == 30 else "" for box in range(1, CANDIDATES + 1)]
    type_text(qtbot, "1")  # the paper has the 1 in box 3, as pass A keyed it
    with giving_passphrase(qtbot):  # settling is the returning officer's
        press(qtbot, Qt.Key.Key_Return)
    assert focused() is page.view
    assert [row.settled for row in page.model.rows] == ["", "✓ pass A"]
    window.close_election()
    with ElectionFile.open(election_path) as election:
        (batch,) = election.batches()
        (settled,) = election.papers(batch.id, EntryPass.SETTLED)
    assert settled.number == 2 and settled.marks == marks((3, 1), (30, 2))
