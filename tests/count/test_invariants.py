"""Invariants on random elections: votes are conserved exactly at every stage, the places
are filled, and the same input gives the same output."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from countdesk.ballots import Ballot, BallotSet
from countdesk.count.contest import Contest
from countdesk.count.gregory import count_gregory
from countdesk.count.lots import LotPolicy
from countdesk.count.rules import SCOTTISH, GregoryRules, wigm


@st.composite
def contests(draw: st.DrawFn) -> Contest:
    size = draw(st.integers(1, 60))
    seats = draw(st.integers(1, 30))
    withdrawn = draw(st.frozensets(st.integers(0, size - 1), max_size=max(0, size - 1)))
    # Mostly one candidate a rank; now and then an `=` rank (the paper stops there).
    rank = st.lists(st.integers(0, size - 1), min_size=1, max_size=2).map(tuple)
    ranking = st.lists(rank, max_size=min(size, 12)).map(tuple)
    lines = draw(st.lists(st.tuples(st.integers(1, 40), ranking), max_size=60))
    names = tuple(f"Candidate {i + 1}" for i in range(size))
    ballots = tuple(Ballot(weight, ranks) for weight, ranks in lines)
    return Contest.from_ballots(BallotSet("random", seats, names, ballots, withdrawn))


rule_sets = st.one_of(
    st.just(SCOTTISH),
    st.builds(wigm, st.integers(0, 9), st.sampled_from(["droop", "hare"])),
)


@settings(max_examples=150, deadline=None)
@given(contests(), rule_sets, st.integers(0, 2**40))
def test_votes_are_conserved_and_the_places_filled(
    contest: Contest, rules: GregoryRules, seed: int
) -> None:
    result = count_gregory(contest, rules, LotPolicy(seed=seed))
    valid = Decimal(contest.valid_papers)
    for stage in result.stages:
        accounted = sum(stage.totals, Decimal(0)) + stage.non_transferable
        assert accounted + stage.loss_by_fractions == valid, f"stage {stage.number}"
        assert stage.loss_by_fractions >= 0 and stage.non_transferable >= 0
    standing = len(contest.candidates) - len(contest.withdrawn)
    assert len(result.elected) == min(contest.seats, standing)
    assert len(set(result.elected)) == len(result.elected)
    assert not set(result.elected) & set(result.excluded)
    assert len(result.elected) + len(result.excluded) == standing
    again = count_gregory(contest, rules, LotPolicy(seed=seed))
    assert again.to_json() == result.to_json()


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(
    st.integers(1, 5),
    st.lists(st.lists(st.integers(0, 5), min_size=1, max_size=3).map(tuple), max_size=6),
), max_size=20))
def test_the_count_reads_papers_as_the_domain_does(lines: list) -> None:
    # Repeats, `=` ranks and empty ballots included: the fast path must not change a reading.
    ballots = BallotSet("t", 1, tuple("ABCDEF"),
                        tuple(Ballot(w, tuple(ranks)) for w, ranks in lines))
    assert list(Contest.from_ballots(ballots).papers) == ballots.counted()
