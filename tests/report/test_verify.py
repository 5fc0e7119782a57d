"""countdesk verify: a sheet and its ballots agree, and any change to either is caught."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from ro_key import PASSPHRASE_FILE

from countdesk.cli import main
from countdesk.report.pdf import RESULT_ATTACHMENT, attached_result

ROOT = Path(__file__).parents[2]
GLASGOW = ROOT / "tests" / "data" / "elections" / "scot2017_glasgow_ward16.blt"
SAMPLE = ROOT / "resources" / "samples" / "conference_committee_2026"


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def glasgow_sheet(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("glasgow")
    assert main(["count", str(GLASGOW), "--rules", "scottish", "--format", "json",
                 "--pdf", str(folder / "sheet.pdf"), "--blt", str(folder / "ballots.blt"),
                 "--xlsx", str(folder / "book.xlsx")]) == 0
    return folder / "sheet.pdf", folder / "ballots.blt"


def test_verify_accepts_the_sheet_with_its_ballots(capsys, glasgow_sheet):
    sheet, ballots = glasgow_sheet
    code, out, err = run(capsys, "verify", sheet, ballots)
    assert code == 0, out + err
    assert out.count("ok    ") == 4 and "Verified" in out  # files, recount, pages, signature


def test_the_fingerprint_is_the_sha256_of_the_ballots_written_for_recount(glasgow_sheet):
    sheet, ballots = glasgow_sheet
    stated = attached_result(sheet)
    assert stated["ballots_sha256"] == hashlib.sha256(ballots.read_bytes()).hexdigest()


def test_the_original_ballot_file_is_accepted_as_the_same_papers(capsys, glasgow_sheet):
    sheet, _ = glasgow_sheet
    code, out, _ = run(capsys, "verify", sheet, GLASGOW)
    # Written as the canonical BLT is (one line to each run of papers that read the same).
    assert code == 0 and "match the sheet's fingerprint" in out


def test_the_same_papers_written_differently_are_accepted(capsys, glasgow_sheet, tmp_path):
    sheet, _ = glasgow_sheet
    header, first, *rest = GLASGOW.read_text(encoding="utf-8").splitlines(keepends=True)
    weight, ranking = first.split(" ", 1)
    # A comment, and the first line's papers on two lines: the same papers in the same order.
    written = tmp_path / "glasgow.blt"
    written.write_text("".join(["# as another counter writes it\n", header, f"1 {ranking}",
                                f"{int(weight) - 1} {ranking}", *rest]), encoding="utf-8")
    code, out, _ = run(capsys, "verify", sheet, written)
    assert code == 0 and "written differently" in out


def test_a_ballot_file_with_one_paper_changed_is_refused(capsys, glasgow_sheet, tmp_path):
    sheet, ballots = glasgow_sheet
    lines = ballots.read_text(encoding="utf-8").splitlines(keepends=True)
    # The first paper with two preferences: swap them, as a mistyped paper would.
    paper = next(i for i, line in enumerate(lines) if len(line.split()) >= 4 and i > 0)
    weight, first, second, *rest = lines[paper].split()
    lines[paper] = " ".join([weight, second, first, *rest]) + "\n"
    changed = tmp_path / "changed.blt"
    changed.write_text("".join(lines), encoding="utf-8")
    code, out, err = run(capsys, "verify", sheet, changed)
    assert code == 1
    assert "FAIL  the ballots in changed.blt do not match the sheet" in out
    assert "is not verified" in err and len(err.strip().splitlines()) == 1


def test_a_sheet_whose_attached_result_was_altered_is_refused(capsys, glasgow_sheet, tmp_path):
    sheet, ballots = glasgow_sheet
    stated = attached_result(sheet)
    winner = stated["elected"][0]
    stated["stages"][0]["totals"][winner] = "9999.00000"
    writer = PdfWriter()
    for page in PdfReader(str(sheet)).pages:
        writer.add_page(page)
    writer.add_attachment(RESULT_ATTACHMENT, json.dumps(stated).encode("utf-8"))
    forged = tmp_path / "forged.pdf"
    buffer = io.BytesIO()
    writer.write(buffer)
    forged.write_bytes(buffer.getvalue())
    code, out, _ = run(capsys, "verify", forged, ballots)
    assert code == 1
    assert f"stages[0].totals.{winner} is '9999.00000' on the sheet" in out


def test_a_constrained_sample_verifies_with_its_constraint_file(capsys, tmp_path):
    sheet, ballots, rules = tmp_path / "s.pdf", tmp_path / "s.blt", tmp_path / "s.con"
    assert run(capsys, "count", f"{SAMPLE}.blt", "--constraints", f"{SAMPLE}.con",
               "--pdf", sheet, "--blt", ballots, "--con", rules, "--format", "json")[0] == 0
    stated = attached_result(sheet)
    assert stated["constraints_sha256"] == hashlib.sha256(rules.read_bytes()).hexdigest()
    code, out, _ = run(capsys, "verify", sheet, ballots, rules)
    assert code == 0 and out.count("ok    ") == 5
    code, out, _ = run(capsys, "verify", sheet, ballots)
    assert code == 1 and "give the constraint file too" in out


def test_a_file_that_is_not_a_sheet_is_refused_in_one_line(capsys, tmp_path):
    bogus = tmp_path / "minutes.pdf"
    bogus.write_text("not a pdf", encoding="utf-8")
    code, _, err = run(capsys, "verify", bogus, GLASGOW)
    assert code == 1 and "minutes.pdf cannot be read as a PDF" in err
    assert len(err.strip().splitlines()) == 1


def test_a_sheet_from_an_election_file_carries_its_account_audit_head_and_papers(
        capsys, tmp_path):
    from openpyxl import load_workbook

    from countdesk.store.election_file import ElectionFile

    election = tmp_path / "eilean.countdesk"
    blt = ROOT / "resources" / "samples" / "eilean_siar_2017_ward1.blt"
    assert run(capsys, "import", "--passphrase-file", PASSPHRASE_FILE,
               blt, "-o", election, "--rules", "scottish")[0] == 0
    sheet, book, exported = tmp_path / "e.pdf", tmp_path / "e.xlsx", tmp_path / "e.blt"
    code, _, err = run(capsys, "count", election, "--record", "--pdf", sheet,
                       "--xlsx", book, "--format", "json", "--by", "Mary Quinn")
    assert code == 0, err
    with ElectionFile.open(election) as opened:
        (kept,) = opened.counts()
        head = kept.audit_head  # the audit log as the count read the papers
        assert head == opened.audit_log()[kept.audit_seq - 1].hash
        audit_entries = kept.audit_seq
    text = "\n".join(page.extract_text() for page in PdfReader(str(sheet)).pages)
    assert "Ballot-paper account" in text and "1387" in text
    assert head in text.replace("\n", "")
    assert "by Mary Quinn" in text
    workbook = load_workbook(book, read_only=True)
    papers = list(workbook["Papers"].iter_rows(values_only=True))
    assert len(papers) == 1 + 1387
    assert papers[1][4] == "valid" and papers[1][0].startswith("Imported from")
    assert len(list(workbook["Audit log"].iter_rows(values_only=True))) == 1 + audit_entries
    assert run(capsys, "export", election, "-o", exported)[0] == 0
    code, out, _ = run(capsys, "verify", sheet, exported)
    assert code == 0, out


def test_a_lot_the_sheet_says_countdesk_drew_must_follow_from_its_printed_seed(
        capsys, tmp_path):
    tied = tmp_path / "tied.blt"
    tied.write_text('3 1\n3 1 0\n2 2 3 0\n2 3 2 0\n0\n"Ann"\n"Bob"\n"Cat"\n"A tie"\n',
                    encoding="utf-8")
    sheet = tmp_path / "tied.pdf"
    assert run(capsys, "count", tied, "--rules", "scottish", "--seed", "7", "--pdf", sheet,
               "--format", "json")[0] == 0
    assert run(capsys, "verify", sheet, tied)[0] == 0
    stated = attached_result(sheet)
    (tie,) = stated["ties"]
    assert tie["method"] == "lot drawn by CountDesk, seed 7"
    tie["chosen"] = next(name for name in tie["tied"] if name != tie["chosen"])
    writer = PdfWriter()
    for page in PdfReader(str(sheet)).pages:
        writer.add_page(page)
    writer.add_attachment(RESULT_ATTACHMENT, json.dumps(stated).encode("utf-8"))
    forged = tmp_path / "forged.pdf"
    with forged.open("wb") as handle:
        writer.write(handle)
    code, out, _ = run(capsys, "verify", forged, tied)
    assert code == 1 and "the lot drawn with the printed seed chooses" in out
