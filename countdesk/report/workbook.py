"""The scrutineers' workbook (openpyxl): the result, every stage, and every keyed paper.

Numbers are numbers (a scrutineer can add them up); any text a voter, teller or candidate
could have written is stored as text, so that a name such as "=SUM(A1)" never runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from countdesk.count.result import Result
from countdesk.count.table import (
    LOSS_BY_FRACTIONS,
    NON_TRANSFERABLE,
    decisions,
    stage_table,
    transfers,
)
from countdesk.report.context import Closeness, SheetContext


@dataclass(frozen=True)
class PaperRow:
    batch: str
    number: int
    marks: str  # as written, box by box
    reading: str  # how it counts, in words
    status: str  # "valid", "valid up to preference 2", "rejected: …"
    doubtful: bool
    teller: str
    trace: int | None = None  # its group's number on the Paper trace sheet (None: rejected)


@dataclass(frozen=True)
class TraceRow:
    """A group of identical papers over a run of stages: who held them, at what value."""

    trace: int  # the group's number (the Papers sheet gives it beside each paper)
    papers: int  # how many papers the group holds
    first_stage: str
    last_stage: str
    held_by: str  # a candidate, or "non-transferable"
    value: Decimal  # each paper's value (Meek: its share) with them, exactly
    total: Decimal  # the group's: papers × value (Meek: × its share at the last stage)
    preferences: str = ""  # in words, on the group's first row
    value_at_last: Decimal | None = None  # Meek: each paper's share at the last stage


@dataclass(frozen=True)
class PaperTraceRows:
    """The paper trace: its rows, what they mean in words, or why there is none."""

    rows: Sequence[TraceRow] = ()
    what: tuple[str, ...] = ()
    missing: str = ""
    shared: bool = False  # Meek: each paper shared among candidates, by keep values


@dataclass(frozen=True)
class RulingRow:
    batch: str
    number: int
    ruling: str
    by: str
    at: str


@dataclass(frozen=True)
class AuditRow:
    seq: int
    at: str
    who: str
    action: str
    subject: str
    hash: str


@dataclass(frozen=True)
class ElectionRows:
    """What only an election file has: its papers, rulings and audit log."""

    papers: Sequence[PaperRow] = ()
    rulings: Sequence[RulingRow] = ()
    audit: Sequence[AuditRow] = ()
    trace: PaperTraceRows | None = None  # None: not asked for (a count from a ballot file)


def _clean(text: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", text)


class _Sheet:
    """A write-only sheet that keeps text as text and numbers as numbers."""

    def __init__(self, sheet: WriteOnlyWorksheet, number_format: str) -> None:
        self.sheet = sheet
        self.number_format = number_format
        self.bold = Font(bold=True)

    def row(self, values: Iterable[Any], bold: bool = False) -> None:
        cells = []
        for value in values:
            cell = WriteOnlyCell(self.sheet)
            if isinstance(value, str):
                cell.value = _clean(value)
                cell.data_type = "s"  # never a formula, whatever it starts with
            else:
                cell.value = value
                if value is not None and not isinstance(value, bool | int):
                    cell.number_format = self.number_format
            if bold:
                cell.font = self.bold
            cells.append(cell)
        self.sheet.append(cells)


FIGURE_WIDTH = 11  # characters: a stage's column
WIDEST = 80  # characters: no column wider, however long what it holds
TRACE_ROWS = 1_000_000  # a sheet holds 1,048,576 rows: the paper trace goes on past this


def sheet_workbook(result: Result, context: SheetContext, path: str | Path,
                   rows: ElectionRows | None = None) -> None:
    rows = rows or ElectionRows()
    places = max((-value.as_tuple().exponent for value in (result.quota, result.valid_votes)
                  if isinstance(value.as_tuple().exponent, int)), default=0)
    number_format = "0." + "0" * places if places else "0"
    book = Workbook(write_only=True)
    names = _width([*result.candidates, "Quota in force", LOSS_BY_FRACTIONS])

    def sheet(title: str, freeze: str | None = None, widths: Sequence[float] = ()) -> _Sheet:
        """A sheet whose headings stay in view (``freeze``: the first cell that scrolls)."""
        made = book.create_sheet(title)
        if freeze:
            made.freeze_panes = freeze
        for column, width in enumerate(widths, 1):
            made.column_dimensions[get_column_letter(column)].width = width
        return _Sheet(made, number_format)

    _summary(sheet("Summary", widths=(46, 70)), result, context)
    table = stage_table(result)
    stage_widths = (names, *[FIGURE_WIDTH] * len(table.columns))
    for title, pick in (("Stages", lambda cell: cell.total),
                        ("Transfers", lambda cell: cell.change)):
        out = sheet(title, "B3", stage_widths)
        out.row(["", *[column.heading for column in table.columns]], bold=True)
        out.row(["", *[column.label for column in table.columns]], bold=True)
        for r, name in enumerate(table.rows):
            out.row([name, *[pick(column.cells[r]) for column in table.columns]])
        out.row(["Quota in force", *[column.stage.quota for column in table.columns]])
        out.row(["Decided", *[column.decision for column in table.columns]])
        out.row(["What happened", *[column.stage.action for column in table.columns]])
    if any(stage.keep_values for stage in result.stages):
        _keep_values(sheet("Keep values", "B2", stage_widths), result)
    _transfer_matrix(sheet("Transfer matrix", "E2", (8, names, FIGURE_WIDTH, 14,
                                                     *[FIGURE_WIDTH] * (len(result.candidates)
                                                                        + 2))), result)
    if context.closeness is not None:
        _closeness(sheet("Closeness", "A2", (8, 16, WIDEST, 12, 10, 8, 40)), context.closeness)
    papers = sheet("Papers", "A2", (_width([p.batch for p in rows.papers] + ["Batch"]), 7,
                                    _width([p.marks for p in rows.papers] + ["Marks"]),
                                    _width([p.reading for p in rows.papers] + ["Reading"]),
                                    _width([p.status for p in rows.papers] + ["Counts as"]),
                                    9, _width([p.teller for p in rows.papers] + ["Teller"]),
                                    7))
    papers.row(["Batch", "Paper", "Marks as written (box by box)", "Reading", "Counts as",
                "Doubtful", "Teller", "Trace"], bold=True)
    for paper in rows.papers:
        papers.row([paper.batch, paper.number, paper.marks, paper.reading, paper.status,
                    "doubtful" if paper.doubtful else "", paper.teller, paper.trace])
    if rows.trace is not None:
        widths = (7, 7, 8, 8, names, 14, 14, 16, WIDEST)
        _paper_trace(lambda title: sheet(title, "A5", widths if rows.trace.shared else
                                         widths[:6] + widths[7:]), rows.trace)
    rulings = sheet("Rulings", "A2", (16, 7, 40, 24, 26))
    rulings.row(["Batch", "Paper", "Ruling", "By", "At"], bold=True)
    for ruling in rows.rulings:
        rulings.row([ruling.batch, ruling.number, ruling.ruling, ruling.by, ruling.at])
    audit = sheet("Audit log", "A2", (6, 26, 20, 60, 16, 66))
    audit.row(["#", "At", "Who", "What", "Subject", "Hash"], bold=True)
    for entry in rows.audit:
        audit.row([entry.seq, entry.at, entry.who, entry.action, entry.subject, entry.hash])
    book.save(str(path))


def _width(texts: Sequence[str]) -> float:
    """A column as wide as its longest text (in characters), within reason."""
    return min(WIDEST, max((len(text) for text in texts), default=8) + 2)


def _transfer_matrix(out: _Sheet, result: Result) -> None:
    """One row per stage that moved papers: whose, how many votes, and where each went."""
    out.row(["Stage", "Papers of", "Moved", "Kind", *result.candidates, NON_TRANSFERABLE,
             LOSS_BY_FRACTIONS], bold=True)
    for move in transfers(result):
        stage = move.stage
        out.row([stage.number, ", ".join(stage.subjects), move.moved, stage.kind.value,
                 *[change or None for change in stage.transfers],
                 move.non_transferable or None, move.loss_by_fractions or None])


def _paper_trace(sheet: Callable[[str], _Sheet], trace: PaperTraceRows) -> None:
    """Which candidate held each group of identical papers over each run of stages, and at
    what value: a paper's trace is its group's rows (the Papers sheet gives its number).
    More rows than a sheet holds go on to "Paper trace (2)" and so on."""
    if trace.shared:
        headings = ["Trace", "Papers", "From stage", "To stage", "Held by",
                    "Share of each paper, from stage", "Share of each paper, to stage",
                    "Share of these papers, to stage", "Preferences"]
    else:
        headings = ["Trace", "Papers", "From stage", "To stage", "Held by",
                    "Value of each paper", "Value of these papers", "Preferences"]
    rows = iter(trace.rows)
    part = 1
    while True:
        out = sheet("Paper trace" if part == 1 else f"Paper trace ({part})")
        for line in trace.what or (trace.missing,):
            out.row([line])
        out.row([])
        out.row(headings, bold=True)
        written = 0
        for written, row in enumerate(islice(rows, TRACE_ROWS), 1):  # noqa: B007
            values: list[Any] = [row.trace, row.papers, row.first_stage, row.last_stage,
                                 row.held_by, row.value]
            if trace.shared:
                values.append(row.value_at_last)
            # A group's preferences are on its first row only: no empty cell after the rest.
            out.row([*values, row.total, *([row.preferences] if row.preferences else [])])
        if written < TRACE_ROWS:
            return
        part += 1


def _keep_values(out: _Sheet, result: Result) -> None:
    """Meek: each candidate's keep value at the end of each stage."""
    out.row(["", *[stage.number for stage in result.stages]], bold=True)
    for c, name in enumerate(result.candidates):
        out.row([name, *[stage.keep_values[c] if stage.keep_values else None
                         for stage in result.stages]])


def _closeness(out: _Sheet, found: Closeness) -> None:
    out.row(["Stage", "Decision", "In words", "Margin", "Papers in question could move",
             "Close", "Recount"], bold=True)
    for d in found.decisions:
        out.row([d.stage, d.kind, d.decision, d.margin, d.swing if found.known else None,
                 "CLOSE" if d.close else "", ", ".join(d.recount)])
    out.row([])
    out.row(["Papers in question"], bold=True)
    if not found.known:
        out.row(["not recorded with this count"])
    for line in found.in_question or ("none",):
        out.row([line])


def _summary(out: _Sheet, result: Result, context: SheetContext) -> None:
    extra = dict(result.extra)
    out.row(["PROVISIONAL RESULT" if result.provisional else "Result", result.title],
            bold=True)
    for label, value in (
        ("Organisation", context.organisation), ("Date", context.date),
        ("Venue", context.venue), ("Counting rules", result.rules),
        *[(key, value) for key, value in result.parameters],
        *[("Quota rule", rule) for rule in context.quota_rules],
    ):
        if value:
            out.row([label, value])
    out.row(["Places to fill", result.seats])
    out.row(["Valid votes", result.valid_votes])
    out.row(["Quota", result.quota])
    out.row([])
    out.row(["Elected, in order"], bold=True)
    for number, name in enumerate(result.elected, 1):
        out.row([number, name])
    if context.account is not None:
        out.row([])
        out.row(["Ballot-paper account", "Received (hand count)", "Keyed", "Valid",
                 "Rejected", *[reason.label for reason, _ in context.account.total.rejected]],
                bold=True)
        for line in (*context.account.batches, context.account.total):
            out.row([line.label, line.received, line.keyed, line.valid, line.rejected_total,
                     *[count for _, count in line.rejected]])
    out.row([])
    out.row(["Decisions and notes"], bold=True)
    for line in decisions(result):
        out.row([line])
    out.row([])
    out.row(["Ballots (SHA-256 of the canonical BLT)", extra.get("ballots_sha256", "")])
    if extra.get("constraints_sha256"):
        out.row(["Quota rules (SHA-256 of the constraint file)",
                 extra["constraints_sha256"]])
    if context.audit_head:
        out.row(["Audit log head hash", context.audit_head])
    if context.source_name:
        out.row(["Ballot file", context.source_name])
        out.row(["Ballot file SHA-256", context.source_sha256])
    if context.signature is not None:
        out.row(["Certified by", f"{context.signature.signed_by}, "
                                 f"{context.signature.signed_at}"])
        out.row(["Key fingerprint", context.signature.key_fingerprint])
        out.row(["Certification signature", context.signature.signature])
    else:
        out.row(["Certification", "not yet certified"])
    out.row(["Made with", f"CountDesk {context.version}"])
    out.row(["Printed", f"{context.printed_at} by {context.printed_by}".strip()])
