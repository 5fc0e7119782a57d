"""Quota rules worked by hand under Scottish STV, stage table by stage table.

Each table row is a stage: its number, every candidate's total at its end, the
non-transferable vote, and who was elected and excluded there.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from countdesk.count.constraints import QuotaRules
from countdesk.count.contest import Contest
from countdesk.count.ers97 import count_ers97
from countdesk.count.gregory import count_gregory
from countdesk.count.guard import Guard
from countdesk.count.lots import LotPolicy
from countdesk.count.meek import count_meek
from countdesk.count.meek_rules import MEEK, MEEK_NZ, MeekRules
from countdesk.count.result import Result
from countdesk.count.rules import SCOTTISH
from countdesk.count.separate import count_separately
from countdesk.election import GroupLimit

Row = tuple[str, tuple[str, ...], str, tuple[str, ...], tuple[str, ...]]


def contest(names: Sequence[str], seats: int, lines: Sequence[tuple[int, str]]) -> Contest:
    """Papers as (how many, "initials in order"), each initial a name's first letters."""
    short = {name.split()[0]: c for c, name in enumerate(names)}
    papers = tuple((n, tuple(short[w] for w in text.split())) for n, text in lines)
    return Contest("worked", tuple(names), seats, papers)


def table(result: Result) -> list[Row]:
    return [(s.number, tuple(f"{v:f}".rstrip("0").rstrip(".") for v in s.totals),
             f"{s.non_transferable:f}".rstrip("0").rstrip("."), s.elected, s.excluded)
            for s in result.stages]


def gender(names: Sequence[str], women: set[str]) -> list[tuple[tuple[str, str], ...]]:
    return [(("Gender", "Women" if n.split()[0] in women else "Men"),) for n in names]


def count(c: Contest, limits: Sequence[GroupLimit],
          groups: Sequence[tuple[tuple[str, str], ...]]) -> Result:
    rules = QuotaRules(limits, groups, c.candidates, c.seats)
    return count_gregory(c, SCOTTISH, LotPolicy(seed=1), Guard(rules))


def notes(result: Result) -> list[str]:
    return [f"{s.number}: {n}" for s in result.stages for n in s.notes]


def test_a_minimum_that_bites_keeps_the_lowest_woman() -> None:
    names = ["Adam", "Carl", "Dan", "Eve"]
    c = contest(names, 3, [(10, "Adam"), (6, "Carl"), (5, "Dan Carl"), (4, "Eve Carl")])
    limits = [GroupLimit("Gender", "Women", 1), GroupLimit("Gender", "Men")]
    result = count(c, limits, gender(names, {"Eve"}))
    assert table(result) == [
        ("1", ("10", "6", "5", "4"), "0", ("Adam",), ()),
        ("2", ("7", "6", "5", "4"), "3", (), ()),
        ("3", ("7", "11", "0", "4"), "3", ("Carl", "Eve"), ("Dan",)),
    ]
    assert result.stages[1].guarded == ("Eve",)
    assert result.stages[2].guarded == ("Eve",)
    assert notes(result)[1:3] == [
        "2: Kept in the count: Eve — needed to reach at least 1 Women.",
        "3: Eve has the lowest vote but is kept in the count: needed to reach at least 1 "
        "Women.",
    ]
    assert result.stages[2].action.startswith("Dan excluded with the lowest vote of those "
                                              "not kept (5.00000)")
    free = count_gregory(c, SCOTTISH, LotPolicy(seed=1))
    assert free.elected == ("Adam", "Carl", "Dan")
    assert result.elected == ("Adam", "Carl", "Eve")


def test_a_maximum_that_bites_excludes_before_the_surplus_moves() -> None:
    names = ["Adam", "Ben", "Cath", "Dora"]
    c = contest(names, 2, [(9, "Adam Ben"), (7, "Ben Cath"), (3, "Cath Dora"),
                           (2, "Dora Cath")])
    limits = [GroupLimit("Gender", "Women"), GroupLimit("Gender", "Men", 0, 1)]
    result = count(c, limits, gender(names, {"Cath", "Dora"}))
    assert table(result) == [
        ("1", ("9", "7", "3", "2"), "0", ("Adam",), ()),
        ("2", ("9", "0", "10", "2"), "0", ("Cath",), ("Ben",)),
    ]
    assert result.stages[1].doomed == ("Ben",)
    assert "Excluded: Ben — the only place open to Men is filled." in result.stages[1].notes
    assert count_gregory(c, SCOTTISH, LotPolicy(seed=1)).elected == ("Adam", "Ben")


def test_two_of_a_full_group_reach_the_quota_in_one_stage() -> None:
    names = ["Adam", "Ben", "Cath", "Dora"]
    c = contest(names, 2, [(10, "Adam Ben"), (9, "Ben Cath"), (4, "Cath Dora"),
                           (3, "Dora Cath")])
    limits = [GroupLimit("Gender", "Women"), GroupLimit("Gender", "Men", 0, 1)]
    result = count(c, limits, gender(names, {"Cath", "Dora"}))
    assert table(result) == [
        ("1", ("10", "9", "4", "3"), "0", ("Adam",), ()),
        ("2", ("10", "0", "13", "3"), "0", ("Cath",), ("Ben",)),
    ]
    assert result.stages[0].doomed == ("Ben",)
    assert ("Ben has reached the quota but is not elected: the only place open to Men is "
            "filled; they are excluded at the next stage.") in result.stages[0].notes
    assert result.stages[1].doomed == ("Ben",)


def test_two_overlapping_minimums_guard_a_candidate_neither_would_guard_alone() -> None:
    """3 places, at least 2 women and at least 2 under 30: Yara is the only young woman,
    so every completion holds her. Each dimension alone has a spare candidate, so a count
    that guarded one dimension at a time would exclude her at stage 2 and could then meet
    neither minimum with the other."""
    names = ["Wendy", "Olive", "Mark", "Matt", "Yara"]
    c = contest(names, 3, [(7, "Wendy"), (6, "Olive Wendy"), (7, "Mark"), (5, "Matt Yara"),
                           (3, "Yara Wendy")])
    limits = [GroupLimit("Gender", "Women", 2), GroupLimit("Gender", "Men"),
              GroupLimit("Age", "Under 30", 2), GroupLimit("Age", "30 and over")]
    young = {"Mark", "Matt", "Yara"}
    groups = [(*g, ("Age", "Under 30" if n in young else "30 and over"))
              for n, g in zip(names, gender(names, {"Wendy", "Olive", "Yara"}), strict=True)]
    result = count(c, limits, groups)
    assert table(result) == [
        ("1", ("7", "6", "7", "5", "3"), "0", (), ()),
        ("2", ("7", "6", "7", "0", "8"), "0", ("Yara",), ("Matt",)),
        ("3", ("13", "0", "7", "0", "8"), "0", ("Wendy", "Mark"), ("Olive",)),
    ]
    assert result.stages[1].guarded == ("Yara",)
    assert ("Kept in the count: Yara — needed to reach at least 2 Women and at least 2 "
            "Under 30.") in result.stages[1].notes
    assert result.stages[2].guarded == ("Mark",)
    everyone = range(len(names))
    for dimension in ("Gender", "Age"):
        alone = QuotaRules([lim for lim in limits if lim.dimension == dimension],
                           [tuple(p for p in g if p[0] == dimension) for g in groups],
                           names, 3)
        assert alone.status((), everyone).guarded == frozenset()
    both = QuotaRules(limits, groups, names, 3)
    assert not both.feasible((), [c for c in everyone if names[c] != "Yara"])


def test_separate_counts_reserve_the_womens_place_first() -> None:
    names = ["Adam", "Carl", "Dan", "Eve"]
    c = contest(names, 3, [(10, "Adam"), (6, "Carl"), (5, "Dan Carl"), (4, "Eve Carl")])
    limits = [GroupLimit("Gender", "Women", 1), GroupLimit("Gender", "Men")]
    rules = QuotaRules(limits, gender(names, {"Eve"}), names, 3)

    def gregory(part: Contest) -> Result:
        return count_gregory(part, SCOTTISH, LotPolicy(seed=1))

    result = count_separately(c, rules, gregory)
    assert table(result) == [
        ("1", ("0", "0", "0", "4"), "21", ("Eve",), ()),
        ("2", ("10", "10", "5", "0"), "0", ("Adam", "Carl"), ()),
    ]
    assert result.elected == ("Eve", "Adam", "Carl")
    assert result.excluded == ("Dan",) and result.left_over == ("Dan",)
    assert [(p.label, p.seats, p.first_stage, p.last_stage, str(p.quota), p.elected)
            for p in result.parts] == [
        ("Reserved places for Women", 1, "1", "1", "13.00000", ("Eve",)),
        ("Open places", 2, "2", "2", "9.00000", ("Adam", "Carl")),
    ]
    assert result.stages[0].notes[0] == (
        "Reserved places for Women: 1 place, counted among Eve; every other candidate is "
        "passed over on every paper.")
    assert result.stages[1].action == "Open places: First preferences counted"
    assert result.to_json()["parts"][1]["candidates"] == ["Adam", "Carl", "Dan"]


def test_ers97_excludes_the_doomed_batch_by_batch_before_a_waiting_surplus() -> None:
    """3 places, at least 1 woman. Adam's surplus (16.50 over 40 papers: 0.41 each) makes
    Carl the second man elected; the last place is then a woman's, so Ben is doomed: his
    papers move in two batches (1.00, then 0.41) before Carl's surplus."""
    names = ["Adam", "Ben", "Carl", "Dora", "Eve"]
    c = contest(names, 3, [(20, "Adam Ben Eve"), (20, "Adam Carl"), (14, "Ben Dora"),
                           (20, "Carl"), (8, "Dora"), (12, "Eve Dora")])
    limits = [GroupLimit("Gender", "Women", 1), GroupLimit("Gender", "Men")]
    rules = QuotaRules(limits, gender(names, {"Dora", "Eve"}), names, 3)
    result = count_ers97(c, LotPolicy(seed=1), Guard(rules))
    assert table(result) == [
        ("1", ("40", "14", "20", "8", "12"), "0", ("Adam",), ()),
        ("2", ("23.5", "22.2", "28.2", "8", "12"), "0", ("Carl",), ()),
        ("3.1", ("23.5", "8.2", "28.2", "22", "12"), "0", (), ("Ben",)),
        ("3.2", ("23.5", "0", "28.2", "22", "20.2"), "0", (), ()),
        ("4", ("23.5", "0", "23.5", "22", "20.2"), "4.7", ("Dora",), ()),
    ]
    assert [str(s.loss_by_fractions) for s in result.stages] == ["0.00", "0.10", "0.10",
                                                                 "0.10", "0.10"]
    assert result.stages[2].doomed == ("Ben",)
    assert result.stages[2].notes == (
        "Excluded: Ben — the place left is needed to reach at least 1 Women.",
        "The surplus of Carl (4.70) waits: the doomed are excluded before any surplus is "
        "transferred")
    assert count_ers97(c, LotPolicy(seed=1)).elected == ("Adam", "Carl", "Ben")


def test_ers97_bulk_exclusion_never_takes_a_guarded_candidate() -> None:
    """2 places, at least 1 woman, and Cath the only woman: 5.2.5 would exclude Dan (1) and
    Cath (2) together, since 3 is below Gus's 7; guarded, Cath stays and Dan goes alone."""
    names = ["Ben", "Carl", "Fred", "Gus", "Cath", "Dan"]
    c = contest(names, 2, [(10, "Ben"), (9, "Carl"), (8, "Fred"), (7, "Gus Fred"), (2, "Cath"),
                           (1, "Dan Ben")])
    limits = [GroupLimit("Gender", "Women", 1), GroupLimit("Gender", "Men")]
    rules = QuotaRules(limits, gender(names, {"Cath"}), names, 2)
    result = count_ers97(c, LotPolicy(seed=1), Guard(rules))
    assert table(result) == [
        ("1", ("10", "9", "8", "7", "2", "1"), "0", (), ()),
        ("2", ("11", "9", "8", "7", "2", "0"), "0", (), ("Dan",)),
        ("3", ("11", "9", "15", "0", "2", "0"), "0", ("Fred",), ("Gus",)),
        ("4", ("0", "0", "15", "0", "2", "0"), "20", ("Cath",), ("Ben", "Carl")),
    ]
    assert result.stages[1].guarded == ("Cath",)
    assert result.stages[2].action.startswith(
        "Gus (7.00) excluded with the fewest votes of those not kept in the count (5.2.5)")
    free = count_ers97(c, LotPolicy(seed=1))
    assert free.stages[1].excluded == ("Dan", "Cath")
    assert free.elected == ("Fred", "Ben")


@pytest.mark.parametrize("rules", [MEEK, MEEK_NZ], ids=["meek", "meek-nz"])
def test_meek_excludes_the_doomed_before_the_surplus_iterates(rules: MeekRules) -> None:
    names = ["Adam", "Ben", "Cath", "Dora"]
    c = contest(names, 2, [(9, "Adam Ben"), (7, "Ben Cath"), (3, "Cath Dora"),
                           (2, "Dora Cath")])
    limits = [GroupLimit("Gender", "Women"), GroupLimit("Gender", "Men", 0, 1)]
    quotas = QuotaRules(limits, gender(names, {"Cath", "Dora"}), names, 2)
    result = count_meek(c, rules, LotPolicy(seed=1), Guard(quotas))
    assert [(s.number, s.elected, s.excluded, s.doomed) for s in result.stages] == [
        ("1", ("Adam",), (), ()),
        ("2", ("Cath",), ("Ben",), ("Ben",)),
    ]
    assert result.stages[1].totals[2] == 10
    assert "Excluded: Ben — the only place open to Men is filled." in result.stages[1].notes
    assert count_meek(c, rules, LotPolicy(seed=1)).elected == ("Adam", "Ben")


def test_ers97_bulk_exclusion_leaves_the_quota_rules_possible() -> None:
    """2 places, at least 1 woman: Cath (1) and Dora (2) are each unguarded — either could
    be the woman — but 5.2.5 would exclude both together (3 is below Gus's 6). The group
    shrinks to Cath alone, and Dora is then kept."""
    names = ["Ben", "Carl", "Fred", "Gus", "Cath", "Dora"]
    c = contest(names, 2, [(9, "Ben"), (8, "Carl"), (7, "Fred Carl"), (6, "Gus Fred"),
                           (1, "Cath Ben"), (2, "Dora Carl")])
    limits = [GroupLimit("Gender", "Women", 1), GroupLimit("Gender", "Men")]
    rules = QuotaRules(limits, gender(names, {"Cath", "Dora"}), names, 2)
    result = count_ers97(c, LotPolicy(seed=1), Guard(rules))
    assert table(result) == [
        ("1", ("9", "8", "7", "6", "1", "2"), "0", (), ()),
        ("2", ("10", "8", "7", "6", "0", "2"), "0", (), ("Cath",)),
        ("3", ("10", "8", "13", "0", "0", "2"), "0", ("Fred",), ("Gus",)),
        ("4", ("0", "0", "13", "0", "0", "2"), "18", ("Dora",), ("Ben", "Carl")),
    ]
    assert result.stages[2].guarded == ("Dora",)
    assert count_ers97(c, LotPolicy(seed=1)).stages[1].excluded == ("Cath", "Dora")
