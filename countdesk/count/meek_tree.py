"""Meek's distribution of every paper, done once per iteration on a tree of rankings.

Papers that share the first k preferences carry the same value through those k candidates,
so the rankings are merged into a prefix tree: each node is one candidate at one position,
with the number of papers passing through it and the number whose ranking ends there.
The whole tree is kept flat, in depth-first order, so that any node's subtree is one run
of indices.

Between two iterations only the keep values of the elected change: who is hopeful (keeps
the whole paper), who is excluded (keeps none of it) and who is elected (keeps a share)
stays the same, and that is all the tree's shape depends on. Each iteration works on the
tree pruned for that shape: an excluded candidate passes every paper on untouched, so
their nodes are spliced out (their children move up to their parent and merge with any
equal child there); a hopeful candidate keeps the papers reaching them, so what lies below
them is cut off. The pruned tree is kept from one shape to the next: when a hopeful
candidate is elected or excluded, only what lay below their nodes is walked and added, so
over a whole count each node of the whole tree is walked about once. Each iteration then
works depth by depth, each depth a few operations over lists done by Python's C code. The
arithmetic is the same, paper for paper, as on the whole tree.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import compress, repeat
from operator import itemgetter, mul

# (values of papers meeting candidates, each one's keep value, and one − that keep value)
# -> (what each candidate keeps of their paper, what each paper passes on)
SplitMany = Callable[[list[int], list[int], list[int]], tuple[list[int], list[int]]]

EXCLUDED, ELECTED, HOPEFUL = 0, 1, 2  # how a candidate treats a paper, by keep value
ROOT = 0
GONE = -1  # the candidate of a hopeful node taken out when they were excluded


@dataclass
class _Whole:
    """The whole tree, in depth-first order. Node indices are kept in arrays: a million
    papers make millions of nodes, and as Python ints in lists they would take hundreds of
    megabytes."""

    candidate: array[int]
    through: list[int]  # papers passing through the node
    ending: list[int]  # papers whose ranking ends at the node
    parent: array[int]  # index of the parent, -1 under the root
    after: array[int]  # index just past the node's subtree


@dataclass
class _Level:
    """The pruned tree's nodes at one depth, each candidate's together. The elected pass
    on what they do not keep to the next depth; the hopeful keep everything and end every
    path they are on."""

    # each elected node's value: what its parent in the depth above passes on (root: one)
    weights: Callable[[list[int]], Sequence[int]]
    runs: list[tuple[int, int, int]]  # (candidate, start, end) of each candidate's nodes
    through: list[int]
    # what the elected nodes with rankings ending there pass on, and how many papers end
    endings: Callable[[list[int]], Sequence[int]]
    ending: list[int]
    hopeful_weights: Callable[[list[int]], Sequence[int]]
    hopeful_runs: list[tuple[int, int, int]]
    hopeful_through: list[int]


@dataclass
class _Pruned:
    """The tree cut for one shape, grown as hopeful candidates are elected or excluded.
    Kept in arrays, and its children in one dictionary, for the same reason as the whole
    tree: a million papers can leave a million nodes here."""

    stride: int  # a node's child for candidate c is child[node * stride + c]
    child: dict[int, int] = field(default_factory=dict)
    candidate: array[int] = field(default_factory=lambda: array("i", [GONE]))
    parent: array[int] = field(default_factory=lambda: array("i", [-1]))
    depth: array[int] = field(default_factory=lambda: array("i", [0]))
    through: array[int] = field(default_factory=lambda: array("q", [0]))
    ending: array[int] = field(default_factory=lambda: array("q", [0]))
    at_depth: list[array[int]] = field(default_factory=list)  # nodes at depths 1, 2, …
    hopeful_sources: dict[int, list[int]] = field(default_factory=dict)  # whole nodes in each

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
        # empty: papers with no preference for anyone standing
        self.whole, self.empty = _whole_tree(rankings)
        self._shape: tuple[int, ...] | None = None  # what the pruned tree is cut for
        self._pruned = _Pruned(stride=1)
        self._levels: list[_Level] = []

    # -- the pruned tree -------------------------------------------------------------------
    def _restart(self, shape: tuple[int, ...]) -> None:
        self._pruned = _Pruned(stride=len(shape))
        self._pruned.ending[ROOT] = self.empty
        self._shape = shape
        self._add_below(0, len(self.whole.candidate), ROOT)

    def _reshape(self, shape: tuple[int, ...]) -> None:
        """Bring the pruned tree to ``shape``. Hopeful candidates newly elected or excluded
        have what lay below their nodes added; any other change starts afresh."""
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
        """A hopeful candidate's node, now elected or excluded: add what lay below it."""
        whole, pruned = self.whole, self._pruned
        sources = pruned.hopeful_sources.pop(node)
        if self._shape[pruned.candidate[node]] == EXCLUDED:
            pruned.remove(node)
            node = pruned.parent[node]
        for i in sources:
            pruned.ending[node] += whole.ending[i]
            self._add_below(i + 1, whole.after[i], node)

    def _add_below(self, start: int, end: int, base: int) -> None:
        """Add the whole tree's nodes start…end (whole subtrees, children of one node) below
        the pruned node ``base``, cut for the current shape."""
        whole, shape, pruned = self.whole, self._shape, self._pruned
        candidate, through, ending, parent, after = (
            whole.candidate, whole.through, whole.ending, whole.parent, whole.after)
        home: dict[int, int] = {}  # a walked node's place in the pruned tree
        i = start
        while i < end:
            above = home.get(parent[i], base)
            c = candidate[i]
            how = shape[c]
            if how == EXCLUDED:
                home[i] = above
                pruned.ending[above] += ending[i]
                i += 1
                continue
            node = pruned.node(above, c)
            pruned.through[node] += through[i]
            if how == HOPEFUL:
                pruned.hopeful_sources.setdefault(node, []).append(i)
                i = after[i]
                continue
            pruned.ending[node] += ending[i]
            home[i] = node
            i += 1

    def _lay_out(self) -> None:
        """The pruned tree depth by depth. Done once per shape, it is kept to operations
        over whole lists, as an iteration is."""
        shape, pruned = self._shape, self._pruned
        candidate, parent, through, ending = (
            pruned.candidate, pruned.parent, pruned.through, pruned.ending)
        self._levels = []
        position = {ROOT: 0}  # each elected node's place in its depth
        for at_depth in pruned.at_depth:
            nodes = sorted(at_depth, key=candidate.__getitem__)
            elected: list[int] = []
            hopeful: list[int] = []
            runs: list[tuple[int, int, int]] = []
            hopeful_runs: list[tuple[int, int, int]] = []
            start = 0
            for c, count in Counter(map(candidate.__getitem__, nodes)).items():
                if c != GONE:
                    into, into_runs = ((hopeful, hopeful_runs) if shape[c] == HOPEFUL
                                       else (elected, runs))
                    into_runs.append((c, len(into), len(into) + count))
                    into += nodes[start:start + count]
                start += count
            if not elected and not hopeful:
                break
            endings = list(map(ending.__getitem__, elected))
            self._levels.append(_Level(
                weights=_gather(list(map(position.__getitem__, map(parent.__getitem__,
                                                                     elected)))),
                runs=runs,
                through=list(map(through.__getitem__, elected)),
                endings=_gather(list(compress(range(len(endings)), endings))),
                ending=list(filter(None, endings)),
                hopeful_weights=_gather(list(map(position.__getitem__,
                                                 map(parent.__getitem__, hopeful)))),
                hopeful_runs=hopeful_runs,
                hopeful_through=list(map(through.__getitem__, hopeful))))
            position = dict(zip(elected, range(len(elected)), strict=True))

    # -- an iteration ----------------------------------------------------------------------
    def distribute(self, keep: Sequence[int], one: int, split_many: SplitMany,
                   candidates: int) -> tuple[list[int], int]:
        """Each candidate's vote and the non-transferable vote, with these keep values.

        A paper starts at ``one`` (a whole vote, scaled); at each candidate in its ranking
        the candidate keeps a share by ``split_many`` and the rest passes on; what is left
        at the end of the ranking is non-transferable.
        """
        shape = tuple(EXCLUDED if k == 0 else HOPEFUL if k == one else ELECTED for k in keep)
        if shape != self._shape:
            self._reshape(shape)
            self._lay_out()
        votes = [0] * candidates
        exhausted = self._pruned.ending[ROOT] * one
        arriving = [one]  # the value each elected node of the depth above passes on
        for level in self._levels:
            shares = list(map(mul, level.hopeful_weights(arriving), level.hopeful_through))
            for c, start, end in level.hopeful_runs:
                votes[c] += sum(shares[start:end])
            keeps: list[int] = []
            rests: list[int] = []
            for c, start, end in level.runs:
                keeps += repeat(keep[c], end - start)
                rests += repeat(one - keep[c], end - start)
            kept, arriving = split_many(level.weights(arriving), keeps, rests)
            shares = list(map(mul, kept, level.through))
            for c, start, end in level.runs:
                votes[c] += sum(shares[start:end])
            exhausted += sum(map(mul, level.endings(arriving), level.ending))
        return votes, exhausted


def _gather(indices: list[int]) -> Callable[[list[int]], Sequence[int]]:
    """A function taking these items, in this order, from a list."""
    if len(indices) > 1:
        return itemgetter(*indices)  # much quicker than a loop in Python
    return lambda values: [values[i] for i in indices]


def _whole_tree(rankings: Mapping[tuple[int, ...], int]) -> tuple[_Whole, int]:
    """The rankings' prefix tree, flat in depth-first order, and the papers whose ranking
    is empty."""
    # In sorted order the rankings list the tree depth first: each one adds the nodes after
    # the prefix it shares with the one before.
    whole = _Whole(array("i"), [], [], array("i"), array("i"))
    cand, ending, parent, after = whole.candidate, whole.ending, whole.parent, whole.after
    empty = 0
    path: list[int] = []  # indices of the previous ranking's nodes
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
            empty += papers
        previous = ranking
    for index in path:
        after[index] = len(cand)
    # Papers through a node: those ending there and those through its children.
    through = whole.through
    through.extend(ending)
    for index in range(len(cand) - 1, -1, -1):
        if parent[index] >= 0:
            through[parent[index]] += through[index]
    return whole, empty
