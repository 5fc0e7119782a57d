"""Quota rules on random elections under every rule set: every minimum and maximum is met,
votes are conserved at every stage, and constraints that cannot bind change nothing."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from decimal import Decimal
from itertools import combinations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from countdesk.ballots import Ballot, BallotSet
from countdesk.count.constraints import QuotaRules
from countdesk.count.contest import Contest
from countdesk.count.ers97 import count_ers97
from countdesk.count.gregory import count_gregory
from countdesk.count.guard import Guard
from countdesk.count.lots import LotPolicy
from countdesk.count.meek import count_meek
from countdesk.count.meek_rules import MEEK, MEEK_NZ
from countdesk.count.quota_keeping import NO_QUOTA_RULES, QuotaKeeping
from countdesk.count.result import Result, StageKind
from countdesk.count.rules import SCOTTISH, wigm
from countdesk.count.separate import count_separately
from countdesk.election import GroupLimit
from countdesk.errors import CountDeskError

Counter = Callable[[Contest, QuotaKeeping], Result]
LOTS = LotPolicy(seed=7)

COUNTERS: dict[str, Counter] = {
    "scottish": lambda c, g: count_gregory(c, SCOTTISH, LOTS, g),
    "wigm": lambda c, g: count_gregory(c, wigm(3, "hare"), LOTS, g),
    "ers97": lambda c, g: count_ers97(c, LOTS, g),
    "meek": lambda c, g: count_meek(c, MEEK, LOTS, g),
    "meek-nz": lambda c, g: count_meek(c, MEEK_NZ, LOTS, g),
}
Groups = list[tuple[tuple[str, str], ...]]


@st.composite
def contests(draw: st.DrawFn) -> Contest:
    size = draw(st.integers(2, 14))
    seats = draw(st.integers(1, size - 1))
    withdrawn = draw(st.frozensets(st.integers(0, size - 1), max_size=2))
    ranking = st.lists(st.integers(0, size - 1).map(lambda c: (c,)), max_size=size).map(tuple)
    lines = draw(st.lists(st.tuples(st.integers(1, 30), ranking), min_size=1, max_size=25))
    names = tuple(f"Candidate {i + 1}" for i in range(size))
    ballots = tuple(Ballot(weight, ranks) for weight, ranks in lines)
    return Contest.from_ballots(BallotSet("random", seats, names, ballots, withdrawn))


@st.composite
def categories(draw: st.DrawFn, size: int) -> tuple[list[list[str]], Groups]:
    """1–5 dimensions of 2–3 groups: each dimension's group names, and each candidate's."""
    dimensions = draw(st.integers(1, 5))
    names: list[list[str]] = []
    groups: list[list[tuple[str, str]]] = [[] for _ in range(size)]
    for d in range(dimensions):
        count = draw(st.integers(2, 3))
        names.append([f"G{d}.{g}" for g in range(count)])
        for c in range(size):
            groups[c].append((f"D{d}", f"G{d}.{draw(st.integers(0, count - 1))}"))
    return names, [tuple(g) for g in groups]


def members(groups: Groups, contest: Contest, dimension: str, group: str) -> list[int]:
    return [c for c in range(len(groups)) if (dimension, group) in groups[c]
            and c not in contest.withdrawn]


def any_limits(data: st.DataObject, contest: Contest, dims: list[list[str]], groups: Groups,
               maximums: bool = True) -> QuotaRules:
    """A minimum for every group, no more than it has standing or the places, and (unless
    ``maximums`` is False) a maximum at or above it, or none."""
    limits = []
    for d, names in enumerate(dims):
        for name in names:
            standing = len(members(groups, contest, f"D{d}", name))
            low = data.draw(st.integers(0, min(standing, contest.seats)))
            high = (data.draw(st.one_of(st.none(), st.integers(low, contest.seats)))
                    if maximums else None)
            limits.append(GroupLimit(f"D{d}", name, low, high))
    return QuotaRules(limits, groups, contest.candidates, contest.seats, contest.withdrawn)


def conserved(contest: Contest, result: Result) -> None:
    valid = Decimal(contest.valid_papers)
    for stage in result.stages:
        total = sum(stage.totals, Decimal(0)) + stage.non_transferable
        assert total + stage.loss_by_fractions == valid, f"stage {stage.number}"


def met(rules: QuotaRules, contest: Contest, result: Result) -> None:
    elected = [contest.candidates.index(name) for name in result.elected]
    standing = len(contest.candidates) - len(contest.withdrawn)
    assert len(elected) == min(contest.seats, standing)
    for g in range(len(rules.limits)):
        held = sum(1 for c in elected if rules.in_group(c, g))
        assert rules.minimum[g] <= held <= rules.maximum[g], rules.labels[g]


@pytest.mark.parametrize("rule_set", sorted(COUNTERS))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_minimum_and_maximum_is_met(rule_set: str, data: st.DataObject) -> None:
    contest = data.draw(contests())
    dims, groups = data.draw(categories(len(contest.candidates)))
    rules = any_limits(data, contest, dims, groups)
    count = COUNTERS[rule_set]
    try:
        result = count(contest, Guard(rules))
    except CountDeskError as refused:
        assert str(refused).startswith("the quota rules conflict: ")
        standing = [c for c in range(len(groups)) if c not in contest.withdrawn]
        assert not rules.feasible((), standing)
        return
    conserved(contest, result)
    met(rules, contest, result)
    for stage in result.stages:
        assert not set(stage.excluded) & set(stage.guarded), f"stage {stage.number}"
        assert not set(stage.elected) & set(stage.doomed), f"stage {stage.number}"


@pytest.mark.parametrize("rule_set", sorted(COUNTERS))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_quota_rules_that_cannot_bind_change_nothing(rule_set: str,
                                                     data: st.DataObject) -> None:
    """Each minimum at least one below what any outcome gives the group, each maximum at
    least one above what the count without rules gives it: the winners then always leave
    room to swap any one candidate in, so no one is ever doomed or guarded."""
    contest = data.draw(contests())
    dims, groups = data.draw(categories(len(contest.candidates)))
    count = COUNTERS[rule_set]
    free = count(contest, NO_QUOTA_RULES)
    winners = {contest.candidates.index(name) for name in free.elected}
    losing = len(contest.candidates) - len(contest.withdrawn) - contest.seats
    limits = []
    for d, names in enumerate(dims):
        for name in names:
            group = members(groups, contest, f"D{d}", name)
            low = data.draw(st.integers(0, max(0, len(group) - max(losing, 0) - 1)))
            won = len(winners & set(group))
            high = data.draw(st.one_of(st.none(), st.integers(won + 1, won + 3)))
            limits.append(GroupLimit(f"D{d}", name, low, high))
    rules = QuotaRules(limits, groups, contest.candidates, contest.seats, contest.withdrawn)
    result = count(contest, Guard(rules))
    assert [(s.number, s.totals, s.elected, s.excluded) for s in result.stages] == [
        (s.number, s.totals, s.elected, s.excluded) for s in free.stages]
    assert result.elected == free.elected
    assert all(not s.doomed for s in result.stages)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), rule_set=st.sampled_from(sorted(COUNTERS)))
def test_separate_counts_meet_every_minimum(data: st.DataObject, rule_set: str) -> None:
    contest = data.draw(contests())
    dims, groups = data.draw(categories(len(contest.candidates)))
    rules = any_limits(data, contest, dims, groups, maximums=False)
    standing = [c for c in range(len(groups)) if c not in contest.withdrawn]
    assume(rules.feasible((), standing))
    assume(sum(rules.minimum) <= contest.seats)
    result = count_separately(contest, rules,
                              lambda part: COUNTERS[rule_set](part, NO_QUOTA_RULES))
    for part in result.parts:
        stages = [s for s in result.stages
                  if _main(part.first_stage) <= _main(s.number) <= _main(part.last_stage)]
        conserved(contest, dataclasses.replace(result, stages=tuple(stages)))
    met(rules, contest, result)
    assert len(set(result.elected)) == len(result.elected)


def _main(number: str) -> int:
    return int(number.split(".")[0])


def brute_force(rules: QuotaRules, elected: list[int], continuing: list[int],
                seats: int) -> tuple[set[int], set[int]]:
    """The doomed and the guarded, by listing every feasible completion."""
    places = min(seats - len(elected), len(continuing))
    found = []
    for chosen in combinations(continuing, places):
        members = elected + list(chosen)
        if all(rules.minimum[g] <= sum(1 for c in members if rules.in_group(c, g))
               <= rules.maximum[g] for g in range(len(rules.limits))):
            found.append(set(chosen))
    return ({c for c in continuing if all(c not in x for x in found)},
            {c for c in continuing if all(c in x for x in found)})


@pytest.mark.parametrize("rule_set", sorted(COUNTERS))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_each_stage_guards_and_dooms_as_brute_force_finds(rule_set: str,
                                                          data: st.DataObject) -> None:
    """Up to 12 candidates in 1–3 dimensions: at the start of every stage, the guarded
    are those in every feasible completion, and the doomed (excluded together then) those
    in none."""
    contest = data.draw(contests().filter(lambda c: len(c.candidates) <= 12))
    dims, groups = data.draw(categories(len(contest.candidates)))
    assume(len(dims) <= 3)
    rules = any_limits(data, contest, dims, groups)
    standing = [c for c in range(len(groups)) if c not in contest.withdrawn]
    assume(rules.feasible((), standing))
    result = COUNTERS[rule_set](contest, Guard(rules))
    index = {name: c for c, name in enumerate(contest.candidates)}
    elected: list[int] = []
    gone: set[int] = set()
    for stage in result.stages:
        first_batch = "." not in stage.number or stage.number.endswith(".1")
        if stage.number != "1" and first_batch and stage.kind is not StageKind.ELECTION:
            continuing = [c for c in standing if c not in gone and c not in elected]
            doomed, guarded = brute_force(rules, elected, continuing, contest.seats)
            assert {index[n] for n in stage.guarded} == guarded, f"stage {stage.number}"
            if doomed:
                assert {index[n] for n in stage.excluded} == doomed, f"stage {stage.number}"
        elected += [index[n] for n in stage.elected]
        gone |= {index[n] for n in stage.excluded}
