"""ERS97's special rules, one small election each, the expected stage table worked by hand
from the rule text (Electoral Reform Society, 3rd edition 1997; paragraph numbers cited).

Each table row is (stage, totals in candidate order, non-transferable, loss by fractions,
quota in force); every figure is exact to 2 decimal places.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from countdesk.count.contest import Contest
from countdesk.count.ers97 import count_ers97
from countdesk.count.lots import LotDecision, LotNeeded, LotPolicy
from countdesk.count.result import Result, StageKind
from countdesk.formats.blt import read_blt

Row = tuple[str, tuple[str, ...], str, str, str]


def count(names: str, seats: int, papers: list[tuple[int, str]],
          lots: LotPolicy | None = None) -> Result:
    """``papers``: (how many, preferences as letters), e.g. (10, "ADC")."""
    index = {name: i for i, name in enumerate(names)}
    readings = tuple((n, tuple(index[c] for c in prefs)) for n, prefs in papers)
    return count_ers97(Contest("hand-built", tuple(names), seats, readings),
                       lots or LotPolicy())


def table(result: Result) -> list[Row]:
    return [(s.number, tuple(str(v) for v in s.totals), str(s.non_transferable),
             str(s.loss_by_fractions), str(s.quota)) for s in result.stages]


def elected_at(result: Result) -> dict[str, tuple[str, ...]]:
    return {s.number: s.elected for s in result.stages if s.elected}


def test_quota_is_two_places_plus_a_hundredth_when_not_exact() -> None:
    # 5.1.6: 100 ÷ 3 = 33.333… → 33.33 + 0.01; 100 ÷ 4 = 25 exactly.
    assert str(count("ABCD", 2, [(40, "A"), (30, "B"), (20, "C"), (10, "D")]).stages[0].quota) \
        == "33.34"
    assert str(count("ABCD", 3, [(40, "A"), (30, "B"), (20, "C"), (10, "D")]).quota) == "25.00"


def test_a_surplus_is_deferred_when_it_cannot_save_the_lowest() -> None:
    # 5.2.2 (a): A's surplus 2.66 is less than the 6 between D (14) and C (20), so it waits
    # and D is excluded; D's papers elect C (34 ≥ 33.34); both places are filled, so the
    # surplus is never transferred (5.5.2).
    result = count("ABCD", 2, [(36, "AB"), (30, "B"), (20, "C"), (14, "DC")])
    assert table(result) == [
        ("1", ("36.00", "30.00", "20.00", "14.00"), "0.00", "0.00", "33.34"),
        ("2", ("36.00", "30.00", "34.00", "0.00"), "0.00", "0.00", "33.34"),
    ]
    assert result.stages[1].kind is StageKind.EXCLUSION
    assert any("deferred" in note and "(5.2.2)" in note for note in result.stages[1].notes)
    assert result.elected == ("A", "C")


def test_deferral_and_bulk_exclusion_with_the_deferred_surplus() -> None:
    # 5.2.2 (b) and 5.2.5 (b): A's surplus (50 − 38.34 = 11.66) exceeds the 3 between E and
    # D, but E + D + 11.66 = 18.66 does not exceed C's 28: the surplus is deferred and E and
    # D are excluded together (C would need E + D + C + 11.66 ≤ B's 30: no). Then only B and
    # C continue for one place: A's surplus moves, 50 papers at 11.66 ÷ 50 = 0.23 (0.2332
    # truncated), B 30 × 0.23 = 6.90, C 20 × 0.23 = 4.60; 0.16 is lost by fractions.
    result = count("ABCDE", 2, [(30, "AB"), (20, "AC"), (30, "B"), (28, "C"),
                                (5, "DB"), (2, "EC")])
    assert table(result) == [
        ("1", ("50.00", "30.00", "28.00", "5.00", "2.00"), "0.00", "0.00", "38.34"),
        ("2", ("50.00", "35.00", "30.00", "0.00", "0.00"), "0.00", "0.00", "38.34"),
        ("3", ("38.34", "41.90", "34.60", "0.00", "0.00"), "0.00", "0.16", "38.34"),
    ]
    assert result.stages[1].excluded == ("E", "D")
    assert elected_at(result) == {"1": ("A",), "3": ("B",)}


def test_bulk_exclusion_without_a_surplus() -> None:
    # 5.2.5: E 5 + D 8 + C 10 = 23 does not exceed B's 35, and two candidates remain for one
    # place, so C, D and E go together in one stage (adding B, 58 > A's 40, would not).
    # 5 papers exhaust; no one is yet elected, so the quota becomes (98 − 5) ÷ 2 = 46.50.
    result = count("ABCDE", 1, [(40, "A"), (35, "B"), (10, "CB"), (8, "DA"), (5, "E")])
    assert table(result) == [
        ("1", ("40.00", "35.00", "10.00", "8.00", "5.00"), "0.00", "0.00", "49.00"),
        ("2", ("48.00", "45.00", "0.00", "0.00", "0.00"), "5.00", "0.00", "46.50"),
    ]
    assert set(result.stages[1].excluded) == {"C", "D", "E"}
    assert result.elected == ("A",)


def test_the_quota_is_reduced_until_someone_is_elected_and_fixes_the_surplus() -> None:
    # 5.4.8: D's exclusion makes 7 papers non-transferable before anyone is elected, so the
    # quota is recalculated on 93: 31.00. A (40) is elected with a surplus of 9.00 (not
    # 6.66), which then moves from the last batch A received only (5.3.2): the 10 papers
    # from D, next preference B, at 9.00 ÷ 10 = 0.90. A's own 30 papers (next C) stay.
    result = count("ABCD", 2, [(30, "AC"), (28, "B"), (25, "C"), (10, "DAB"), (7, "D")])
    assert table(result) == [
        ("1", ("30.00", "28.00", "25.00", "17.00"), "0.00", "0.00", "33.34"),
        ("2", ("40.00", "28.00", "25.00", "0.00"), "7.00", "0.00", "31.00"),
        ("3", ("31.00", "37.00", "25.00", "0.00"), "7.00", "0.00", "31.00"),
    ]
    assert any("(5.4.8)" in note for note in result.stages[1].notes)
    assert result.quota == result.stages[-1].quota
    assert elected_at(result) == {"2": ("A",), "3": ("B",)}


def test_a_later_surplus_moves_only_the_last_batch_received() -> None:
    # 5.3.1: A's first-stage surplus (35) moves all 60 papers at 0.58 (0.5833 truncated):
    # B gains 34.80, 0.20 is lost. 5.3.2: B's surplus (29.80) arose from that batch, so only
    # those 60 papers move, at 29.80 ÷ 60 = 0.49 (0.4966 truncated) to C: 29.40, 0.40 lost.
    # B's own 20 papers (next D) do not move: D stays at 5.
    result = count("ABCD", 3, [(60, "ABC"), (20, "BD"), (15, "C"), (5, "D")])
    assert table(result) == [
        ("1", ("60.00", "20.00", "15.00", "5.00"), "0.00", "0.00", "25.00"),
        ("2", ("25.00", "54.80", "15.00", "5.00"), "0.00", "0.20", "25.00"),
        ("3", ("25.00", "25.00", "44.40", "5.00"), "0.00", "0.60", "25.00"),
    ]
    assert result.elected == ("A", "B", "C")
    assert result.excluded == ("D",) and result.left_over == ("D",)  # 5.5.2


def test_transfer_value_counts_only_transferable_papers() -> None:
    # 5.3.7–5.3.9: of A's 50 papers 20 have no next preference; the surplus 16.66 is shared
    # by the 30 transferable ones at 0.55 (0.5553 truncated): B gains 16.50. The 0.16 left
    # by truncation is the non-transferable difference; the 20 papers carry nothing.
    result = count("ABC", 2, [(30, "AB"), (20, "A"), (26, "B"), (24, "C")])
    assert table(result) == [
        ("1", ("50.00", "26.00", "24.00"), "0.00", "0.00", "33.34"),
        ("2", ("33.34", "42.50", "24.00"), "0.00", "0.16", "33.34"),
    ]


def test_papers_worth_less_than_the_surplus_keep_their_value() -> None:
    # E 10 + D 11 = 21 does not exceed C's 24 (adding C, 45, would exceed B's 25), so D and
    # E go together (5.2.5); 20 papers exhaust and, no one yet elected, the quota falls from
    # 33.34 to (100 − 20) ÷ 3 = 26.67 (5.4.8). A (31)
    # is elected with a surplus of 4.33 that arose from one paper (E → A → B). 5.3.7: its
    # value 1.00 does not exceed the surplus, so it moves at 1.00 and the other 3.33 of the
    # surplus is non-transferable. B (26.00) then has at least the total active vote
    # (26.00 + 24.00 = 50.00) ÷ 2 = 25.00, below the quota: elected by 5.3.13 (b).
    result = count("ABCDE", 2, [(30, "A"), (25, "B"), (24, "C"), (11, "D"), (1, "EAB"),
                                (9, "E")])
    assert table(result) == [
        ("1", ("30.00", "25.00", "24.00", "11.00", "10.00"), "0.00", "0.00", "33.34"),
        ("2", ("31.00", "25.00", "24.00", "0.00", "0.00"), "20.00", "0.00", "26.67"),
        ("3", ("26.67", "26.00", "24.00", "0.00", "0.00"), "23.33", "0.00", "26.67"),
    ]
    assert elected_at(result) == {"2": ("A",), "3": ("B",)}
    assert "total active vote" in result.stages[2].notes[-1]


def test_exclusion_moves_batch_by_batch_and_checks_elections_after_each() -> None:
    # A's surplus 5.00 moves 30 papers at 0.16 (0.1666 truncated): D 1.60, B 3.20, 0.20
    # lost. D is excluded (5.4.1): first the 13 papers of value 1.00 (stage 3.1), which
    # elect C at 33.00 (5.4.9); then the 10 papers of value 0.16 (stage 3.2), whose next
    # preference C is no longer continuing, so they go on to B (5.4.10, 5.4.11). C's surplus
    # (8.00) then comes from the last batch C received, the 13 papers of 3.1, at 0.61:
    # 7.93 to B, who is elected. E is left over when the places are filled (5.5.2).
    result = count("ABCDE", 3, [(10, "ADCB"), (20, "AB"), (20, "B"), (20, "C"), (17, "E"),
                                (13, "DCB")])
    assert table(result) == [
        ("1", ("30.00", "20.00", "20.00", "13.00", "17.00"), "0.00", "0.00", "25.00"),
        ("2", ("25.00", "23.20", "20.00", "14.60", "17.00"), "0.00", "0.20", "25.00"),
        ("3.1", ("25.00", "23.20", "33.00", "1.60", "17.00"), "0.00", "0.20", "25.00"),
        ("3.2", ("25.00", "24.80", "33.00", "0.00", "17.00"), "0.00", "0.20", "25.00"),
        ("4", ("25.00", "32.73", "25.00", "0.00", "17.00"), "0.00", "0.27", "25.00"),
    ]
    assert elected_at(result) == {"1": ("A",), "3.1": ("C",), "4": ("B",)}
    assert result.stages[2].excluded == ("D",) and result.stages[3].excluded == ()
    assert result.left_over == ("E",)


def test_a_tie_for_exclusion_looks_forwards_to_the_first_stage() -> None:
    # C and D have 13 each after stage 3. 5.2.5: the one with fewer votes at the first stage
    # (C 9 < D 11) is excluded — looking back to stage 2 (C 13 > D 11) would exclude D and
    # elect C instead. Surpluses that do not exceed their papers' value: 5.3.7's other case.
    result = count("ABCDE", 3, [(4, "ACD"), (27, "A"), (2, "BD"), (27, "B"), (9, "CD"),
                                (11, "D"), (20, "E")])
    assert table(result) == [
        ("1", ("31.00", "29.00", "9.00", "11.00", "20.00"), "0.00", "0.00", "25.00"),
        ("2", ("25.00", "29.00", "13.00", "11.00", "20.00"), "2.00", "0.00", "25.00"),
        ("3", ("25.00", "25.00", "13.00", "13.00", "20.00"), "4.00", "0.00", "25.00"),
        ("4", ("25.00", "25.00", "0.00", "26.00", "20.00"), "4.00", "0.00", "25.00"),
    ]
    assert result.elected == ("A", "B", "D")
    tie = result.ties[0]
    assert (tie.stage, tie.tied, tie.chosen) == ("4", ("C", "D"), "C")
    assert tie.method.startswith("looking forwards: stage 1")


def test_a_tie_for_the_last_place_is_broken_forwards() -> None:
    # 5.6.2: with the quota reduced to (24 − 4) ÷ 2 = 10.00 (5.4.8), A and B both have it
    # and there is one place: A had more at the first stage (10 > 9) and is elected.
    result = count("ABC", 1, [(10, "A"), (9, "B"), (1, "CB"), (4, "C")])
    assert table(result) == [
        ("1", ("10.00", "9.00", "5.00"), "0.00", "0.00", "12.00"),
        ("2", ("10.00", "10.00", "0.00"), "4.00", "0.00", "10.00"),
    ]
    assert result.elected == ("A",)
    assert result.ties[0].purpose == "the last places"


def test_a_tie_equal_at_every_point_elects_none_then_the_last_place_by_lot() -> None:
    # 5.6.2: A and B have the quota (10.00) and have been equal at every point: neither is
    # elected at stage 2. Stage 3: one of them must be excluded (5.2.5, by lot as they are
    # equal throughout), which leaves one continuing candidate for one place: elected with
    # no transfer (5.5.1). (OpenSTV would elect by candidate order at stage 2.)
    papers = [(10, "A"), (10, "B"), (5, "C")]
    with pytest.raises(LotNeeded) as needed:
        count("ABC", 1, papers)
    assert (needed.value.stage, needed.value.tied) == ("3", ("A", "B"))
    result = count("ABC", 1, papers, LotPolicy((LotDecision("3", ("A", "B"), "A", "RO"),)))
    assert table(result) == [
        ("1", ("10.00", "10.00", "5.00"), "0.00", "0.00", "12.50"),
        ("2", ("10.00", "10.00", "0.00"), "5.00", "0.00", "10.00"),
        ("3", ("10.00", "10.00", "0.00"), "5.00", "0.00", "10.00"),
    ]
    assert result.stages[1].elected == () and "(5.6.2)" in result.stages[1].notes[-1]
    assert result.stages[2].kind is StageKind.ELECTION and "(5.5.1)" in result.stages[2].action
    assert result.elected == ("B",) and result.left_over == ("A",)


def test_the_count_stops_inside_an_exclusion_once_the_places_are_filled() -> None:
    # 5.5.2 (the model election in tests/data/elections): the first batch of Abbot's papers
    # elects Vicar at quota and then Freeman by the active vote; the 2.10 of lower value
    # never moves, and Baron is formally excluded.
    path = Path(__file__).parents[1] / "data" / "elections" / "ers97_model_synthetic.blt"
    result = count_ers97(Contest.from_ballots(read_blt(path)), LotPolicy())
    last = result.stages[-1]
    assert last.number == "6.1"
    assert dict(zip(result.candidates, map(str, last.totals), strict=True))["Abbot"] == "2.10"
    assert last.elected == ("Vicar", "Freeman")
    assert result.left_over == ("Baron",)
