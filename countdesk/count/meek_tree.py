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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from operator import mul

# (values of papers meeting candidates, each one's keep value) -> (what each candidate
# keeps of their paper, what each paper passes on)
SplitMany = Callable[[list[int], list[int]], tuple[list[int], list[int]]]

EXCLUDED, ELECTED, HOPEFUL = 0, 1, 2  # how a candidate treats a paper, by keep value
ROOT = 0


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
    """The pruned tree's nodes at one depth. The elected pass on what they do not keep to
    the next depth; the hopeful keep everything and end every path they are on."""

    parent: list[int]  # each elected node's parent, by position in the level above (root: 0)
    candidate: list[int]
    through: list[int]
    ending: list[int]
    hopeful_parent: list[int]
    hopeful_through: list[int]


class RankingTree:
    def __init__(self, rankings: Mapping[tuple[int, ...], int]) -> None:
        # empty: papers with no preference for anyone standing
        self.whole, self.empty = _whole_tree(rankings)
        self._shape: tuple[int, ...] | None = None  # what the pruned tree is cut for
        self._levels: list[_Level] = []
        # vote per candidate: positions in the flat list of each depth's products, in turn
        self._elected_at: list[tuple[int, list[int]]] = []
        self._hopeful_at: list[tuple[int, list[int]]] = []

    # -- the pruned tree -------------------------------------------------------------------
    def _restart(self, shape: tuple[int, ...]) -> None:
        self._children: list[dict[int, int]] = [{}]
        self._node_candidate = [-1]
        self._node_parent = [-1]
        self._node_through = [0]
        self._node_ending = [self.empty]
        self._hopeful_sources: dict[int, list[int]] = {}  # hopeful node -> whole nodes in it
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
        for node in [n for n in self._hopeful_sources if self._node_candidate[n] in changed]:
            self._open(node)

    def _open(self, node: int) -> None:
        """A hopeful candidate's node, now elected or excluded: add what lay below it."""
        whole = self.whole
        sources = self._hopeful_sources.pop(node)
        if self._shape[self._node_candidate[node]] == EXCLUDED:
            parent = self._node_parent[node]
            del self._children[parent][self._node_candidate[node]]
            node = parent
        for i in sources:
            self._node_ending[node] += whole.ending[i]
            self._add_below(i + 1, whole.after[i], node)

    def _add_below(self, start: int, end: int, base: int) -> None:
        """Add the whole tree's nodes start…end (whole subtrees, children of one node) below
        the pruned node ``base``, cut for the current shape."""
        whole, shape = self.whole, self._shape
        candidate, through, ending, parent, after = (
            whole.candidate, whole.through, whole.ending, whole.parent, whole.after)
        children, node_through, node_ending = (
            self._children, self._node_through, self._node_ending)
        home: dict[int, int] = {}  # a walked node's place in the pruned tree
        i = start
        while i < end:
            above = home.get(parent[i], base)
            c = candidate[i]
            how = shape[c]
            if how == EXCLUDED:
                home[i] = above
                node_ending[above] += ending[i]
                i += 1
                continue
            node = children[above].get(c)
            if node is None:
                node = self._new_node(above, c)
            node_through[node] += through[i]
            if how == HOPEFUL:
                self._hopeful_sources.setdefault(node, []).append(i)
                i = after[i]
                continue
            node_ending[node] += ending[i]
            home[i] = node
            i += 1

    def _new_node(self, parent: int, c: int) -> int:
        node = len(self._children)
        self._children[parent][c] = node
        self._children.append({})
        self._node_candidate.append(c)
        self._node_parent.append(parent)
        self._node_through.append(0)
        self._node_ending.append(0)
        return node

    def _lay_out(self) -> None:
        """The pruned tree depth by depth, and where each candidate's vote comes from."""
        shape, children = self._shape, self._children
        through, ending = self._node_through, self._node_ending
        self._levels = []
        elected_at: dict[int, list[int]] = {}
        hopeful_at: dict[int, list[int]] = {}
        elected_count = hopeful_count = 0
        above = [ROOT]  # the elected nodes of the depth above, in their order there
        while above:
            level = _Level([], [], [], [], [], [])
            next_above: list[int] = []
            for position, node in enumerate(above):
                for c, child in children[node].items():
                    if shape[c] == HOPEFUL:
                        hopeful_at.setdefault(c, []).append(hopeful_count)
                        hopeful_count += 1
                        level.hopeful_parent.append(position)
                        level.hopeful_through.append(through[child])
                    else:
                        elected_at.setdefault(c, []).append(elected_count)
                        elected_count += 1
                        level.parent.append(position)
                        level.candidate.append(c)
                        level.through.append(through[child])
                        level.ending.append(ending[child])
                        next_above.append(child)
            self._levels.append(level)
            above = next_above
        self._elected_at = list(elected_at.items())
        self._hopeful_at = list(hopeful_at.items())

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
        exhausted = self._node_ending[ROOT] * one
        elected_shares: list[int] = []  # each elected node's share × its papers, depth by depth
        hopeful_shares: list[int] = []
        arriving = [one]  # the value each elected node of the depth above passes on
        for level in self._levels:
            hopeful_shares += map(mul, map(arriving.__getitem__, level.hopeful_parent),
                                  level.hopeful_through)
            kept, arriving = split_many(list(map(arriving.__getitem__, level.parent)),
                                        list(map(keep.__getitem__, level.candidate)))
            elected_shares += map(mul, kept, level.through)
            exhausted += sum(map(mul, arriving, level.ending))
        votes = [0] * candidates
        for c, positions in self._elected_at:
            votes[c] = sum(map(elected_shares.__getitem__, positions))
        for c, positions in self._hopeful_at:
            votes[c] = sum(map(hopeful_shares.__getitem__, positions))
        return votes, exhausted


def _whole_tree(rankings: Mapping[tuple[int, ...], int]) -> tuple[_Whole, int]:
    """The rankings' prefix tree, flat in depth-first order, and the papers whose ranking
    is empty."""
    # In sorted order the rankings list the tree depth first: each one adds the nodes after
    # the prefix it shares with the one before.
    whole = _Whole(array("i"), [], [], array("q"), array("q"))
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
