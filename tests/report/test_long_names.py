"""The longest names and title CountDesk accepts print whole on the result sheet: a word too
long for its cell is broken inside the cell, nothing runs off the page or over a neighbour."""

from __future__ import annotations

import pypdfium2
import pytest

from countdesk.count.contest import Contest
from countdesk.count.ers97 import count_ers97
from countdesk.count.lots import LotPolicy
from countdesk.count.result import Result
from countdesk.election import MAX_NAME_LENGTH, MAX_TITLE_LENGTH
from countdesk.report.context import SheetContext
from countdesk.report.pdf import sheet_pdf

LONG_NAME = "W" * MAX_NAME_LENGTH  # the widest letter, and no space to break at
LONG_TITLE = "Title" * (MAX_TITLE_LENGTH // 5)
SCRUTINEER = "S" * MAX_NAME_LENGTH


def count(seats: int) -> Result:
    """The long name first of seats + 2 candidates, all elected but two: more than ten
    elected put the elected in columns, the long name in the first."""
    names = (LONG_NAME, *[f"Candidate {n}" for n in range(2, seats + 3)])
    papers = tuple((len(names) - c + 1, (c,)) for c in range(len(names)))
    return count_ers97(Contest(LONG_TITLE, names, seats, papers), LotPolicy(seed=1))


def characters_by_page(pdf: bytes) -> list[tuple[float, str, list[tuple[float, float]]]]:
    """Each page's width, its text, and each character's left and right edges."""
    pages = []
    document = pypdfium2.PdfDocument(pdf)
    for page in document:
        text = page.get_textpage()
        count = text.count_chars()
        edges = [text.get_charbox(i)[::2] for i in range(count)]
        pages.append((page.get_width(), text.get_text_range(), edges))
    document.close()
    return pages


@pytest.mark.parametrize("seats", [1, 12, 25])
def test_the_longest_name_and_title_print_whole_inside_the_page(seats: int) -> None:
    result = count(seats)
    assert result.elected[0] == LONG_NAME
    pdf = sheet_pdf(result, SheetContext(scrutineers=(SCRUTINEER,), source_name="long.blt",
                                         source_sha256="ab" * 32))
    pages = characters_by_page(pdf)
    for width, _, edges in pages:
        assert all(left >= 0 and right <= width for left, right in edges)
    text = "".join(text for _, text, _ in pages)
    joined = "".join(text.split())
    # The elected list, the stage table, the decisions: each shows the whole name.
    assert joined.count(LONG_NAME) >= 3
    assert "".join(LONG_TITLE.split()) in joined and SCRUTINEER in joined


def test_columns_of_the_elected_do_not_overlap() -> None:
    pdf = sheet_pdf(count(12), SheetContext())
    for _, text, edges in characters_by_page(pdf):
        if "11. Candidate 11" in text:
            start = text.index("11. Candidate 11")
            second_column = edges[start][0]
            # Every W of the long name in the first column ends before the second begins.
            first_column = [right for (left, right), char in zip(edges, text, strict=True)
                            if char == "W" and left < second_column]
            assert first_column and max(first_column) < second_column
            return
    pytest.fail("the elected list's second column was not found")
