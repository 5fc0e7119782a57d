"""The Results page shows the engine's Result as it is: table, chart and decisions."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from countdesk.count.contest import Contest
from countdesk.count.ers97 import count_ers97
from countdesk.count.lots import LotPolicy
from countdesk.count.result import figure
from countdesk.formats.blt import read_blt
from countdesk.gui.results_page import CHANGE_ROLE, ResultsPage, StageTableModel, below_quota

ELECTIONS = Path(__file__).parents[1] / "data" / "elections"


@pytest.fixture(scope="module")
def result():
    contest = Contest.from_ballots(read_blt(ELECTIONS / "scot2017_eilean_siar_ward1.blt"))
    return count_ers97(contest, LotPolicy(seed=1))


def test_the_stage_table_model_keeps_qts_rules(qapp, qtmodeltester, result):
    model = StageTableModel()
    model.show(result)
    qtmodeltester.check(model, force_py=True)


def test_the_table_shows_every_total_change_and_quota_of_the_result(qtbot, result):
    page = ResultsPage()
    qtbot.addWidget(page)
    page.show_result(result)
    model = page.model
    assert model.columnCount() == len(result.stages)
    for column, stage in enumerate(result.stages):
        for row, total in enumerate(stage.totals):
            assert model.index(row, column).data() == figure(total)
        assert model.index(model.rowCount() - 1, column).data() == figure(stage.quota)
    assert model.index(0, 1).data(CHANGE_ROLE) == format(result.stages[1].transfers[0], "+f")
    first = result.elected[0]
    row = result.candidates.index(first)
    assert model.headerData(row, Qt.Orientation.Vertical) == f"✓1 {first}"
    shown = [page.elected.item(row).text() for row in range(page.elected.count())]
    lowered = below_quota(result)
    assert shown[1:] == [f"{n}. {name}" + (f" — {lowered[name]}" if name in lowered else "")
                         for n, name in enumerate(result.elected, 1)]
    assert lowered and all("below the quota of" in words for words in lowered.values())
    assert "elected below the quota" in page.decisions.item(0).text()
    assert "ERS97 5.4.9" in page.decisions.item(0).text()


def test_arrow_keys_step_the_chart_through_the_stages(qtbot, result):
    page = ResultsPage()
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    page.show_result(result)
    last = len(result.stages) - 1
    assert page.chart.stage == last
    qtbot.keyClick(page.chart, Qt.Key.Key_Left)
    qtbot.keyClick(page.chart, Qt.Key.Key_Left)
    assert page.chart.stage == last - 2
    assert page.view.selectionModel().isColumnSelected(last - 2)
    qtbot.keyClick(page.chart, Qt.Key.Key_Right)
    assert page.chart.stage == last - 1


def test_the_chart_goes_full_screen_for_the_projector_and_esc_leaves(qtbot, result):
    page = ResultsPage()
    qtbot.addWidget(page)
    page.show()
    page.show_result(result)
    assert page.view.selectionModel().isColumnSelected(len(result.stages) - 1)
    page.chart.step(-1)
    qtbot.keyClick(page.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    projector = page.projector
    assert projector is not None and projector.isFullScreen()
    assert projector.stage == len(result.stages) - 2
    qtbot.keyClick(projector, Qt.Key.Key_Right)
    assert projector.stage == len(result.stages) - 1
    qtbot.keyClick(projector, Qt.Key.Key_Escape)
    assert not projector.isVisible()
