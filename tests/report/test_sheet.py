"""The result sheet and the workbook, read back as a scrutineer would read them."""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing

from countdesk.count.contest import Contest
from countdesk.count.gregory import count_gregory
from countdesk.count.lots import LotPolicy
from countdesk.count.result import Result, figure
from countdesk.count.rules import SCOTTISH
from countdesk.formats.blt import canonical_blt, fingerprint, read_blt
from countdesk.report.context import SheetContext
from countdesk.report.pdf import attached_result, build_story, fingerprint_codes, sheet_pdf
from countdesk.report.workbook import ElectionRows, PaperRow, sheet_workbook

ELECTIONS = Path(__file__).parents[1] / "data" / "elections"
AUDIT_HEAD = "c0ffee" * 10 + "beef"
SCRUTINEERS = ("Dafydd ap Gwilym", "Małgorzata Wójcik", "Ελένη Παπαδοπούλου")


def counted(name: str) -> Result:
    contest = Contest.from_ballots(read_blt(ELECTIONS / f"{name}.blt"))
    readings = [prefs for weight, prefs in contest.papers for _ in range(weight)]
    sha = fingerprint(canonical_blt(contest.title, contest.candidates, contest.seats,
                                    contest.withdrawn, readings))
    result = count_gregory(contest, SCOTTISH, LotPolicy(seed=1))
    return dataclasses.replace(result, extra=(("ballots_sha256", sha),))


CONTEXT = SheetContext(organisation="Comhairle nan Eilean Siar", date="4 May 2017",
                       venue="Baile a' Mhanaich", returning_officer="Màiri NicLeòid",
                       scrutineers=SCRUTINEERS, audit_head=AUDIT_HEAD,
                       printed_at="2026-11-24 20:00", printed_by="Màiri NicLeòid",
                       version="0.1.0")


@pytest.fixture(scope="module")
def glasgow() -> Result:
    return counted("scot2017_glasgow_ward16")


@pytest.fixture(scope="module")
def glasgow_pdf(glasgow, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("sheet") / "glasgow.pdf"
    path.write_bytes(sheet_pdf(glasgow, CONTEXT))
    return path


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def test_the_sheet_shows_winners_quota_every_stage_total_and_the_fingerprint(
        glasgow, glasgow_pdf):
    text = pdf_text(glasgow_pdf)
    for name in glasgow.elected:
        assert name in text
    assert f"Quota {figure(glasgow.quota)}" in text.replace("\n", " ")
    for stage in glasgow.stages:
        for total in stage.totals:
            assert figure(total) in text
        assert figure(stage.non_transferable) in text
    assert dict(glasgow.extra)["ballots_sha256"] in text
    assert AUDIT_HEAD in text
    pages = len(PdfReader(str(glasgow_pdf)).pages)
    assert f"Page {pages} of {pages}" in text


def test_the_sheet_carries_its_result(glasgow, glasgow_pdf):
    assert attached_result(glasgow_pdf) == json.loads(json.dumps(glasgow.to_json()))


def test_names_in_welsh_polish_and_greek_come_back_intact(glasgow_pdf):
    text = pdf_text(glasgow_pdf)
    for name in (*SCRUTINEERS, "Màiri NicLeòid"):
        assert name in text


def test_each_qr_code_holds_exactly_the_hash_printed_beside_it(glasgow):
    sha = dict(glasgow.extra)["ballots_sha256"]
    assert fingerprint_codes(glasgow, CONTEXT) == [
        ("Ballots (SHA-256 of the canonical BLT)", sha),
        ("Election file's audit log (head hash)", AUDIT_HEAD),
    ]

    def widgets(flowable) -> list[QrCodeWidget]:
        found = []
        if isinstance(flowable, Drawing):
            found += [item for item in flowable.contents if isinstance(item, QrCodeWidget)]
        for child in getattr(flowable, "_content", []) or []:
            found += widgets(child)
        for row in getattr(flowable, "_cellvalues", []) or []:
            for cell in row:
                for item in cell if isinstance(cell, list) else [cell]:
                    found += widgets(item)
        return found

    story = build_story(glasgow, CONTEXT, 770)
    payloads = [widget.value for flowable in story for widget in widgets(flowable)]
    assert payloads == [sha, AUDIT_HEAD]


def test_a_sheet_straight_from_a_ballot_file_names_it_and_leaves_signatures_blank(
        glasgow, tmp_path):
    context = SheetContext(source_name="glasgow16.blt", source_sha256="ab" * 32,
                           version="0.1.0", printed_at="today")
    path = tmp_path / "plain.pdf"
    path.write_bytes(sheet_pdf(glasgow, context, page_size="letter"))
    text = pdf_text(path)
    assert "glasgow16.blt" in text and "ab" * 32 in text
    assert "Name: ____" in text
    width, height = PdfReader(str(path)).pages[0].mediabox.upper_right
    assert (float(width), float(height)) == (792.0, 612.0)  # Letter, landscape


def test_a_provisional_result_says_so_on_every_page(glasgow, tmp_path):
    path = tmp_path / "provisional.pdf"
    path.write_bytes(sheet_pdf(dataclasses.replace(glasgow, provisional=True), CONTEXT))
    for page in PdfReader(str(path)).pages:
        assert "PROVISIONAL" in page.extract_text()


def test_the_workbook_holds_numbers_as_numbers_and_text_as_text(glasgow, tmp_path):
    path = tmp_path / "glasgow.xlsx"
    paper = PaperRow("Box 1", 1, "1|2|", "1 =SUM(A1:A9)", "valid", False, "=cmd|' /C calc'!A0")
    sheet_workbook(glasgow, CONTEXT, path, ElectionRows(papers=[paper]))
    book = load_workbook(path)
    assert book.sheetnames == ["Summary", "Stages", "Transfers", "Transfer matrix", "Papers",
                               "Rulings", "Audit log"]
    summary = [[cell for cell in row] for row in book["Summary"].iter_rows(values_only=True)]
    flat = [value for row in summary for value in row if value is not None]
    for name in glasgow.elected:
        assert name in flat
    assert AUDIT_HEAD in flat and dict(glasgow.extra)["ballots_sha256"] in flat
    stages = list(book["Stages"].iter_rows(values_only=True))
    for r, name in enumerate(glasgow.candidates):
        row = stages[2 + r]
        assert row[0] == name
        for column, stage in enumerate(glasgow.stages, 1):
            assert isinstance(row[column], int | float)
            assert Decimal(str(row[column])).quantize(Decimal("0.00001")) == stage.totals[r]
    papers = list(book["Papers"].iter_rows(values_only=True))
    assert papers[1][3] == "1 =SUM(A1:A9)"
    cell = book["Papers"].cell(row=2, column=7)
    assert cell.value == "=cmd|' /C calc'!A0" and cell.data_type == "s"
