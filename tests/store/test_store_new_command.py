"""countdesk new: from arguments or from a small setup file (JSON or TOML)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from countdesk.cli import main
from countdesk.election import Candidate, GroupLimit, LoneCross
from countdesk.store.election_file import ElectionFile

SETUP = {
    "title": "National committee",
    "seats": 2,
    "organisation": "Network",
    "returning_officer": "Rita",
    "lone_cross": "invalid",
    "rule_options": {"precision": "2"},
    "candidates": ["Ann", {"name": "Bob", "affiliation": "Blue", "groups": {"Gender": "Men"}},
                   {"name": "Cat", "groups": {"Gender": "Women"}, "withdrawn": True}],
    "limits": [{"dimension": "Gender", "group": "Women", "minimum": 1}],
    "tellers": ["Tom"],
    "scrutineers": ["Sam"],
}
TOML = """
title = "National committee"
seats = 2
organisation = "Network"
returning_officer = "Rita"
lone_cross = "invalid"
rule_options = { precision = "2" }
tellers = ["Tom"]
scrutineers = ["Sam"]
candidates = ["Ann", { name = "Bob", affiliation = "Blue", groups = { Gender = "Men" } },
              { name = "Cat", groups = { Gender = "Women" }, withdrawn = true }]
limits = [{ dimension = "Gender", group = "Women", minimum = 1 }]
"""


def test_new_from_arguments(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "e.countdesk"
    assert main(["new", str(path), "--title", "Committee", "--seats", "2", "--candidate",
                 "Ann", "--candidate", "Bob", "--candidate", "Cat", "--lone-cross", "invalid",
                 "--teller", "Tom", "--by", "Rita"]) == 0
    assert "3 candidates for 2 seats" in capsys.readouterr().out
    with ElectionFile.open(path) as election:
        setup = election.setup()
        assert setup.names == ("Ann", "Bob", "Cat")
        assert (setup.seats, setup.lone_cross, setup.tellers) == (2, LoneCross.INVALID, ("Tom",))
        assert election.audit_log()[-1].who == "Rita"


@pytest.mark.parametrize("suffix", [".json", ".toml"])
def test_new_from_a_setup_file(tmp_path: Path, suffix: str) -> None:
    setup_file = tmp_path / f"setup{suffix}"
    setup_file.write_text(json.dumps(SETUP) if suffix == ".json" else TOML, encoding="utf-8")
    path = tmp_path / "e.countdesk"
    assert main(["new", str(path), "--setup", str(setup_file)]) == 0
    with ElectionFile.open(path) as election:
        setup = election.setup()
    assert setup.candidates == (Candidate("Ann"), Candidate("Bob", "Blue", (("Gender", "Men"),)),
                                Candidate("Cat", "", (("Gender", "Women"),), withdrawn=True))
    assert setup.limits == (GroupLimit("Gender", "Women", 1, None),)
    assert (setup.lone_cross, setup.rule_options, setup.returning_officer) == (
        LoneCross.INVALID, (("precision", "2"),), "Rita")


@pytest.mark.parametrize(("change", "reason"), [
    ({"seats": "two"}, "seats should be a whole number"),
    ({"colour": "red"}, "unknown key 'colour'"),
    ({"candidates": ["Ann", "ann"]}, "two candidates are called 'Ann'"),
    ({"lone_cross": "maybe"},
     "'lone_cross' should be one of 'first-preference', 'invalid', not 'maybe'"),
])
def test_a_bad_setup_file_is_refused_and_leaves_no_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], change: dict[str, object],
        reason: str) -> None:
    setup_file = tmp_path / "setup.json"
    setup_file.write_text(json.dumps({**SETUP, **change}), encoding="utf-8")
    path = tmp_path / "e.countdesk"
    assert main(["new", str(path), "--setup", str(setup_file)]) == 1
    error = capsys.readouterr().err
    assert error.startswith(f"countdesk: {setup_file}: ") and reason in error
    assert not path.exists()


def test_new_needs_a_title_seats_and_candidates(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", str(tmp_path / "e.countdesk"), "--title", "T"]) == 1
    assert "give --title, --seats and a --candidate" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
