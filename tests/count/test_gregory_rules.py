"""Gregory counts worked by hand from the rule text: weighted inclusive Gregory at 2 and 9
decimal places, Droop and Hare quotas; withdrawals; ties looking back, and by lot."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from countdesk.count.contest import Contest
from countdesk.count.gregory import count_gregory
from countdesk.count.lots import LotDecision, LotNeeded, LotPolicy
from countdesk.count.result import Result
from countdesk.count.rules import SCOTTISH, wigm

NAMES = ("Ann", "Bob", "Cat")
# 13 papers, 2 places. Ann 9 (6 then Bob, 3 then Cat), Bob 2, Cat 2.
PAPERS = ((6, (0, 1)), (3, (0, 2)), (2, (1,)), (2, (2,)))


def run(places: int, quota: str, papers=PAPERS, seats: int = 2) -> Result:
    contest = Contest("hand", NAMES, seats, papers)
    return count_gregory(contest, wigm(places, quota), LotPolicy())


def rows(result: Result) -> list[tuple]:
    return [(s.totals, s.non_transferable, s.loss_by_fractions) for s in result.stages]


def test_wigm_droop_two_places() -> None:
    # Quota 13 ÷ 3 = 4, plus 1 = 5. Ann's surplus 4: each paper 1 × 4 ÷ 9 = 0.44 (0.4444...).
    # Bob +6 × 0.44 = 2.64; Cat +3 × 0.44 = 1.32; lost 4 − 9 × 0.44 = 0.04.
    # Then Cat (3.32) is excluded: her papers have no next choice (3.32 non-transferable),
    # and Bob, the one continuing candidate for the one place left, is elected.
    result = run(2, "droop")
    assert result.quota == D("5.00")
    assert rows(result) == [
        ((D("9.00"), D("2.00"), D("2.00")), D("0.00"), D("0.00")),
        ((D("5.00"), D("4.64"), D("3.32")), D("0.00"), D("0.04")),
        ((D("5.00"), D("4.64"), D("0.00")), D("3.32"), D("0.04")),
    ]
    assert result.elected == ("Ann", "Bob")
    assert result.excluded == ("Cat",)


def test_wigm_droop_nine_places() -> None:
    # 4 ÷ 9 = 0.444444444 (remainder ignored): Bob +2.666666664, Cat +1.333333332,
    # lost 4 − 3.999999996 = 0.000000004.
    result = run(9, "droop")
    assert rows(result)[1] == (
        (D("5.000000000"), D("4.666666664"), D("3.333333332")), D("0E-9"), D("0.000000004"))
    assert rows(result)[2][1:] == (D("3.333333332"), D("0.000000004"))
    assert result.elected == ("Ann", "Bob")


def test_wigm_hare_two_places() -> None:
    # Hare quota 13 ÷ 2 = 6.50. Ann's surplus 2.50: each paper 2.5 ÷ 9 = 0.27 (0.2777...).
    # Bob +1.62, Cat +0.81, lost 2.50 − 2.43 = 0.07. Cat (2.81) excluded, Bob elected.
    result = run(2, "hare")
    assert result.quota == D("6.50")
    assert rows(result) == [
        ((D("9.00"), D("2.00"), D("2.00")), D("0.00"), D("0.00")),
        ((D("6.50"), D("3.62"), D("2.81")), D("0.00"), D("0.07")),
        ((D("6.50"), D("3.62"), D("0.00")), D("2.81"), D("0.07")),
    ]


def test_hare_quota_is_rounded_up_to_the_precision() -> None:
    papers = ((4, (0,)), (3, (1,)), (3, (2,)))  # 10 papers, 3 places: 3.333...
    assert run(2, "hare", papers, seats=3).quota == D("3.34")
    assert run(9, "hare", papers, seats=3).quota == D("3.333333334")


def test_scottish_values_are_truncated_paper_by_paper() -> None:
    # Quota 13 ÷ 3 + 1 = 5; 4 × 1 ÷ 9 = 0.44444 per paper: Bob 2 + 6 × 0.44444.
    result = count_gregory(Contest("hand", NAMES, 2, PAPERS), SCOTTISH, LotPolicy())
    assert result.stages[1].totals[1] == D("4.66664")
    assert result.stages[1].loss_by_fractions == D("0.00004")


def test_withdrawn_candidates_are_passed_over_on_every_paper() -> None:
    # Bob withdrawn: his 2 papers go nowhere; Ann's papers that name Bob next exhaust.
    contest = Contest("hand", NAMES, 1, PAPERS, withdrawn=frozenset({1}))
    result = count_gregory(contest, SCOTTISH, LotPolicy())
    assert result.withdrawn == ("Bob",)
    assert all(s.totals[1] == 0 for s in result.stages)
    assert result.stages[0].non_transferable == D("2.00000")
    assert "Bob" not in result.excluded and "Bob" not in result.elected
    assert any("Withdrawn: Bob" in note for note in result.notes)


# Lots: 7 papers, 1 place, quota 4. Ann 3; Bob 2 (then Cat) and Cat 2 (then Bob) are equal
# at every stage, so the rules send the exclusion to a lot.
TIED = ((3, (0,)), (2, (1, 2)), (2, (2, 1)))


def test_a_tie_equal_at_every_stage_needs_a_lot() -> None:
    with pytest.raises(LotNeeded) as stop:
        count_gregory(Contest("tie", NAMES, 1, TIED), SCOTTISH, LotPolicy())
    assert stop.value.tied == ("Bob", "Cat")
    assert stop.value.stage == "2"


@pytest.mark.parametrize("chosen, winner", [("Bob", "Cat"), ("Cat", "Bob")])
def test_a_lot_drawn_in_the_hall_completes_the_count(chosen: str, winner: str) -> None:
    lots = LotPolicy(decisions=(LotDecision("2", ("Bob", "Cat"), chosen, "the RO"),))
    result = count_gregory(Contest("tie", NAMES, 1, TIED), SCOTTISH, lots)
    assert result.elected == (winner,)
    assert result.stages[1].excluded == (chosen,)
    assert [t.chosen for t in result.ties] == [chosen]
    assert any("drawn by the RO" in note for note in result.stages[1].notes)


def test_a_seeded_lot_is_recorded_and_repeats() -> None:
    first = count_gregory(Contest("tie", NAMES, 1, TIED), SCOTTISH, LotPolicy(seed=7))
    again = count_gregory(Contest("tie", NAMES, 1, TIED), SCOTTISH, LotPolicy(seed=7))
    assert first.to_json() == again.to_json()
    assert first.seed == 7
    assert "seed 7" in first.ties[0].method
    draws = {count_gregory(Contest("tie", NAMES, 1, TIED), SCOTTISH,
                           LotPolicy(seed=s)).elected for s in range(12)}
    assert draws == {("Bob",), ("Cat",)}  # the seed really decides


def test_a_tie_is_broken_by_the_most_recent_stage_where_they_differed() -> None:
    # 11 papers, 1 place, quota 6. Ann 5, Bob 3, Cat 2, Dan 1 (then Cat then Ann).
    # Dan is excluded: Cat reaches 3, level with Bob. At stage 1 Cat had fewer: Cat goes.
    names = ("Ann", "Bob", "Cat", "Dan")
    papers = ((5, (0,)), (3, (1,)), (2, (2, 0)), (1, (3, 2, 0)))
    result = count_gregory(Contest("back", names, 1, papers), SCOTTISH, LotPolicy())
    assert [s.excluded for s in result.stages[1:3]] == [("Dan",), ("Cat",)]
    assert result.ties[0].tied == ("Bob", "Cat")
    assert "stage 1" in result.ties[0].method
    assert result.elected == ("Ann",)
