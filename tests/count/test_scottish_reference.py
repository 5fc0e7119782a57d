"""Every Scottish reference election, counted under `scottish`, gives the official result:
the quota, the winners in order, and every official stage's totals."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from countdesk.count.contest import Contest
from countdesk.count.gregory import count_gregory
from countdesk.count.lots import LotPolicy
from countdesk.count.result import Result, Stage
from countdesk.count.rules import SCOTTISH
from countdesk.formats.blt import read_blt

ELECTIONS = Path(__file__).parents[1] / "data" / "elections"
SCOTTISH_FILES = sorted(p.stem for p in ELECTIONS.glob("scot*.json"))


def count(name: str) -> Result:
    contest = Contest.from_ballots(read_blt(ELECTIONS / f"{name}.blt"))
    return count_gregory(contest, SCOTTISH, LotPolicy())


def matching_stages(result: Result, official: list[dict]) -> list[tuple[dict, Stage]]:
    """Pair each official stage with ours by its content: whose papers moved.

    Official tables show no stage for a candidate elected with exactly the quota, so ours
    may have stages the official table lacks, never the other way round.
    """
    pairs = []
    ours = iter(result.stages)
    for stage in official:
        if stage["stage"] == 1:
            pairs.append((stage, next(ours)))
            continue
        for mine in ours:
            if list(mine.subjects) == stage["transfer_from"]:
                pairs.append((stage, mine))
                break
        else:
            pytest.fail(f"official stage {stage['stage']} (transfer from "
                        f"{stage['transfer_from']}) has no counterpart in ours")
    return pairs


@pytest.mark.parametrize("name", SCOTTISH_FILES)
def test_scottish_count_matches_the_official_result(name: str) -> None:
    official = json.loads((ELECTIONS / f"{name}.json").read_text(encoding="utf-8"))
    result = count(name)
    assert result.quota == Decimal(str(official["quota"]))
    assert result.valid_votes == Decimal(official["valid_votes"])
    assert list(result.elected) == official["winners"]
    rounded = "rounded" in official.get("totals_precision", "")
    tolerance = Decimal("0.01") if rounded else Decimal(0)
    for stage, mine in matching_stages(result, official["stages"]):
        where = f"{name}, official stage {stage['stage']} (ours {mine.number})"
        for candidate, total in stage["totals"].items():
            ours = mine.totals[result.candidates.index(candidate)]
            assert abs(ours - Decimal(total)) <= tolerance, f"{where}: {candidate}"
        # The official figure is derived (valid votes − totals): exhausted + loss by fractions.
        derived = mine.non_transferable + mine.loss_by_fractions
        nt_tolerance = tolerance * len(stage["totals"])
        assert abs(derived - Decimal(stage["non_transferable"])) <= nt_tolerance, where
        assert set(mine.elected) == set(stage["elected_this_stage"]), where


def test_dublin_north_elects_the_official_winners() -> None:
    official = json.loads((ELECTIONS / "ie2002_dublin_north.json").read_text(encoding="utf-8"))
    result = count("ie2002_dublin_north")
    assert sorted(result.elected) == sorted(official["winners"])


def test_a_candidate_elected_with_exactly_the_quota_gets_no_stage() -> None:
    # 9 papers, 2 places: quota 4. Ann has exactly 4, so no surplus stage; Bob is excluded.
    papers = ((4, (0, 1)), (2, (1, 2)), (3, (2,)))
    contest = Contest("exact", ("Ann", "Bob", "Cat"), 2, papers)
    result = count_gregory(contest, SCOTTISH, LotPolicy())
    assert result.stages[0].elected == ("Ann",)
    assert [s.subjects for s in result.stages[1:]] == [("Bob",)]
    assert result.elected == ("Ann", "Cat")
    assert result.stages[-1].totals == (Decimal(4), Decimal(0), Decimal(5))
