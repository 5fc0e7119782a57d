"""Meek's distribution of every paper, done once per iteration on a tree of rankings.

Papers that share the first k preferences carry the same value through those k candidates,
so the rankings are merged into a prefix tree: each node is one candidate at one position,
with the number of papers passing through it and the number whose ranking ends there.
The whole tree is kept flat, in depth-first order, so that pruning it (below) is one pass.

Between two iterations only the keep values of the elected change: who is hopeful (keeps
the whole paper), who is excluded (keeps none of it) and who is elected (keeps a share)
stays the same, and that is all the tree's shape depends on. So the tree is pruned for it
once: an excluded candidate passes every paper on untouched, so their nodes are spliced
out (their children move up to their parent and merge with any equal child there); a
hopeful candidate keeps the papers reaching them, so what lies below them is cut off.
Each iteration then works on the small tree that is left: the elected, with a hopeful
candidate or the end of the ranking after them, kept depth by depth so that each depth is
a few operations over lists, done by Python's C code. The arithmetic is the same, paper for
paper, as on the whole tree.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from operator import mul

# (values of papers meeting one candidate, their keep value) -> (what the candidate keeps
# of each, what each passes on)
SplitMany = Callable[[list[int], int], tuple[list[int], list[int]]]

EXCLUDED, ELECTED, HOPEFUL = 0, 1, 2  # how a candidate treats a paper, by keep value


@dataclass
class _Flat:
    """A tree laid out in depth-first order. Node indices are kept in arrays: a million
    papers make millions of nodes, and as Python ints in lists they would take hundreds of
    megabytes."""

    candidate: array[int]
    through: list[int]  # papers passing through the node
    ending: list[int]  # papers whose ranking ends at the node
    parent: array[int]  # flat index of the parent, -1 under the root
    after: array[int]  # flat index just past the node's subtree


class RankingTree:
    def __init__(self, rankings: Mapping[tuple[int, ...], int]) -> None:
        # In sorted order the rankings list the tree depth first: each one adds the nodes
        # after the prefix it shares with the one before.
        whole = _Flat(array("i"), [], [], array("q"), array("q"))
        cand, ending, parent, after = whole.candidate, whole.ending, whole.parent, whole.after
        self.empty = 0  # papers with no preference for anyone standing
        path: list[int] = []  # flat indices of the previous ranking's nodes
        previous: tuple[int, ...] = ()
        for ranking, papers in sorted(rankings.items()):
            shared = 0
            most = min(len(ranking), len(previous))
            while shared < most and ranking[shared] == previous[shared]:
                shared += 1
            while len(path) > shared:
                after[path.pop()] = len(cand)
            for c in ranking[shared:]:
                cand.append(c)
                ending.append(0)
                parent.append(path[-1] if path else -1)
                after.append(0)
                path.append(len(cand) - 1)
            if path:
                ending[path[-1]] += papers
            else:
                self.empty += papers
            previous = ranking
        for index in path:
            after[index] = len(cand)
        # Papers through a node: those ending there and those through its children.
        through = whole.through
        through.extend(ending)
        for index in range(len(cand) - 1, -1, -1):
            if parent[index] >= 0:
                through[parent[index]] += through[index]
        self.whole = whole
        self._shape: tuple[int, ...] = ()  # what the pruned tree was cut down for
        self._pruned_empty = self.empty
        self._levels: list[_Level] = []

    def _prune(self, shape: tuple[int, ...]) -> None:
        """Cut the tree down for candidates who are each EXCLUDED, ELECTED or HOPEFUL."""
        self._levels = []  # the old pruned tree goes before the new one is built
        whole = self.whole
        cand, through, ending, parent, after = (
            whole.candidate, whole.through, whole.ending, whole.parent, whole.after)
        children: list[dict[int, int]] = [{}]
        kept_through = [0]
        kept_ending = [self.empty]
        home = array("q", [0]) * len(cand)  # the pruned node taking a whole node's children
        size = len(cand)
        i = 0
        while i < size:
            p = parent[i]
            base = 0 if p < 0 else home[p]
            c = cand[i]
            how = shape[c]
            if how == EXCLUDED:
                home[i] = base
                kept_ending[base] += ending[i]
                i += 1
                continue
            node = children[base].get(c)
            if node is None:
                node = len(children)
                children[base][c] = node
                children.append({})
                kept_through.append(0)
                kept_ending.append(0)
            kept_through[node] += through[i]
            if how == HOPEFUL:
                i = after[i]
                continue
            kept_ending[node] += ending[i]
            home[i] = node
            i += 1
        del home  # one entry per node of the whole tree: gone before the levels are built
        self._shape = shape
        self._pruned_empty = kept_ending[0]
        self._levels = _levels(children, kept_through, kept_ending, shape)

    def distribute(self, keep: Sequence[int], one: int, split_many: SplitMany,
                   candidates: int) -> tuple[list[int], int]:
        """Each candidate's vote and the non-transferable vote, with these keep values.

        A paper starts at ``one`` (a whole vote, scaled); at each candidate in its ranking
        the candidate keeps a share by ``split_many`` and the rest passes on; what is left
        at the end of the ranking is non-transferable.
        """
        shape = tuple(EXCLUDED if k == 0 else HOPEFUL if k == one else ELECTED for k in keep)
        if shape != self._shape:
            self._prune(shape)
        votes = [0] * candidates
        exhausted = self._pruned_empty * one
        arriving = [one]  # the value each elected node of the level above passes on
        for level in self._levels:
            weights = list(map(arriving.__getitem__, level.hopeful_parent))
            for c, start, end in level.hopeful_runs:
                votes[c] += sum(map(mul, weights[start:end], level.hopeful_through[start:end]))
            weights = list(map(arriving.__getitem__, level.parent))
            arriving = []
            for c, start, end in level.runs:
                kept, passed = split_many(weights[start:end], keep[c])
                votes[c] += sum(map(mul, kept, level.through[start:end]))
                arriving += passed
            exhausted += sum(map(mul, arriving, level.ending))
        return votes, exhausted


@dataclass
class _Level:
    """The nodes of the pruned tree at one depth. The elected are in ``parent``,
    ``candidate``, ``through`` and ``ending``, sorted by candidate (``runs`` gives each
    candidate's slice); the hopeful, who end every path they are on, are kept apart."""

    parent: list[int]  # index of the parent among the level above's elected (root: 0)
    candidate: list[int]
    through: list[int]
    ending: list[int]
    runs: list[tuple[int, int, int]]  # (candidate, start, end)
    hopeful_parent: list[int]
    hopeful_through: list[int]
    hopeful_runs: list[tuple[int, int, int]]


def _runs(candidates: list[int]) -> list[tuple[int, int, int]]:
    """(candidate, start, end) of each run of equal candidates in a sorted list."""
    runs: list[tuple[int, int, int]] = []
    start = 0
    for end in range(1, len(candidates) + 1):
        if end == len(candidates) or candidates[end] != candidates[start]:
            runs.append((candidates[start], start, end))
            start = end
    return runs


def _levels(children: list[dict[int, int]], through: list[int], ending: list[int],
            shape: tuple[int, ...]) -> list[_Level]:
    """The pruned tree (child maps, node 0 the root), depth by depth."""
    levels: list[_Level] = []
    above = [0]  # the elected nodes of the level above, in their order there
    while above:
        elected: list[tuple[int, int, int]] = []  # (candidate, parent position, node)
        hopeful: list[tuple[int, int, int]] = []
        for position, node in enumerate(above):
            for c, child in children[node].items():
                (hopeful if shape[c] == HOPEFUL else elected).append((c, position, child))
        elected.sort()
        hopeful.sort()
        levels.append(_Level(
            parent=[position for _, position, _ in elected],
            candidate=[c for c, _, _ in elected],
            through=[through[node] for _, _, node in elected],
            ending=[ending[node] for _, _, node in elected],
            runs=_runs([c for c, _, _ in elected]),
            hopeful_parent=[position for _, position, _ in hopeful],
            hopeful_through=[through[node] for _, _, node in hopeful],
            hopeful_runs=_runs([c for c, _, _ in hopeful])))
        above = [node for _, _, node in elected]
    return levels
