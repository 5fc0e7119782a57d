"""Hand-built cases for Schedule 1A of the Local Electoral Regulations 2001 (NZ).

Every expected figure is worked out here from the clause text, in decimals at 9 places,
independently of the count's scaled integers.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from countdesk.count.contest import Contest
from countdesk.count.lots import LotPolicy
from countdesk.count.meek import count_meek
from countdesk.count.meek_rules import MEEK, MEEK_NZ
from countdesk.count.result import StageKind

UNIT = Decimal("0.000000001")


def up(x: Decimal) -> Decimal:
    return x.quantize(UNIT, rounding=ROUND_CEILING)


def down(x: Decimal) -> Decimal:
    return x.quantize(UNIT, rounding=ROUND_FLOOR)


def nz_quota(votes: Decimal, non_transferable: Decimal, seats: int) -> Decimal:
    """Clauses 5 and 11: (v − vnt) ÷ (n + 1), truncated to 9 places, plus 0.000000001."""
    return down((votes - non_transferable) / (seats + 1)) + UNIT


def scaled(x: Decimal) -> int:
    return int(x / UNIT)


def contest(names: str, seats: int, papers: list[tuple[int, str]]) -> Contest:
    return Contest(title="hand-built", candidates=tuple(names), seats=seats,
                   papers=tuple((n, tuple(names.index(c) for c in ranking))
                                for n, ranking in papers))


def test_clause10_rounds_up_both_the_share_kept_and_the_value_passed_on() -> None:
    # A paper worth 0.5 meets a candidate whose keep value is 0.333333333.
    kept = up(Decimal("0.5") * Decimal("0.333333333"))  # 0.1666666665 -> 0.166666667
    passed = up(Decimal("0.5") * (1 - Decimal("0.333333333")))  # 0.3333333335 -> 0.333333334
    assert MEEK_NZ.split(scaled(Decimal("0.5")), scaled(Decimal("0.333333333"))) == (
        scaled(kept), scaled(passed))
    # Algorithm 123 passes on exactly what was not kept.
    assert MEEK.split(scaled(Decimal("0.5")), scaled(Decimal("0.333333333"))) == (
        scaled(kept), scaled(Decimal("0.5") - kept))


def test_clause17_rounds_the_keep_value_up_twice() -> None:
    keep, quota, votes = Decimal("0.5"), Decimal("10.000000001"), Decimal(15)
    expected = up(up(keep * quota) / votes)  # 5.0000000005 -> 5.000000001; ÷ 15 -> 0.333333334
    assert expected == Decimal("0.333333334")
    assert MEEK_NZ.new_keep_value(scaled(keep), scaled(quota), scaled(votes)) == scaled(expected)


def test_clause5_quota_is_truncated_then_raised_by_one_unit() -> None:
    ten = count_meek(contest("AB", 2, [(6, "A"), (4, "B")]), MEEK_NZ, LotPolicy())
    assert ten.stages[0].quota == Decimal("3.333333334")
    nine = count_meek(contest("ABC", 2, [(5, "A"), (3, "B"), (1, "C")]), MEEK_NZ, LotPolicy())
    assert nine.stages[0].quota == Decimal("3.000000001")


def test_clause13_excludes_a_sure_loser_before_the_surplus_is_iterated() -> None:
    result = count_meek(contest("ABCD", 2, [(50, "A"), (28, "B"), (2, "CB"), (20, "D")]),
                        MEEK_NZ, LotPolicy())
    first, second = result.stages[0], result.stages[1]
    quota = nz_quota(Decimal(100), Decimal(0), 2)
    assert first.quota == quota and first.elected == ("A",)
    # C's 2 votes plus A's surplus (16.666666666) are below D's 20: C cannot be saved.
    assert Decimal(2) + (Decimal(50) - quota) < Decimal(20)
    assert second.kind is StageKind.EXCLUSION and second.excluded == ("C",)
    assert second.iterations == 1
    # The exclusion's iteration updates A's keep value (cl 17) and allocates again (cl 10).
    keep = up(up(1 * quota) / 50)
    a_votes = 50 * up(1 * keep)
    exhausted = 50 * up(1 * (1 - keep))
    new_quota = nz_quota(Decimal(100), exhausted, 2)
    assert second.keep_values[0] == keep == Decimal("0.666666667")
    assert second.totals == (a_votes, Decimal(30), Decimal(0), Decimal(20))
    assert second.non_transferable == exhausted
    assert second.quota == new_quota == Decimal("27.777777784")
    assert second.elected == ("B",)
    assert result.elected == ("A", "B")


def test_clause13_iterates_until_the_total_surplus_is_below_one_ten_thousandth() -> None:
    result = count_meek(contest("ABC", 2, [(40, "A"), (30, "B"), (30, "C")]),
                        MEEK_NZ, LotPolicy(seed=7))
    keep, a_votes, exhausted = Decimal(1), Decimal(40), Decimal(0)
    quota = nz_quota(Decimal(100), exhausted, 2)
    iterations = 0
    while a_votes - quota >= Decimal("0.0001"):  # B and C tie, so no one is a sure loser
        keep = up(up(keep * quota) / a_votes)
        a_votes = 40 * up(keep)
        exhausted = 40 * up(1 - keep)
        quota = nz_quota(Decimal(100), exhausted, 2)
        iterations += 1
    surplus_stage, exclusion = result.stages[1], result.stages[2]
    assert iterations > 3
    assert surplus_stage.kind is StageKind.SURPLUS
    assert surplus_stage.iterations == iterations
    assert surplus_stage.totals[0] == a_votes
    assert surplus_stage.quota == quota
    assert surplus_stage.keep_values[0] == keep
    assert surplus_stage.totals[0] - surplus_stage.quota < Decimal("0.0001")
    # B and C were equal at every stage, so the exclusion was decided by lot, and said so.
    assert exclusion.kind is StageKind.EXCLUSION
    assert len(result.ties) == 1 and result.ties[0].method.startswith("lot")
    assert any("tied for exclusion" in note for note in exclusion.notes)
    assert "seed 7" in " ".join(result.notes)


def test_a_tie_is_broken_ahead_at_the_first_difference_before_any_lot() -> None:
    # D's papers lift C level with B (12 each); B was ahead at the first preferences.
    result = count_meek(contest("ABCD", 2, [(30, "A"), (12, "B"), (10, "C"), (2, "DC")]),
                        MEEK_NZ, LotPolicy())  # no seed: a lot would stop the count
    before = result.stages[-2]
    assert before.totals[1] == before.totals[2] == Decimal(12)
    assert result.stages[-1].excluded == ("C",)
    assert [(t.tied, t.chosen) for t in result.ties] == [(("B", "C"), "C")]
    assert result.ties[0].method == "ahead at the first difference, stage 1"
    assert result.elected == ("A", "B")
