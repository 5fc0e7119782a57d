"""Settling differences and verifying a batch in the election file: recorded, audited, counted."""

from __future__ import annotations

from dataclasses import replace

import pytest
from ro_key import as_ro

from countdesk.election import Candidate, ElectionSetup
from countdesk.errors import CountDeskError
from countdesk.papers import Marks, Rejection
from countdesk.store.account import election_account
from countdesk.store.election_file import BatchState, ElectionFile, EntryPass, Paper

ONE = ((1,), (2,), ())
TWO = ((2,), (1,), (3,))


@pytest.fixture
def election(tmp_path):
    setup = ElectionSetup("Committee", 1, (Candidate("Ann"), Candidate("Bob"), Candidate("Cat")),
                          returning_officer="Rita", tellers=("Tom", "Tia"))
    with ElectionFile.create(tmp_path / "c.countdesk", setup, "Rita") as opened:
        yield opened


def key(election: ElectionFile, batch: int, entry_pass: EntryPass, *papers: Marks,
        teller: str = "Tom") -> None:
    for number, marks in enumerate(papers, 1):
        election.save_paper(Paper(batch, entry_pass, number, marks, None, False, teller))


def test_a_batch_is_verified_once_its_differences_are_settled(election):
    batch = election.add_batch("Box 1", 3, "Rita")
    key(election, batch, EntryPass.A, ONE, TWO, ONE)
    key(election, batch, EntryPass.B, ONE, ONE, ONE, teller="Tia")
    with pytest.raises(CountDeskError, match=r"1 difference not yet settled \(paper 2\)"):
        election.verify_batch(batch, "Rita", authority=as_ro(election))
    taken = replace(election.paper(batch, EntryPass.A, 2), entry_pass=EntryPass.SETTLED)
    election.settle_paper(taken, "Rita", "take pass A", authority=as_ro(election))
    assert election.counted_pass(batch) == election.papers(batch, EntryPass.A)  # not yet
    election.verify_batch(batch, "Rita", authority=as_ro(election))
    assert election.batch(batch).state is BatchState.VERIFIED
    settled = election.papers(batch, EntryPass.SETTLED)
    assert [p.marks for p in settled] == [ONE, TWO, ONE]
    assert [p.teller for p in settled] == ["Tom", "Tom", "Tom"]
    log = [(e.who, e.action) for e in election.audit_log()]
    assert ("Rita", "settle paper 2 of batch 'Box 1': take pass A") in log
    assert ("Rita", "settle paper 1 of batch 'Box 1': passes agree") in log
    assert log[-1] == ("Rita", "batch 'Box 1' verified")
    assert election.counted_pass(batch) == settled
    with pytest.raises(CountDeskError, match="'Box 1' is verified: its papers cannot be"):
        election.settle_paper(settled[0], "Rita", "take pass B", authority=as_ro(election))
    with pytest.raises(CountDeskError, match="'Box 1' is verified: its papers cannot be"):
        election.save_paper(replace(settled[0], entry_pass=EntryPass.A))
    with pytest.raises(CountDeskError, match="'Box 1' is verified: its papers cannot be"):
        election.delete_paper(batch, EntryPass.B, 1, "Tia")
    assert election.check().problems == ()


def test_a_count_unlike_the_hand_count_needs_a_reason(election):
    batch = election.add_batch("Box 1", 3, "Rita")
    key(election, batch, EntryPass.A, ONE, TWO)
    key(election, batch, EntryPass.B, ONE, TWO, teller="Tia")
    with pytest.raises(CountDeskError, match="2 papers keyed but a hand count of 3: record why"):
        election.verify_batch(batch, "Rita", authority=as_ro(election))
    election.verify_batch(batch, "Rita", "one paper was found in box 2", authority=as_ro(election))
    assert election.audit_log()[-1].action == (
        "batch 'Box 1' verified (batch 'Box 1' has 2 papers keyed but a hand count of 3: "
        "one paper was found in box 2)")


def test_passes_of_different_lengths_cannot_be_verified(election):
    batch = election.add_batch("Box 1", 2, "Rita")
    key(election, batch, EntryPass.A, ONE, TWO)
    key(election, batch, EntryPass.B, ONE, teller="Tia")
    with pytest.raises(CountDeskError, match="insert or remove it on the Keying page"):
        election.verify_batch(batch, "Rita", authority=as_ro(election))
    with pytest.raises(CountDeskError, match="before settling differences"):
        election.settle_paper(Paper(batch, EntryPass.SETTLED, 1, ONE, None, False, "Tom"),
                              "Rita", "take pass A", authority=as_ro(election))
    assert election.batch(batch).state is BatchState.OPEN


def test_settling_again_replaces_the_decision_and_is_audited(election):
    batch = election.add_batch("Box 1", 1, "Rita")
    key(election, batch, EntryPass.A, ONE)
    key(election, batch, EntryPass.B, TWO, teller="Tia")
    election.settle_paper(Paper(batch, EntryPass.SETTLED, 1, ONE, None, False, "Tom"), "Rita",
                          "take pass A", authority=as_ro(election))
    again = Paper(batch, EntryPass.SETTLED, 1, TWO, Rejection.UNCERTAIN, True, "Rita")
    election.settle_paper(again, "Rita", "keyed again", authority=as_ro(election))
    assert election.papers(batch, EntryPass.SETTLED) == (again,)
    assert election.audit_log()[-1].action == "settle paper 1 of batch 'Box 1': keyed again"
    assert election.check().problems == ()


def test_settled_papers_are_not_renumbered_under_the_ro(election):
    batch = election.add_batch("Box 1", 2, "Rita")
    key(election, batch, EntryPass.A, ONE, TWO)
    key(election, batch, EntryPass.B, ONE, ONE, teller="Tia")
    election.settle_paper(Paper(batch, EntryPass.SETTLED, 2, TWO, None, False, "Tom"), "Rita",
                          "take pass A", authority=as_ro(election))
    with pytest.raises(CountDeskError, match="insert or delete papers before settling"):
        election.delete_paper(batch, EntryPass.B, 1, "Tia")
    with pytest.raises(CountDeskError, match="insert or delete papers before settling"):
        election.insert_paper(Paper(batch, EntryPass.A, 2, ONE, None, False, "Tom"))
    assert election.paper_count(batch, EntryPass.B) == 2


def test_the_account_follows_rulings_and_verification(election):
    batch = election.add_batch("Box 1", 3, "Rita")
    key(election, batch, EntryPass.A, ONE, TWO, ((), (), ()))
    election.save_paper(replace(election.paper(batch, EntryPass.A, 2), doubtful=True))
    account = election_account(election)
    line = account.batches[0]
    assert (line.received, line.keyed, line.valid, line.rejected_total) == (3, 3, 2, 1)
    assert line.rejected_for(Rejection.UNMARKED) == 1 and line.unruled == 1
    election.record_ruling(batch, 2, "Rita", rejected=Rejection.IDENTIFYING_MARK,
                           authority=as_ro(election))
    account = election_account(election)
    assert account.total.valid == 1 and account.total.unruled == 0
    assert account.total.rejected_for(Rejection.IDENTIFYING_MARK) == 1
    assert not account.final
