"""The core state of a count: which papers each candidate holds, in parcels.

Papers with the same ranking always travel together, so they are kept as one group (a
ranking, how many papers, where it has got to, and the value each paper now carries). A
candidate holds parcels, each the groups that arrived at one stage with one value: a rule set
that moves only the last parcel received, or moves an excluded candidate's papers value by
value, picks parcels; a rule set that moves everything takes them all.

A count can be asked to say where every group went (`tracing`): each `Papers` made inside
the block then records, at every move, which candidate each moved group reached (or none:
non-transferable) and the value each of its papers carries on. A count not asked for it
checks one attribute per move, nothing per paper.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from operator import itemgetter

from countdesk.count.contest import Contest


@dataclass
class Parcel:
    stage: str
    value: int  # each paper's value (scaled)
    groups: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Moved:
    """What one transfer did, in scaled values."""

    gained: dict[int, int]  # candidate index -> value received
    exhausted: int  # value on papers with no further preference for a continuing candidate
    total: int  # value carried by all the papers moved (after any new value was applied)


@dataclass
class GroupMoves:
    """Where one count's groups went (one `Papers`): its rankings, how many papers carry
    each, and every move as (stage, [(group, candidate or -1, each paper's value)])."""

    rankings: list[tuple[int, ...]]
    counts: list[int]
    withdrawn: frozenset[int]  # passed over in these rankings (a part's others too)
    one: int  # a whole vote, scaled
    moves: list[tuple[str, list[tuple[int, int, int]]]] = field(default_factory=list)


@dataclass
class PaperTrace:
    """What `tracing` collects: one `GroupMoves` for each count made (several for separate
    counts, in the order they were made)."""

    counts: list[GroupMoves] = field(default_factory=list)


_TRACE: ContextVar[PaperTrace | None] = ContextVar("countdesk_paper_trace", default=None)


@contextmanager
def tracing() -> Iterator[PaperTrace]:
    """Record where every group of papers goes in the counts made inside this block."""
    trace = PaperTrace()
    token = _TRACE.set(trace)
    try:
        yield trace
    finally:
        _TRACE.reset(token)


class Papers:
    """Every counted paper, grouped, and the vote each candidate holds (scaled integers)."""

    def __init__(self, contest: Contest, one: int) -> None:
        groups = contest.groups
        self.rankings: list[tuple[int, ...]] = list(groups)
        self.counts: list[int] = list(groups.values())
        self.position: list[int] = [-1] * len(self.rankings)
        self.value: list[int] = [one] * len(self.rankings)
        size = len(contest.candidates)
        self.parcels: list[list[Parcel]] = [[] for _ in range(size)]
        self.votes: list[int] = [0] * size
        self.continuing: list[bool] = [c not in contest.withdrawn for c in range(size)]
        self.exhausted = 0  # cumulative, scaled
        self.loss = 0  # cumulative loss by fractions, scaled
        self.trace: GroupMoves | None = None
        trace = _TRACE.get()
        if trace is not None:
            self.trace = GroupMoves(self.rankings, self.counts, contest.withdrawn, one)
            trace.counts.append(self.trace)

    def first_preferences(self, stage: str) -> Moved:
        rankings = self.rankings
        if self.trace is not None or not all(self.continuing) or not all(rankings):
            return self.send(range(len(rankings)), stage)
        # Every candidate continuing and every ranking naming one: each group goes to its
        # first preference, all at one value, as send() would send them.
        one = self.value[0] if rankings else 0
        arriving: dict[int, list[int]] = {}
        for g, c in enumerate(map(itemgetter(0), rankings)):
            held = arriving.get(c)
            if held is None:
                arriving[c] = [g]
            else:
                held.append(g)
        self.position[:] = [0] * len(rankings)
        counts = self.counts
        gained: dict[int, int] = {}
        for c, groups in arriving.items():
            gained[c] = amount = sum(map(counts.__getitem__, groups)) * one
            self.votes[c] += amount
            self.parcels[c].append(Parcel(stage, one, groups))
        return Moved(gained, 0, sum(gained.values()))

    def take(self, candidate: int, parcels: Iterable[Parcel] | None = None) -> list[int]:
        """Remove parcels (all by default) from a candidate: the groups they held."""
        held = self.parcels[candidate]
        chosen = list(held) if parcels is None else list(parcels)
        ids = {id(p) for p in chosen}
        self.parcels[candidate] = [p for p in held if id(p) not in ids]
        return [g for parcel in chosen for g in parcel.groups]

    def send(self, groups: Iterable[int], stage: str,
             new_value: Callable[[int], int] | None = None) -> Moved:
        """Move each group to its next continuing preference, or to the exhausted papers.

        ``new_value`` maps a paper's value to the value it carries on (a surplus); without
        it papers keep their value (an exclusion). Votes and parcels are updated here.
        """
        rankings, counts, position, value = self.rankings, self.counts, self.position, self.value
        continuing = self.continuing
        if self.trace is not None:
            groups = list(groups)
        arriving: dict[int, dict[int, list[int]]] = {}
        gained: dict[int, int] = {}
        exhausted = total = 0
        cache: dict[int, int] = {}
        for g in groups:
            v = value[g]
            if new_value is not None:
                nv = cache.get(v)
                if nv is None:
                    nv = cache[v] = new_value(v)
                v = value[g] = nv
            ranking = rankings[g]
            end = len(ranking)
            p = position[g] + 1
            while p < end and not continuing[ranking[p]]:
                p += 1
            position[g] = p
            amount = counts[g] * v
            total += amount
            if p == end:
                exhausted += amount
                continue
            c = ranking[p]
            by_value = arriving.get(c)
            if by_value is None:  # no new dict or list made for a group that joins one
                arriving[c] = {v: [g]}
                gained[c] = amount
            else:
                gained[c] += amount
                held = by_value.get(v)
                if held is None:
                    by_value[v] = [g]
                else:
                    held.append(g)
        for c, by_value in arriving.items():
            self.votes[c] += gained[c]
            for v in sorted(by_value, reverse=True):
                self.parcels[c].append(Parcel(stage, v, by_value[v]))
        self.exhausted += exhausted
        if self.trace is not None:
            self.trace.moves.append((stage, [
                (g, rankings[g][position[g]] if position[g] < len(rankings[g]) else -1,
                 value[g]) for g in groups]))
        return Moved(gained, exhausted, total)
