"""`meek` (Algorithm 123) against OpenTally's reference Meek table for the ERS97 model ballots."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

from countdesk.count.contest import Contest
from countdesk.count.lots import LotPolicy
from countdesk.count.meek import count_meek
from countdesk.count.meek_rules import MEEK
from countdesk.formats.blt import read_blt

ELECTIONS = Path(__file__).parent.parent / "data" / "elections"


def reference() -> tuple[dict, list[list[str]]]:
    data = json.loads((ELECTIONS / "ers97_model_synthetic.json").read_text(encoding="utf-8"))
    return data, list(csv.reader(data["meek_reference_table"].splitlines()))


def test_every_listed_stage_matches_to_two_places() -> None:
    data, table = reference()
    result = count_meek(Contest.from_ballots(read_blt(ELECTIONS / "ers97_model_synthetic.blt")),
                        MEEK, LotPolicy())
    stages = {stage.number: stage for stage in result.stages}
    listed = table[0][1::2]
    rows = {row[0]: row[1::2] for row in table[2:]}
    assert len(listed) == 6
    for column, number in enumerate(listed):
        stage = stages[number]
        for name, total in zip(result.candidates, stage.totals, strict=True):
            assert round(total, 2) == Decimal(rows[name][column]), (number, name)
        assert round(stage.non_transferable, 2) == Decimal(rows["Exhausted"][column]), number
        assert round(stage.quota, 2) == Decimal(rows["Quota"][column]), number
        for name, row in zip(result.candidates, table[2:], strict=False):
            assert row[0] == name
            status = row[2 + 2 * column]
            if status == "EX":
                assert name in {n for s in result.stages[: int(number)] for n in s.excluded}
            if status == "EL":
                assert name in {n for s in result.stages[: int(number)] for n in s.elected}
    assert set(result.elected) == set(data["winners"])


def test_the_sheet_names_the_variant_precision_and_tolerance() -> None:
    result = count_meek(Contest.from_ballots(read_blt(ELECTIONS / "ers97_model_synthetic.blt")),
                        MEEK, LotPolicy())
    parameters = result.to_json()["rules"]["parameters"]
    assert "Algorithm 123" in parameters["variant"]
    assert parameters["precision"].startswith("9 decimal places")
    assert "0.001%" in parameters["tolerance"]
    assert all(stage.iterations >= 1 for stage in result.stages)
    assert result.stages[1].iterations > 1  # Smith's surplus took several iterations
    smith = result.candidates.index("Smith")
    assert Decimal(0) < result.stages[1].keep_values[smith] < Decimal(1)
