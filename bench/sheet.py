"""Result sheet speed: the PDF and workbook of a 60-candidate count with many stages.

    python bench/sheet.py [--papers 2000] [--rules scottish] [--repeat 3]

Counts a seeded synthetic election (bench/synthetic.py: 60 candidates, 20 seats), then times
making its PDF and workbook (median of the repeats) and prints the stages and pages, so the
figure can be set beside the 2-second target for a 60-candidate, 40-stage sheet.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import write_election

from countdesk.counting import CountOptions, input_from_files, run_count
from countdesk.report.context import SheetContext
from countdesk.report.pdf import sheet_pdf
from countdesk.report.workbook import sheet_workbook


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--papers", type=int, default=2000)
    parser.add_argument("--rules", default="scottish")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="countdesk-sheet-bench-"))
    blt = write_election(folder, args.papers, 60, 20, seed=7)
    result = run_count(input_from_files(blt), CountOptions(args.rules))
    context = SheetContext(organisation="Bench", returning_officer="Bench", version="bench",
                           printed_at="now", audit_head="ab" * 32)
    pdf_times, book_times = [], []
    for _ in range(args.repeat):
        started = time.perf_counter()
        pdf = sheet_pdf(result, context)
        pdf_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        sheet_workbook(result, context, folder / "book.xlsx")
        book_times.append(time.perf_counter() - started)
    (folder / "sheet.pdf").write_bytes(pdf)
    pages = len(PdfReader(str(folder / "sheet.pdf")).pages)
    print(f"{args.rules}: {len(result.candidates)} candidates, {len(result.stages)} stages, "
          f"{pages} pages")
    print(f"PDF in {statistics.median(pdf_times):.2f} s (target under 2 s), "
          f"workbook in {statistics.median(book_times):.2f} s (median of {args.repeat})")
    print(f"files in {folder}")


if __name__ == "__main__":
    main()
