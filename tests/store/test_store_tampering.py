"""Changes made to an election file behind CountDesk's back are reported by `countdesk check`."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import make_setup
from ro_key import as_ro

from countdesk.app.anchors import AnchorBook
from countdesk.app.election_count import count_election
from countdesk.app.integrity import open_checked
from countdesk.cli import main
from countdesk.count.lots import LotDecision
from countdesk.errors import CountDeskError
from countdesk.papers import CROSS, Rejection
from countdesk.store.election_file import BatchState, ElectionFile, EntryPass, Paper


@pytest.fixture(scope="module")
def full_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An election file with a row in every table, checked clean."""
    path = tmp_path_factory.mktemp("full") / "full.countdesk"
    with ElectionFile.create(path, make_setup(), "Rita") as election:
        batch = election.add_batch("Box 1", 3, "Rita")
        for number, marks in enumerate([((1,), (2,), ()), ((CROSS,), (), ()),
                                        ((2,), (1,), (3,))], 1):
            election.save_paper(Paper(batch, EntryPass.A, number, marks, None, number == 2,
                                      "Tom"))
        election.save_paper(Paper(batch, EntryPass.B, 1, ((1,), (2,), ()),
                                  Rejection.IDENTIFYING_MARK, False, "Tia"))
        election.give_teller_leave(batch, "Tom", "Tia went home ill", "Rita",
                                   authority=as_ro(election))
        election.record_ruling(batch, 2, "Rita", valid_up_to=1, authority=as_ro(election))
        election.record_lot(LotDecision("3", ("Ann Smith", "Bob Jones"), "Bob Jones",
                                        "CountDesk", "lot drawn by CountDesk, seed 7", 7),
                            "Rita", authority=as_ro(election))
        election.set_batch_state(batch, BatchState.VERIFIED, "Rita", authority=as_ro(election))
        run = count_election(election, by="Rita", record=True, authority=as_ro(election))
        election.certify(run.run_id, "Rita", authority=as_ro(election))
    return path


def tamper(source: Path, tmp_path: Path, *statements: str) -> Path:
    path = tmp_path / "tampered.countdesk"
    shutil.copy(source, path)
    db = sqlite3.connect(path, isolation_level=None)
    for statement in statements:
        db.execute(statement)
    db.close()
    return path


def check_fails(path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """What `countdesk check` says of a tampered file; opening it must catch it too."""
    on_open = opening_refuses(path)
    assert main(["check", str(path)]) != 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err
    assert on_open
    return captured.err


def opening_refuses(path: Path) -> str:
    """Opening a tampered file (as the window does) refuses it, or holds it read-only."""
    try:
        election = ElectionFile.open(path)
    except CountDeskError as error:
        return str(error)
    with election:
        integrity = open_checked(election, AnchorBook(path.parent / "anchors"))
        assert not integrity.sound and election.read_only_because
        return integrity.summary()


def changed(table: str, column: str, value: str) -> str:
    return f"UPDATE {table} SET {column} = {value} WHERE rowid = (SELECT max(rowid) FROM {table})"


CHANGES = [
    # (table, column, new value, what the report says)
    ("papers", "marks", "'2|1|'", "paper 1 of batch 1, pass B (row 4): marks changed"),
    ("papers", "rejected", "'unmarked'", "pass B (row 4): rejected changed"),
    ("papers", "doubtful", "1", "pass B (row 4): doubtful changed"),
    ("papers", "teller", "'Mallory'", "teller changed"),
    ("papers", "number", "9", "number changed"),
    ("papers", "pass", "'settled'", "pass changed"),
    ("papers", "batch", "2", "batch changed"),
    ("batches", "label", "'Box 9'", "batch 1 ('Box 1'): label changed"),
    ("batches", "hand_count", "4", "hand_count changed"),
    ("batches", "state", "'open'", "state changed"),
    ("batches", "source_name", "'x.blt'", "source_name changed"),
    ("batches", "source_sha256", "'00'", "source_sha256 changed"),
    ("rulings", "batch", "2", "ruling 1: batch changed"),
    ("rulings", "number", "3", "ruling 1: number changed"),
    ("rulings", "valid_up_to", "2", "ruling 1: valid_up_to changed"),
    ("rulings", "rejected", "'unmarked'", "ruling 1: rejected changed"),
    ("rulings", "ruled_by", "'Mallory'", "ruling 1: ruled_by changed"),
    ("rulings", "ruled_at", "'2000-01-01'", "ruling 1: ruled_at changed"),
    ("lots", "stage", "'4'", "lot 1: stage changed"),
    ("lots", "tied", "'[]'", "lot 1: tied changed"),
    ("lots", "chosen", "'Ann Smith'", "lot 1: chosen changed"),
    ("lots", "method", "'seed'", "lot 1: method changed"),
    ("lots", "drawn_by", "'Mallory'", "lot 1: drawn_by changed"),
    ("lots", "drawn_at", "'2000'", "lot 1: drawn_at changed"),
    ("count_runs", "run_at", "'2000'", "count 1: run_at changed"),
    ("count_runs", "run_by", "'Mallory'", "count 1: run_by changed"),
    ("count_runs", "provisional", "1", "count 1: provisional changed"),
    ("count_runs", "ballots_sha256", "'cd'", "count 1: ballots_sha256 changed"),
    ("count_runs", "result_json", "'{}'", "count 1: result_json changed"),
    ("count_runs", "result_sha256", "'00'", "count 1: result_sha256 changed"),
    ("count_records", "audit_seq", "1", "record 1: audit_seq changed"),
    ("count_records", "audit_head", "'00'", "record 1: audit_head changed"),
    ("count_records", "record", "'{}'", "record 1: record changed"),
    ("election_identity", "uuid", "'another'", "identity 1: uuid changed"),
    ("lot_seeds", "seed", "8", "seed 1: seed changed"),
    ("ro_keys", "public_key", "'00'", "key 1: public_key changed"),
    ("ro_keys", "kdf", "'{}'", "key 1: kdf changed"),
    ("ro_keys", "sealed", "'00'", "key 1: sealed changed"),
    ("teller_leave", "batch", "2", "leave 1: batch changed"),
    ("teller_leave", "teller", "'Mallory'", "leave 1: teller changed"),
    ("teller_leave", "reason", "'no reason'", "leave 1: reason changed"),
    ("certified_statements", "statement", "'{}'", "statement 1: statement changed"),
    ("certified_statements", "signature", "'00'", "statement 1: signature changed"),
    ("certifications", "count_run", "2", "certification 1: count_run changed"),
    ("certifications", "result_sha256", "'00'", "certification 1: result_sha256 changed"),
    ("certifications", "certified_by", "'Mallory'", "certification 1: certified_by changed"),
    ("certifications", "certified_at", "'2000'", "certification 1: certified_at changed"),
    ("setup", "title", "'Other'", "the setup: title changed"),
    ("setup", "organisation", "'Other'", "the setup: organisation changed"),
    ("setup", "date", "'2026-05-02'", "the setup: date changed"),
    ("setup", "venue", "'Other'", "the setup: venue changed"),
    ("setup", "seats", "3", "the setup: seats changed"),
    ("setup", "rules", "'meek'", "the setup: rules changed"),
    ("setup", "rule_options", "'[]'", "the setup: rule_options changed"),
    ("setup", "tie_policy", "'lot'", "the setup: tie_policy changed"),
    ("setup", "lone_cross", "'first-preference'", "the setup: lone_cross changed"),
    ("setup", "shortfall", "'refuse'", "the setup: shortfall changed"),
    ("setup", "returning_officer", "'Mallory'", "the setup: returning_officer changed"),
    ("candidates", "name", "'Mallory'", "the setup: candidates changed"),
    ("candidates", "affiliation", "'Green'", "the setup: candidates changed"),
    ("candidates", "withdrawn", "1", "the setup: candidates changed"),
    ("candidate_groups", "group_name", "'Men'", "the setup: candidate_groups changed"),
    ("group_limits", "minimum", "1", "the setup: group_limits changed"),
    ("group_limits", "maximum", "2", "the setup: group_limits changed"),
    ("people", "name", "'Mallory'", "the setup: people changed"),
    ("schema_version", "version", "0", "the schema version: version changed"),
]


@pytest.mark.parametrize(("table", "column", "value", "report"), CHANGES,
                         ids=[f"{t}.{c}" for t, c, _, _ in CHANGES])
def test_changing_a_column_is_reported(full_file: Path, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str], table: str,
                                       column: str, value: str, report: str) -> None:
    path = tamper(full_file, tmp_path, changed(table, column, value))
    message = check_fails(path, capsys)
    assert report in message
    assert "changed outside CountDesk" in message


DELETIONS = [
    ("papers", "paper 1 of batch 1, pass B (row 4) was deleted outside CountDesk"),
    ("batches", "batch 1 ('Box 1') was deleted outside CountDesk"),
    ("rulings", "ruling 1 was deleted outside CountDesk"),
    ("lots", "lot 1 was deleted outside CountDesk"),
    ("count_runs", "count 1 was deleted outside CountDesk"),
    ("count_records", "record 1 was deleted outside CountDesk"),
    ("election_identity", "identity 1 was deleted outside CountDesk"),
    ("lot_seeds", "seed 1 was deleted outside CountDesk"),
    ("ro_keys", "key 1 was deleted outside CountDesk"),
    ("teller_leave", "leave 1 was deleted outside CountDesk"),
    ("certified_statements", "statement 1 was deleted outside CountDesk"),
    ("certifications", "certification 1 was deleted outside CountDesk"),
    ("setup", "the setup: "),
    ("candidates", "the setup: candidate"),
    ("candidate_groups", "the setup: candidate_groups changed"),
    ("group_limits", "the setup: group_limits changed"),
    ("people", "the setup: people changed"),
    ("schema_version", "tampered.countdesk: the schema version is missing"),
]


@pytest.mark.parametrize(("table", "report"), DELETIONS, ids=[t for t, _ in DELETIONS])
def test_deleting_a_row_is_reported(full_file: Path, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str], table: str,
                                    report: str) -> None:
    path = tamper(full_file, tmp_path, "PRAGMA foreign_keys = OFF",
                  f"DELETE FROM {table} WHERE rowid = (SELECT max(rowid) FROM {table})")
    assert report in check_fails(path, capsys)


def test_every_table_is_tried(full_file: Path) -> None:
    db = sqlite3.connect(full_file)
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    db.close()
    # The audit log and its signatures are tried below and in test_informed_tampering.py;
    # the tables of keying on several laptops in tests/exchange/test_exchange_tampering.py.
    elsewhere = {"audit", "signatures", "desks", "desk_passes", "desk_leave", "this_desk",
                 "packs", "pack_passes"}
    assert {t for t, *_ in CHANGES} | elsewhere == tables
    assert {t for t, _ in DELETIONS} | elsewhere == tables


def test_a_paper_added_behind_the_apps_back_is_reported(
        full_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tamper(full_file, tmp_path, "INSERT INTO papers (batch, pass, number, marks, "
                  "rejected, doubtful, teller) VALUES (1, 'A', 4, '1||', NULL, 0, 'Tom')")
    assert "paper 4 of batch 1, pass A (row 5) was added outside CountDesk" in check_fails(
        path, capsys)


AUDIT_EDITS = [
    ("UPDATE audit SET who = 'Mallory' WHERE seq = 4", "audit entry 4 (add batch 'Box 1') "
     "was changed"),
    ("UPDATE audit SET content = '{}' WHERE seq = 5", "audit entry 5 (key paper) was changed"),
    ("UPDATE audit SET at = '2000' WHERE seq = 6", "audit entry 6 (key paper) was changed"),
    ("UPDATE audit SET action = 'x' WHERE seq = 6", "audit entry 6 (x) was changed"),
    ("UPDATE audit SET subject = 'paper 9' WHERE seq = 6", "audit entry 6 (key paper) was "
     "changed"),
    ("UPDATE audit SET hash = prev_hash WHERE seq = 6", "audit entry 7 does not follow entry 6"),
    ("UPDATE audit SET prev_hash = hash WHERE seq = 6", "audit entry 6 (key paper) was changed"),
    ("UPDATE audit SET seq = 101 WHERE seq = 6", "audit entries 6 to 6 were deleted"),
    ("DELETE FROM audit WHERE seq = 5", "audit entries 5 to 5 were deleted"),
    ("DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)",
     "statement 1 was added outside CountDesk"),
]


@pytest.mark.parametrize(("statement", "report"), AUDIT_EDITS,
                         ids=[s.split(" WHERE")[0] for s, _ in AUDIT_EDITS])
def test_changing_the_audit_log_is_reported(full_file: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str], statement: str,
                                            report: str) -> None:
    path = tamper(full_file, tmp_path, "DROP TRIGGER audit_no_update",
                  "DROP TRIGGER audit_no_delete", statement)
    assert report in check_fails(path, capsys)


def test_the_app_cannot_rewrite_the_audit_log(full_file: Path, tmp_path: Path) -> None:
    path = tamper(full_file, tmp_path)
    db = sqlite3.connect(path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("UPDATE audit SET who = 'x'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("DELETE FROM audit")
    db.close()


def test_an_added_table_is_reported(full_file: Path, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = tamper(full_file, tmp_path, "CREATE TABLE extra (x)")
    assert "table 'extra' was added outside CountDesk" in check_fails(path, capsys)


def test_a_sound_file_checks_clean_and_prints_its_head_hash(
        full_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(full_file)]) == 0
    out = capsys.readouterr().out
    with ElectionFile.open(full_file) as election:
        head = election.head_hash()
        entries = len(election.audit_log())
    assert f"head hash {head}\n" in out
    assert f"({entries} audit entries)" in out
