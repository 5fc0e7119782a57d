"""Meek's distribution on the pruned ranking tree must give, to the last unit, what taking
every paper through its ranking one candidate at a time gives, however the keep values
change between iterations."""

from __future__ import annotations

from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from countdesk.count import meek_tree
from countdesk.count.meek_rules import MEEK, MEEK_NZ, MeekRules
from countdesk.count.meek_tree import RankingTree

# A large tree is laid out and distributed with numpy: every tree is, under "numpy".
LAYOUTS = {"lists": meek_tree.ARRAY_NODES, "numpy": 0}

ONE = MEEK.fixed.one


def paper_by_paper(rankings: dict[tuple[int, ...], int], keep: list[int], rules: MeekRules,
                   candidates: int) -> tuple[list[int], int]:
    votes = [0] * candidates
    exhausted = 0
    for ranking, papers in rankings.items():
        value = ONE
        for c in ranking:
            if keep[c] == ONE:
                votes[c] += value * papers
                value = 0
                break
            if keep[c]:
                kept, value = rules.split(value, keep[c])
                votes[c] += kept * papers
            if value == 0:
                break
        exhausted += value * papers
    return votes, exhausted


keep_value = st.one_of(st.just(0), st.just(ONE), st.integers(1, ONE - 1),
                       st.integers(ONE - 1000, ONE - 1))


@st.composite
def cases(draw: st.DrawFn) -> tuple:
    candidates = draw(st.integers(1, 6))
    ranking = st.lists(st.integers(0, candidates - 1), max_size=candidates,
                       unique=True).map(tuple)
    rankings = draw(st.dictionaries(ranking, st.integers(1, 50), min_size=1, max_size=25))
    # Several iterations: the keep values change, sometimes only the elected's (same shape).
    rounds = draw(st.lists(st.lists(keep_value, min_size=candidates, max_size=candidates),
                           min_size=1, max_size=5))
    return candidates, rankings, rounds


@pytest.mark.parametrize("layout", LAYOUTS)
@settings(max_examples=200, deadline=None)
@given(case=cases(), rules=st.sampled_from([MEEK, MEEK_NZ]))
def test_pruned_tree_distributes_exactly_as_paper_by_paper(case: tuple, rules: MeekRules,
                                                           layout: str) -> None:
    candidates, rankings, rounds = case
    tree = RankingTree(rankings)
    with patch.object(meek_tree, "ARRAY_NODES", LAYOUTS[layout]):
        for keep in rounds:
            for again in (keep, [k - 1 if 1 < k < ONE else k for k in keep]):
                assert tree.distribute(again, ONE, rules, candidates) == paper_by_paper(
                    rankings, again, rules, candidates)


@st.composite
def counts(draw: st.DrawFn) -> tuple:
    """A count's course: everyone hopeful, then, round by round, some hopeful candidates
    elected (keep value below 1) or excluded (0), the elected's keep values changing."""
    candidates, rankings, _ = draw(cases())
    keep = [ONE] * candidates
    rounds = [list(keep)]
    for _ in range(draw(st.integers(1, candidates))):
        for c in range(candidates):
            if keep[c] == ONE:
                keep[c] = draw(st.sampled_from([ONE, ONE, 0, draw(st.integers(1, ONE - 1))]))
            elif keep[c]:
                keep[c] = draw(st.integers(1, ONE - 1))
        rounds.append(list(keep))
    return candidates, rankings, rounds


@pytest.mark.parametrize("layout", LAYOUTS)
@settings(max_examples=200, deadline=None)
@given(case=counts(), rules=st.sampled_from([MEEK, MEEK_NZ]))
def test_tree_kept_from_round_to_round_distributes_as_paper_by_paper(
        case: tuple, rules: MeekRules, layout: str) -> None:
    """The pruned tree is grown, not rebuilt, as hopeful candidates are elected or excluded,
    several at once or one by one: every round must still be exact."""
    candidates, rankings, rounds = case
    tree = RankingTree(rankings)
    with patch.object(meek_tree, "ARRAY_NODES", LAYOUTS[layout]):
        for keep in rounds:
            assert tree.distribute(keep, ONE, rules, candidates) == paper_by_paper(
                rankings, keep, rules, candidates)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, ONE), max_size=30), keep_value, st.sampled_from([MEEK, MEEK_NZ]))
def test_splitting_many_papers_is_splitting_each(weights: list[int], keep: int,
                                                 rules: MeekRules) -> None:
    one_by_one = [rules.split(weight, keep) for weight in weights]
    keeps, rests = [keep] * len(weights), [ONE - keep] * len(weights)
    assert rules.split_many(weights, keeps, rests) == ([kept for kept, _ in one_by_one],
                                                       [passed for _, passed in one_by_one])
