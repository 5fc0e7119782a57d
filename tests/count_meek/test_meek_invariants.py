"""Invariants of both Meek rule sets on random elections (up to 12 candidates, a few hundred
papers): every vote accounted for, the places filled, keep values in range, and the same
input giving the same output."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from countdesk.ballots import Ballot, BallotSet
from countdesk.count.contest import Contest
from countdesk.count.lots import LotPolicy
from countdesk.count.meek import count_meek
from countdesk.count.meek_rules import MEEK, MEEK_NZ, MeekRules

UNIT = Decimal("0.000000001")


@st.composite
def contests(draw: st.DrawFn) -> Contest:
    size = draw(st.integers(1, 12))
    seats = draw(st.integers(1, 6))
    withdrawn = draw(st.frozensets(st.integers(0, size - 1), max_size=max(0, size - 2)))
    ranking = st.lists(st.integers(0, size - 1).map(lambda c: (c,)), max_size=size).map(tuple)
    lines = draw(st.lists(st.tuples(st.integers(1, 30), ranking), max_size=25))
    names = tuple(f"Candidate {i + 1}" for i in range(size))
    ballots = tuple(Ballot(weight, ranks) for weight, ranks in lines)
    return Contest.from_ballots(BallotSet("random", seats, names, ballots, withdrawn))


@settings(max_examples=120, deadline=None)
@given(contests(), st.sampled_from([MEEK, MEEK_NZ]), st.integers(0, 2**40))
def test_votes_are_accounted_for_and_the_places_filled(
    contest: Contest, rules: MeekRules, seed: int
) -> None:
    result = count_meek(contest, rules, LotPolicy(seed=seed))
    valid = Decimal(contest.valid_papers)
    # Sch. 1A cl 10 rounds up both parts of a paper, so it can add at most a unit at each
    # candidate a paper meets; Algorithm 123 passes on exactly what was not kept.
    allowance = valid * len(contest.candidates) * UNIT
    for stage in result.stages:
        accounted = sum(stage.totals, Decimal(0)) + stage.non_transferable
        assert accounted + stage.loss_by_fractions == valid, f"stage {stage.number}"
        if rules.new_zealand:
            assert -allowance <= stage.loss_by_fractions <= 0
        else:
            assert stage.loss_by_fractions == 0
        assert stage.non_transferable >= 0
        assert all(Decimal(0) <= k <= Decimal(1) for k in stage.keep_values)
        assert stage.iterations >= (0 if stage.kind.value == "election" else 1)
    standing = len(contest.candidates) - len(contest.withdrawn)
    assert len(result.elected) == min(contest.seats, standing)
    assert len(set(result.elected)) == len(result.elected)
    assert not set(result.elected) & set(result.excluded)
    assert len(result.elected) + len(result.excluded) == standing
    last = result.stages[-1]
    for c, name in enumerate(result.candidates):
        if (name in result.excluded and name not in result.left_over) or c in contest.withdrawn:
            assert last.keep_values[c] == 0 and last.totals[c] == 0
    again = count_meek(contest, rules, LotPolicy(seed=seed))
    assert again.to_json() == result.to_json()
