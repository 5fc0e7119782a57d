"""Every figure of the stage sheet fits its column in the face it is printed in: a bold
total (the rows under the candidates, the vote a candidate was elected with) or a + sign is
wider than a regular digit or a −, and a figure wider than its column runs into the next."""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfbase import pdfmetrics

from countdesk.count.table import figure, signed_figure, stage_table
from countdesk.counting import CountOptions, input_from_files, run_count
from countdesk.report.pdf import (
    CELL_PADDING,
    FONT,
    FONT_BOLD_NAME,
    TABLE_POINTS,
    _column_widths,
    register_fonts,
)

SAMPLES = Path(__file__).parents[2] / "resources" / "samples"


def test_every_figure_fits_its_column_in_the_face_it_is_printed_in() -> None:
    register_fonts()
    # The 20-seat sample under its quota rules: totals of 800.00 and transfers of +25.00 in
    # bold under the candidates, where a regular figure's width did not hold them.
    result = run_count(input_from_files(SAMPLES / "conference_committee_2026.blt",
                                        SAMPLES / "conference_committee_2026.con"),
                       CountOptions("ers97"))
    table = stage_table(result)
    for index, column in enumerate(table.columns):
        change_width, total_width = _column_widths(column, index == 0, table)
        for row, (name, cell) in enumerate(zip(table.rows, column.cells, strict=True)):
            below = row >= table.candidate_rows
            for text, width, bold in (
                    (signed_figure(cell.change), change_width, below),
                    (figure(cell.total), total_width, below or name in column.stage.elected)):
                if index == 0 and text == signed_figure(cell.change):
                    continue
                drawn = pdfmetrics.stringWidth(text, FONT_BOLD_NAME if bold else FONT,
                                               TABLE_POINTS)
                assert drawn <= width - 2 * CELL_PADDING, (column.heading, name, text)
