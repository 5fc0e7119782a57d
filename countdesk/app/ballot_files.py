"""Ballot files: counted straight from a BLT file, imported into a new election file, or the
counted papers of an election file exported as one.

A BLT ballot is a ranking, not a paper's boxes: imported, it is stored as the marks a voter
would have written for it (the candidate at the k-th preference gets k in its box), so that
reading those marks gives exactly the ballot's preferences, or its rejection. A line of
weight w becomes w papers, one batch *verified by import* recording the file's name and
SHA-256. An import is all or nothing: the election file gets its name only once whole.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from countdesk.app.records import CountRecord, StoredCount, quota_groups, quota_rule_lines
from countdesk.counting import CountInput, CountOptions, input_from_files, run_count
from countdesk.election import ElectionSetup
from countdesk.formats.blt import read_blt
from countdesk.papers import Marks

if TYPE_CHECKING:  # a count straight from a ballot file loads no SQLite
    from countdesk.store.election_file import ElectionFile

# Each paper of an election file is a row; a file of more papers is counted as it is.
IMPORT_LIMIT = 10_000_000


def count_ballot_file(blt: Path, options: CountOptions, *, constraints: Path | None = None,
                      seats: int | None = None, seed: int | None = None,
                      stop_at_lot: bool = False) -> tuple[StoredCount, CountInput]:
    """Count a BLT file (and its constraint file) as it is: kept nowhere, and its sheet
    names the file and its SHA-256 instead of an election file's audit head."""
    counted = input_from_files(blt, constraints, seats)
    result = run_count(counted, options, seed, stop_at_lot)
    constraints = counted.constraints
    limits = constraints.limits if constraints else ()
    groups = () if constraints is None else quota_groups(limits, lambda limit: (
        counted.candidates[c] for c in constraints.members(limit.dimension, limit.group)))
    record = CountRecord(quota_rules=quota_rule_lines(limits), source_name=blt.name,
                         source_sha256=hashlib.sha256(blt.read_bytes()).hexdigest(),
                         quota_groups=groups)
    return StoredCount(result, record), counted


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


def import_ballots(blt: str | Path, election: str | Path, by: str,
                   passphrase: Callable[[], str],
                   constraints: str | Path | None = None, rules: str = "ers97",
                   tellers: tuple[str, ...] = ()) -> ElectionFile:
    """A new election file holding a BLT file's papers, open; refused whole, leaving no file.

    The papers are verified by import, which is the returning officer's act: the RO's
    passphrase (asked for once the ballot file is read and found good) sets the new file's
    signing key, which signs the import."""
    from countdesk.formats.constraints import ConstraintSet, apply_constraints, read_constraints
    from countdesk.store.signing import new_key

    blt, election = Path(blt), Path(election)
    ballots = read_blt(blt)
    ballots.refuse_too_many_papers(limit=IMPORT_LIMIT, source=str(blt))
    names = ballots.candidates
    groups = (read_constraints(constraints, len(names), names) if constraints is not None
              else ConstraintSet(len(names)))
    candidates = tuple(
        replace(candidate, withdrawn=index in ballots.withdrawn)
        for index, candidate in enumerate(apply_constraints(names, groups))
    )
    setup = ElectionSetup(title=ballots.title.strip() or blt.stem, seats=ballots.seats,
                          candidates=candidates, limits=groups.limits, rules=rules,
                          tellers=tellers)
    papers: list[Marks] = []
    for ballot in ballots.ballots:
        papers += [ranking_to_marks(ballot.ranks, len(names))] * ballot.weight
    digest = hashlib.sha256(blt.read_bytes()).hexdigest()
    from countdesk.store.election_file import ElectionFile

    sealed, signer = new_key(passphrase())

    def fill(made: ElectionFile) -> None:
        made.set_ro_key(sealed, by)
        made.add_imported_batch(f"Imported from {blt.name}", blt.name, digest, papers, by,
                                signer)

    return ElectionFile.create(election, setup, by, fill=fill)


def export_ballots(election: ElectionFile) -> bytes:
    """The counted papers as canonical BLT: the papers' readings, after rulings (verified
    or not: every keyed paper, as a provisional count reads them)."""
    from countdesk.app.election_count import count_input

    return count_input(election, provisional=True).canonical_blt()
