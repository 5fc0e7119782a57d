"""ERS97 on random elections: votes conserved exactly at every stage and sub-stage, the
places filled, and the same input giving the same output."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from countdesk.count.contest import Contest
from countdesk.count.ers97 import count_ers97
from countdesk.count.lots import LotPolicy


@st.composite
def contests(draw: st.DrawFn) -> Contest:
    size = draw(st.integers(1, 25))
    seats = draw(st.integers(1, 12))
    withdrawn = draw(st.frozensets(st.integers(0, size - 1), max_size=max(0, size - 1)))
    ranking = st.lists(st.integers(0, size - 1), max_size=min(size, 8), unique=True)
    papers = draw(st.lists(st.tuples(st.integers(1, 30), ranking.map(tuple)), max_size=50))
    names = tuple(f"Candidate {i + 1}" for i in range(size))
    return Contest("random", names, seats, tuple(papers), withdrawn)


@settings(max_examples=200, deadline=None)
@given(contests(), st.integers(0, 2**40))
def test_votes_are_conserved_and_the_places_filled(contest: Contest, seed: int) -> None:
    result = count_ers97(contest, LotPolicy(seed=seed))
    valid = Decimal(contest.valid_papers)
    for stage in result.stages:
        accounted = sum(stage.totals, Decimal(0)) + stage.non_transferable
        assert accounted + stage.loss_by_fractions == valid, f"stage {stage.number}"
        assert stage.loss_by_fractions >= 0 and stage.non_transferable >= 0
        assert all(v >= 0 for v in stage.totals)
        assert all(v.as_tuple().exponent == -2 for v in stage.totals)
    standing = len(contest.candidates) - len(contest.withdrawn)
    assert len(result.elected) == min(contest.seats, standing)
    assert len(set(result.elected)) == len(result.elected)
    assert not set(result.elected) & set(result.excluded)
    assert len(result.elected) + len(result.excluded) == standing
    numbers = [stage.number for stage in result.stages]
    assert len(set(numbers)) == len(numbers)
    again = count_ers97(contest, LotPolicy(seed=seed))
    assert again.to_json() == result.to_json()


@settings(max_examples=100, deadline=None)
@given(contests(), st.integers(0, 2**40))
def test_an_excluded_candidate_ends_at_zero_and_an_elected_one_at_the_quota(
        contest: Contest, seed: int) -> None:
    # COUNTING.md "Outputs": 0 once excluded (after their papers moved), the quota once an
    # elected candidate's surplus has gone.
    result = count_ers97(contest, LotPolicy(seed=seed))
    index = {name: i for i, name in enumerate(result.candidates)}
    for stage in result.stages:
        for name in stage.excluded:
            base = stage.number.split(".")[0]
            batches = [s for s in result.stages if s.number.split(".")[0] == base]
            if batches[-1] is not result.stages[-1]:  # else the count may stop inside (5.5.2)
                assert batches[-1].totals[index[name]] == 0
        if stage.kind.value == "surplus":
            assert stage.totals[index[stage.subjects[0]]] == stage.quota
