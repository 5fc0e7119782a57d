"""`countdesk count --rules meek | meek-nz`: the JSON names the variant and carries each
stage's keep values and iterations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from countdesk.cli import main

BLT = str(Path(__file__).parent.parent / "data" / "elections" / "ers97_model_synthetic.blt")


@pytest.mark.parametrize(("key", "tolerance"), [("meek", "0.001%"), ("meek-nz", "0.0001")])
def test_json_names_the_variant_and_records_keep_values(
    capsys: pytest.CaptureFixture[str], key: str, tolerance: str
) -> None:
    assert main(["count", BLT, "--rules", key, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["rules"]["key"] == key
    assert tolerance in data["rules"]["parameters"]["tolerance"]
    assert set(data["elected"]) == {"Smith", "Duke", "Carpenter", "Prince", "Vicar", "Freeman"}
    for stage in data["stages"]:
        assert set(stage["keep_values"]) == set(data["candidates"])
        assert stage["iterations"] >= 1


def test_meek_refuses_a_precision(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["count", BLT, "--rules", "meek", "--precision", "4"]) != 0
    assert "9 decimal places" in capsys.readouterr().err
