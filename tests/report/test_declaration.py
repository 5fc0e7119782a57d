"""The result sheet read back as the hall and the scrutineers read it: page 1 the declaration
(the elected in order at 14 pt or more, the quota, the ballot-paper account, the
certification), the stage sheet's marks, the statement of changes in threshold, the
workbook's panes and transfer matrix, and the count in RCTab's summary JSON."""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium
import pytest
from openpyxl import load_workbook

from countdesk.account import BatchPapers, ballot_paper_account
from countdesk.app.ballot_files import count_ballot_file
from countdesk.app.closeness import BatchDoubts
from countdesk.app.records import StoredCount
from countdesk.count.result import Result, StageKind, figure
from countdesk.count.table import transfers
from countdesk.counting import CountOptions
from countdesk.papers import Reading, Rejection
from countdesk.report.context import SheetContext, Signature
from countdesk.report.pdf import sheet_pdf
from countdesk.report.rctab import EXHAUSTED, rctab_summary
from countdesk.report.workbook import sheet_workbook

SAMPLES = Path(__file__).parents[2] / "resources" / "samples"
REJECTED = (Rejection.NO_FIRST_PREFERENCE,) * 3 + (Rejection.UNMARKED,) * 2


def sample(name: str, rules: str) -> StoredCount:
    count, _ = count_ballot_file(SAMPLES / f"{name}.blt", CountOptions(rules),
                                 constraints=SAMPLES / f"{name}.con")
    return count


@pytest.fixture(scope="module")
def conference() -> StoredCount:
    """The bundled 20-seat sample under ERS97, with its quota rule (at least 10 women)."""
    return sample("conference_committee_2026", "ers97")


def context_of(count: StoredCount, **changes: object) -> SheetContext:
    """The count's context with an account of 805 papers (5 rejected) in two boxes."""
    valid = int(count.result.valid_votes)
    boxes = [BatchPapers("Box 1", 400, [Reading(preferences=(0,))] * 398
                         + [Reading(rejected=r) for r in REJECTED[:2]], True),
             BatchPapers("Box 2", 405, [Reading(preferences=(0,))] * (valid - 398)
                         + [Reading(rejected=r) for r in REJECTED[2:]], True)]
    record = dataclasses.replace(count.record, doubts=(BatchDoubts("Box 1", 400, 1, 0, 0),
                                                       BatchDoubts("Box 2", 405, 0, 0, 0)))
    return dataclasses.replace(record.context("Mary Quinn", count.result),
                               account=ballot_paper_account(boxes), **changes)


def pages_of(pdf: bytes) -> list[tuple[str, list[tuple[str, float]]]]:
    """Each page's text, and each character with its font size in points."""
    document = pypdfium2.PdfDocument(pdf)
    pages = []
    for page in document:
        text = page.get_textpage()
        sized = [(text.get_text_range(i, 1), pdfium.FPDFText_GetFontSize(text.raw, i))
                 for i in range(text.count_chars())]
        pages.append((text.get_text_range(), sized))
    document.close()
    return pages


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def conference_pages(conference) -> list[tuple[str, list[tuple[str, float]]]]:
    return pages_of(sheet_pdf(conference.result, context_of(conference)))


def test_page_1_declares_the_elected_in_order_the_quota_and_the_account(
        conference, conference_pages) -> None:
    result = conference.result
    page, sized = conference_pages[0]
    text = flat(page)
    assert text.startswith(f"Result — {result.title}")
    listed = text.split("Elected, in order of election", 1)[1].split("Ballot-paper", 1)[0]
    parts = re.split(r"(?:^| )(\d+)\. ", listed.strip())[1:]  # the columns read across
    numbered = {int(n): name.strip() for n, name in zip(parts[::2], parts[1::2], strict=True)}
    assert [numbered[n] for n in range(1, result.seats + 1)] == list(result.elected)
    assert f"Quota {figure(result.quota)}" in text and "Places to fill 20" in text
    assert ("Ballot-paper account Received (the hand counts) 805 Keyed 805 Valid 800 "
            "Rejected: Unmarked 2 Rejected: No first preference 3 Rejected in all 5") in text
    assert "Gender, Women: at least 10 — 10 of 15 elected" in text
    assert "They bound the count" in text
    assert "Not yet certified" in text
    assert dict(result.extra)["ballots_sha256"] in text  # on one line, as printed
    # Every name of the elected is printed at 14 pt or more: readable from two metres.
    chars = "".join(char for char, _ in sized)
    for name in result.elected:
        start = chars.index(name)
        assert min(size for _, size in sized[start:start + len(name)]) >= 14
    assert conference_pages[1][0].lstrip().startswith("How the count was made")


def test_the_stage_sheet_marks_the_elected_in_order_and_the_excluded(
        conference, conference_pages) -> None:
    result = conference.result
    sheet = flat(" ".join(page for page, _ in conference_pages[1:]))
    assert "The count, stage by stage" in sheet
    for n, name in enumerate(result.elected, 1):
        assert f"{name} ✓{n}" in sheet
    for name in result.excluded:
        assert f"{name} ✗" in sheet
    assert "Non-transferable" in sheet and "Loss by fractions" in sheet
    assert "Decided" in sheet
    # The stage's decision under its column: stage 1 elects, a later one excludes.
    assert f"✓ {', '.join(result.stages[0].elected)}." in sheet
    excluded = next(s for s in result.stages if s.excluded and not s.doomed)
    assert f"✗ {', '.join(excluded.excluded)}." in sheet


def test_an_election_below_the_quota_is_in_the_statement_of_changes_in_threshold(
        conference, conference_pages) -> None:
    sheet = flat(" ".join(page for page, _ in conference_pages[1:]))
    statement = sheet.split("Statement of changes in threshold", 1)[1]
    below = [(stage.number, name) for stage in conference.result.stages
             for name in stage.elected
             if stage.totals[conference.result.candidates.index(name)] < stage.quota]
    assert below  # ERS97 5.4.9 elected some at the total active vote ÷ (places + 1)
    for number, name in below:
        assert re.search(rf"\b{re.escape(number)} .*?{re.escape(name)}", statement)


def test_a_falling_quota_is_explained() -> None:
    """Meek recalculates the quota from the votes still active: the sheet says so, with
    the figures."""
    count = sample("national_network_2026", "meek")
    result = count.result
    assert result.stages[0].quota != result.quota
    text = flat(" ".join(page for page, _ in pages_of(sheet_pdf(result, context_of(count)))))
    assert f"(at the end: it was {figure(result.stages[0].quota)} at first)" in text
    changes = text.split("Statement of changes in threshold", 1)[1]
    last = result.stages[-1]
    assert (f"{figure(result.valid_votes - last.non_transferable)} of the "
            f"{figure(result.valid_votes)} valid votes, the rest non-transferable") in changes


def test_a_certification_signature_is_printed_as_text(conference) -> None:
    signed = Signature(key_fingerprint="SHA256:" + "k3y" * 14, signature="c2ln" * 22,
                       signed_by="Mary Quinn", signed_at="4 May 2026, 18:02")
    page = flat(pages_of(sheet_pdf(conference.result,
                                   context_of(conference, signature=signed)))[0][0])
    assert "Certified by Mary Quinn, 4 May 2026, 18:02." in page
    assert f"Key fingerprint: {signed.key_fingerprint}" in page
    # A signature longer than its line wraps; read back, its characters are all there.
    assert "Signature:" + signed.signature in "".join(page.split())
    assert "Not yet certified" not in page


def test_the_workbook_keeps_its_headings_in_view_and_holds_every_transfer(
        conference, tmp_path) -> None:
    result = conference.result
    path = tmp_path / "book.xlsx"
    sheet_workbook(result, context_of(conference), path)
    book = load_workbook(path)
    assert book["Stages"].freeze_panes == "B3"
    longest = max(len(name) for name in result.candidates)
    assert book["Stages"].column_dimensions["A"].width >= longest
    matrix = list(book["Transfer matrix"].iter_rows(values_only=True))
    header = matrix[0]
    assert header[:4] == ("Stage", "Papers of", "Moved", "Kind")
    assert header[4:] == (*result.candidates, "Non-transferable", "Loss by fractions")
    moves = transfers(result)
    assert len(matrix) - 1 == len(moves)

    def votes(value: object) -> Decimal:
        return Decimal(str(value or 0)).quantize(Decimal("0.01"))

    for row, move in zip(matrix[1:], moves, strict=True):
        assert (row[0], votes(row[2])) == (move.stage.number, move.moved)
        gained = {name: votes(value) for name, value in zip(result.candidates, row[4:-2],
                                                             strict=True) if votes(value) > 0}
        assert gained == dict(move.received)
        assert (votes(row[-2]), votes(row[-1])) == (move.non_transferable,
                                                    move.loss_by_fractions)
        # Votes are conserved: what left the subjects reached others, or was lost.
        assert move.moved == (sum(gained.values()) + move.non_transferable
                              + move.loss_by_fractions)
    closeness = list(book["Closeness"].iter_rows(values_only=True))
    assert closeness[0][0] == "Stage" and closeness[1][1] == "the last place"


def test_the_rctab_summary_has_every_round_tally_and_transfer(conference) -> None:
    result = conference.result
    summary = rctab_summary(result, context_of(conference))
    assert set(summary) == {"config", "results"}
    assert summary["config"]["contest"] == result.title
    assert summary["config"]["threshold"] == figure(result.quota)
    rounds = summary["results"]
    assert [r["round"] for r in rounds] == list(range(1, len(result.stages) + 1))
    decimal = re.compile(r"^\d*[.]{0,1}\d*$")  # the schema's decimal-as-string
    for stage, found in zip(result.stages, rounds, strict=True):
        assert set(found) == {"round", "tally", "tallyResults"}
        for name, votes in found["tally"].items():
            assert decimal.match(votes)
            assert votes == figure(stage.totals[result.candidates.index(name)])
        for entry in found["tallyResults"]:
            assert len({"elected", "eliminated"} & set(entry)) == 1
            assert set(entry) - {"elected", "eliminated"} == {"transfers"}
            assert all(decimal.match(v) for v in entry["transfers"].values())
    for i, stage in enumerate(result.stages[1:], 1):
        if not stage.subjects:
            continue
        action = "elected" if stage.kind is StageKind.SURPLUS else "eliminated"
        (entry,) = [e for e in rounds[i - 1]["tallyResults"] if e.get(action) == stage.subjects[0]]
        expected = {name: figure(v) for name, v in zip(result.candidates, stage.transfers,
                                                       strict=True) if v > 0}
        exhausted = stage.non_transferable - result.stages[i - 1].non_transferable
        if exhausted:
            expected[EXHAUSTED] = figure(exhausted)
        assert entry["transfers"] == expected
    winners = list(dict.fromkeys(e["elected"] for r in rounds for e in r["tallyResults"]
                                 if "elected" in e))
    assert winners == list(result.elected)
    gone = {name for s in result.stages for name in s.subjects
            if s.kind is StageKind.EXCLUSION}
    assert not gone & set(rounds[-1]["tally"])  # eliminated candidates leave the tally


def test_a_provisional_declaration_says_it_is_not_the_result(conference) -> None:
    result: Result = dataclasses.replace(conference.result, provisional=True)
    page = flat(pages_of(sheet_pdf(result, context_of(conference)))[0][0])
    assert page.startswith("PROVISIONAL RESULT")
    assert "This is not the result." in page
    assert "We certify" not in page
