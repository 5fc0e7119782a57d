"""The doomed and guarded sets equal those found by listing every feasible completion."""

from __future__ import annotations

from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from countdesk.count.constraints import QuotaRules
from countdesk.election import GroupLimit, ShortfallPolicy
from countdesk.errors import CountDeskError


@st.composite
def states(draw: st.DrawFn) -> tuple[QuotaRules, list[int], list[int], int]:
    """Random quota rules over up to 12 candidates in 1–3 dimensions, and a count state."""
    size = draw(st.integers(1, 12))
    seats = draw(st.integers(1, size))
    dimensions = draw(st.integers(1, 3))
    limits: list[GroupLimit] = []
    groups: list[list[tuple[str, str]]] = [[] for _ in range(size)]
    for d in range(dimensions):
        count = draw(st.integers(1, 3))
        for c in range(size):
            groups[c].append((f"D{d}", f"G{d}.{draw(st.integers(0, count - 1))}"))
        for g in range(count):
            members = sum(1 for c in range(size) if groups[c][d][1] == f"G{d}.{g}")
            low = draw(st.integers(0, min(members, seats // 2)))
            high = draw(st.one_of(st.none(), st.integers(low, max(low, seats - 1))))
            limits.append(GroupLimit(f"D{d}", f"G{d}.{g}", low, high))
    names = [f"C{c}" for c in range(size)]
    rules = QuotaRules(limits, [tuple(g) for g in groups], names, seats)
    order = draw(st.permutations(range(size)))
    elected_count = draw(st.integers(0, seats - 1))
    gone = draw(st.integers(0, size - elected_count))
    elected = list(order[:elected_count])
    continuing = list(order[elected_count + gone:])
    return rules, elected, continuing, seats


def brute_force(rules: QuotaRules, elected: list[int], continuing: list[int],
                seats: int) -> list[set[int]]:
    places = min(seats - len(elected), len(continuing))
    found = []
    for chosen in combinations(continuing, places):
        members = elected + list(chosen)
        ok = True
        for g in range(len(rules.limits)):
            held = sum(1 for c in members if g in rules.types[rules.type_of[c]])
            if not rules.minimum[g] <= held <= rules.maximum[g]:
                ok = False
        if ok:
            found.append(set(chosen))
    return found


@settings(max_examples=200, deadline=None)
@given(states())
def test_doomed_and_guarded_equal_brute_force(
    state: tuple[QuotaRules, list[int], list[int], int]
) -> None:
    rules, elected, continuing, seats = state
    completions = brute_force(rules, elected, continuing, seats)
    assert rules.feasible(elected, continuing) == bool(completions)
    if not completions:
        return
    status = rules.status(elected, continuing)
    assert status.doomed == {c for c in continuing if all(c not in x for x in completions)}
    assert status.guarded == {c for c in continuing if all(c in x for x in completions)}
    for c in status.doomed:
        assert rules.doomed_reason(c, elected, continuing)
    for c in status.guarded:
        assert rules.guarded_reason(c, elected, continuing)


def test_a_minimum_above_the_number_standing_is_lowered_and_said() -> None:
    limits = [GroupLimit("Gender", "Women", 5), GroupLimit("Gender", "Men")]
    groups = [(("Gender", "Women"),)] * 3 + [(("Gender", "Men"),)] * 6
    rules = QuotaRules(limits, groups, [f"C{c}" for c in range(9)], 6, withdrawn={0})
    assert rules.minimum[0] == 2
    assert rules.notes == ["The minimum for Women was lowered from 5 to 2, the number "
                           "standing (so far as practicable), as the setup says."]


def test_a_minimum_above_the_number_standing_can_be_refused() -> None:
    limits = [GroupLimit("Gender", "Women", 5), GroupLimit("Gender", "Men")]
    groups = [(("Gender", "Women"),)] * 3 + [(("Gender", "Men"),)] * 6
    with pytest.raises(CountDeskError, match="Women must have at least 5 seats but only 3"):
        QuotaRules(limits, groups, [f"C{c}" for c in range(9)], 6,
                   shortfall=ShortfallPolicy.REFUSE)


def test_conflicting_limits_are_named_before_the_count() -> None:
    limits = [GroupLimit("Gender", "Women", 4), GroupLimit("Gender", "Men", 0, 5),
              GroupLimit("Age", "Under 30", 3), GroupLimit("Age", "Over 30", 0),
              GroupLimit("Region", "North", 0, 9), GroupLimit("Region", "South", 0)]
    # The only young candidates are men; 6 places: 4 women leave 2 for the 3 young.
    groups = ([(("Gender", "Women"), ("Age", "Over 30"), ("Region", "North"))] * 5
              + [(("Gender", "Men"), ("Age", "Under 30"), ("Region", "South"))] * 5)
    rules = QuotaRules(limits, groups, [f"C{c}" for c in range(10)], 6)
    with pytest.raises(CountDeskError) as refused:
        rules.refuse_if_infeasible(range(10))
    assert str(refused.value) == (
        "the quota rules conflict: at least 4 Women and at least 3 Under 30 cannot all be "
        "met with 6 places and the 10 candidates standing")
