"""Result sheet speed and length: the PDF and workbook of a 60-candidate count.

    python bench/sheet.py [--papers 2000] [--candidates 60] [--rules ers97] [--repeat 3]
    python bench/sheet.py --candidates 40 --stages 40    # the stage sheet of 40 × 40

Counts a seeded synthetic election (bench/synthetic.py: 60 candidates, 20 seats), then times
making its PDF and workbook (median of the repeats) and prints the stages and the pages, in
all and of each part (the declaration, how the count was made, the stage sheet, the
appendix of transfers), so the figure can be set beside the 2-second target; then the
workbook again with its paper trace (the count made again with each group's moves recorded,
as the app does for a kept count), with the groups and rows it holds. ``--stages N``
keeps the count's first N stages only, to measure a stage sheet of N stages.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import write_election

from countdesk.app.paper_trace import paper_trace
from countdesk.counting import CountOptions, input_from_files, run_count
from countdesk.report.context import SheetContext
from countdesk.report.pdf import sheet_pdf
from countdesk.report.workbook import ElectionRows, sheet_workbook

# The headings that begin each part of the sheet, after the declaration on page 1.
PARTS = ("Result", "How the count was made", "The count, stage by stage",
         "Appendix: where each stage's papers went")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--papers", type=int, default=2000)
    parser.add_argument("--candidates", type=int, default=60)
    parser.add_argument("--rules", default="ers97")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--stages", type=int, default=None,
                        help="keep only the first N stages (the stage sheet of N stages)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="countdesk-sheet-bench-"))
    blt = write_election(folder, args.papers, args.candidates, 20, seed=7)
    counted = input_from_files(blt)
    result = run_count(counted, CountOptions(args.rules))
    if args.stages is not None:
        if len(result.stages) < args.stages:
            sys.exit(f"the count has only {len(result.stages)} stages")
        result = dataclasses.replace(result, stages=result.stages[:args.stages])
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
    texts = [page.extract_text() for page in PdfReader(str(folder / "sheet.pdf")).pages]
    starts = [next(n for n, text in enumerate(texts) if heading in text)
              for heading in PARTS[1:]]
    parts = ", ".join(f"{name} {end - start}" for name, start, end in
                      zip(PARTS, [0, *starts], [*starts, len(texts)], strict=True))
    print(f"{args.rules}: {len(result.candidates)} candidates, {len(result.stages)} stages, "
          f"{len(texts)} pages ({parts})")
    print(f"PDF in {statistics.median(pdf_times):.2f} s (target under 2 s), "
          f"workbook in {statistics.median(book_times):.2f} s (median of {args.repeat})")
    if args.stages is None:
        started = time.perf_counter()
        trace, groups = paper_trace(result, counted)
        traced = time.perf_counter() - started
        sheet_workbook(result, context, folder / "book-traced.xlsx", ElectionRows(trace=trace))
        print(f"paper trace: {len(groups)} groups of identical papers, {len(trace.rows)} rows"
              f"{' (' + trace.missing + ')' if trace.missing else ''}; traced in {traced:.2f} s, "
              f"workbook with it in {time.perf_counter() - started:.2f} s")
    print(f"files in {folder}")


if __name__ == "__main__":
    main()
