"""`countdesk count ELECTION.countdesk`: final only when ready, else refused or PROVISIONAL."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from ro_key import PASSPHRASE_FILE, as_ro

from countdesk.cli import main
from countdesk.count.lots import LotDecision
from countdesk.election import Candidate, ElectionSetup
from countdesk.store.election_file import BatchState, ElectionFile, EntryPass, Paper

ELECTIONS = Path(__file__).parents[1] / "data" / "elections"
RO = "Mary Quinn"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def boxes(*numbers: int | None, size: int = 3) -> tuple:
    padded = list(numbers) + [None] * (size - len(numbers))
    return tuple(() if n is None else (n,) for n in padded)


@pytest.fixture
def keyed(tmp_path: Path) -> Path:
    """A three-candidate election with one batch keyed once, paper 3 flagged doubtful."""
    path = tmp_path / "treasurer.countdesk"
    setup = ElectionSetup("Treasurer", 1, (Candidate("Ann"), Candidate("Bob"), Candidate("Cat")),
                          rules="scottish", tie_policy="rules-then-seed", tellers=("Teller",))
    with ElectionFile.create(path, setup, RO) as election:
        as_ro(election)  # the RO's passphrase is set
        batch = election.add_batch("Box 1", 5, RO)
        for number, (marks, doubtful) in enumerate([
            (boxes(1, 2), False), (boxes(1), False), (boxes(2, 1), True),
            (boxes(None, 1, 2), False), (boxes(None, None, 1), False),
        ], 1):
            election.save_paper(Paper(batch, EntryPass.A, number, marks, None, doubtful, "Teller"))
    return path


def test_an_imported_election_counts_exactly_as_its_ballot_file(capsys, tmp_path):
    blt = ELECTIONS / "scot2017_eilean_siar_ward1.blt"
    election = tmp_path / "eilean.countdesk"
    assert run(capsys, "import", "--passphrase-file", PASSPHRASE_FILE,
               str(blt), "-o", str(election), "--rules", "scottish")[0] == 0
    code, from_file, err = run(capsys, "count", str(election), "--format", "json", "--record")
    assert code == 0, err
    code, from_blt, _ = run(capsys, "count", str(blt), "--rules", "scottish", "--format", "json")
    assert code == 0
    counted, reference = json.loads(from_file), json.loads(from_blt)
    assert counted["provisional"] is False
    assert counted["stages"] == reference["stages"]
    assert counted["elected"] == reference["elected"]
    assert counted["ballots_sha256"] == reference["ballots_sha256"]

    exported = tmp_path / "exported.blt"
    assert run(capsys, "export", str(election), "-o", str(exported))[0] == 0
    assert hashlib.sha256(exported.read_bytes()).hexdigest() == counted["ballots_sha256"]
    with ElectionFile.open(election) as opened:
        (recorded,) = opened.counts()
    assert recorded.ballots_sha256 == counted["ballots_sha256"] and not recorded.provisional


def test_a_final_count_is_refused_naming_what_is_missing(capsys, keyed):
    code, out, err = run(capsys, "count", str(keyed))
    assert code != 0 and out == ""
    assert "batch 'Box 1' is open, not verified" in err
    assert "doubtful papers not yet ruled (paper 3)" in err
    assert "--provisional" in err and len(err.strip().splitlines()) == 1


def test_a_provisional_count_says_so_on_every_output(capsys, keyed):
    code, out, err = run(capsys, "count", str(keyed), "--provisional", "--record",
                         "--passphrase-file", PASSPHRASE_FILE, "--format", "json")
    assert code == 0
    assert json.loads(out)["provisional"] is True
    assert "PROVISIONAL" in err
    for form in ("text", "csv"):
        code, out, _ = run(capsys, "count", str(keyed), "--provisional", "--record",
                           "--passphrase-file", PASSPHRASE_FILE, "--format", form)
        assert code == 0 and "PROVISIONAL" in out
    with ElectionFile.open(keyed) as election:
        assert all(run_.provisional for run_ in election.counts())


def test_verified_and_ruled_papers_give_a_final_count(capsys, keyed):
    with ElectionFile.open(keyed) as election:
        (batch,) = election.batches()
        election.record_ruling(batch.id, 3, RO, valid_up_to=1, authority=as_ro(election))
        election.set_batch_state(batch.id, BatchState.VERIFIED, RO, authority=as_ro(election))
    code, out, err = run(capsys, "count", str(keyed), "--format", "json")
    assert code == 0, err
    result = json.loads(out)
    assert result["provisional"] is False
    # Ann 2, Bob 2 (paper 3 ruled valid up to its first preference), Cat 1: quota 3.
    assert result["stages"][0]["totals"] == {"Ann": "2.00000", "Bob": "2.00000",
                                             "Cat": "1.00000"}


def test_a_lot_drawn_in_the_hall_and_kept_in_the_file_is_reused(capsys, tmp_path):
    path = tmp_path / "tied.countdesk"
    setup = ElectionSetup("A tie", 1, (Candidate("Ann"), Candidate("Bob"), Candidate("Cat")),
                          rules="scottish", tellers=("T",))
    with ElectionFile.create(path, setup, RO) as election:
        batch = election.add_batch("Box 1", 7, RO)
        papers = [boxes(1)] * 3 + [boxes(None, 1, 2)] * 2 + [boxes(None, 2, 1)] * 2
        for number, marks in enumerate(papers, 1):
            election.save_paper(Paper(batch, EntryPass.A, number, marks, None, False, "T"))
        election.set_batch_state(batch, BatchState.VERIFIED, RO, authority=as_ro(election))
    code, _, err = run(capsys, "count", str(path))  # the setup: lots are drawn in the hall
    assert code != 0 and "Bob, Cat" in err
    with ElectionFile.open(path) as election:
        election.record_lot(LotDecision("2", ("Bob", "Cat"), "Cat", RO), RO,
                            authority=as_ro(election))
    for _recount in range(2):
        code, out, err = run(capsys, "count", str(path), "--format", "json")
        assert code == 0, err
        (tie,) = json.loads(out)["ties"]
        assert (tie["chosen"], tie["method"]) == ("Cat", "lot drawn in the hall")
