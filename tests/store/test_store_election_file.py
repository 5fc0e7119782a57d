"""The election file's API: what is saved is what is read back, and refusals are in words."""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ro_key import as_ro

from countdesk.count.lots import LotDecision
from countdesk.election import Candidate, ElectionSetup, LoneCross
from countdesk.papers import CROSS, Reading, Rejection, read_marks
from countdesk.store import schema
from countdesk.store.check import check_election
from countdesk.store.election_file import (
    BatchState,
    ElectionFile,
    EntryPass,
    Paper,
)
from countdesk.store.errors import StoreError
from countdesk.store.location import mount_type_if_network
from countdesk.store.marks_text import marks_from_text, marks_to_text


def paper(batch: int, number: int, marks: tuple[tuple[object, ...], ...] = ((1,), (2,), ()),
          entry_pass: EntryPass = EntryPass.A, **flags: object) -> Paper:
    return Paper(batch, entry_pass, number, marks, flags.get("rejected"),  # type: ignore[arg-type]
                 bool(flags.get("doubtful", False)), str(flags.get("teller", "Tom")))


def test_the_setup_is_read_back_exactly(election_path: Path, setup: ElectionSetup) -> None:
    with ElectionFile.open(election_path) as election:
        assert election.setup() == setup


def test_a_setup_change_is_kept_and_audited(election: ElectionFile,
                                            setup: ElectionSetup) -> None:
    changed = replace(setup, title="Branch committee 2026", seats=1)
    election.update_setup(changed, "Rita", "typo in the title", authority=as_ro(election))
    assert election.setup() == changed
    last = election.audit_log()[-1]
    assert (last.who, last.action, last.subject) == ("Rita", "change setup: typo in the title",
                                                     "setup")
    assert last.content["title"] == "Branch committee 2026"


def keyed(election: ElectionFile) -> int:
    batch = election.add_batch("Box 1", 10, "Rita")
    election.save_paper(paper(batch, 1, ((1,), (2,), ())))  # 1 Ann Smith, 2 Bob Jones
    return batch


@pytest.mark.parametrize(("change", "refusal"), [
    (lambda c: c[:2], "the paper has 3 candidates, not 2"),
    (lambda c: (*c, replace(c[0], name="Dan Wu")), "the paper has 3 candidates, not 4"),
    (lambda c: (c[1], c[0], c[2]), "Bob Jones is candidate 2 on the paper, not 1"),
    (lambda c: (c[0], c[2], replace(c[1], name="Dan Wu")),
     "Cat Patel is candidate 3 on the paper, not 2"),
    (lambda c: (c[0], replace(c[1], name="cat patel "), replace(c[2], name="Bob Jones")),
     "cat patel  is candidate 3 on the paper, not 2"),
])
def test_once_papers_are_keyed_no_candidate_moves_on_the_paper(
        election: ElectionFile, setup: ElectionSetup,
        change: Callable[[tuple[Candidate, ...]], tuple[Candidate, ...]], refusal: str) -> None:
    """Papers are kept box by box: a candidate moved on the paper would take others' votes."""
    batch = keyed(election)
    with pytest.raises(StoreError, match=re.escape(refusal)):
        election.update_setup(replace(setup, candidates=change(setup.candidates)), "Rita", "x",
                              authority=as_ro(election))
    assert election.setup() == setup
    reading = election.counted_papers()[0].reading
    assert [setup.names[c] for c in reading.preferences] == ["Ann Smith", "Bob Jones"]
    assert election.papers(batch, EntryPass.A)[0].marks == ((1,), (2,), ())


def test_once_papers_are_keyed_a_name_is_corrected_and_a_candidate_withdrawn(
        election: ElectionFile, setup: ElectionSetup) -> None:
    keyed(election)
    first, second, third = setup.candidates
    changed = replace(setup, candidates=(replace(first, name="Ann Smyth"),
                                         replace(second, withdrawn=True), third))
    election.update_setup(changed, "Rita", "name misspelt; Bob Jones withdrew",
                          authority=as_ro(election))
    assert election.setup() == changed


def test_papers_are_saved_corrected_and_read_in_order(election: ElectionFile) -> None:
    batch = election.add_batch("Box 1", 3, "Rita")
    election.save_paper(paper(batch, 2, ((CROSS,), (), ())))
    election.save_paper(paper(batch, 1, doubtful=True))
    election.save_paper(paper(batch, 3, ((), (), ()), rejected=Rejection.UNMARKED,
                              teller="Tia"))
    election.save_paper(paper(batch, 2, ((2,), (1,), ())))  # corrected
    papers = election.papers(batch, EntryPass.A)
    assert [p.number for p in papers] == [1, 2, 3]
    assert papers[0].doubtful and papers[1].marks == ((2,), (1,), ())
    assert papers[2].rejected is Rejection.UNMARKED and papers[2].teller == "Tia"
    assert election.papers(batch, EntryPass.B) == ()
    assert [e.action for e in election.audit_log()[-4:]] == ["key paper"] * 3 + ["correct paper"]


def test_a_skipped_paper_is_inserted_and_a_doubled_one_deleted(election: ElectionFile,
                                                               election_path: Path) -> None:
    batch = election.add_batch("Box 1", 4, "Rita")
    for number in (1, 2, 3):
        election.save_paper(paper(batch, number, ((1,), (), (number + 1,))))
    election.insert_paper(paper(batch, 2, ((), (1,), ())))
    marks = [p.marks for p in election.papers(batch, EntryPass.A)]
    assert marks == [((1,), (), (2,)), ((), (1,), ()), ((1,), (), (3,)), ((1,), (), (4,))]
    election.delete_paper(batch, EntryPass.A, 1, "Tom")
    marks = [p.marks for p in election.papers(batch, EntryPass.A)]
    assert marks == [((), (1,), ()), ((1,), (), (3,)), ((1,), (), (4,))]
    assert [p.number for p in election.papers(batch, EntryPass.A)] == [1, 2, 3]
    with pytest.raises(StoreError, match="cannot be inserted: the pass has 3 papers"):
        election.insert_paper(paper(batch, 5))
    election.close()
    assert check_election(election_path).problems == ()


def test_papers_are_refused_in_words(election: ElectionFile) -> None:
    batch = election.add_batch("Box 1", None, "Rita")
    with pytest.raises(StoreError, match=r"one box per candidate \(3\), not 2"):
        election.save_paper(paper(batch, 1, ((1,), (2,))))
    with pytest.raises(StoreError, match="numbers from 1 or a cross, not 0"):
        election.save_paper(paper(batch, 1, ((0,), (), ())))
    with pytest.raises(StoreError, match="must name the teller"):
        election.save_paper(paper(batch, 1, teller=" "))
    with pytest.raises(StoreError, match="there is no batch 7"):
        election.save_paper(paper(7, 1))
    with pytest.raises(StoreError, match="already a batch labelled 'Box 1'"):
        election.add_batch("Box 1", None, "Rita")
    assert election.papers(batch, EntryPass.A) == ()


def test_batch_states_are_kept(election: ElectionFile) -> None:
    batch = election.add_batch("Box 1", 40, "Rita")
    assert election.batch(batch).state is BatchState.OPEN
    election.set_batch_state(batch, BatchState.KEYED_ONCE, "Tom", authority=as_ro(election))
    election.set_batch_state(batch, BatchState.VERIFIED, "Rita", authority=as_ro(election))
    found = election.batches()
    assert [(b.label, b.hand_count, b.state) for b in found] == [
        ("Box 1", 40, BatchState.VERIFIED)]


def test_counted_papers_use_the_settled_pass_and_the_rulings(election: ElectionFile) -> None:
    # This election reads a lone cross as invalid.
    one = election.add_batch("Box 1", 2, "Rita")
    two = election.add_batch("Box 2", 2, "Rita")
    election.save_paper(paper(one, 1, ((1,), (2,), ())))
    election.save_paper(paper(one, 2, ((1,), (2,), (3,))))
    election.save_paper(paper(one, 1, ((2,), (1,), ()), EntryPass.SETTLED),
                        authority=as_ro(election))
    election.save_paper(paper(one, 2, ((1,), (2,), (3,)), EntryPass.SETTLED, doubtful=True),
                        authority=as_ro(election))
    election.set_batch_state(one, BatchState.VERIFIED, "Rita",
                             authority=as_ro(election))  # its settled pass is whole
    election.save_paper(paper(two, 1, ((CROSS,), (), ())))
    election.save_paper(paper(two, 2, ((1,), (), ()), rejected=Rejection.IDENTIFYING_MARK))
    election.record_ruling(one, 2, "Rita", valid_up_to=2, authority=as_ro(election))
    counted = election.counted_papers()
    assert [(c.batch, c.number) for c in counted] == [(one, 1), (one, 2), (two, 1), (two, 2)]
    assert [c.reading.preferences for c in counted[:2]] == [(1, 0), (0, 1)]
    assert counted[2].reading.rejected is Rejection.LONE_CROSS
    assert counted[3].reading == Reading(rejected=Rejection.IDENTIFYING_MARK)
    election.record_ruling(two, 2, "Rita",
                           authority=as_ro(election))  # the RO finds the mark is not identifying
    election.record_ruling(one, 1, "Rita", rejected=Rejection.UNCERTAIN, authority=as_ro(election))
    counted = election.counted_papers()
    assert counted[3].reading == read_marks(((1,), (), ()), LoneCross.INVALID)
    assert counted[0].reading.rejected is Rejection.UNCERTAIN
    assert [(r.number, r.valid_up_to, r.by) for r in election.rulings()][:1] == [(2, 2, "Rita")]


def test_ruled_papers_are_not_renumbered(election: ElectionFile) -> None:
    batch = election.add_batch("Box 1", None, "Rita")
    election.save_paper(paper(batch, 1))
    election.save_paper(paper(batch, 2))
    election.record_ruling(batch, 2, "Rita", rejected=Rejection.UNCERTAIN,
                           authority=as_ro(election))
    with pytest.raises(StoreError, match="batch 'Box 1' has no paper 3 to rule on"):
        election.record_ruling(batch, 3, "Rita", authority=as_ro(election))
    with pytest.raises(StoreError, match="cannot be renumbered"):
        election.delete_paper(batch, EntryPass.A, 1, "Tom")
    assert len(election.papers(batch, EntryPass.A)) == 2


def test_lots_and_counts_are_kept_for_a_recount(election_path: Path) -> None:
    lot = LotDecision("4", ("Ann Smith", "Cat Patel"), "Cat Patel", "Rita")
    seeded = LotDecision("5", ("Ann Smith", "Bob Jones"), "Bob Jones", "CountDesk",
                         "lot drawn by CountDesk, seed 12", 12)
    with ElectionFile.open(election_path) as election:
        election.record_lot(lot, "Rita", authority=as_ro(election))
        election.record_lot(seeded, "Rita", authority=as_ro(election))
        run = election.record_count('{"elected": []}', "Rita", "f" * 64, provisional=True)
    with ElectionFile.open(election_path) as election:
        assert election.lots() == (lot, seeded)  # the seed kept as a number, not in words
        assert election.counts() == (run,)
    assert run.result_sha256 == hashlib.sha256(b'{"elected": []}').hexdigest()
    assert check_election(election_path).problems == ()


def test_the_audit_chain_grows_and_its_head_is_the_last_hash(election: ElectionFile) -> None:
    before = election.head_hash()
    election.add_batch("Box 1", None, "Rita")
    log = election.audit_log()
    assert log[-1].hash == election.head_hash() != before
    assert log[-1].prev_hash == before
    assert [e.seq for e in log] == list(range(1, len(log) + 1))


def test_an_election_file_is_never_overwritten(election_path: Path,
                                               setup: ElectionSetup) -> None:
    with pytest.raises(StoreError, match="already exists"):
        ElectionFile.create(election_path, setup, "Rita")


def test_a_newer_file_is_refused(election_path: Path) -> None:
    db = sqlite3.connect(election_path)
    db.execute("UPDATE schema_version SET version = 99")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match=r"written by a newer CountDesk \(file version 99"):
        ElectionFile.open(election_path)


def test_an_older_file_is_brought_up_to_date(election_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    current = schema.schema_version()
    step = ["ALTER TABLE batches ADD COLUMN colour TEXT NOT NULL DEFAULT ''"]
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, step])
    with ElectionFile.open(election_path) as election:
        assert election.audit_log()[-1].action == f"update file from version {current}"
    db = sqlite3.connect(election_path)
    assert db.execute("SELECT version FROM schema_version").fetchone() == (current + 1,)
    assert "colour" in [row[1] for row in db.execute("PRAGMA table_info(batches)")]
    db.close()
    assert check_election(election_path).problems == ()


def test_the_file_alone_is_whole_after_every_saved_paper(election_path: Path,
                                                          tmp_path: Path) -> None:
    """No write-ahead log beside it: a plain copy taken while it is open has every paper."""
    alone = tmp_path / "alone" / "copy.countdesk"
    alone.parent.mkdir()
    with ElectionFile.open(election_path) as election:
        batch = election.add_batch("Box 1", None, "Rita")
        election.save_paper(paper(batch, 1))
        election.save_paper(paper(batch, 2))
        assert not election_path.with_name(election_path.name + "-wal").exists()
        alone.write_bytes(election_path.read_bytes())  # as a file manager copies it
    with ElectionFile.open(alone) as election:
        assert len(election.papers(batch, EntryPass.A)) == 2
    assert check_election(alone).problems == ()


def test_an_election_file_is_made_whole_before_it_has_its_name(
        tmp_path: Path, setup: ElectionSetup) -> None:
    path = tmp_path / "new.countdesk"

    def fail_half_way(election: ElectionFile) -> None:
        election.add_batch("Box 1", None, "Rita")
        assert not path.exists()
        raise StoreError("stopped half way")

    with pytest.raises(StoreError, match="stopped half way"):
        ElectionFile.create(path, setup, "Rita", fill=fail_half_way)
    assert list(tmp_path.iterdir()) == []
    with ElectionFile.create(path, setup, "Rita",
                             fill=lambda e: e.add_batch("Box 1", None, "Rita")) as election:
        assert [b.label for b in election.batches()] == ["Box 1"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.countdesk"]


def damaged_files(good: bytes) -> dict[str, bytes]:
    return {
        "random bytes": bytes(range(256)) * 64,
        "text": b"title,seats\nBranch,2\n",
        "empty": b"",
        "header only": good[:100],
        "truncated to one page": good[:4096],
        "truncated by half": good[: len(good) // 2],
        "pages scrambled": good[:4096] + bytes(reversed(good[4096:])),
    }


@pytest.mark.parametrize("damage", list(damaged_files(b"")))
def test_a_damaged_file_gives_a_message_not_a_traceback(
        election_path: Path, tmp_path: Path, damage: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    from countdesk.cli import main

    with ElectionFile.open(election_path) as election:
        batch = election.add_batch("Box 1", None, "Rita")
        for number in range(1, 200):
            election.save_paper(paper(batch, number))
    damaged = tmp_path / "damaged.countdesk"
    damaged.write_bytes(damaged_files(election_path.read_bytes())[damage])
    with pytest.raises(StoreError, match=r"damaged\.countdesk"), ElectionFile.open(
            damaged) as election:
        election.counted_papers()
    assert main(["check", str(damaged)]) == 1
    error = capsys.readouterr().err
    assert error.startswith("countdesk: ") and error.count("\n") == 1
    assert "damaged.countdesk" in error


def test_an_sqlite_file_of_another_program_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.countdesk"
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE t (x)")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="not a CountDesk election file"):
        ElectionFile.open(other)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write into read-only folders")
def test_a_read_only_folder_is_refused(election_path: Path) -> None:
    folder = election_path.parent
    folder.chmod(0o555)
    try:
        with pytest.raises(StoreError, match="read-only place"):
            ElectionFile.open(election_path)
    finally:
        folder.chmod(0o755)


def test_network_shares_are_recognised() -> None:
    mounts = ("/dev/sda1 / ext4 rw 0 0\n"
              "//server/share /mnt/votes cifs rw 0 0\n"
              "server:/export /mnt/nfs\\040dir nfs4 rw 0 0\n")
    assert mount_type_if_network("/mnt/votes/2026", mounts) == "cifs"
    assert mount_type_if_network("/mnt/nfs dir", mounts) == "nfs4"
    assert mount_type_if_network("/mnt/votesx", mounts) == ""
    assert mount_type_if_network("/home/rita", mounts) == ""


marks_strategy = st.lists(
    st.lists(st.one_of(st.integers(1, 30), st.just(CROSS)), max_size=3).map(tuple),
    min_size=1, max_size=8,
).map(tuple)


@settings(max_examples=150, deadline=None)
@given(marks_strategy)
def test_marks_text_round_trips(marks: tuple[tuple[object, ...], ...]) -> None:
    text = marks_to_text(marks)  # type: ignore[arg-type]
    assert marks_from_text(text) == marks


def test_marks_text_is_documented_and_strict() -> None:
    assert marks_to_text(((1,), (), (CROSS,), (2, 4))) == "1||X|2,4"
    for damaged in ("1|a", "1|01", "1|-2", "1,|2"):
        with pytest.raises(StoreError, match="damaged"):
            marks_from_text(damaged)
