"""Gathering what a sheet shows besides the Result: from an election file, or a ballot file."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

from countdesk import __version__
from countdesk.election import GroupLimit
from countdesk.keying import box_text
from countdesk.report.context import SheetContext
from countdesk.report.workbook import AuditRow, ElectionRows, PaperRow, RulingRow
from countdesk.store.account import election_account
from countdesk.store.election_file import ElectionFile


def _now() -> str:
    return datetime.now().astimezone().strftime("%d %B %Y, %H:%M")


def quota_rule_lines(limits: tuple[GroupLimit, ...]) -> tuple[str, ...]:
    """Each group's limits in words: "Gender, Women: at least 10"."""
    lines = []
    for limit in limits:
        bounds = []
        if limit.minimum:
            bounds.append(f"at least {limit.minimum}")
        if limit.maximum is not None:
            bounds.append(f"at most {limit.maximum}")
        if bounds:
            lines.append(f"{limit.dimension}, {limit.group}: {' and '.join(bounds)}")
    return tuple(lines)


def election_context(election: ElectionFile, printed_by: str) -> SheetContext:
    setup = election.setup()
    return SheetContext(
        organisation=setup.organisation, date=setup.date, venue=setup.venue,
        returning_officer=setup.returning_officer, scrutineers=setup.scrutineers,
        audit_head=election.head_hash(), account=election_account(election),
        quota_rules=quota_rule_lines(setup.limits), printed_by=printed_by,
        printed_at=_now(), version=__version__)


def ballot_file_context(blt: Path, printed_by: str,
                        limits: tuple[GroupLimit, ...] = ()) -> SheetContext:
    """A count straight from a ballot file: named with its SHA-256 instead of an audit head."""
    return SheetContext(source_name=blt.name,
                        source_sha256=hashlib.sha256(blt.read_bytes()).hexdigest(),
                        quota_rules=quota_rule_lines(limits), printed_by=printed_by,
                        printed_at=_now(), version=__version__)


def election_rows(election: ElectionFile) -> ElectionRows:
    """Every counted paper (as written and as read), every ruling, the whole audit log."""
    names = election.setup().names
    labels = {batch.id: batch.label for batch in election.batches()}
    keyed = {(batch.id, paper.number): paper for batch in election.batches()
             for paper in election.counted_pass(batch.id)}
    papers = []
    for counted in election.counted_papers():
        paper = keyed.get((counted.batch, counted.number))
        reading = counted.reading
        if reading.rejected is not None:
            status = f"rejected: {reading.rejected.value}"
        elif reading.stop:
            status = f"valid up to preference {len(reading.preferences)}"
        else:
            status = "valid"
        papers.append(PaperRow(
            labels[counted.batch], counted.number,
            "|".join(box_text(box) for box in paper.marks) if paper else "",
            reading.describe(names), status, bool(paper and paper.doubtful),
            paper.teller if paper else ""))
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
             for entry in election.audit_log()]
    return ElectionRows(papers, rulings, audit)
