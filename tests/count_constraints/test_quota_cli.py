"""`countdesk count … --constraints FILE.con [--quota-method …] [--shortfall …]`."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from countdesk.cli import main
from countdesk.count.rulesets import rule_sets
from countdesk.election import Candidate, GroupLimit, ShortfallPolicy
from countdesk.formats.constraints import read_constraints, write_constraints

SAMPLES = Path(__file__).parents[2] / "resources" / "samples"
CONFERENCE = SAMPLES / "conference_committee_2026"
NETWORK = SAMPLES / "national_network_2026"
RULES = tuple(rules.key for rules in rule_sets())


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def groups_of(con: Path, candidates: list[str]) -> dict[str, set[str]]:
    constraints = read_constraints(con, len(candidates))
    return {limit.group: {candidates[c] for c in constraints.members(limit.dimension,
                                                                     limit.group)}
            for limit in constraints.limits}


@pytest.mark.parametrize("rules", RULES)
def test_the_conference_sample_elects_ten_women_and_says_why(capsys, rules):
    code, out, err = run(capsys, "count", f"{CONFERENCE}.blt", "--rules", rules,
                         "--constraints", f"{CONFERENCE}.con", "--format", "json")
    assert code == 0, err
    result = json.loads(out)
    women = groups_of(Path(f"{CONFERENCE}.con"), result["candidates"])["Women"]
    assert len(set(result["elected"]) & women) == 10
    code, free, _ = run(capsys, "count", f"{CONFERENCE}.blt", "--rules", rules,
                        "--format", "json")
    assert len(set(json.loads(free)["elected"]) & women) == 6
    notes = [note for stage in result["stages"] for note in stage["notes"]]
    assert any(note.startswith("Kept in the count: ") and note.endswith(
        "needed to reach at least 10 Women.") for note in notes)
    assert any(note.startswith("Excluded: ") and "needed to reach at least 10 Women" in note
               for note in notes)
    written = write_constraints(read_constraints(f"{CONFERENCE}.con", 45)).encode("utf-8")
    assert result["constraints_sha256"] == hashlib.sha256(written).hexdigest()
    assert any(stage.get("guarded") for stage in result["stages"])


@pytest.mark.parametrize("rules", RULES)
def test_the_network_sample_meets_all_five_minimums(capsys, rules):
    code, out, err = run(capsys, "count", f"{NETWORK}.blt", "--rules", rules,
                         "--constraints", f"{NETWORK}.con", "--format", "json")
    assert code == 0, err
    result = json.loads(out)
    groups = groups_of(Path(f"{NETWORK}.con"), result["candidates"])
    elected = set(result["elected"])
    for group, least in [("Women", 13), ("BAME members", 6), ("Disabled members", 3),
                         ("LGBT+ members", 3), ("Under-30s", 3)]:
        assert len(elected & groups[group]) >= least, group
    assert "Quota rules in force: Women: at least 13; BAME members: at least 6; " \
           "Disabled members: at least 3; LGBT+ members: at least 3; Under-30s: at least 3." \
           in result["notes"]


def test_the_text_sheet_prints_both_fingerprints(capsys):
    code, out, _ = run(capsys, "count", f"{CONFERENCE}.blt", "--rules", "scottish",
                       "--constraints", f"{CONFERENCE}.con")
    assert code == 0
    assert "Ballots (SHA-256 of the canonical BLT): " in out
    assert "Quota rules (SHA-256 of the constraint file): " in out
    assert "excluded with the lowest vote of those not kept" in out


def test_separate_counts_show_both_counts(capsys):
    code, out, err = run(capsys, "count", f"{CONFERENCE}.blt", "--rules", "scottish",
                         "--constraints", f"{CONFERENCE}.con", "--quota-method", "separate",
                         "--format", "json")
    assert code == 0, err
    result = json.loads(out)
    reserved, open_places = result["parts"]
    assert (reserved["label"], reserved["seats"]) == ("Reserved places for Women", 10)
    assert (open_places["label"], open_places["seats"]) == ("Open places", 10)
    assert result["elected"] == reserved["elected"] + open_places["elected"]
    assert result["stages"][int(open_places["first_stage"]) - 1]["action"] == (
        "Open places: First preferences counted")
    women = groups_of(Path(f"{CONFERENCE}.con"), result["candidates"])["Women"]
    assert set(reserved["elected"]) <= women
    assert set(open_places["candidates"]) == set(result["candidates"]) - set(
        reserved["elected"])


def test_separate_counts_refuse_minimums_that_do_not_fit(capsys):
    code, out, err = run(capsys, "count", f"{NETWORK}.blt", "--constraints", f"{NETWORK}.con",
                         "--quota-method", "separate")
    assert code == 1 and out == ""
    assert err == ("countdesk: separate counts reserve places for each minimum in turn, and "
                   "the minimums add up to 28, more than the 26 places: use guard and doom\n")


def small(tmp_path: Path, lines: list[str]) -> tuple[Path, Path]:
    blt = tmp_path / "small.blt"
    blt.write_text('4 2\n3 1 0\n2 2 0\n1 3 0\n1 4 0\n0\n"Ann" "Bob" "Cat" "Dan"\n"Small"\n',
                   encoding="utf-8")
    con = tmp_path / "small.con"
    con.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return blt, con


def test_a_minimum_above_those_standing_is_lowered_and_said(capsys, tmp_path):
    blt, con = small(tmp_path, ['"Gender" "Women" 3 4 1 3', '"Gender" "Men" 0 4 2 4'])
    code, out, err = run(capsys, "count", str(blt), "--constraints", str(con),
                         "--format", "json")
    assert code == 0, err
    assert ("The minimum for Women was lowered from 3 to 2, the number standing (so far as "
            "practicable), as the setup says.") in json.loads(out)["notes"]
    assert json.loads(out)["elected"] == ["Ann", "Cat"]


def test_a_minimum_above_those_standing_can_be_refused(capsys, tmp_path):
    blt, con = small(tmp_path, ['"Gender" "Women" 3 4 1 3', '"Gender" "Men" 0 4 2 4'])
    code, out, err = run(capsys, "count", str(blt), "--constraints", str(con),
                         "--shortfall", "refuse")
    assert code == 1 and out == ""
    assert err == ("countdesk: Women must have at least 3 seats but only 2 stand, and the "
                   "setup says to refuse such a count\n")


def test_conflicting_groups_are_named_before_the_count(capsys, tmp_path):
    blt, con = small(tmp_path, ['"Gender" "Women" 2 4 1 3', '"Gender" "Men" 0 4 2 4',
                                '"Region" "North" 0 1 1 3', '"Region" "South" 0 4 2 4'])
    code, out, err = run(capsys, "count", str(blt), "--constraints", str(con))
    assert code == 1 and out == ""
    assert err == ("countdesk: the quota rules conflict: at least 2 Women and no more than 1 "
                   "North cannot all be met with 2 places and the 4 candidates standing\n")


def test_quota_options_need_a_constraint_file(capsys):
    code, _, err = run(capsys, "count", f"{CONFERENCE}.blt", "--quota-method", "separate")
    assert code == 1
    assert err == ("countdesk: --quota-method and --shortfall need quota rules: give "
                   "--constraints FILE.con\n")


def test_an_election_files_setup_gives_the_quota_rules(capsys, tmp_path):
    from countdesk.election import ElectionSetup
    from countdesk.store.election_file import ElectionFile, EntryPass, Paper

    women, men = (("Gender", "Women"),), (("Gender", "Men"),)
    setup = ElectionSetup(
        "Committee", 2,
        (Candidate("Ann", groups=women), Candidate("Bob", groups=men),
         Candidate("Cal", groups=men), Candidate("Dee", groups=women)),
        limits=(GroupLimit("Gender", "Women", 1), GroupLimit("Gender", "Men")),
        tellers=("Teller",),
        shortfall=ShortfallPolicy.REFUSE, rules="scottish",
        tie_policy="rules-then-seed")
    path = tmp_path / "committee.countdesk"
    marks = [(1,), (), (), ()], [(), (1,), (), ()], [(), (), (1,), ()], [(), (), (), (1,)]
    with ElectionFile.create(path, setup, "RO") as election:
        batch = election.add_batch("Box 1", 9, "RO")
        for number, paper in enumerate([marks[1]] * 4 + [marks[2]] * 3 + [marks[0]]
                                       + [marks[3]], 1):
            election.save_paper(Paper(batch, EntryPass.A, number, tuple(map(tuple, paper)),
                                      None, False, "Teller"))
    code, out, err = run(capsys, "count", str(path), "--provisional", "--format", "json")
    assert code == 0, err
    result = json.loads(out)
    assert result["elected"][0] == "Bob" and len(result["elected"]) == 2
    assert set(result["elected"]) & {"Ann", "Dee"}
    assert "constraints_sha256" in result
    code, _, err = run(capsys, "count", str(path), "--provisional",
                       "--constraints", f"{CONFERENCE}.con")
    assert code == 1
    assert err == ("countdesk: --constraints: an election file is counted as its setup says "
                   "(change it on the Setup page); these options are for BLT files\n")
