"""One home for "count this election": the command line counts exactly as the window does."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from pypdf import PdfReader
from ro_key import PASSPHRASE_FILE, as_ro

from countdesk.app.election_count import count_election, prepare_count, record_count
from countdesk.app.records import StoredCount
from countdesk.cli import main
from countdesk.election import Candidate, ElectionSetup
from countdesk.errors import CountDeskError
from countdesk.papers import Rejection
from countdesk.store.election_file import BatchState, ElectionFile, EntryPass, Paper

RO = "Mary Quinn"
NAMES = ("Ann", "Bob", "Cat", "Dee")


def boxes(*numbers: int | None) -> tuple[tuple[int, ...], ...]:
    padded = list(numbers) + [None] * (len(NAMES) - len(numbers))
    return tuple(() if n is None else (n,) for n in padded)


def make(path: Path, **setup: object) -> Path:
    """Four candidates, two places, nine papers in one verified batch (one tie at stage 2)."""
    with ElectionFile.create(path, ElectionSetup("Committee", 2, tuple(map(Candidate, NAMES)),
                                                 returning_officer=RO, tellers=("Tom",),
                                                 **setup), RO) as election:
        batch = election.add_batch("Box 1", 9, RO)
        papers = ([boxes(1, 2)] * 4 + [boxes(2, 1)] * 2 + [boxes(None, None, 1, 2)]
                  + [boxes(None, None, 2, 1)] + [boxes(None, 1)])
        for number, marks in enumerate(papers, 1):
            election.save_paper(Paper(batch, EntryPass.A, number, marks, None, False, "Tom"))
        election.set_batch_state(batch, BatchState.VERIFIED, RO, authority=as_ro(election))
    return path


def kept(path: Path) -> tuple[int, int]:
    with ElectionFile.open(path) as election:
        return len(election.counts()), len(election.audit_log())


@pytest.mark.parametrize("rules", ["meek", "meek-nz", "scottish", "wigm"])
def test_the_command_line_counts_an_election_file_under_its_setups_rules_and_writes_nothing(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, rules: str) -> None:
    path = make(tmp_path / "committee.countdesk", rules=rules, tie_policy="rules-then-seed")
    before = kept(path)
    for extra in ([], ["--provisional"]):
        assert main(["count", str(path), "--format", "json", *extra]) == 0
        result = json.loads(capsys.readouterr().out)
        assert result["rules"]["key"] == rules
        assert kept(path) == before  # no count run, no lot, no audit entry
    assert main(["count", str(path), "--format", "json", "--record",
                 "--passphrase-file", PASSPHRASE_FILE]) == 0
    assert json.loads(capsys.readouterr().out)["rules"]["key"] == rules
    assert kept(path)[0] == before[0] + 1


def test_rules_other_than_the_setups_are_refused(capsys: pytest.CaptureFixture[str],
                                                 tmp_path: Path) -> None:
    path = make(tmp_path / "committee.countdesk", rules="meek")
    for argv in (["--rules", "ers97"], ["--seats", "1"], ["--precision", "3"],
                 ["--shortfall", "refuse"]):
        assert main(["count", str(path), *argv]) == 1
        error = capsys.readouterr().err
        assert error.count("\n") == 1 and "setup" in error
    assert kept(path)[0] == 0


def test_the_command_line_and_the_window_make_the_same_count(tmp_path: Path) -> None:
    """The window's three steps (prepare, run off the GUI thread, record) and the command
    line's one call give the same Result and keep the same lot."""
    window_file = make(tmp_path / "window.countdesk", rules="scottish",
                       tie_policy="rules-then-seed")
    command_file = make(tmp_path / "command.countdesk", rules="scottish",
                        tie_policy="rules-then-seed")
    with ElectionFile.open(window_file) as election:
        prepared = prepare_count(election, provisional=True)
        from_window = record_count(election, prepared, prepared.run(), RO, as_ro(election))
        window_lots = election.lots()
    with ElectionFile.open(command_file) as election:
        from_command = count_election(election, by=RO, record=True,
                                      authority=as_ro(election))
        command_lots = election.lots()
    assert from_window.result.to_json() == from_command.result.to_json()
    assert from_window.result.ties and window_lots == command_lots
    assert window_lots[0].method.startswith("lot drawn by CountDesk, seed ")


def test_a_count_of_one_file_is_not_kept_in_another_nor_its_lot(tmp_path: Path) -> None:
    """A count prepared from one file (the window counting while the RO opened another)
    keeps nothing in a file that does not hold the papers it read: no count, no lot."""
    counted = make(tmp_path / "counted.countdesk", rules="scottish",
                   tie_policy="rules-then-seed")
    other = make(tmp_path / "other.countdesk", rules="scottish", tie_policy="rules-then-seed")
    with ElectionFile.open(counted) as election:
        prepared = prepare_count(election, provisional=True)
    result = prepared.run()
    assert result.ties  # CountDesk drew a lot, which recording would keep first
    with ElectionFile.open(other) as election:
        before = election.audit_head()
        with pytest.raises(CountDeskError, match=r"another file.*not kept"):
            record_count(election, prepared, result, RO, as_ro(election))
        assert election.counts() == () and election.lots() == ()
        assert election.audit_head() == before


def test_lots_for_the_hall_stop_the_command_line_saying_how_to_go_on(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = make(tmp_path / "committee.countdesk", rules="scottish")  # lots drawn in the hall
    assert main(["count", str(path)]) == 1
    error = capsys.readouterr().err
    assert "Bob, Cat" in error or "tied" in error
    assert "drawn in the hall" in error and "--seed" in error and error.count("\n") == 1
    assert main(["count", str(path), "--seed", "7", "--record", "--format", "json",
                 "--passphrase-file", PASSPHRASE_FILE]) == 0
    (tie,) = json.loads(capsys.readouterr().out)["ties"]
    with ElectionFile.open(path) as election:
        (lot,) = election.lots()
    assert lot.method == tie["method"] == "lot drawn by CountDesk, seed 7"


def test_the_sheet_of_a_count_shows_its_own_account_after_a_later_ruling(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = make(tmp_path / "committee.countdesk", rules="scottish",
                tie_policy="rules-then-seed")
    with ElectionFile.open(path) as election:
        first = count_election(election, by=RO, record=True, authority=as_ro(election))
        election.record_ruling(1, 9, RO, rejected=Rejection.IDENTIFYING_MARK,
                               authority=as_ro(election))
        second = count_election(election, by=RO, record=True, authority=as_ro(election))
    assert first.record.account is not None and second.record.account is not None
    assert (first.record.account.total.valid, first.record.account.total.rejected_total) == (9, 0)
    assert (second.record.account.total.valid,
            second.record.account.total.rejected_total) == (8, 1)
    sheet = tmp_path / "count1.pdf"
    assert main(["sheet", str(path), "--count", "1", "--pdf", str(sheet)]) == 0
    text = " ".join(page.extract_text() for page in PdfReader(str(sheet)).pages)
    assert account_total(text) == ["9", "9", "9", "0"]  # received, keyed, valid, rejected
    assert "Identifying mark" not in text  # count 1 had no paper rejected
    assert "Valid votes 9.00000" in " ".join(text.split())
    assert first.record.audit_head in "".join(text.split())
    second_sheet = tmp_path / "count2.pdf"
    assert main(["sheet", str(path), "--count", "2", "--pdf", str(second_sheet)]) == 0
    text = " ".join(page.extract_text() for page in PdfReader(str(second_sheet)).pages)
    assert account_total(text) == ["9", "9", "8", "1", "1"]  # … identifying mark, in all


def account_total(text: str) -> list[str]:
    """The Total row of the sheet's ballot-paper account, batch by batch."""
    after = text.split("Ballot-paper account, batch by batch", 1)[1].split("Total", 1)[1]
    return list(itertools.takewhile(str.isdigit, after.split()))


def test_a_count_kept_by_an_older_countdesk_prints_while_its_papers_stand(
        tmp_path: Path) -> None:
    from countdesk.app.election_count import stored_count

    path = make(tmp_path / "committee.countdesk", rules="scottish",
                tie_policy="rules-then-seed")
    with ElectionFile.open(path) as election:
        count = count_election(election, by=RO)
        # As a file of version 2 keeps it: the result alone, no record.
        election.record_count(json.dumps(count.result.to_json()), RO,
                              dict(count.result.extra)["ballots_sha256"], False)
    import sqlite3

    db = sqlite3.connect(path)
    db.execute("DELETE FROM count_records")  # the record an older CountDesk did not keep
    db.commit()
    db.close()
    with ElectionFile.open(path) as election:
        run = election.counts()[0]
        assert run.record_json == "" and run.audit_seq is None
        again = stored_count(election, run.id)
        assert isinstance(again, StoredCount) and again.record.account is not None
        election.record_ruling(1, 9, RO, rejected=Rejection.IDENTIFYING_MARK,
                               authority=as_ro(election))
        with pytest.raises(CountDeskError, match=r"older CountDesk.*count again"):
            stored_count(election, run.id)
