"""Meek's distribution of every paper, done once per iteration on a tree of rankings.

Papers that share the first k preferences carry the same value through those k candidates,
so the rankings are merged into a prefix tree: each node is one candidate at one position,
with the number of papers passing through it and the number whose ranking ends there.

Between two iterations only the keep values of the elected change: who is hopeful (keeps
the whole paper), who is excluded (keeps none of it) and who is elected (keeps a share)
stays the same, and that is all the tree's shape depends on. Each iteration works on the
tree pruned for that shape: an excluded candidate passes every paper on untouched, so
they are passed over (what follows them joins their parent's children); a hopeful
candidate keeps the papers reaching them, so the rankings stop there. The pruned tree is
kept from one shape to the next: when a hopeful candidate is elected or excluded, only the
rankings stopped at their nodes are taken further, so over a whole count each preference
on each distinct ranking is looked at about once. Each iteration then works depth by
depth, each depth a few operations over lists done by Python's C code. The arithmetic is
the same, paper for paper, as taking each paper through its ranking.

A large tree is distributed with numpy (`_Arrays`), loaded then and only then: the same
operations, depth by depth, in int64 where every product provably fits (a paper's value and
a keep value are at most one, 10^9; a vote is at most every paper's value), else in arrays
of Python integers; exact either way. A small tree stays with lists, where numpy's import
and its cost per call would outweigh what it saves.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import compress
from operator import itemgetter, mul
from typing import Any, Protocol


class Splitter(Protocol):
    """How a paper's value is split at a candidate (meek_rules.MeekRules)."""

    def split_many(self, weights: list[int], keeps: list[int],
                   rests: list[int]) -> tuple[list[int], list[int]]:
        """(values of papers meeting candidates, each one's keep value, and one − that keep
        value) -> (what each candidate keeps of their paper, what each paper passes on)."""

    @property
    def splits_arrays(self) -> bool:
        """Whether `split_arrays` knows the rule (else only `split_many` does)."""

    def split_arrays(self, weights: Any, keeps: Any, rests: Any) -> tuple[Any, Any]:
        """split_many over numpy arrays."""


# A pruned tree of at least this many nodes is distributed with numpy.
ARRAY_NODES = 6000
INT64_LIMIT = 2**62  # every value and product of an int64 distribution stays below this

EXCLUDED, ELECTED, HOPEFUL = 0, 1, 2  # how a candidate treats a paper, by keep value
ROOT = 0
GONE = -1  # the candidate of a hopeful node taken out when they were excluded


@dataclass
class _Level:
    """The pruned tree's nodes at one depth. The elected pass
    on what they do not keep to the next depth; the hopeful keep everything and end every
    path they are on."""

    # each elected node's value: what its parent in the depth above passes on (root: one)
    weights: Callable[[list[int]], Sequence[int]]
    through: list[int]
    # of the elected nodes where rankings end: what each passes on, and how many papers end
    ending_weights: Callable[[list[int]], Sequence[int]]
    ending: list[int]
    hopeful_weights: Callable[[list[int]], Sequence[int]]
    hopeful_through: list[int]
    owners: list[int]  # each elected node's candidate
    hopeful_owners: list[int]


@dataclass
class _Pruned:
    """The tree cut for one shape, grown as hopeful candidates are elected or excluded.
    Node indices are kept in arrays, and children in one dictionary: a million papers can
    leave a million nodes here, and as Python objects they would take hundreds of
    megabytes."""

    stride: int  # a node's child for candidate c is child[node * stride + c]
    child: dict[int, int] = field(default_factory=dict)
    candidate: array[int] = field(default_factory=lambda: array("i", [GONE]))
    parent: array[int] = field(default_factory=lambda: array("i", [-1]))
    depth: array[int] = field(default_factory=lambda: array("i", [0]))
    through: array[int] = field(default_factory=lambda: array("q", [0]))
    ending: array[int] = field(default_factory=lambda: array("q", [0]))
    at_depth: list[array[int]] = field(default_factory=list)  # nodes at depths 1, 2, …
    # the rankings stopped at each hopeful node: ranking index × stride + position there
    hopeful_sources: dict[int, list[int]] = field(default_factory=dict)

    def node(self, parent: int, c: int) -> int:
        """The child of ``parent`` for candidate ``c``, added if there is none yet."""
        key = parent * self.stride + c
        node = self.child.get(key)
        if node is None:
            node = self.child[key] = len(self.candidate)
            self.candidate.append(c)
            self.parent.append(parent)
            depth = self.depth[parent] + 1
            self.depth.append(depth)
            self.through.append(0)
            self.ending.append(0)
            if depth > len(self.at_depth):
                self.at_depth.append(array("i"))
            self.at_depth[depth - 1].append(node)
        return node

    def remove(self, node: int) -> None:
        del self.child[self.parent[node] * self.stride + self.candidate[node]]
        self.candidate[node] = GONE


class RankingTree:
    def __init__(self, rankings: Mapping[tuple[int, ...], int]) -> None:
        self._rankings = list(rankings)  # each distinct ranking, and how many papers carry it
        self._papers = list(rankings.values())
        self._shape: tuple[int, ...] | None = None  # what the pruned tree is cut for
        self._pruned = _Pruned(stride=1)
        self._levels: list[_Level] = []
        # Every share an iteration makes, level by level (each level's hopeful nodes, then its
        # elected ones): put in candidate order, and each candidate's run of them
        self._by_candidate: Callable[[list[int]], Sequence[int]] = _gather([])
        self._candidate_runs: list[tuple[int, int, int]] = []
        self._arrays: _Arrays | None = None  # the levels as numpy arrays, for a large tree

    # -- the pruned tree -------------------------------------------------------------------
    def _restart(self, shape: tuple[int, ...]) -> None:
        self._pruned = _Pruned(stride=len(shape))
        self._shape = shape
        for r in range(len(self._rankings)):
            self._follow(r, 0, ROOT)

    def _reshape(self, shape: tuple[int, ...]) -> None:
        """Bring the pruned tree to ``shape``. Rankings stopped at hopeful candidates newly
        elected or excluded are taken further; any other change starts afresh."""
        old = self._shape
        changed = set() if old is None else {
            c for c, (was, now) in enumerate(zip(old, shape, strict=True)) if was != now}
        if old is None or any(old[c] != HOPEFUL for c in changed):
            self._restart(shape)
            return
        self._shape = shape
        pruned = self._pruned
        for node in [n for n in pruned.hopeful_sources if pruned.candidate[n] in changed]:
            self._open(node)

    def _open(self, node: int) -> None:
        """A hopeful candidate's node, now elected or excluded: take its rankings on."""
        pruned = self._pruned
        sources = pruned.hopeful_sources.pop(node)
        if self._shape[pruned.candidate[node]] == EXCLUDED:
            pruned.remove(node)
            node = pruned.parent[node]
        for source in sources:
            r, position = divmod(source, pruned.stride)
            self._follow(r, position + 1, node)

    def _follow(self, r: int, start: int, node: int) -> None:
        """Take ranking ``r`` on from position ``start``, below the pruned node ``node``, to
        its next hopeful candidate or its end."""
        ranking, papers = self._rankings[r], self._papers[r]
        shape, pruned = self._shape, self._pruned
        child, stride, through = pruned.child, pruned.stride, pruned.through
        for position in range(start, len(ranking)):
            c = ranking[position]
            how = shape[c]
            if how == EXCLUDED:
                continue
            found = child.get(node * stride + c)  # the usual case, without a call
            node = pruned.node(node, c) if found is None else found
            through[node] += papers
            if how == HOPEFUL:
                pruned.hopeful_sources.setdefault(node, []).append(r * pruned.stride + position)
                return
        pruned.ending[node] += papers

    def _lay_out(self, one: int, arrays_possible: bool) -> None:
        """The pruned tree depth by depth. Done once per shape, it is kept to operations
        over whole lists, as an iteration is. A large tree, when the rules split arrays, is
        kept as numpy arrays only."""
        shape, pruned = self._shape, self._pruned
        self._arrays = None
        if arrays_possible and len(pruned.candidate) >= ARRAY_NODES:
            self._arrays = _Arrays(pruned, shape, sum(self._papers), one)
            return
        candidate, parent, through, ending = (
            pruned.candidate, pruned.parent, pruned.through, pruned.ending)
        how = [*shape, EXCLUDED].__getitem__  # a removed node's candidate (GONE) is the last
        self._levels = []
        position = {ROOT: 0}  # each elected node's place in its depth
        for at_depth in pruned.at_depth:
            hows = list(map(how, map(candidate.__getitem__, at_depth)))
            elected = list(compress(at_depth, map(ELECTED.__eq__, hows)))
            hopeful = list(compress(at_depth, map(HOPEFUL.__eq__, hows)))
            if not elected and not hopeful:
                break
            endings = list(map(ending.__getitem__, elected))
            self._levels.append(_Level(
                weights=_gather(list(map(position.__getitem__, map(parent.__getitem__,
                                                                   elected)))),
                through=list(map(through.__getitem__, elected)),
                ending_weights=_gather(list(compress(range(len(endings)), endings))),
                ending=list(filter(None, endings)),
                hopeful_weights=_gather(list(map(position.__getitem__,
                                                 map(parent.__getitem__, hopeful)))),
                hopeful_through=list(map(through.__getitem__, hopeful)),
                owners=list(map(candidate.__getitem__, elected)),
                hopeful_owners=list(map(candidate.__getitem__, hopeful))))
            position = dict(zip(elected, range(len(elected)), strict=True))
        owner = [c for level in self._levels for c in (*level.hopeful_owners, *level.owners)]
        self._candidate_runs = []
        for c, count in sorted(Counter(owner).items()):
            start = self._candidate_runs[-1][2] if self._candidate_runs else 0
            self._candidate_runs.append((c, start, start + count))
        self._by_candidate = _gather(sorted(range(len(owner)), key=owner.__getitem__))

    # -- an iteration ----------------------------------------------------------------------
    def distribute(self, keep: Sequence[int], one: int, rules: Splitter,
                   candidates: int) -> tuple[list[int], int]:
        """Each candidate's vote and the non-transferable vote, with these keep values.

        A paper starts at ``one`` (a whole vote, scaled); at each candidate in its ranking
        the candidate keeps a share by ``rules`` and the rest passes on; what is left at the
        end of the ranking is non-transferable.
        """
        shape = tuple(EXCLUDED if k == 0 else HOPEFUL if k == one else ELECTED for k in keep)
        if shape != self._shape:
            self._reshape(shape)
            self._lay_out(one, rules.splits_arrays)
        if self._arrays is not None:
            return self._arrays.distribute(keep, one, rules, candidates,
                                           self._pruned.ending[ROOT])
        split_many = rules.split_many
        rest = [one - k for k in keep]
        exhausted = self._pruned.ending[ROOT] * one
        arriving = [one]  # the value each elected node of the depth above passes on
        shares: list[int] = []
        for level in self._levels:
            shares += map(mul, level.hopeful_weights(arriving), level.hopeful_through)
            kept, arriving = split_many(level.weights(arriving),
                                        list(map(keep.__getitem__, level.owners)),
                                        list(map(rest.__getitem__, level.owners)))
            shares += map(mul, kept, level.through)
            exhausted += sum(map(mul, level.ending_weights(arriving), level.ending))
        ordered = list(self._by_candidate(shares))
        votes = [0] * candidates
        for c, start, end in self._candidate_runs:
            votes[c] = sum(ordered[start:end])
        return votes, exhausted


def _gather(indices: list[int]) -> Callable[[list[int]], Sequence[int]]:
    """A function taking these items, in this order, from a list."""
    if len(indices) > 1:
        return itemgetter(*indices)  # much quicker than a loop in Python
    return lambda values: [values[i] for i in indices]


class _Arrays:
    """The pruned tree's levels as numpy arrays: `RankingTree.distribute`'s arithmetic, the
    same operations in the same order, for a large tree. The levels are laid out from the
    pruned tree's arrays by numpy too: as Python lists, a million nodes' levels would take
    several hundred megabytes on the way."""

    def __init__(self, pruned: _Pruned, shape: tuple[int, ...], papers: int, one: int) -> None:
        import numpy as np

        self.np = np
        # A value and a keep value are at most one (10^9 at 9 places), so a product of the
        # two at most one²; a vote, or the non-transferable vote, at most papers × one.
        # int64 holds them all while those fit; else the arrays hold Python integers.
        dtype = np.int64 if max(papers, one) * one < INT64_LIMIT else object
        self.dtype = dtype

        def copied(values: array[int]) -> Any:  # a copy: the pruned tree's arrays grow on
            return np.frombuffer(values, dtype=np.int32 if values.typecode == "i"
                                 else np.int64).copy()

        candidate, parent = copied(pruned.candidate), copied(pruned.parent)
        through, ending = copied(pruned.through), copied(pruned.ending)
        how = np.array([*shape, EXCLUDED], dtype=np.int8)[candidate]  # GONE: the last
        position = np.zeros(len(candidate), dtype=np.int32)  # each elected node's place
        self.levels = []
        owners = []  # the candidate of each share, in the order shares are made
        for at_depth in pruned.at_depth:
            nodes = copied(at_depth)
            elected = nodes[how[nodes] == ELECTED]
            hopeful = nodes[how[nodes] == HOPEFUL]
            if not len(elected) and not len(hopeful):
                break
            endings = ending[elected]
            ending_at = np.flatnonzero(endings).astype(np.int32)
            self.levels.append((
                position[parent[hopeful]], through[hopeful].astype(dtype),
                position[parent[elected]], candidate[elected], through[elected].astype(dtype),
                ending_at, endings[ending_at].astype(dtype)))
            owners += (candidate[hopeful], candidate[elected])
            position[elected] = np.arange(len(elected), dtype=np.int32)
        owner = np.concatenate(owners) if owners else np.zeros(0, dtype=np.int32)
        self.order = np.argsort(owner, kind="stable")
        ordered = owner[self.order]
        self.starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]]) if len(
            ordered) else np.zeros(0, dtype=np.int32)
        self.present = ordered[self.starts].tolist()

    def distribute(self, keep: Sequence[int], one: int, rules: Splitter, candidates: int,
                   ending_at_root: int) -> tuple[list[int], int]:
        np = self.np
        keeps = np.array(keep, dtype=self.dtype)
        rests = one - keeps
        arriving = np.array([one], dtype=self.dtype)
        shares = []
        exhausted = ending_at_root * one
        for (hopeful_parents, hopeful_through, parents, elected, through, ending_at,
             ending) in self.levels:
            shares.append(arriving[hopeful_parents] * hopeful_through)
            kept, arriving = rules.split_arrays(arriving[parents], keeps[elected],
                                                rests[elected])
            shares.append(kept * through)
            if len(ending):
                exhausted += int((arriving[ending_at] * ending).sum())
        votes = [0] * candidates
        if len(self.present):
            totals = np.add.reduceat(np.concatenate(shares)[self.order], self.starts)
            for c, total in zip(self.present, totals.tolist(), strict=True):
                votes[c] = int(total)
        return votes, exhausted
