"""What a count takes in: the candidates, the places, and the papers that count, as read."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import InitVar, dataclass
from functools import cached_property
from itertools import chain
from operator import itemgetter
from typing import TypeVar

from countdesk.ballots import Ballot, BallotSet, WeightedReadings
from countdesk.errors import SetupError

Paper = tuple[int, tuple[int, ...]]  # (weight, preferences as 0-based candidate indices)
T = TypeVar("T")


@dataclass(frozen=True)
class Contest:
    """One contest ready to count: every paper here is valid (rejected ones are left out)."""

    title: str
    candidates: tuple[str, ...]
    seats: int
    papers: tuple[Paper, ...]
    withdrawn: frozenset[int] = frozenset()
    # One of several counts that make one result (separate counts): its stages are numbered
    # on from the counts before it, and the whole result, not the part, names the withdrawn
    # (the part passes over every candidate not standing in it, as if withdrawn).
    first_stage: int = 1
    part: bool = False
    # Given by a reader that made the papers itself, every one valid (a weight of at least 1,
    # candidates on the ballot): they are not gone through again. Not kept as a field.
    papers_checked: InitVar[bool] = False

    def __post_init__(self, papers_checked: bool) -> None:
        if self.seats < 1:
            raise SetupError(f"{self.title or 'the election'}: at least one place is needed")
        seen: set[str] = set()
        for name in self.candidates:
            if name in seen:
                raise SetupError(f"two candidates are both called {name!r}")
            seen.add(name)
        count = len(self.candidates)
        for index in self.withdrawn:
            if not 0 <= index < count:
                raise SetupError(f"withdrawn candidate {index + 1} is not on the ballot")
        if papers_checked:
            return
        papers = list(_distinct(self.papers))
        named = set(chain.from_iterable(map(itemgetter(1), papers)))
        if (min(map(itemgetter(0), papers), default=0) < 0
                or min(named, default=0) < 0 or max(named, default=0) >= count):
            _refuse_first(papers, count)

    @cached_property
    def valid_papers(self) -> int:
        return sum(map(itemgetter(0), self.papers))

    @cached_property
    def groups(self) -> dict[tuple[int, ...], int]:
        """``group_rankings(self.papers, self.withdrawn)``, made once (or already made by the
        reader of the papers): read it, never change it."""
        return group_rankings(self.papers, self.withdrawn)

    def readings(self) -> WeightedReadings:
        """The papers' preferences in order, each with how many papers in a row carry it:
        what the canonical BLT lists, one line per run of papers that read the same."""
        return WeightedReadings(self.papers)

    @classmethod
    def from_ballots(cls, ballots: BallotSet, seats: int | None = None) -> Contest:
        """The counted papers of a BallotSet; ``seats`` overrides the file's number of places."""
        return cls(
            title=ballots.title,
            candidates=ballots.candidates,
            seats=ballots.seats if seats is None else seats,
            papers=tuple(_counted(ballots)),
            withdrawn=frozenset(ballots.withdrawn),
        )


def _refuse_first(papers: list[Paper], count: int) -> None:
    """Refuse the first paper with a negative weight or naming no candidate on the ballot."""
    for weight, preferences in papers:
        if weight < 0:
            raise SetupError(f"a paper has a negative weight ({weight})")
        for c in preferences:
            if not 0 <= c < count:
                raise SetupError(f"a paper names candidate {c + 1}, who is not on the ballot")


def _distinct(items: Sequence[T]) -> Iterable[T]:
    """Each object once, in order of first appearance.

    Identical lines of a large file are usually one shared object (read once), so going by
    identity, which Python's C code does without calling back into Python, is far quicker than
    comparing contents; objects equal but not shared are still all there.
    """
    return dict(zip(map(id, items), items, strict=True)).values()


def _counted(ballots: BallotSet) -> list[Paper]:
    """BallotSet.counted(), each distinct Ballot read once: identical lines of a file share
    one Ballot, and their papers then share one (weight, preferences) tuple."""
    lines = ballots.ballots
    read = {id(ballot): counted_paper(ballot) for ballot in _distinct(lines)}
    return [paper for paper in map(read.__getitem__, map(id, lines)) if paper]


def counted_paper(ballot: Ballot) -> Paper | None:
    """The ballot as a counted paper, or None if it does not count. The common case is read
    directly: one distinct candidate at each rank reads as exactly those preferences
    (papers.read_ranking)."""
    ranks = ballot.ranks
    preferences = tuple(chain.from_iterable(ranks))
    if len(preferences) == len(ranks) == len(set(preferences)) and ranks and all(ranks):
        return ballot.weight, preferences
    reading = ballot.reading()
    return (ballot.weight, reading.preferences) if reading.valid else None


def group_rankings(
    papers: Sequence[Paper], withdrawn: frozenset[int]
) -> dict[tuple[int, ...], int]:
    """Identical rankings (withdrawn candidates passed over) with how many papers carry each,
    in order of each ranking's first paper."""
    # Counted by identity first (see _distinct); a paper object's first appearance comes no
    # later than that of any other object with the same ranking, so the order is kept.
    copies = Counter(map(id, papers))
    groups: dict[tuple[int, ...], int] = {}
    for paper in _distinct(papers):
        weight, preferences = paper
        if withdrawn and any(c in withdrawn for c in preferences):
            preferences = tuple(c for c in preferences if c not in withdrawn)
        groups[preferences] = groups.get(preferences, 0) + weight * copies[id(paper)]
    return groups
