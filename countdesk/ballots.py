"""Ballots as the count sees them: rankings with weights, before and after reading.

Pure domain: no Qt, SQLite, reportlab or openpyxl here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import attrgetter, itemgetter

from countdesk.errors import CountDeskError, InputError
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

    @property
    def paper_count(self) -> int:
        """How many papers the ballots stand for: a ballot of weight w is w papers."""
        return sum(map(attrgetter("weight"), self.ballots))

    def refuse_too_many_papers(self, limit: int, source: str) -> None:
        """Refuse ballots, read from `source`, that stand for more papers than an election
        file keeps (`limit`): such a file is counted as it is, not imported."""
        count = self.paper_count
        if count > limit:
            raise InputError(
                source, None,
                f"its ballots stand for {count:,} papers, more than the {limit:,} an election "
                f"file keeps: count the BLT file directly with `countdesk count {source}`",
            )

    def counted(self) -> list[tuple[int, tuple[int, ...]]]:
        """(weight, preferences) for every ballot that counts, in order; rejected ones left out."""
        counted = []
        for ballot in self.ballots:
            reading = ballot.reading()
            if reading.valid:
                counted.append((ballot.weight, reading.preferences))
        return counted


@dataclass(frozen=True)
class WeightedReadings:
    """Counted papers in order, as (weight, reading): a weight w stands for w papers in a row
    that all read the same. A canonical BLT is written from these without going paper by
    paper, so that its cost grows with the lines, never with the weights."""

    papers: Sequence[tuple[int, tuple[int, ...]]]
    # What a reader already knows of the canonical BLT: each paper's line (no line end) as a
    # run of its own ("weight pref pref … 0"), in step with `papers`; None where not known.
    # Only a speed-up: the bytes written are the same with it or without it.
    lines: Sequence[str | None] | None = field(default=None, compare=False, repr=False)
    lightest: int = field(init=False, compare=False, repr=False)  # the least weight, or 1

    def __post_init__(self) -> None:
        if self.lines is not None and len(self.lines) != len(self.papers):
            raise CountDeskError("the papers' canonical lines must go with the papers, one each")
        lightest = min(map(itemgetter(0), self.papers), default=1)
        if lightest < 0:
            raise CountDeskError("a paper cannot have a negative weight")
        object.__setattr__(self, "lightest", lightest)
