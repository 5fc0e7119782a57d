"""Certifying a result, and a later change marking the certified sheet superseded."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from conftest import make_setup
from ro_key import as_ro

from countdesk.app.election_count import count_election
from countdesk.cli import main
from countdesk.store import schema
from countdesk.store.check import check_election
from countdesk.store.election_file import BatchState, ElectionFile, EntryPass, Paper
from countdesk.store.errors import RoleError, StoreError

RESULT = '{"elected": ["Ann Smith", "Bob Jones"]}'


@pytest.fixture
def counted(tmp_path: Path) -> tuple[Path, int, int]:
    """A verified batch with one doubtful paper ruled, and a final count: ready to certify."""
    path = tmp_path / "branch.countdesk"
    with ElectionFile.create(path, make_setup(), "Rita") as election:
        batch = election.add_batch("Box 1", 2, "Rita")
        election.save_paper(Paper(batch, EntryPass.A, 1, ((1,), (2,), ()), None, False, "Tom"))
        election.save_paper(Paper(batch, EntryPass.A, 2, ((2,), (1,), ()), None, True, "Tom"))
        election.record_ruling(batch, 2, "Rita", valid_up_to=1, authority=as_ro(election))
        election.set_batch_state(batch, BatchState.VERIFIED, "Rita", authority=as_ro(election))
        run = count_election(election, by="Rita", record=True, authority=as_ro(election))
    assert run.run_id is not None
    return path, batch, run.run_id


def test_a_final_count_is_certified_with_its_hash_in_the_audit_log(counted):
    path, _, run_id = counted
    with ElectionFile.open(path) as election:
        certification = election.certify(run_id, "Rita", authority=as_ro(election))
        last = election.audit_log()[-2]  # then the signed statement
        result_sha256 = election.counts()[0].result_sha256
    assert certification.current and certification.result_sha256 == result_sha256
    assert last.who == "Rita" and result_sha256 in last.action
    assert check_election(path).problems == ()


def test_a_provisional_or_stale_count_cannot_be_certified(counted):
    path, batch, run_id = counted
    with ElectionFile.open(path) as election:
        provisional = election.record_count(RESULT, "Rita", "ab" * 32, True)
        with pytest.raises(StoreError, match="a provisional count cannot be certified"):
            election.certify(provisional.id, "Rita", authority=as_ro(election))
        election.record_ruling(batch, 2, "Rita", valid_up_to=2, authority=as_ro(election))
        with pytest.raises(StoreError, match="made before a later change"):
            election.certify(run_id, "Rita", authority=as_ro(election))


def test_certifying_is_refused_while_a_batch_is_unverified(counted):
    path, _, run_id = counted
    with ElectionFile.open(path) as election:
        election.add_batch("Box 2", 5, "Rita")
        with pytest.raises(StoreError, match="batch 'Box 2' is open, not verified"):
            election.certify(run_id, "Rita", authority=as_ro(election))


def test_a_later_change_marks_the_certified_result_superseded_on_check(counted, capsys):
    path, batch, run_id = counted
    with ElectionFile.open(path) as election:
        election.certify(run_id, "Rita", authority=as_ro(election))
        election.record_ruling(batch, 2, "Sam", valid_up_to=2, authority=as_ro(election))
        (certification,) = election.certifications()
    assert not certification.current
    assert "ruling" in certification.superseded_by and "Sam" in certification.superseded_by
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "is SUPERSEDED" in out and "certified by Rita" in out


def test_a_batch_added_after_certification_is_the_returning_officers_to_add(counted):
    path, _, run_id = counted
    with ElectionFile.open(path) as election:
        election.certify(run_id, "Rita", authority=as_ro(election))
        with pytest.raises(RoleError, match=r"adding batch 'Late box'.*RO's passphrase"):
            election.add_batch("Late box", 3, "Tom")
        assert [b.label for b in election.batches()] == ["Box 1"]
        election.add_batch("Late box", 3, "Rita", authority=as_ro(election))
        (certification,) = election.certifications()
    assert "Late box" in certification.superseded_by
    assert check_election(path).problems == ()


def test_an_unsigned_batch_after_certification_is_found_by_check(counted):
    """A forger who adds a batch to a certified count with sqlite3 cannot sign its entry."""
    path, _, run_id = counted
    with ElectionFile.open(path) as election:
        election.certify(run_id, "Rita", authority=as_ro(election))
        election.add_batch("Late box", 3, "Rita", authority=as_ro(election))
        seq = election.audit_log()[-1].seq
    with sqlite3.connect(path) as db:  # the trigger is put back as it was: only the
        (trigger,) = db.execute(  # signature is missing
            "SELECT sql FROM sqlite_master WHERE name = 'signatures_no_delete'").fetchone()
        db.execute("DROP TRIGGER signatures_no_delete")
        db.execute("DELETE FROM signatures WHERE seq = ?", (seq,))
        db.execute(trigger)
    problems = check_election(path).problems
    assert any(f"entry {seq}" in problem and "signature" in problem for problem in problems), \
        problems


def test_a_file_of_the_first_version_checks_clean_and_is_brought_up_to_date(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "old.countdesk"
    with monkeypatch.context() as patch:
        patch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:1])
        ElectionFile.create(path, make_setup(), "Rita").close()
    assert check_election(path).problems == ()
    with ElectionFile.open(path) as election:
        log = election.audit_log()
        assert log[-2].action == "update file from version 1"
        assert log[-1].action == "this election's identity"
        assert election.certifications() == ()
    assert check_election(path).problems == ()
