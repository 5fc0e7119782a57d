"""What an election file gives the count: its counted papers, quota rules and lots drawn."""

from __future__ import annotations

from countdesk.counting import CountInput
from countdesk.errors import CountDeskError
from countdesk.formats.constraints import constraint_set
from countdesk.store.election_file import ElectionFile


def election_count_input(election: ElectionFile, provisional: bool = False) -> CountInput:
    """The election's papers as the count reads them (after rulings), in batch and paper order.

    A final count needs every batch verified and every doubtful paper ruled; otherwise it is
    refused, naming what is missing, unless ``provisional`` is asked for.
    """
    blockers = election.final_count_blockers()
    if blockers and not provisional:
        raise CountDeskError("not ready for a final count: " + "; ".join(blockers))
    setup = election.setup()
    papers = [(1, paper.reading.preferences) for paper in election.counted_papers()
              if paper.reading.valid]
    constraints = constraint_set(setup.candidates, setup.limits) if setup.limits else None
    return CountInput(
        title=setup.title, candidates=setup.names, seats=setup.seats, papers=papers,
        withdrawn=frozenset(i for i, c in enumerate(setup.candidates) if c.withdrawn),
        constraints=constraints, shortfall=setup.shortfall, decisions=election.lots(),
        provisional=bool(blockers))
