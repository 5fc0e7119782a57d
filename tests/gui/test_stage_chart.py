"""The chart for the hall: at 1366×768 a 40-candidate count's names are at least 24 px high,
on pages that Page Down and Page Up turn; ← → step through the stages; the stage's decision
and its closest margin are in words above the bars."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontInfo

from countdesk.app.closeness import BatchDoubts, closeness
from countdesk.count.result import Result
from countdesk.counting import CountInput, CountOptions, run_count
from countdesk.gui.results_page import ResultsPage
from countdesk.gui.stage_chart import StageChart

CANDIDATES = 40
SEATS = 20


@pytest.fixture(scope="module")
def forty() -> Result:
    """40 candidates, 20 places: candidate k has 2k + 1 first preferences, then the next."""
    names = tuple(f"Candidate {k + 1:02d} Surname" for k in range(CANDIDATES))
    papers = [(2 * k + 1, (k, (k + 1) % CANDIDATES)) for k in range(CANDIDATES)]
    return run_count(CountInput("Committee of forty", names, SEATS, papers),
                     CountOptions("ers97"))


def test_projected_names_are_24_px_or_more_on_pages_that_turn(qtbot, forty) -> None:
    chart = StageChart(projector=True)
    qtbot.addWidget(chart)
    chart.resize(1366, 768)
    chart.show_result(forty)
    chart.stage = 0  # the first stage: all forty are in the count
    assert QFontInfo(chart.name_font()).pixelSize() >= 24
    shown = [name for name, _ in chart.shown()]
    assert len(shown) == CANDIDATES
    rows = chart.rows_per_page()
    assert rows < CANDIDATES and chart.pages() == -(-CANDIDATES // rows)
    assert rows * chart.row_height() + chart.header_height() <= 768
    seen = []
    for page in range(chart.pages()):
        assert chart.page == page
        seen += shown[page * rows:(page + 1) * rows]
        qtbot.keyClick(chart, Qt.Key.Key_PageDown)
    assert seen == shown and chart.page == chart.pages() - 1
    qtbot.keyClick(chart, Qt.Key.Key_PageUp)
    assert chart.page == chart.pages() - 2
    qtbot.keyClick(chart, Qt.Key.Key_Right)
    assert chart.stage == 1
    chart.grab()  # it paints without error on every page and stage


def test_the_chart_says_what_the_stage_decided_and_how_close_it_was(qtbot, forty) -> None:
    found = closeness(forty, (BatchDoubts("Box 1", 420, 1, 0, 0),))
    chart = StageChart()
    qtbot.addWidget(chart)
    chart.resize(900, 600)
    chart.show_result(forty, found)
    excluded = next(i for i, stage in enumerate(forty.stages) if stage.excluded)
    chart.stage = excluded
    assert chart.decided[excluded].startswith(f"✗ {forty.stages[excluded].excluded[0]}")
    closest = chart.closest()
    assert closest is not None and closest.stage == forty.stages[excluded].number
    assert closest.kind == "exclusion"


def test_the_results_page_projects_the_chart_at_its_stage(qtbot, forty) -> None:
    page = ResultsPage()
    qtbot.addWidget(page)
    page.show()
    page.show_result(forty)
    page.chart.step(-1)
    qtbot.keyClick(page.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    projector = page.projector
    assert projector is not None and projector.projector
    assert projector.stage == page.chart.stage
    assert QFontInfo(projector.name_font()).pixelSize() >= 24
    qtbot.keyClick(projector, Qt.Key.Key_Escape)
