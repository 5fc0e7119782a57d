"""Identical ballot lines are read once and share one object; what the count sees must be
exactly what reading every line on its own gives: the same papers, the same groups, in the
same order."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from countdesk.ballots import Ballot, BallotSet
from countdesk.count.contest import Contest, group_rankings
from countdesk.formats.blt import parse_blt, write_blt


def naive_groups(papers: list[tuple[int, tuple[int, ...]]],
                 withdrawn: frozenset[int]) -> list[tuple[tuple[int, ...], int]]:
    groups: dict[tuple[int, ...], int] = {}
    for weight, preferences in papers:
        kept = tuple(c for c in preferences if c not in withdrawn)
        groups[kept] = groups.get(kept, 0) + weight
    return list(groups.items())


@st.composite
def ballot_sets(draw: st.DrawFn) -> BallotSet:
    size = draw(st.integers(1, 6))
    rank = st.lists(st.integers(0, size - 1), min_size=1, max_size=2).map(tuple)
    ballot = st.builds(Ballot, st.integers(1, 3), st.lists(rank, max_size=size).map(tuple))
    pool = draw(st.lists(ballot, min_size=1, max_size=8))
    # Some lines share one Ballot object (as the reader makes them), some are equal copies.
    lines = [b if draw(st.booleans()) else Ballot(b.weight, b.ranks)
             for b in draw(st.lists(st.sampled_from(pool), max_size=60))]
    withdrawn = draw(st.frozensets(st.integers(0, size - 1), max_size=size - 1))
    return BallotSet("T", 1, tuple(f"C{c}" for c in range(size)), tuple(lines), withdrawn)


@settings(max_examples=150, deadline=None)
@given(ballot_sets())
def test_shared_lines_count_as_every_line_read_alone(ballots: BallotSet) -> None:
    contest = Contest.from_ballots(ballots)
    counted = ballots.counted()  # every line read through the general rule, one by one
    assert list(contest.papers) == counted
    assert contest.valid_papers == sum(weight for weight, _ in counted)
    groups = group_rankings(contest.papers, contest.withdrawn)
    assert list(groups.items()) == naive_groups(counted, contest.withdrawn)


@settings(max_examples=100, deadline=None)
@given(ballot_sets())
def test_a_file_read_back_gives_the_same_ballots(ballots: BallotSet) -> None:
    text = write_blt(ballots)
    # Repeated lines written in several ways: spacing and comments do not change a ballot.
    noisy = text.replace(" 0\n", "  0 # note\n", 3)
    for form in (text, noisy):
        reread = parse_blt(form, "test")
        assert reread.ballots == ballots.ballots
