"""A name holds no control, format or separator character and at most 200 characters: refused
where it enters (a BLT file, a constraint file, a setup file, the setup itself), naming the
file, the line and the character, never later by a count that cannot say where it came from."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from countdesk.cli import main
from countdesk.election import Candidate, ElectionSetup, GroupLimit, name_problem
from countdesk.errors import InputError, SetupError
from countdesk.formats.blt import parse_blt
from countdesk.formats.constraints import parse_constraints

# Each ends a line for some reader, or is invisible and makes two names look alike.
FORBIDDEN = {
    "\x0b": "U+000B (a control character)",
    "\x1c": "U+001C (a control character)",
    "\t": "U+0009 (a control character)",
    "\x85": "U+0085 (a control character)",
    "\u2028": "U+2028 (a line separator)",
    "\u2029": "U+2029 (a paragraph separator)",
    "\u200e": "U+200E (an invisible format character)",
    "\u00ad": "U+00AD (an invisible format character)",
    "\ufeff": "U+FEFF (an invisible format character)",
}


def blt(first: str, title: str = "Branch") -> str:
    return f'2 1\n1 1 0\n1 2 0\n0\n"{first}"\n"Bob"\n"{title}"\n'


@pytest.mark.parametrize("char", FORBIDDEN, ids=lambda c: f"U+{ord(c):04X}")
def test_a_ballot_file_name_with_such_a_character_is_refused_naming_the_line(char: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_blt(blt(f"Ann{char}Smith"), "branch.blt")
    assert str(caught.value) == (
        f"branch.blt, line 5: candidate 1 {f'Ann{char}Smith'!r} holds {FORBIDDEN[char]}, "
        "which names and titles cannot hold")


def test_a_title_with_such_a_character_is_refused_naming_the_line() -> None:
    with pytest.raises(InputError, match=r"line 7: the title .* holds U\+2028"):
        parse_blt(blt("Ann", "Branch\u2028AGM"), "branch.blt")


def test_the_joiners_that_scripts_need_are_kept() -> None:
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # with a zero width non-joiner
    malayalam = "\u0d15\u0d4d\u200d"  # a chillu spelled with a zero width joiner
    ballots = parse_blt(blt(persian, malayalam), "branch.blt")
    assert (ballots.candidates[0], ballots.title) == (persian, malayalam)


def test_a_name_of_200_characters_is_read_and_one_of_201_refused() -> None:
    assert parse_blt(blt("A" * 200), "branch.blt").candidates[0] == "A" * 200
    with pytest.raises(InputError) as caught:
        parse_blt(blt("A" * 201), "branch.blt")
    assert str(caught.value) == (
        f"branch.blt, line 5: candidate 1 {'A' * 40 + '…'!r} is 201 characters long: "
        "a name may have at most 200")


def test_a_constraint_file_group_name_with_such_a_character_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        parse_constraints('"Gender" "Women" 1 2 1\n"Gender" "Men\x1c" 0 2 2\n', "rules.con", 2)
    assert str(caught.value) == ("rules.con, line 2: the group 'Men\\x1c' holds U+001C "
                                 "(a control character), which names and titles cannot hold")


def test_the_setup_refuses_such_names_so_the_setup_page_says_why() -> None:
    candidates = (Candidate("Ann\x0b"), Candidate("Bob", groups=(("G", "M\u2029"),)))
    with pytest.raises(SetupError) as caught:
        ElectionSetup("AGM", 1, candidates, limits=(GroupLimit("G", "M\u2029"),))
    assert str(caught.value) == (
        "candidate 1 'Ann\\x0b' holds U+000B (a control character), which names and titles "
        "cannot hold; the group of 'G' 'M\\u2029' holds U+2029 (a paragraph separator), which "
        "names and titles cannot hold")
    assert name_problem("B" * 201, "candidate 2") == (
        f"candidate 2 {'B' * 40 + '…'!r} is 201 characters long: a name may have at most 200")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("command", ["import", "count"])
def test_the_command_line_refuses_such_a_ballot_file_in_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str
) -> None:
    path = tmp_path / "branch.blt"
    path.write_text(blt("Ann\x0bSmith"), encoding="utf-8")
    output = ["-o", str(tmp_path / "branch.countdesk")] if command == "import" else []
    code, out, err = run(capsys, command, str(path), *output)
    assert (code, out) == (1, "")
    assert err == (f"countdesk: {path}, line 5: candidate 1 'Ann\\x0bSmith' holds U+000B "
                   "(a control character), which names and titles cannot hold\n")
    assert list(tmp_path.iterdir()) == [path]


def test_a_setup_file_with_such_names_is_refused_in_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    setup = tmp_path / "setup.json"
    setup.write_text(json.dumps({"title": "AGM", "seats": 1,
                                 "candidates": ["Ann\u2028", "B" * 250]}), encoding="utf-8")
    code, out, err = run(capsys, "new", str(tmp_path / "agm.countdesk"), "--setup", str(setup))
    assert (code, out) == (1, "")
    assert err == (f"countdesk: {setup}: candidate 1 'Ann\\u2028' holds U+2028 (a line "
                   "separator), which names and titles cannot hold; candidate 2 "
                   f"{'B' * 40 + '…'!r} is 250 characters long: a name may have at most 200\n")
    assert list(tmp_path.iterdir()) == [setup]


def test_a_title_of_500_characters_is_read_and_one_of_501_refused() -> None:
    assert parse_blt(blt("Ann", "T" * 500), "branch.blt").title == "T" * 500
    with pytest.raises(InputError) as caught:
        parse_blt(blt("Ann", "T" * 501), "branch.blt")
    assert str(caught.value) == (
        f"branch.blt, line 7: the title {'T' * 40 + '…'!r} is 501 characters long: "
        "a title may have at most 500")
    with pytest.raises(SetupError, match="a title may have at most 500"):
        ElectionSetup("T" * 501, 1, (Candidate("Ann"),))
