"""The rows of keying on several laptops (desks, their passes, the RO's leave, packs and the
passes they brought, a desk file's own row) changed or deleted behind CountDesk's back are
reported by `countdesk check` and when the file is opened, like every other row."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from hall import hall_setup
from ro_key import as_ro

from countdesk.app.anchors import AnchorBook
from countdesk.app.exchange import export_pack, import_pack, make_desk_file
from countdesk.app.integrity import open_checked
from countdesk.cli import main
from countdesk.errors import CountDeskError
from countdesk.store.election_file import ElectionFile, EntryPass, Paper
from countdesk.store.schema import expected_schema, schema_version

PAPER = ((1,), (2,), (), (), (), ())


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The RO's file with a row in every table of the exchange, and a desk file."""
    folder = tmp_path_factory.mktemp("exchange")
    ro_path = folder / "ro.countdesk"
    with ElectionFile.create(ro_path, hall_setup(), "Rita") as ro:
        batch = ro.add_batch("Box 1", 1, "Rita")
        desk_path = make_desk_file(ro, folder / "desk.countdesk", "Desk 1",
                                   [(batch, "A"), (batch, "B")], "Rita", as_ro(ro),
                                   leave={batch: "the last laptop"})
        with ElectionFile.open(desk_path) as desk:
            desk.save_paper(Paper(1, EntryPass.A, 1, PAPER, None, False, "Tom"))
            desk.save_paper(Paper(1, EntryPass.B, 1, PAPER, None, False, "Tia"))
            pack = export_pack(desk, folder)
        import_pack(ro, pack, "Rita", as_ro(ro))
        assert ro.check().clean
    return {"ro": ro_path, "desk": desk_path}


CHANGES = [
    ("ro", "desks", "name", "'Desk 9'", "desk 1: name changed"),
    ("ro", "desks", "origin_seq", "1", "desk 1: origin_seq changed"),
    ("ro", "desks", "origin_hash", "'00'", "desk 1: origin_hash changed"),
    ("ro", "desks", "made_at", "'2000'", "desk 1: made_at changed"),
    ("ro", "desk_passes", "batch", "2", "deskpass 1: batch changed"),
    ("ro", "desk_passes", "desk", "2", "deskpass 1: desk changed"),
    ("ro", "desk_leave", "reason", "'none'", "deskleave 1: reason changed"),
    ("ro", "packs", "fingerprint", "'00'", "pack 1: fingerprint changed"),
    ("ro", "packs", "desk_seq", "1", "pack 1: desk_seq changed"),
    ("ro", "packs", "file_name", "'x'", "pack 1: file_name changed"),
    ("ro", "pack_passes", "papers", "9", "packpass 1: papers changed"),
    ("ro", "pack_passes", "sha256", "'00'", "packpass 1: sha256 changed"),
    ("ro", "pack_passes", "first_keyed", "'2000'", "packpass 1: first_keyed changed"),
    ("ro", "pack_passes", "reason", "'x'", "packpass 1: reason changed"),
    ("desk", "this_desk", "election", "'another'", "thisdesk 1: election changed"),
    ("desk", "this_desk", "passes", "'[]'", "thisdesk 1: passes changed"),
]


def tamper(source: Path, tmp_path: Path, *statements: str) -> Path:
    path = tmp_path / "tampered.countdesk"
    shutil.copy(source, path)
    db = sqlite3.connect(path, isolation_level=None)
    for statement in statements:
        db.execute(statement)
    db.close()
    return path


def check_fails(path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    try:
        election = ElectionFile.open(path)
    except CountDeskError:
        pass
    else:
        with election:
            integrity = open_checked(election, AnchorBook(path.parent / "anchors"))
            assert not integrity.sound and election.read_only_because
    assert main(["check", str(path)]) != 0
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err
    return captured.err


@pytest.mark.parametrize(("which", "table", "column", "value", "report"), CHANGES,
                         ids=[f"{t}.{c}" for _, t, c, _, _ in CHANGES])
def test_changing_a_column_is_reported(files: dict[str, Path], tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str], which: str,
                                       table: str, column: str, value: str,
                                       report: str) -> None:
    path = tamper(files[which], tmp_path, "PRAGMA foreign_keys = OFF",
                  f"UPDATE {table} SET {column} = {value} WHERE rowid = 1")
    message = check_fails(path, capsys)
    assert report in message and "changed outside CountDesk" in message


DELETIONS = [("ro", "desks", "desk 1"), ("ro", "desk_passes", "deskpass 2"),
             ("ro", "desk_leave", "deskleave 1"), ("ro", "packs", "pack 1"),
             ("ro", "pack_passes", "packpass 2"), ("desk", "this_desk", "thisdesk 1")]


@pytest.mark.parametrize(("which", "table", "subject"), DELETIONS,
                         ids=[t for _, t, _ in DELETIONS])
def test_deleting_a_row_is_reported(files: dict[str, Path], tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str], which: str,
                                    table: str, subject: str) -> None:
    path = tamper(files[which], tmp_path, "PRAGMA foreign_keys = OFF",
                  f"DELETE FROM {table} WHERE rowid = (SELECT max(rowid) FROM {table})")
    assert f"{subject} was deleted outside CountDesk" in check_fails(path, capsys)


def test_every_exchange_table_is_tried() -> None:
    tables = {name for kind, name, _ in expected_schema(schema_version()) if kind == "table"}
    before = {name for kind, name, _ in expected_schema(4) if kind == "table"}
    assert {t for _, t, *_ in CHANGES} == tables - before
    assert {t for _, t, _ in DELETIONS} == tables - before


def test_the_ros_pack_entries_are_signed(files: dict[str, Path], tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    """An informed forger who rewrites a pack's row and its audit entry, hashes and all,
    cannot sign: the entry's signature no longer matches."""
    path = tamper(files["ro"], tmp_path, "DROP TRIGGER signatures_no_delete",
                  "DELETE FROM signatures WHERE seq = (SELECT max(seq) FROM audit "
                  "WHERE subject LIKE 'pack %')")
    assert "carries no RO signature" in check_fails(path, capsys)
