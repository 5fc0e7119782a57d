"""What a count takes in: the candidates, the places, and the papers that count, as read."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from countdesk.ballots import BallotSet
from countdesk.errors import SetupError

Paper = tuple[int, tuple[int, ...]]  # (weight, preferences as 0-based candidate indices)


@dataclass(frozen=True)
class Contest:
    """One contest ready to count: every paper here is valid (rejected ones are left out)."""

    title: str
    candidates: tuple[str, ...]
    seats: int
    papers: tuple[Paper, ...]
    withdrawn: frozenset[int] = frozenset()

    def __post_init__(self) -> None:
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
        for weight, preferences in self.papers:
            if weight < 0:
                raise SetupError(f"a paper has a negative weight ({weight})")
            for c in preferences:
                if not 0 <= c < count:
                    raise SetupError(f"a paper names candidate {c + 1}, who is not on the ballot")

    @property
    def valid_papers(self) -> int:
        return sum(weight for weight, _ in self.papers)

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


def _counted(ballots: BallotSet) -> list[Paper]:
    """BallotSet.counted(), with the common case read directly: one distinct candidate at
    each rank reads as exactly those preferences (papers.read_ranking), and reading every
    line of a large file through the general rule would take most of a count's time."""
    papers: list[Paper] = []
    for ballot in ballots.ballots:
        ranks = ballot.ranks
        if ranks and all(len(rank) == 1 for rank in ranks):
            preferences = tuple(rank[0] for rank in ranks)
            if len(set(preferences)) == len(preferences):
                papers.append((ballot.weight, preferences))
                continue
        reading = ballot.reading()
        if reading.valid:
            papers.append((ballot.weight, reading.preferences))
    return papers


def group_rankings(
    papers: Iterable[Paper], withdrawn: frozenset[int]
) -> dict[tuple[int, ...], int]:
    """Identical rankings (withdrawn candidates passed over) with how many papers carry each."""
    groups: dict[tuple[int, ...], int] = {}
    for weight, preferences in papers:
        if withdrawn and any(c in withdrawn for c in preferences):
            preferences = tuple(c for c in preferences if c not in withdrawn)
        groups[preferences] = groups.get(preferences, 0) + weight
    return groups
