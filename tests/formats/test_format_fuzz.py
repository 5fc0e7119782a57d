"""Random and mutated files: a reader either reads them or refuses them with an InputError —
never a crash. And whatever CountDesk writes, it reads back exactly."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from countdesk.ballots import Ballot, BallotSet
from countdesk.election import Candidate, GroupLimit
from countdesk.errors import InputError
from countdesk.formats.blt import parse_blt, write_blt
from countdesk.formats.constraints import constraint_set, parse_constraints, write_constraints

FUZZ = settings(max_examples=150, deadline=None)

# What a name may hold (election.name_problem): no control, format or separator characters
# but the joiners, and no quote, which these files cannot hold.
names = st.text(
    st.characters(blacklist_characters='"', blacklist_categories=("Cc", "Cf", "Cs", "Zl", "Zp"))
    | st.sampled_from("\u200c\u200d"),
    min_size=1,
    max_size=12,
).filter(lambda name: name.strip())


def folded(name: str) -> str:
    return name.strip().casefold()


@st.composite
def ballot_sets(draw: st.DrawFn) -> BallotSet:
    count = draw(st.integers(1, 8))
    candidates = draw(st.lists(names, min_size=count, max_size=count, unique_by=folded))
    candidate = st.integers(0, count - 1)
    rank = st.lists(candidate, min_size=1, max_size=2).map(tuple)
    ballot = st.builds(Ballot, st.integers(1, 10**6), st.lists(rank, max_size=count + 1).map(tuple))
    return BallotSet(
        title=draw(names),
        seats=draw(st.integers(1, count)),
        candidates=tuple(candidates),
        ballots=tuple(draw(st.lists(ballot, max_size=12))),
        withdrawn=frozenset(draw(st.sets(candidate, max_size=count))),
    )


@st.composite
def constraint_sets(draw: st.DrawFn) -> tuple[int, str]:
    count = draw(st.integers(1, 8))
    limits: list[GroupLimit] = []
    groups_of: list[list[tuple[str, str]]] = [[] for _ in range(count)]
    for dimension in draw(st.lists(names, min_size=1, max_size=3, unique_by=folded)):
        groups = draw(st.lists(names, min_size=1, max_size=3, unique_by=folded))
        for group in groups:
            minimum = draw(st.integers(0, count))
            maximum = draw(st.none() | st.integers(minimum, count + 2))
            limits.append(GroupLimit(dimension, group, minimum, maximum))
        for mine in groups_of:
            mine.append((dimension, draw(st.sampled_from(groups))))
    candidates = [Candidate(f"C{n}", groups=tuple(g)) for n, g in enumerate(groups_of)]
    return count, write_constraints(constraint_set(candidates, limits))


PIECES = ["0", "1", "12", "-1", "-0", "=", "1=2", "1.5", '"', "(", ")", "#", "x", " ", "\r", "\n"]
PIECES += ["\ufeff", "é", "99999999999999999999999", "9" * 5000, '"x"', "(id)"]


@st.composite
def mutated(draw: st.DrawFn, text: str) -> str:
    """The text with a few characters, tokens or lines changed."""
    for _ in range(draw(st.integers(1, 4))):
        where = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["insert", "delete", "token", "drop line", "copy line"]))
        if kind == "insert":
            piece = draw(st.sampled_from(PIECES) | st.characters())
            text = text[:where] + piece + text[where:]
        elif kind == "delete":
            text = text[:where] + text[where + draw(st.integers(1, 3)) :]
        elif kind == "token":
            tokens = text.split(" ")
            at = draw(st.integers(0, len(tokens) - 1))
            tokens[at] = draw(st.sampled_from(PIECES))
            text = " ".join(tokens)
        else:
            lines = text.split("\n")
            at = draw(st.integers(0, len(lines) - 1))
            lines[at : at + 1] = [lines[at]] * (2 if kind == "copy line" else 0)
            text = "\n".join(lines)
    return text


def reads_or_refuses_blt(text: str) -> None:
    try:
        parse_blt(text, "fuzz.blt")
    except InputError as error:
        assert error.source == "fuzz.blt"
        assert error.reason


def reads_or_refuses_constraints(text: str, count: int) -> None:
    try:
        parse_constraints(text, "fuzz.con", count)
    except InputError as error:
        assert error.source == "fuzz.con"
        assert error.reason


@FUZZ
@given(ballot_sets())
def test_written_blt_reads_back_to_the_same_ballots(ballots: BallotSet) -> None:
    assert parse_blt(write_blt(ballots), "written") == ballots


@FUZZ
@given(st.data())
def test_mutated_blt_reads_or_is_refused(data: st.DataObject) -> None:
    text = write_blt(data.draw(ballot_sets()))
    reads_or_refuses_blt(data.draw(mutated(text)))


@FUZZ
@given(st.text(st.sampled_from('0123456789 -=#"()\n\r\tabé') | st.characters(), max_size=80))
def test_random_text_reads_as_blt_or_is_refused(text: str) -> None:
    reads_or_refuses_blt(text)


@FUZZ
@given(st.text(max_size=40).map(lambda tail: "3 2\n" + tail))
def test_random_text_after_a_good_header_reads_or_is_refused(text: str) -> None:
    reads_or_refuses_blt(text)


@FUZZ
@given(constraint_sets())
def test_written_constraints_read_back_exactly(drawn: tuple[int, str]) -> None:
    count, text = drawn
    assert write_constraints(parse_constraints(text, "written", count)) == text


@FUZZ
@given(st.data())
def test_mutated_constraints_read_or_are_refused(data: st.DataObject) -> None:
    count, text = data.draw(constraint_sets())
    reads_or_refuses_constraints(data.draw(mutated(text)), data.draw(st.integers(0, count + 1)))


@FUZZ
@given(st.text(max_size=80), st.integers(0, 6))
def test_random_text_reads_as_constraints_or_is_refused(text: str, count: int) -> None:
    reads_or_refuses_constraints(text, count)
