"""A kept count's result sheet (PDF), workbook, results JSON and ballots: made from the
count alone.

The sheet shows the count's own Result and record, so a sheet of count 1 printed after a
later ruling still shows count 1's account. The workbook also lists every paper and the
audit log, and the ballots are the papers themselves: those are taken from the election file
only while nothing the count read has changed since (otherwise they would describe other
papers than the count's, and they are refused: count again).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from countdesk.app.closeness import closeness, closeness_json
from countdesk.app.election_count import count_input
from countdesk.app.records import Ballots, StoredCount
from countdesk.errors import CountDeskError
from countdesk.keying import box_text
from countdesk.papers import Marks, Reading
from countdesk.store.election_file import ElectionFile

if TYPE_CHECKING:  # openpyxl is loaded only to write a workbook
    from countdesk.report.workbook import ElectionRows


def sheet_for(count: StoredCount, printed_by: str, page_size: str = "a4") -> bytes:
    """The result sheet's PDF: the count's Result, with its record attached."""
    from countdesk.report.pdf import sheet_pdf

    context = replace(count.record.context(printed_by, count.result),
                      signature=count.certification)
    return sheet_pdf(count.result, context, page_size)


def results_json_for(count: StoredCount) -> bytes:
    """The count's result as ``countdesk count --format json`` gives it, with how close each
    decision was (``closeness``: margins, the papers in question, the batches to recount)."""
    found = closeness(count.result, count.record.doubts)
    return _json({**count.result.to_json(), "closeness": closeness_json(found)})


def rctab_json_for(count: StoredCount) -> bytes:
    """The count as RCTab's summary JSON, for visualisers that read RCTab's output."""
    from countdesk.report.rctab import rctab_summary

    return _json(rctab_summary(count.result, count.record.context("")))


def _json(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def workbook_for(count: StoredCount, path: Path, printed_by: str,
                 election: ElectionFile | None = None) -> None:
    """Write the scrutineers' workbook at ``path``: an election file's count lists every
    paper, ruling and audit entry, as they stood for the count."""
    prepared_workbook(count, printed_by, election)(path)


def prepared_workbook(count: StoredCount, printed_by: str,
                      election: ElectionFile | None = None) -> Callable[[Path], None]:
    """`workbook_for` in two parts: what it reads from the election file, read now (on the
    thread that holds the file), and a writer of the workbook at a path, which reads no
    file, so that the window can run it in the background (the paper trace counts again,
    and 100k papers take seconds to write)."""
    from countdesk.report.workbook import sheet_workbook

    context = count.record.context(printed_by, count.result)
    if election is None or count.run_id is None:
        return lambda path: sheet_workbook(count.result, context, path, None)
    from countdesk.app.paper_trace import paper_trace

    _refuse_if_changed(election, count, "its workbook would list other papers")
    counted = count_input(election, provisional=True)
    rows, rankings = election_rows(election, count.audit_seq)

    def write(path: Path) -> None:
        trace, numbers = paper_trace(count.result, counted)
        papers = [row if ranking is None else replace(row, trace=numbers.get(ranking))
                  for row, ranking in zip(rows.papers, rankings, strict=True)]
        sheet_workbook(count.result, context, path,
                       replace(rows, papers=papers, trace=trace))

    return write


def ballots_for(election: ElectionFile, count: StoredCount) -> Ballots:
    """The canonical BLT (and constraint file) that the count's fingerprints are of."""
    counted = count_input(election, provisional=True)
    if counted.ballots_sha256() != dict(count.result.extra).get("ballots_sha256"):
        raise CountDeskError(f"the papers have changed since {count.name}: count again "
                             "before saving its ballots")
    return Ballots.of(counted)


def _refuse_if_changed(election: ElectionFile, count: StoredCount, why: str) -> None:
    later = election.changed_since(election.count_run(count.run_id or 0))
    if later is not None:
        raise CountDeskError(f"the papers have changed since {count.name} ({later.action}): "
                             f"{why}; count again")


def election_rows(election: ElectionFile, up_to: int | None = None
                  ) -> tuple[ElectionRows, list[tuple[int, ...] | None]]:
    """Every counted paper (as written and as read), every ruling, and the audit log (up to
    entry ``up_to``: the papers a count read); with each paper's ranking as the paper trace
    groups it (the withdrawn passed over; None for a paper that does not count)."""
    from countdesk.report.workbook import AuditRow, ElectionRows, PaperRow, RulingRow

    setup = election.setup()
    names = setup.names
    withdrawn = {i for i, c in enumerate(setup.candidates) if c.withdrawn}
    rankings: list[tuple[int, ...] | None] = []
    labels = {batch.id: batch.label for batch in election.batches()}
    keyed = {(batch.id, paper.number): paper for batch in election.batches()
             for paper in election.counted_pass(batch.id)}
    papers = []
    # Papers marked alike are written and read alike: each text made once (41k distinct of
    # 100k papers in the bench election, where making them all took 4 s).
    written: dict[Marks, str] = {}
    described: dict[Reading, str] = {}
    for counted in election.counted_papers():
        paper = keyed.get((counted.batch, counted.number))
        reading = counted.reading
        if paper is not None and (marks := written.get(paper.marks)) is None:
            marks = written[paper.marks] = "|".join(box_text(box) for box in paper.marks)
        if (words := described.get(reading)) is None:
            words = described[reading] = reading.describe(names)
        if reading.rejected is not None:
            status = f"rejected: {reading.rejected.value}"
        elif reading.stop:
            status = f"valid up to preference {len(reading.preferences)}"
        else:
            status = "valid"
        papers.append(PaperRow(
            labels[counted.batch], counted.number,
            marks if paper else "", words, status, bool(paper and paper.doubtful),
            paper.teller if paper else ""))
        rankings.append(tuple(c for c in reading.preferences if c not in withdrawn)
                        if reading.valid else None)
    rulings = []
    for ruling in election.rulings():
        if ruling.rejected is not None:
            what = f"rejected: {ruling.rejected.value}"
        elif ruling.valid_up_to is not None:
            what = f"valid up to preference {ruling.valid_up_to}"
        else:
            what = "valid"
        rulings.append(RulingRow(labels.get(ruling.batch, str(ruling.batch)), ruling.number,
                                 what, ruling.by, ruling.at))
    audit = [AuditRow(entry.seq, entry.at, entry.who, entry.action, entry.subject, entry.hash)
             for entry in election.audit_log() if up_to is None or entry.seq <= up_to]
    return ElectionRows(papers, rulings, audit), rankings
