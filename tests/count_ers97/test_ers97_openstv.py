"""`ers97` against OpenSTV 1.7's ERS97STV sheets (tests/data/ers97-openstv/, see its README).

OpenSTV shows an exclusion of several batches as one stage, so its stage N is compared with
the end of CountDesk's stage N (its last sub-stage). OpenSTV's "Non-transferable" row holds
exhausted papers and the non-transferable difference together, so it is compared with
CountDesk's non_transferable + loss_by_fractions. Its sheet marks who was elected but not at
which stage, so winners are compared as a set.

Every one of these elections agrees at every stage: no stage is disputed. OpenSTV was run
with ties by lot falling to the earliest candidate on the ballot (`-t index`); two conference
elections need such a lot (equal surpluses, equal at every earlier point, 5.2.3), so here the
lot falls the same way, and the test says which were drawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from ers97_sheet import Sheet, read_sheet

from countdesk.count.contest import Contest
from countdesk.count.ers97 import count_ers97
from countdesk.count.lots import LotPolicy
from countdesk.count.result import Result, TieDecision
from countdesk.formats.blt import read_blt

DATA = Path(__file__).parent.parent / "data"
SHEETS = sorted((DATA / "ers97-openstv").glob("*.csv"))


def ballots_for(sheet: Path) -> Path:
    beside = sheet.with_suffix(".blt")
    return beside if beside.exists() else DATA / "elections" / beside.name


LOTS = {
    "conference_45c_20s_seed11": [("8", "order of surpluses", ("M10", "M14"), "M10")],
    "conference_45c_20s_seed13": [("6", "order of surpluses", ("M04", "W25"), "M04")],
}


class BallotOrder(LotPolicy):
    """Every lot falls to the earliest of the tied candidates on the ballot, as OpenSTV's
    `-t index` breaks ties."""

    def decide(self, stage: str, purpose: str, tied: Sequence[str],
               first_stage: int = 1) -> TieDecision:
        return TieDecision(stage, purpose, tuple(tied), tied[0], "ballot-paper order")


def count(sheet: Path) -> Result:
    return count_ers97(Contest.from_ballots(read_blt(ballots_for(sheet))), BallotOrder())


def stage_ends(result: Result) -> dict[str, int]:
    """OpenSTV's stage number → the index of CountDesk's last (sub-)stage of that stage."""
    return {stage.number.split(".")[0]: i for i, stage in enumerate(result.stages)}


def subject(result: Result, index: int) -> str:
    stage = result.stages[index]
    kind = "Surplus of" if stage.kind.value == "surplus" else "Exclusion of"
    return f"{kind} {'+'.join(sorted(stage.subjects))}"


@pytest.fixture(scope="module", params=SHEETS, ids=lambda p: p.stem)
def pair(request: pytest.FixtureRequest) -> tuple[Sheet, Result]:
    return read_sheet(request.param), count(request.param)


def test_there_is_a_sheet_for_every_reference_election_and_three_conferences() -> None:
    stems = {p.stem for p in SHEETS}
    references = {p.stem for p in (DATA / "elections").glob("*.blt")}
    assert references <= stems
    assert len([s for s in stems if s.startswith("conference_45c_20s")]) == 3


def test_same_quota(pair: tuple[Sheet, Result]) -> None:
    sheet, result = pair
    assert result.quota == sheet.quota
    assert result.valid_votes == sheet.valid


def test_same_winners(pair: tuple[Sheet, Result]) -> None:
    sheet, result = pair
    assert set(result.elected) == sheet.elected
    assert len(result.elected) == sheet.seats


def test_same_stages_in_the_same_order(pair: tuple[Sheet, Result]) -> None:
    sheet, result = pair
    ends = stage_ends(result)
    assert len(ends) == len(sheet.totals)
    mine = [subject(result, ends[str(n)]) for n in range(2, len(ends) + 1)]
    theirs = [" ".join(s.split(" ", 2)[:2]) + " " + "+".join(sorted(s.split(" ", 2)[2].split("+")))
              for s in sheet.subjects]
    assert mine == theirs


def test_same_totals_at_every_stage(pair: tuple[Sheet, Result]) -> None:
    sheet, result = pair
    ends = stage_ends(result)
    for number, expected in enumerate(sheet.totals, start=1):
        stage = result.stages[ends[str(number)]]
        totals = dict(zip(result.candidates, stage.totals, strict=True))
        assert totals == expected, f"stage {number}"
        lost = stage.non_transferable + stage.loss_by_fractions
        assert lost == sheet.non_transferable[number - 1], f"stage {number}"


def test_lots_only_where_candidates_were_equal_at_every_point(
        pair: tuple[Sheet, Result], request: pytest.FixtureRequest) -> None:
    _, result = pair
    name = request.node.callspec.id
    drawn = [(t.stage, t.purpose, t.tied, t.chosen) for t in result.ties
             if t.method == "ballot-paper order"]
    assert drawn == LOTS.get(name, [])
