"""Constraint files in OpenTally's form: read, refused with line and reason, written back."""

from __future__ import annotations

from pathlib import Path

import pytest

from countdesk.election import Candidate, ElectionSetup, GroupLimit
from countdesk.errors import CountDeskError, InputError
from countdesk.formats.constraints import (
    ConstraintSet,
    apply_constraints,
    constraint_set,
    parse_constraints,
    read_constraints,
    write_constraints,
)

# OpenTally's own example (docs/con-fmt.md), with comments and an unquoted dimension.
EXAMPLE = (
    "# seven candidates\n"
    '"Gender" "Men" 0 99 2 3 4 6\n'
    '"Gender" "Women" 2 99 1 5 7  # at least two women\n'
    "\n"
    'District "District 1" 2 2 1 2 3\n'
    '"District" "District 2" 2 2 4 5 6 7\n'
)


def test_openTally_example_reads() -> None:
    constraints = parse_constraints(EXAMPLE, "rules.con", 7)
    assert constraints.limits == (
        GroupLimit("Gender", "Men", 0, None),
        GroupLimit("Gender", "Women", 2, None),
        GroupLimit("District", "District 1", 2, 2),
        GroupLimit("District", "District 2", 2, 2),
    )
    assert constraints.membership[0] == (("Gender", "Women"), ("District", "District 1"))
    assert constraints.membership[5] == (("Gender", "Men"), ("District", "District 2"))
    assert constraints.members("Gender", "Women") == (0, 4, 6)
    assert constraints.dimensions == ("Gender", "District")


def test_written_constraints_read_back_exactly() -> None:
    constraints = parse_constraints(EXAMPLE, "rules.con", 7)
    text = write_constraints(constraints)
    assert text == (
        '"Gender" "Men" 0 7 2 3 4 6\n'
        '"Gender" "Women" 2 7 1 5 7\n'
        '"District" "District 1" 2 2 1 2 3\n'
        '"District" "District 2" 2 2 4 5 6 7\n'
    )
    assert parse_constraints(text, "written", 7) == constraints
    assert write_constraints(parse_constraints(text, "written", 7)) == text


def test_no_constraints_is_an_empty_set() -> None:
    assert parse_constraints("# none\n\n", "empty.con", 4) == ConstraintSet(4)
    assert write_constraints(ConstraintSet(4)) == ""


def test_constraints_give_candidates_their_groups_and_back() -> None:
    constraints = parse_constraints(EXAMPLE, "rules.con", 7)
    candidates = apply_constraints([f"C{n}" for n in range(1, 8)], constraints)
    assert candidates[0] == Candidate(
        "C1", groups=(("Gender", "Women"), ("District", "District 1"))
    )
    setup = ElectionSetup("T", 4, candidates, limits=constraints.limits)
    assert constraint_set(setup.candidates, setup.limits) == constraints


def test_a_setup_candidate_outside_every_group_cannot_be_written() -> None:
    candidates = (Candidate("Ann", groups=(("Gender", "Women"),)), Candidate("Bob"))
    with pytest.raises(CountDeskError, match="'Bob' is in no listed group of Gender"):
        constraint_set(candidates, [GroupLimit("Gender", "Women", 1, 1)])


def test_constraints_read_from_disk(tmp_path: Path) -> None:
    path = tmp_path / "rules.con"
    path.write_bytes(
        ("\ufeff" + EXAMPLE.replace("Women", "Menywod")).encode().replace(b"\n", b"\r\n")
    )
    constraints = read_constraints(path, 7)
    assert constraints.members("Gender", "Menywod") == (0, 4, 6)


CASES = [
    ("an unknown candidate", '"G" "W" 0 2 1 2\n"G" "M" 0 2 3 14\n', 2, "unknown candidate '14'"),
    ("candidate 0", '"G" "W" 0 2 0 1 2\n', 1, "unknown candidate '0'"),
    ("minimum above maximum", '"G" "W" 3 2 1 2\n"G" "M" 0 2 3 4\n', 1, "above its maximum"),
    ("a minimum that is not a number", '"G" "W" one 2 1 2 3 4\n', 1, "whole number"),
    ("a maximum that is not a number", '"G" "W" 0 "2" 1 2 3 4\n', 1, "whole number"),
    ("a negative minimum", '"G" "W" -1 2 1 2 3 4\n', 1, "negative"),
    ("two groups of one dimension", '"G" "W" 0 2 1 2\n"G" "M" 0 2 2 3 4\n', 2, "two groups"),
    ("a candidate twice in a group", '"G" "W" 0 2 1 2 2 3 4\n', 1, "listed twice"),
    ("a group defined twice", '"G" "W" 0 2 1 2\n"G" "w" 0 2 3 4\n', 2, "defined twice"),
    ("a dimension spelled two ways", '"G" "W" 0 2 1 2\n"g" "M" 0 2 3 4\n', 2, "spelled"),
    ("an unterminated quote", '"G" "W 0 2 1 2 3 4\n', 1, "never closed"),
    ("a glued quote", '"G""W" 0 2 1 2 3 4\n', 1, "closing quote"),
    ("a short line", '"G" "W" 0\n', 1, "needs"),
    ("a candidate missing", '# c\n"G" "W" 0 2 1 2\n"G" "M" 0 2 4\n', 2, "candidate 3 (Cy)"),
]


@pytest.mark.parametrize(
    ("text", "line", "word"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_a_malformed_constraint_file_is_refused_with_line_and_reason(
    text: str, line: int, word: str
) -> None:
    with pytest.raises(InputError) as caught:
        parse_constraints(text, "rules.con", 4, names=("Ann", "Bob", "Cy", "Dee"))
    error = caught.value
    assert (error.source, error.line) == ("rules.con", line), str(error)
    assert word in str(error)


def test_a_candidate_missing_from_a_dimension_is_named_by_number_without_names() -> None:
    with pytest.raises(InputError, match="candidate 2 is in no group of Region"):
        parse_constraints('"Region" "North" 0 1 1\n', "r.con", 2)
