"""A malformed BLT file is refused whole, naming the file, the line and what is wrong."""

from __future__ import annotations

import pytest

from countdesk.errors import InputError
from countdesk.formats.blt import parse_blt

NAMES = '"Ann"\n"Bob"\n"Cy"\n"Title"\n'
TWELVE = "".join(f'"Candidate {n}"\n' for n in range(1, 13)) + '"Twelve"\n'

CASES = [
    # (what is wrong, text, line, a word of the reason)
    ("preference 14 of 12", "12 4\n1 1 2 0\n1 3 14 2 0\n0\n" + TWELVE, 3, "only 12"),
    ("a 0 inside a ballot", "3 2\n1 1 0 2 0\n0\n" + NAMES, 2, "inside"),
    ("a negative preference", "3 2\n1 1 -2 0\n0\n" + NAMES, 2, "negative"),
    ("a preference that is not a number", "3 2\n1 1 b 0\n0\n" + NAMES, 2, "not a candidate"),
    ("an = with nothing after it", "3 2\n1 1= 2 0\n0\n" + NAMES, 2, "not a candidate"),
    ("a ballot line missing its 0", "3 2\n2 1 3 0\n1 1 2\n0\n" + NAMES, 3, "does not end with 0"),
    ("a weight that is not a number", "3 2\n1 1 0\nx 1 2 0\n0\n" + NAMES, 3, "not a number"),
    ("a fractional weight", "3 2\n1.5 1 2 0\n0\n" + NAMES, 2, "whole number"),
    ("a negative weight", "3 2\n1 2 0\n-1 1 2 0\n0\n" + NAMES, 3, "positive"),
    ("a zero weight", "3 2\n1 2 0\n0 1 2 0\n0\n" + NAMES, 3, "at least 1"),
    ("a zero weight written 00", "3 2\n00 1 2 0\n0\n" + NAMES, 2, "at least 1"),
    ("a weight over 10^15", "3 2\n1000000000000001 1 2 0\n0\n" + NAMES, 2, "at most 1,000,"),
    ("a 19-digit weight", "3 2\n1 1 0\n1000000000000000000 1 2 0\n0\n" + NAMES, 3, "(10^15)"),
    ("a 5000-digit weight", "3 2\n" + "9" * 5000 + " 1 2 0\n0\n" + NAMES, 2, "5000 digits"),
    ("no 0 line: the file ends", "3 2\n1 1 2 0\n2 3 0\n", 3, "ends before the `0`"),
    ("no 0 line: names follow", "3 2\n1 1 2 0\n" + NAMES, 3, "names begin before"),
    ("names missing", '3 2\n1 1 0\n0\n"Ann"\n', 4, "1 of the 3"),
    ("the title missing", '3 2\n1 1 0\n0\n"Ann"\n"Bob"\n"Cy"\n', 6, "before the title"),
    ("fewer names than candidates", '3 2\n1 1 0\n0\n"Ann"\n"Bob"\n"T"\n', 6, "name"),
    ("more names than candidates", "3 2\n1 1 0\n0\n" + '"Dee"\n' + NAMES, 8, "name too many"),
    ("duplicate names", '3 2\n1 1 0\n0\n"Ann"\n"Bob"\n" ann"\n"T"\n', 6, "two candidates"),
    ("a blank name", '3 2\n1 1 0\n0\n"Ann"\n""\n"Cy"\n"T"\n', 5, "no name"),
    ("seats below 1", "3 0\n1 1 0\n0\n" + NAMES, 1, "at least 1"),
    ("seats not a number", "3 two\n1 1 0\n0\n" + NAMES, 1, "whole number"),
    ("candidates not a number", "# header\nthree 2\n1 1 0\n0\n" + NAMES, 2, "whole number"),
    ("no candidates", "0 0\n0\n", 1, "at least one candidate"),
    ("more seats than candidates", "3 4\n1 1 0\n0\n" + NAMES, 1, "only 3 candidates"),
    ("the header without seats", "3\n1 1 0\n0\n" + NAMES, 1, "number of candidates and"),
    ("a withdrawn number out of range", "3 2\n-4\n1 1 0\n0\n" + NAMES, 2, "not one of"),
    ("a withdrawn line with a positive", "3 2\n-1 2\n1 1 0\n0\n" + NAMES, 2, "negative"),
    ("withdrawn after the ballots", "3 2\n1 1 0\n-2\n0\n" + NAMES, 3, "before the first"),
    ("an unterminated quote", '3 2\n1 1 0\n0\n"Ann\n"Bob"\n"Cy"\n"T"\n', 4, "never closed"),
    ("a quote inside a bare word", '3 2\n1 1 0\n0\nAn"n\n"Bob"\n"Cy"\n"T"\n', 4, "quote"),
    ("text glued to a quote", '3 2\n1 1 0\n0\n"Ann"x\n"Bob"\n"Cy"\n"T"\n', 4, "after the"),
    ("trailing garbage", "3 2\n1 1 0\n0\n" + NAMES + "rubbish\n", 8, "after the title"),
    ("an unquoted name with a space", '3 2\n1 1 0\n0\nAnn Jones\n"Bob"\n"Cy"\n"T"\n', 4, "quotes"),
    ("a ballot after the 0 line", "3 2\n1 1 0\n0\n1 2 0\n" + NAMES, 4, "looks like a ballot"),
    ("an unclosed ballot ID", "3 2\n(12 1 2 0\n0\n" + NAMES, 2, "never closed"),
    ("a ballot ID alone", "3 2\n(12)\n0\n" + NAMES, 2, "no ballot"),
    ("an empty file", "\n# nothing\n", 1, "empty"),
]


@pytest.mark.parametrize(
    ("text", "line", "word"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_a_malformed_file_is_refused_naming_the_line_and_the_reason(
    text: str, line: int, word: str
) -> None:
    with pytest.raises(InputError) as caught:
        parse_blt(text, "branch.blt")
    error = caught.value
    assert error.source == "branch.blt"
    assert error.line == line, str(error)
    assert word in str(error)
    assert str(error).startswith(f"branch.blt, line {line}: ")


def test_line_numbers_count_crlf_lines_and_comments_like_an_editor() -> None:
    text = "# c\r\n3 2\r\n\r\n1 1 0\r\n1 1 4 0\r\n0\r\n" + NAMES.replace("\n", "\r\n")
    with pytest.raises(InputError) as caught:
        parse_blt(text, "x.blt")
    assert caught.value.line == 5


def test_weights_adding_up_to_more_than_10_to_the_15_are_refused() -> None:
    text = "3 2\n999999999999999 1 2 0\n2 3 0\n0\n" + NAMES
    with pytest.raises(InputError) as caught:
        parse_blt(text, "branch.blt")
    assert str(caught.value) == (
        "branch.blt: the ballots' weights add up to 1,000,000,000,000,001 papers, more than a "
        "file may hold: at most 1,000,000,000,000,000 (10^15)")


def test_weights_of_10_to_the_15_in_all_are_read() -> None:
    ballots = parse_blt("3 2\n999999999999999 1 2 0\n0001 3 0\n0\n" + NAMES, "branch.blt")
    assert [b.weight for b in ballots.ballots] == [10**15 - 1, 1]
    assert ballots.paper_count == 10**15
