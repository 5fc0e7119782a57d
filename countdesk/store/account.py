"""The ballot-paper account of an election file, for the screen and the result sheet."""

from __future__ import annotations

from countdesk.account import BallotPaperAccount, BatchPapers, ballot_paper_account
from countdesk.papers import Reading
from countdesk.store.election_file import BatchState, ElectionFile

VERIFIED_STATES = (BatchState.VERIFIED, BatchState.VERIFIED_BY_IMPORT)


def election_account(election: ElectionFile) -> BallotPaperAccount:
    """Papers received (hand counts), keyed, valid and rejected by reason, as counted now."""
    readings: dict[int, list[Reading]] = {}
    for paper in election.counted_papers():
        readings.setdefault(paper.batch, []).append(paper.reading)
    ruled = {(r.batch, r.number) for r in election.rulings()}
    batches: list[BatchPapers] = []
    for batch in election.batches():
        unruled = sum(1 for p in election.counted_pass(batch.id)
                      if p.doubtful and (batch.id, p.number) not in ruled)
        batches.append(BatchPapers(batch.label, batch.hand_count, readings.get(batch.id, []),
                                   batch.state in VERIFIED_STATES, unruled))
    return ballot_paper_account(batches)
