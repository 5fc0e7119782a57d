"""The ballot-paper account: received, keyed, valid and rejected by reason, per batch and total."""

from __future__ import annotations

from countdesk.account import BatchPapers, ballot_paper_account
from countdesk.papers import Reading, Rejection

VALID = Reading((0, 1))


def test_the_account_adds_up_per_batch_and_in_total():
    one = BatchPapers("Box 1", 4, [VALID, VALID, Reading(rejected=Rejection.UNMARKED),
                                   Reading(rejected=Rejection.IDENTIFYING_MARK)], True)
    two = BatchPapers("Box 2", None, [VALID, Reading(rejected=Rejection.UNMARKED)], False, 1)
    three = BatchPapers("Box 3", 3, [VALID, VALID], True)
    account = ballot_paper_account([one, two, three])
    first = account.batches[0]
    assert (first.received, first.keyed, first.valid, first.rejected_total) == (4, 4, 2, 2)
    assert first.rejected_for(Rejection.IDENTIFYING_MARK) == 1
    assert [reason for reason, _ in first.rejected] == list(Rejection)
    total = account.total
    assert (total.received, total.keyed, total.valid, total.rejected_total) == (7, 8, 5, 3)
    assert total.rejected_for(Rejection.UNMARKED) == 2
    assert not total.verified and total.unruled == 1 and not account.final


def test_an_account_with_no_hand_counts_received_nothing_known():
    account = ballot_paper_account([BatchPapers("Imported", None, [VALID], True)])
    assert account.total.received is None and account.final
