"""Ballots as the count sees them: rankings with weights, before and after reading.

Pure domain: no Qt, SQLite, reportlab or openpyxl here.
"""

from __future__ import annotations

from dataclasses import dataclass

from countdesk.papers import Reading, read_ranking


@dataclass(frozen=True)
class Ballot:
    """One ballot line: how many papers carry it, and its ranks as given.

    Each rank is a tuple of candidate indices (0-based); more than one where the source
    joined candidates with ``=``.
    """

    weight: int
    ranks: tuple[tuple[int, ...], ...]
    label: str = ""  # a ballot ID from the source file, if it had one

    def reading(self) -> Reading:
        return read_ranking(self.ranks)


@dataclass(frozen=True)
class BallotSet:
    """A whole election's ballots: what a BLT file holds."""

    title: str
    seats: int
    candidates: tuple[str, ...]
    ballots: tuple[Ballot, ...]
    withdrawn: frozenset[int] = frozenset()

    def counted(self) -> list[tuple[int, tuple[int, ...]]]:
        """(weight, preferences) for every ballot that counts, in order; rejected ones left out."""
        counted = []
        for ballot in self.ballots:
            reading = ballot.reading()
            if reading.valid:
                counted.append((ballot.weight, reading.preferences))
        return counted
