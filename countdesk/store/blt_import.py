"""Ballot files in and out of an election file.

A BLT ballot is a ranking, not a paper's boxes: it is stored as the marks a voter would have
written for it (the candidate at the k-th preference gets k in its box), so that reading those
marks gives exactly the ballot's preferences, or its rejection. A line of weight w becomes w
papers, one batch *verified by import* recording the file's name and SHA-256.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from countdesk.election import ElectionSetup
from countdesk.formats.blt import canonical_blt, read_blt
from countdesk.formats.constraints import ConstraintSet, apply_constraints, read_constraints
from countdesk.papers import Marks
from countdesk.store.election_file import ElectionFile, remove_election_files


def ranking_to_marks(ranks: Sequence[Sequence[int]], candidate_count: int) -> Marks:
    """The boxes of a paper whose reading is that of ``ranks`` (`read_ranking`).

    A candidate named again at a later rank on its own gets a second number in its box (the
    later mark is passed over, as in the ranking). Named again beside others, it is left out:
    written, it would look like two boxes sharing that number, which stops a paper. A rank
    that writes nothing takes no number, so as not to leave a gap.
    """
    boxes: list[list[int]] = [[] for _ in range(candidate_count)]
    ranked: set[int] = set()
    number = 0
    for rank in ranks:
        named = list(dict.fromkeys(rank))
        fresh = [c for c in named if c not in ranked]
        written = fresh or (named if len(named) == 1 else [])
        if written:
            number += 1
            for candidate in written:
                boxes[candidate].append(number)
        ranked.update(named)
    return tuple(tuple(box) for box in boxes)


def import_blt(blt: str | Path, election: str | Path, by: str,
               constraints: str | Path | None = None) -> ElectionFile:
    """A new election file holding a BLT file's papers; refused whole, leaving no file."""
    blt, election = Path(blt), Path(election)
    ballots = read_blt(blt)
    names = ballots.candidates
    groups = (read_constraints(constraints, len(names), names) if constraints is not None
              else ConstraintSet(len(names)))
    candidates = tuple(
        replace(candidate, withdrawn=index in ballots.withdrawn)
        for index, candidate in enumerate(apply_constraints(names, groups))
    )
    setup = ElectionSetup(title=ballots.title.strip() or blt.stem, seats=ballots.seats,
                          candidates=candidates, limits=groups.limits)
    papers: list[Marks] = []
    for ballot in ballots.ballots:
        papers += [ranking_to_marks(ballot.ranks, len(names))] * ballot.weight
    digest = hashlib.sha256(blt.read_bytes()).hexdigest()
    opened = ElectionFile.create(election, setup, by)
    try:
        opened.add_imported_batch(f"Imported from {blt.name}", blt.name, digest, papers, by)
    except BaseException:
        opened.close()
        remove_election_files(election)
        raise
    return opened


def export_blt(election: ElectionFile) -> bytes:
    """The counted papers as canonical BLT: one line per valid paper, giving its reading."""
    setup = election.setup()
    readings = [paper.reading.preferences for paper in election.counted_papers()
                if paper.reading.valid]
    withdrawn = [index for index, c in enumerate(setup.candidates) if c.withdrawn]
    return canonical_blt(setup.title, setup.names, setup.seats, withdrawn, readings)
