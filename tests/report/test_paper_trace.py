"""The workbook's paper trace, read back with openpyxl: which candidate held each paper at
each stage, and at what value, in small elections worked by hand."""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from ro_key import as_ro

from countdesk.app.election_count import count_election, count_input
from countdesk.app.paper_trace import paper_trace
from countdesk.app.sheets import workbook_for
from countdesk.count.parcels import tracing
from countdesk.election import Candidate, ElectionSetup
from countdesk.store.election_file import BatchState, ElectionFile, EntryPass, Paper

RO = "Mary Quinn"
TELLER = "Imran Shah"
NAMES = ("Ann Lee", "Bob Chen", "Cat Diaz", "Dan Evans")


def marks(*order: int) -> tuple[tuple[int, ...], ...]:
    """A paper as written: the candidates (0-based) numbered 1, 2, … in this order."""
    boxes: list[tuple[int, ...]] = [() for _ in NAMES]
    for rank, candidate in enumerate(order, 1):
        boxes[candidate] = (rank,)
    return tuple(boxes)


ANN, BOB, CAT, DAN = range(4)
# Ten papers, two places. Quota (Scottish, Droop): 10 ÷ 3, fractions ignored, plus 1 = 4.
PAPERS = ([marks(ANN, BOB)] * 4 + [marks(ANN, CAT)] * 2 + [marks(BOB)] * 2
          + [marks(CAT, DAN), marks(DAN)])


def election(path: Path, rules: str, papers: list[tuple[tuple[int, ...], ...]] = PAPERS
             ) -> Path:
    setup = ElectionSetup("Two places", 2, tuple(Candidate(n) for n in NAMES), rules=rules,
                          returning_officer=RO, tellers=(TELLER,))
    with ElectionFile.create(path, setup, RO) as made:
        batch = made.add_batch("Box 1", len(papers), RO)
        for number, paper in enumerate(papers, 1):
            made.save_paper(Paper(batch, EntryPass.A, number, paper, None, False, TELLER))
        made.set_batch_state(batch, BatchState.VERIFIED, RO, authority=as_ro(made))
    return path


def workbook(tmp_path: Path, rules: str, papers: list[tuple[tuple[int, ...], ...]] = PAPERS
             ) -> tuple[Any, Any]:
    path = election(tmp_path / f"{rules}.countdesk", rules, papers)
    with ElectionFile.open(path) as opened:
        count = count_election(opened, by=RO, record=True)
        workbook_for(count, tmp_path / "book.xlsx", RO, opened)
    return count.result, load_workbook(tmp_path / "book.xlsx", read_only=True)


def exact(value: Any) -> Any:
    """A number as the workbook holds it: openpyxl reads a cell as a float, whose shortest
    repr gives back the digits written (checked in the sheet's XML below)."""
    return Decimal(repr(value)) if isinstance(value, float) else value


def trace_rows(book: Any) -> list[tuple[Any, ...]]:
    rows = list(book["Paper trace"].iter_rows(values_only=True))
    heading = next(n for n, row in enumerate(rows) if row and row[0] == "Trace")
    return [tuple(map(exact, row)) for row in rows[heading + 1:] if row and row[0] is not None]


def trace_of(book: Any, paper: int) -> list[tuple[Any, ...]]:
    """The trace rows of the Papers sheet's paper ``paper`` (its number in Box 1)."""
    papers = list(book["Papers"].iter_rows(values_only=True))
    column = papers[0].index("Trace")
    number = next(row[column] for row in papers[1:] if row[1] == paper)
    return [row for row in trace_rows(book) if row[0] == number]


def test_a_scottish_paper_sits_with_one_candidate_at_one_value_at_each_stage(
        tmp_path: Path) -> None:
    result, book = workbook(tmp_path, "scottish")
    # By hand. Stage 1: Ann 6, Bob 2, Cat 1, Dan 1; Ann is elected (quota 4), surplus 2.
    # Stage 2: all six of Ann's papers move at 2 × 1 ÷ 6 = 0.33333 (5 places, truncated):
    # the four Ann–Bob papers to Bob, the two Ann–Cat papers to Cat.
    # Stage 3: Dan (1) is excluded; his own paper has no further preference.
    assert [s.number for s in result.stages][:3] == ["1", "2", "3"]
    assert result.elected[0] == "Ann Lee" and result.excluded[0] == "Dan Evans"
    last = result.stages[-1].number
    ann_bob = trace_of(book, 1)
    assert [row[1:7] for row in ann_bob] == [
        (4, "1", "1", "Ann Lee", 1, 4),
        (4, "2", last, "Bob Chen", Decimal("0.33333"), Decimal("1.33332"))]
    assert ann_bob[0][7] == "Ann Lee, Bob Chen"
    ann_cat = trace_of(book, 5)
    assert [row[1:6] for row in ann_cat][:2] == [(2, "1", "1", "Ann Lee", 1),
                                                 (2, "2", ann_cat[1][3], "Cat Diaz",
                                                  Decimal("0.33333"))]
    assert [row[1:6] for row in trace_of(book, 10)] == [
        (1, "1", "2", "Dan Evans", 1), (1, "3", last, "non-transferable", 1)]
    assert [row[1:6] for row in trace_of(book, 7)] == [(2, "1", last, "Bob Chen", 1)]
    # The values are the count's own, exact at its five places: cells read back as numbers
    # of that many places, never rounded floats worked afresh.
    cell = next(row for row in book["Paper trace"].iter_rows() if len(row) > 2
                and row[0].value == ann_bob[0][0] and row[2].value == "2")
    assert cell[5].number_format == "0.00000"
    stage2 = result.stages[1]
    assert stage2.totals[BOB] == Decimal("3.33332")  # 2 + 4 × 0.33333: the trace's figure
    with zipfile.ZipFile(tmp_path / "book.xlsx") as files:
        names = [n for n in files.namelist() if n.startswith("xl/worksheets/")]
        xml = b"".join(files.read(n) for n in names)
    assert b"<v>0.33333</v>" in xml and b"<v>1.33332</v>" in xml


def test_an_ers97_surplus_moves_only_the_last_batch_received_and_the_trace_shows_it(
        tmp_path: Path) -> None:
    papers = ([marks(ANN)] * 2 + [marks(BOB, ANN, CAT)] * 2 + [marks(DAN, BOB)] * 2
              + [marks(DAN), marks(CAT, DAN, BOB), marks(ANN, CAT, BOB), marks(BOB)])
    result, book = workbook(tmp_path, "ers97", papers)
    # By hand. Quota (5.1.6): 10 ÷ 3 = 3.33, not exact, so 3.34. Stage 1: Ann 3, Bob 3,
    # Cat 1, Dan 3. Stage 2: Cat is excluded; her one paper goes on to Dan, who has 4.00 and
    # is elected. Stage 3: Dan's surplus of 0.66 moves from the last batch received only
    # (5.3.2): that one paper, at 0.66 ÷ 1 = 0.66, to Bob (3.66: elected). Dan's own two
    # Dan–Bob papers stay with him at their full value to the end.
    assert [s.number for s in result.stages] == ["1", "2", "3"]
    assert result.quota == Decimal("3.34") and result.elected == ("Dan Evans", "Bob Chen")
    assert [row[1:6] for row in trace_of(book, 8)] == [
        (1, "1", "1", "Cat Diaz", 1), (1, "2", "2", "Dan Evans", 1),
        (1, "3", "3", "Bob Chen", Decimal("0.66"))]
    assert [row[1:7] for row in trace_of(book, 5)] == [(2, "1", "3", "Dan Evans", 1, 2)]
    assert trace_of(book, 5)[0][7] == "Dan Evans, Bob Chen"
    # Dan ends on his quota, 3.34: the two papers' 2.00, and 1.34 of the paper that moved on.
    assert result.stages[-1].totals[DAN] == Decimal("3.34")


def test_every_stage_total_is_the_sum_of_the_trace(tmp_path: Path) -> None:
    """The trace accounts for every candidate's vote at every stage (ERS97 too)."""
    for rules in ("scottish", "ers97", "wigm"):
        (tmp_path / rules).mkdir()
        result, book = workbook(tmp_path / rules, rules)
        index = {stage.number: i for i, stage in enumerate(result.stages)}
        held = [[Decimal(0)] * len(NAMES) for _ in result.stages]
        for row in trace_rows(book):
            if row[4] == "non-transferable":
                continue
            for at in range(index[row[2]], index[row[3]] + 1):
                held[at][NAMES.index(row[4])] += row[6]
        for stage, totals in zip(result.stages, held, strict=True):
            for c, name in enumerate(NAMES):
                # An elected candidate whose surplus has moved keeps the quota, made of the
                # part of each paper's value that stayed: the trace follows the papers.
                if name in result.elected and stage.totals[c] == stage.quota and \
                        totals[c] < stage.totals[c]:
                    continue
                assert totals[c] == stage.totals[c], (rules, stage.number, name)


def test_a_meek_paper_is_shared_by_the_keep_values_and_the_shares_add_up(
        tmp_path: Path) -> None:
    result, book = workbook(tmp_path, "meek")
    keep = {stage.number: stage.keep_values for stage in result.stages}
    rows = trace_of(book, 1)  # Ann, then Bob
    assert rows[0][1:8] == (4, "1", "1", "Ann Lee", 1, 1, 4)
    # Once Ann is elected her keep value k is below 1: each Ann–Bob paper leaves k with Ann
    # and passes 1 − k on to Bob (Algorithm 123 passes on exactly what she does not keep).
    shared = [row for row in rows if row[2] != "1"]
    assert {row[4] for row in shared} == {"Ann Lee", "Bob Chen"}
    for row in shared:
        k_first, k_last = keep[row[2]][ANN], keep[row[3]][ANN]
        if row[4] == "Ann Lee":
            assert (row[5], row[6]) == (k_first, k_last)
        else:
            assert (row[5], row[6]) == (1 - k_first, 1 - k_last)
    sheet = list(book["Keep values"].iter_rows(values_only=True))
    assert sheet[0][1:] == tuple(stage.number for stage in result.stages)
    assert exact(sheet[1 + ANN][-1]) == result.stages[-1].keep_values[ANN]


@pytest.mark.parametrize("rules", ["scottish", "meek"])
def test_no_trace_is_given_that_is_not_the_counts(tmp_path: Path, rules: str) -> None:
    path = election(tmp_path / "e.countdesk", rules)
    with ElectionFile.open(path) as opened:
        count = count_election(opened, by=RO, record=True)
        counted = count_input(opened, provisional=True)
    trace, _ = paper_trace(count.result, counted)
    assert trace.rows and not trace.missing
    other = count.result.__class__(**{**count.result.__dict__,
                                      "extra": (("ballots_sha256", "0" * 64),)})
    trace, _ = paper_trace(other, counted)
    assert trace.rows == () and trace.missing == ("no paper trace: the papers are not those "
                                                  "the count read")


def test_a_count_not_asked_to_trace_records_nothing(tmp_path: Path) -> None:
    path = election(tmp_path / "e.countdesk", "ers97")
    with ElectionFile.open(path) as opened:
        count_election(opened, by=RO)
        with tracing() as trace:
            pass
        count_election(opened, by=RO)
    assert trace.counts == []


def test_a_trace_longer_than_a_sheet_goes_on_to_the_next(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from countdesk.report import workbook as writer

    monkeypatch.setattr(writer, "TRACE_ROWS", 4)  # a sheet holds 1,048,576 rows
    _, book = workbook(tmp_path, "scottish")
    parts = [name for name in book.sheetnames if name.startswith("Paper trace")]
    assert parts == ["Paper trace", "Paper trace (2)", "Paper trace (3)"]
    rows = [row for name in parts for row in book[name].iter_rows(values_only=True)
            if row and isinstance(row[0], int)]
    assert [len([r for r in book[name].iter_rows(values_only=True)
                 if r and isinstance(r[0], int)]) for name in parts] == [4, 4, len(rows) - 8]
    assert sorted({row[0] for row in rows}) == list(range(1, 6))  # five groups, all there
