"""A Result kept as JSON (in an election file, or attached to a sheet) reads back exactly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from countdesk.count.result import result_from_json
from countdesk.counting import CountOptions, input_from_files, run_count
from countdesk.errors import CountDeskError

ROOT = Path(__file__).parents[2]
EILEAN = ROOT / "tests" / "data" / "elections" / "scot2017_eilean_siar_ward1.blt"
SAMPLE = ROOT / "resources" / "samples" / "conference_committee_2026"


@pytest.mark.parametrize(("blt", "constraints", "options"), [
    (EILEAN, None, CountOptions("scottish")),
    (EILEAN, None, CountOptions("ers97")),
    (EILEAN, None, CountOptions("meek-nz")),
    (EILEAN, None, CountOptions("wigm", {"precision": 2, "quota": "hare"})),
    (f"{SAMPLE}.blt", f"{SAMPLE}.con", CountOptions("ers97")),
    (f"{SAMPLE}.blt", f"{SAMPLE}.con", CountOptions("scottish", quota_method="separate")),
], ids=["scottish", "ers97", "meek-nz", "wigm", "guard-doom", "separate"])
def test_a_result_reads_back_from_its_json_exactly(blt, constraints, options):
    result = run_count(input_from_files(blt, constraints), options)
    kept = json.loads(json.dumps(result.to_json()))
    again = result_from_json(kept)
    assert again == result
    assert again.to_json() == result.to_json()


def test_a_damaged_result_is_refused_in_words():
    with pytest.raises(CountDeskError, match="cannot be read back"):
        result_from_json({"title": "T", "candidates": ["A"], "stages": [{"stage": "1"}]})
