"""`countdesk count` as a user runs it: outputs, lots on the command line, refusals."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from countdesk.cli import main
from countdesk.count.lots import seed_from_fingerprint

ELECTIONS = Path(__file__).parents[1] / "data" / "elections"
GLASGOW = str(ELECTIONS / "scot2017_glasgow_ward16.blt")
# 7 papers, 1 place: Bob and Cat are level at every stage, so one is excluded by lot.
TIED_BLT = '3 1\n3 1 0\n2 2 3 0\n2 3 2 0\n0\n"Ann"\n"Bob"\n"Cat"\n"A tie"\n'


@pytest.fixture
def tied(tmp_path: Path) -> str:
    path = tmp_path / "tied.blt"
    path.write_text(TIED_BLT, encoding="utf-8")
    return str(path)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["count", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_is_one_document_with_the_result_and_fingerprint(capsys) -> None:
    code, out, err = run(capsys, GLASGOW, "--rules", "scottish", "--format", "json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["quota"] == "1155.00000"
    assert data["elected"] == ["Allan Gow", "Gary Gray", "Jacqueline McLaren", "Robert Mooney"]
    assert len(data["stages"]) == 11
    assert data["seed"] == seed_from_fingerprint(data["ballots_sha256"])
    assert any(str(data["seed"]) in note for note in data["notes"])


def test_json_puts_each_stage_on_a_line_of_its_own(capsys) -> None:
    """A scrutineer comparing two counts' JSON sees which stages differ, line by line."""
    code, out, _ = run(capsys, GLASGOW, "--rules", "scottish", "--format", "json")
    assert code == 0
    data = json.loads(out)
    lines = out.splitlines()
    for stage in data["stages"]:
        line = next(line for line in lines if f'"stage": "{stage["stage"]}",' in line)
        assert json.loads(line.strip().rstrip(",")) == stage
    assert lines[0] == "{" and lines[1].startswith('  "title": ') and lines[-1] == "}"


def test_text_sheet_fits_the_terminal_and_names_the_elected(capsys) -> None:
    code, out, _ = run(capsys, GLASGOW, "--rules", "scottish")
    assert code == 0
    table = out.split("\n\nStage 1:")[0]
    assert max(len(line) for line in table.splitlines()[8:]) <= 100
    assert "Stage 11" in out and "Loss by fractions" in out and "Non-transferable" in out
    assert "Elected, in order: Allan Gow, Gary Gray, Jacqueline McLaren, Robert Mooney" in out
    assert out.count("Robert Mooney ") >= 4  # the names are repeated in every block


def test_csv_has_a_row_per_candidate_and_a_column_per_stage(capsys) -> None:
    code, out, _ = run(capsys, GLASGOW, "--rules", "scottish", "--format", "csv")
    assert code == 0
    rows = [line.split(",") for line in out.splitlines()]
    assert rows[0][0] == "Title" and ["Places", "4"] in rows
    header = rows.index([""]) + 1  # the stage table follows the title, rules and fingerprints
    assert rows[header][:3] == ["Candidate", "Stage 1", "Stage 2"] and len(rows[header]) == 12
    mooney = next(r for r in rows if r[0] == "Robert Mooney")
    assert mooney[-1] == "1195.25250"
    assert [r[0] for r in rows[-5:]] == [
        "Non-transferable", "Loss by fractions", "Quota", "Elected", "Excluded"]


def test_seats_override_the_file(capsys) -> None:
    code, out, _ = run(capsys, GLASGOW, "--rules", "scottish", "--seats", "2", "--format",
                       "json")
    assert code == 0
    data = json.loads(out)
    assert data["seats"] == 2 and data["quota"] == "1924.00000" and len(data["elected"]) == 2


def test_stop_at_lot_names_the_tied_candidates(capsys, tied: str) -> None:
    code, out, err = run(capsys, tied, "--rules", "scottish", "--stop-at-lot")
    assert code != 0 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert "Bob, Cat" in err and "lot" in err


def test_default_seed_draws_and_is_recorded(capsys, tied: str) -> None:
    code, out, _ = run(capsys, tied, "--rules", "scottish", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["seed"] == seed_from_fingerprint(data["ballots_sha256"])
    assert data["ties"][0]["tied"] == ["Bob", "Cat"]
    assert str(data["seed"]) in data["ties"][0]["method"]
    code, again, _ = run(capsys, tied, "--rules", "scottish", "--format", "json")
    assert again == out


def test_a_given_seed_gives_the_same_draw(capsys, tied: str) -> None:
    outcomes = set()
    for seed in ("1", "2", "3", "4", "5", "6"):
        _, first, _ = run(capsys, tied, "--rules", "scottish", "--seed", seed, "--format", "json")
        _, second, _ = run(capsys, tied, "--rules", "scottish", "--seed", seed,
                           "--format", "json")
        assert first == second
        assert json.loads(first)["seed"] == int(seed)
        outcomes.add(tuple(json.loads(first)["elected"]))
    assert outcomes == {("Bob",), ("Cat",)}


def test_wigm_options(capsys, tied: str) -> None:
    code, out, _ = run(capsys, GLASGOW, "--rules", "wigm", "--precision", "2", "--quota", "hare",
                       "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["quota"] == "1442.75" and data["rules"]["key"] == "wigm"


@pytest.mark.parametrize("argv, words", [
    (["missing.blt", "--rules", "scottish"], "missing.blt"),
    ([GLASGOW, "--rules", "scottish", "--precision", "3"], "--precision"),
    ([GLASGOW, "--rules", "wigm", "--precision", "40"], "precision"),
    ([GLASGOW, "--rules", "scottish", "--seats", "0"], "place"),
])
def test_refusals_are_one_line_and_non_zero(capsys, argv: list[str], words: str) -> None:
    code, out, err = run(capsys, *argv)
    assert code != 0 and out == ""
    assert len(err.strip().splitlines()) == 1 and words in err
    assert "Traceback" not in err


def test_count_imports_no_qt_reportlab_or_openpyxl() -> None:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "countdesk", "count", GLASGOW,
         "--rules", "scottish", "--format", "json"],
        capture_output=True, text=True, check=True)
    imported = {line.split("|")[-1].strip().split(".")[0]
                for line in done.stderr.splitlines() if line.startswith("import time:")}
    assert not imported & {"PySide6", "reportlab", "openpyxl", "sqlite3"}
    assert json.loads(done.stdout)["elected"][0] == "Allan Gow"
