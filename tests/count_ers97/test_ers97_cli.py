"""`countdesk count` counts by ERS97 when asked, and when no rules are named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from countdesk.cli import main

MODEL = str(Path(__file__).parents[1] / "data" / "elections" / "ers97_model_synthetic.blt")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["count", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_ers97_is_the_default(capsys: pytest.CaptureFixture[str]) -> None:
    code, default, err = run(capsys, MODEL, "--format", "json")
    assert code == 0 and err == ""
    _, named, _ = run(capsys, MODEL, "--rules", "ers97", "--format", "json")
    assert default == named
    data = json.loads(default)
    assert data["rules"]["key"] == "ers97"
    assert data["quota"] == "107.58"
    assert [s["stage"] for s in data["stages"]] == ["1", "2", "3.1", "3.2", "4.1", "4.2", "5",
                                                   "6.1"]
    assert data["elected"] == ["Smith", "Duke", "Carpenter", "Prince", "Vicar", "Freeman"]
    assert data["excluded"][-1] == {"name": "Baron", "left_over": True}
    for stage in data["stages"]:
        assert all(len(v.split(".")[1]) == 2 for v in stage["totals"].values())


def test_ers97_refuses_another_precision_or_quota(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["count", MODEL, "--precision", "5"])
    _, err = capsys.readouterr()
    assert code != 0 and "ERS97 fixes its precision" in err
    assert "Traceback" not in err
