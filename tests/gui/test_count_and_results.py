"""The RO counts, draws a lot in the hall, certifies and prints; a later ruling supersedes."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication
from questions import answering, letter
from ro_key import as_ro
from teller_keys import CTRL, press

from countdesk.app.election_count import count_input
from countdesk.cli import main
from countdesk.count.lots import HALL, LotDecision
from countdesk.count.result import figure
from countdesk.counting import CountOptions, run_count
from countdesk.election import Candidate, ElectionSetup
from countdesk.gui import background
from countdesk.papers import Rejection
from countdesk.store.election_file import BatchState, ElectionFile, EntryPass, Paper

pytestmark = pytest.mark.usefixtures("ro_present")  # the RO is at the desk

RO = "Mary Quinn"
NAMES = ("Ann Lee", "Bob Chen", "Cat Diaz")


def boxes(*numbers: int | None) -> tuple:
    padded = list(numbers) + [None] * (len(NAMES) - len(numbers))
    return tuple(() if n is None else (n,) for n in padded)


@pytest.fixture
def tied_election(tmp_path: Path) -> Path:
    """Bob and Cat level at every stage: one of them is excluded by lot. Paper 8 is doubtful
    and ruled valid; ruling it out later leaves the tie, and the lot, as they were."""
    path = tmp_path / "treasurer.countdesk"
    setup = ElectionSetup("Treasurer", 1, tuple(Candidate(n) for n in NAMES),
                          organisation="Grassroots Network", rules="scottish",
                          returning_officer=RO, scrutineers=("Sam Scrutineer",),
                          tellers=("Imran Shah",))
    papers = [boxes(1)] * 3 + [boxes(None, 1, 2)] * 2 + [boxes(None, 2, 1)] * 2 + [boxes(1)]
    with ElectionFile.create(path, setup, RO) as election:
        batch = election.add_batch("Box 1", len(papers), RO)
        for number, marks in enumerate(papers, 1):
            election.save_paper(Paper(batch, EntryPass.A, number, marks, None, number == 8,
                                      "Imran Shah"))
        election.record_ruling(batch, 8, RO, authority=as_ro(election, RO))
        election.set_batch_state(batch, BatchState.VERIFIED, RO, as_ro(election))
    return path


def lots_in(result):
    return [tie for tie in result.ties if tie.method.startswith("lot")]


def count_from_the_count_page(window, qtbot) -> None:
    press(qtbot, Qt.Key.Key_6, CTRL)
    assert window.pages.currentWidget() is window.count_page
    press(qtbot, Qt.Key.Key_F5)


def test_count_draw_certify_print_then_a_ruling_supersedes_and_a_recount_reuses_the_lot(
        window, qtbot, tied_election, tmp_path, capsys):
    assert window.open_election(tied_election)
    count_page, results = window.count_page, window.results_page
    count_from_the_count_page(window, qtbot)
    qtbot.waitUntil(lambda: count_page.lot_dialog is not None, timeout=10_000)
    dialog = count_page.lot_dialog
    assert dialog.tie.tied == ("Bob Chen", "Cat Diaz") and dialog.isVisible()
    dialog.chosen.setCurrentText("Cat Diaz")
    dialog.drawn_by.setText("Sam Scrutineer")
    dialog.hall.click()
    qtbot.waitUntil(lambda: results.result is not None, timeout=10_000)
    assert window.pages.currentWidget() is results

    result = results.result
    assert not result.provisional
    (tie,) = lots_in(result)
    assert (tie.chosen, tie.method, tie.drawn_by) == ("Cat Diaz", HALL, "Sam Scrutineer")
    with_the_lot = count_input(window.election)
    engine = run_count(with_the_lot, CountOptions("scottish"), stop_at_lot=True)
    assert engine.to_json() == result.to_json()
    model = results.model
    for column, stage in enumerate(engine.stages):
        for row, total in enumerate(stage.totals):
            assert model.index(row, column).data() == figure(total)
        assert model.index(len(NAMES) + 3, column).data() == figure(stage.quota)

    with answering(qtbot, letter(Qt.Key.Key_C)) as asked:  # "Certify count 1": in words
        press(qtbot, Qt.Key.Key_C, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert asked[0].startswith("Certify count 1 as the result of Treasurer?")
    assert "cannot be taken back" in asked[0]
    assert "certified by Mary Quinn" in results.certification.text()
    assert results.certification.text().endswith("stands.")

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    pages = results.print_sheet(printer)
    results.save_pdf(tmp_path / "sheet.pdf")
    assert pages == len(PdfReader(str(tmp_path / "sheet.pdf")).pages)
    assert len(PdfReader(str(tmp_path / "printed.pdf")).pages) == pages
    sheet_text = "\n".join(p.extract_text() for p in PdfReader(str(tmp_path / "sheet.pdf")).pages)
    assert "Sam Scrutineer" in sheet_text and result.elected[0] in sheet_text
    written = results.save_ballots(tmp_path / "recount")
    assert [p.suffix for p in written] == [".blt"]
    assert main(["verify", str(tmp_path / "sheet.pdf"), str(written[0])]) == 0

    (batch,) = window.election.batches()
    press(qtbot, Qt.Key.Key_5, CTRL)  # the Rulings page, where the RO changes a ruling
    window.election.record_ruling(batch.id, 8, RO, rejected=Rejection.IDENTIFYING_MARK,
                                  authority=as_ro(window.election))
    press(qtbot, Qt.Key.Key_7, CTRL)
    assert "SUPERSEDED" in results.certification.text()
    assert "ruling" in results.certification.text()
    report = window.election.check()
    assert report.problems == ()
    assert "is SUPERSEDED" in report.certifications[-1].describe()

    count_from_the_count_page(window, qtbot)
    qtbot.waitUntil(lambda: results.result is not result, timeout=10_000)
    assert count_page.lot_dialog is None, "the lot drawn in the hall is reused"
    (reused,) = lots_in(results.result)
    assert (reused.chosen, reused.method) == ("Cat Diaz", HALL)
    assert results.result.valid_votes == 7
    assert window.election.lots() == (
        LotDecision("2", ("Bob Chen", "Cat Diaz"), "Cat Diaz", "Sam Scrutineer", HALL),)


def test_a_count_before_every_batch_is_verified_is_provisional_and_cannot_be_certified(
        window, qtbot, tied_election):
    with ElectionFile.open(tied_election) as election:
        election.add_batch("Box 2", 10, RO)
    assert window.open_election(tied_election)
    count_from_the_count_page(window, qtbot)
    assert "PROVISIONAL" in window.count_page.readiness.text()
    assert "batch 'Box 2' is open" in window.count_page.readiness.text()
    qtbot.waitUntil(lambda: window.count_page.lot_dialog is not None, timeout=10_000)
    window.count_page.lot_dialog.seeded.click()
    qtbot.waitUntil(lambda: window.results_page.result is not None, timeout=10_000)
    results = window.results_page
    assert results.result.provisional
    assert not results.certify_button.isEnabled()
    assert "cannot be certified" in results.certification.text()
    (tie,) = lots_in(results.result)
    assert tie.method.startswith("lot drawn by CountDesk, seed ")


def test_the_bundled_sample_opens_and_counts_to_a_committee_that_meets_its_quota_rule(
        window, qtbot):
    assert window.open_sample()
    setup = window.election.setup()
    assert setup.seats == 20 and setup.limits
    count_from_the_count_page(window, qtbot)
    qtbot.waitUntil(lambda: window.results_page.result is not None, timeout=20_000)
    result = window.results_page.result
    assert len(result.elected) == 20 and not result.provisional
    women = {c.name for c in setup.candidates if c.group_in("Gender") == "Women"}
    assert len(women & set(result.elected)) >= 10
    assert any("Women" in line for stage in result.stages for line in stage.notes)


def test_a_reopened_election_shows_its_certified_result_ready_to_print_again(
        window, qtbot, tied_election, tmp_path):
    with ElectionFile.open(tied_election) as election:
        election.record_lot(LotDecision("2", ("Bob Chen", "Cat Diaz"), "Bob Chen", RO), RO,
                            as_ro(election))
    assert window.open_election(tied_election)
    count_from_the_count_page(window, qtbot)
    qtbot.waitUntil(lambda: window.results_page.result is not None, timeout=10_000)
    counted = window.results_page.result
    with answering(qtbot, letter(Qt.Key.Key_C)):
        window.results_page.certify()
    window.close_election()
    assert window.results_page.result is None

    assert window.open_election(tied_election)
    results = window.results_page
    assert results.result == counted
    assert results.certification.text().endswith("stands.")
    results.save_pdf(tmp_path / "again.pdf")
    assert counted.elected[0] in PdfReader(str(tmp_path / "again.pdf")).pages[0].extract_text()


def test_a_count_that_ends_after_its_election_is_closed_is_not_kept(window, qtbot,
                                                                      tied_election, tmp_path):
    """The RO presses F5, then opens another election before the count is done: the count
    (and the lot it needs) belongs to neither, and the other election is left as it was."""
    other = tmp_path / "other.countdesk"
    with ElectionFile.create(other, ElectionSetup("Secretary", 1, (Candidate("Ann"),
                                                                   Candidate("Bob")),
                                                  returning_officer=RO), RO) as election:
        before = election.audit_head()
    assert window.open_election(tied_election)
    count_from_the_count_page(window, qtbot)  # F5 clicks the button a moment later
    qtbot.waitUntil(lambda: window.count_page.status.text() != "")  # counting, or done
    # Whether the count comes back before the other election opens (asking for the lot) or
    # after, neither election keeps anything, and no lot dialog is left for the wrong one.
    assert window.open_election(other)
    qtbot.waitUntil(lambda: not background.busy(), timeout=10_000)
    qtbot.wait(10)  # the count's report, if it was still on its way, is handled
    assert window.count_page.lot_dialog is None and QApplication.activeModalWidget() is None
    assert "not kept" in window.count_page.status.text() or (
        "it was for was closed" in window.count_page.status.text())
    window.close_election()
    for path, head in ((other, before), (tied_election, None)):
        with ElectionFile.open(path) as election:
            assert election.counts() == () and election.lots() == ()
            assert head is None or election.audit_head() == head
