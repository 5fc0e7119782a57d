"""Reading the Result a sheet carries: a file that is no PDF, a damaged PDF or a damaged
attachment is refused in one line naming the file, with nothing of pypdf's own logging."""

from __future__ import annotations

import io
import logging
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfWriter

from countdesk.errors import CountDeskError
from countdesk.report.pdf import RESULT_ATTACHMENT, attached_result

BALLOTS = '2 1\n2 1 0\n1 2 0\n0\n"Ann"\n"Bob"\n"Small"\n'


def pdf(attachment: bytes | None) -> bytes:
    """A one-page PDF, carrying `attachment` as the result if given."""
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    if attachment is not None:
        writer.add_attachment(RESULT_ATTACHMENT, attachment)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def written(tmp_path: Path, data: bytes, name: str = "sheet.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


CASES = [
    # (what is wrong, the file's bytes, the refusal after the file's name)
    ("a text file", b"hello, this is not a sheet\n",
     " cannot be read as a PDF: it does not begin with %PDF-"),
    ("an empty file", b"", " cannot be read as a PDF: it does not begin with %PDF-"),
    ("a PDF cut short", b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", " cannot be read as a PDF ("),
    ("a result that is not JSON", pdf(b'{"rules": '),
     f": what it carries as {RESULT_ATTACHMENT} is not readable JSON ("),
    ("a result that is not UTF-8", pdf(b'{"title": "\xff"}'),
     f": what it carries as {RESULT_ATTACHMENT} is not readable JSON ("),
    ("a result nested without end", pdf(b"[" * 100_000 + b"]" * 100_000),
     f": what it carries as {RESULT_ATTACHMENT} is not readable JSON ("),
    ("a result that is a list", pdf(b'["Ann", "Bob"]'),
     f": what it carries as {RESULT_ATTACHMENT} is not a JSON object"),
]


@pytest.mark.parametrize(("data", "reason"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_file_whose_result_cannot_be_read_is_refused_in_words(
    caplog: pytest.LogCaptureFixture, tmp_path: Path, data: bytes, reason: str
) -> None:
    path = written(tmp_path, data)
    caplog.set_level(logging.DEBUG)
    with pytest.raises(CountDeskError) as caught:
        attached_result(path)
    assert str(caught.value).startswith(f"{path}{reason}")
    assert "\n" not in str(caught.value)
    assert caplog.records == []
    assert logging.getLogger("pypdf").level == logging.NOTSET


def test_a_pdf_without_a_result_carries_none(tmp_path: Path) -> None:
    assert attached_result(written(tmp_path, pdf(None))) is None


def test_a_result_that_is_an_object_is_given_back(tmp_path: Path) -> None:
    assert attached_result(written(tmp_path, pdf(b'{"elected": ["Ann"]}'))) == {
        "elected": ["Ann"]}


@pytest.mark.parametrize("data", [b"hello\n", pdf(b'{"rules": '), pdf(b"[1, 2]")],
                         ids=["not a PDF", "not JSON", "not an object"])
def test_verify_refuses_such_a_sheet_in_one_line(tmp_path: Path, data: bytes) -> None:
    """In a process of its own, as a user runs it: pypdf's logging would reach stderr."""
    sheet = written(tmp_path, data)
    ballots = written(tmp_path, BALLOTS.encode(), "small.blt")
    done = subprocess.run([sys.executable, "-m", "countdesk", "verify", str(sheet), str(ballots)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.startswith(f"countdesk: {sheet}") and done.stderr.count("\n") == 1
