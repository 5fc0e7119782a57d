"""At 1366×768, and at 125% (1093×614 of room), each page shows enough of what it lists, keeps
what has the keyboard in view, and lays nothing over anything else."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget
from teller_keys import ALT, CTRL, focused, press, type_text

from countdesk.count.contest import Contest
from countdesk.count.ers97 import count_ers97
from countdesk.count.lots import LotPolicy
from countdesk.election import Candidate, ElectionSetup
from countdesk.formats.blt import read_blt
from countdesk.resources import resource_path
from countdesk.store.election_file import ElectionFile

FULL_SIZE = (1366, 740)  # a 1366×768 screen less the desktop's panel
AT_125 = (1093, 586)


def rows_in_view(view: QAbstractItemView) -> int:
    """How many rows show whole, in the column of the current cell."""
    QApplication.processEvents()  # the layout as the window's last resize left it
    viewport = view.viewport().rect()
    model = view.model()
    column = max(view.currentIndex().column(), 0)
    return sum(1 for row in range(model.rowCount())
               if viewport.contains(view.visualRect(model.index(row, column))))


def place(widget: QWidget, window: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


@pytest.fixture
def sixty(tmp_path: Path) -> Path:
    path = tmp_path / "network.countdesk"
    setup = ElectionSetup("National Committee", 26,
                          tuple(Candidate(f"Candidate {n:02d}") for n in range(1, 61)),
                          tellers=("Tom",), returning_officer="Rita Okoye")
    ElectionFile.create(path, setup, "Rita Okoye").close()
    return path


@pytest.mark.parametrize(("size", "fewest"), [(FULL_SIZE, 12), (AT_125, 6)])
def test_setup_shows_a_dozen_candidates_and_follows_the_one_added(
        window, qtbot, sixty, size, fewest):
    window.resize(*size)
    assert window.open_election(sixty)
    page = window.setup_page
    assert (window.width(), window.height()) == size
    assert rows_in_view(page.candidates_view) >= fewest
    press(qtbot, Qt.Key.Key_M, ALT)
    type_text(qtbot, "Zara Newcomer")
    press(qtbot, Qt.Key.Key_Return)
    view = page.candidates_view
    last = view.model().index(60, 0)
    assert view.model().data(last) == "Zara Newcomer"
    assert view.viewport().rect().contains(view.visualRect(last))
    assert focused() is page.new_name


@pytest.fixture(scope="module")
def result_of_45():
    ballots = read_blt(resource_path("samples/conference_committee_2026.blt"))
    return count_ers97(Contest.from_ballots(ballots), LotPolicy(seed=1))


@pytest.mark.parametrize(("size", "fewest"), [(FULL_SIZE, 14), (AT_125, 8)])
def test_the_stage_table_shows_many_candidates_and_the_keys_reach_every_one(
        window, qtbot, sixty, result_of_45, size, fewest):
    window.resize(*size)
    assert window.open_election(sixty)
    page = window.results_page
    page.show_result(result_of_45)
    press(qtbot, Qt.Key.Key_7, CTRL)
    view = page.view
    assert focused() is view
    assert rows_in_view(view) >= fewest
    press(qtbot, Qt.Key.Key_Home, CTRL)
    for row in range(len(result_of_45.candidates) + 3):  # and the totals rows, and the quota
        current = view.currentIndex()
        assert current.row() == row
        assert view.viewport().rect().contains(view.visualRect(current)), row
        press(qtbot, Qt.Key.Key_Down)
    header = view.model().headerData(1, Qt.Orientation.Horizontal)
    stage = result_of_45.stages[1]
    assert header.splitlines() == [f"Stage {stage.number}: {stage.kind.value}",
                                   stage.subjects[0]]


def test_the_rulings_page_lays_nothing_over_the_account_at_125_percent(
        window, qtbot, sixty):
    window.resize(*AT_125)
    assert window.open_election(sixty)
    press(qtbot, Qt.Key.Key_5, CTRL)
    page = window.rulings_page
    assert (window.width(), window.height()) == AT_125
    summary, panes, account, hint = (place(widget, window) for widget in (
        page.summary, page.split_below, page.account_view, page.hint))
    assert summary.bottom() < panes.top() and panes.bottom() < hint.top()
    assert panes.contains(account) and account.bottom() < hint.top()
    assert hint.bottom() <= place(window.pages, window).bottom()
