"""Meek's distribution of every paper, done once per iteration on a tree of rankings.

Papers that share the first k preferences carry the same value through those k candidates,
so the rankings are merged into a prefix tree: each node is one candidate at one position,
with the number of papers passing through it and the number whose ranking ends there.
The nodes are kept flat, in depth-first order, so that a distribution is one pass.

Between two iterations only the keep values of the elected change: who is hopeful (keeps
the whole paper), who is excluded (keeps none of it) and who is elected (keeps a share)
stays the same, and that is all the tree's shape depends on. So the tree is pruned for it
once: an excluded candidate passes every paper on untouched, so their nodes are spliced
out (their children move up to their parent and merge with any equal child there); a
hopeful candidate keeps the papers reaching them, so what lies below them is cut off.
Each iteration then works on the small tree that is left: the elected, with a hopeful
candidate or the end of the ranking after them. The arithmetic is the same, paper for
paper, as on the whole tree.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

Split = Callable[[int, int], tuple[int, int]]  # (value, keep value) -> (kept, passed on)

EXCLUDED, ELECTED, HOPEFUL = 0, 1, 2  # how a candidate treats a paper, by keep value


@dataclass
class _Flat:
    """A tree laid out in depth-first order."""

    candidate: list[int]
    through: list[int]  # papers passing through the node
    ending: list[int]  # papers whose ranking ends at the node
    parent: list[int]  # flat index of the parent, -1 under the root
    after: list[int]  # flat index just past the node's subtree


def _flatten(children: list[dict[int, int]], candidate: list[int], through: list[int],
             ending: list[int]) -> _Flat:
    """Lay out a tree given as child maps (node 0 is the root) in depth-first order."""
    flat = _Flat([], [], [], [], [])
    stack: list[tuple[int, int]] = [(child, -1) for child in reversed(children[0].values())]
    opened: list[int] = []  # flat indices whose subtree is still being laid out
    while stack:
        node, parent = stack.pop()
        index = len(flat.candidate)
        while opened and opened[-1] != parent:
            flat.after[opened.pop()] = index
        flat.candidate.append(candidate[node])
        flat.through.append(through[node])
        flat.ending.append(ending[node])
        flat.parent.append(parent)
        flat.after.append(0)
        opened.append(index)
        stack.extend((child, index) for child in reversed(children[node].values()))
    for index in opened:
        flat.after[index] = len(flat.candidate)
    return flat


class RankingTree:
    def __init__(self, rankings: Mapping[tuple[int, ...], int]) -> None:
        children: list[dict[int, int]] = [{}]
        candidate = [-1]
        through = [0]
        ending = [0]
        for ranking, papers in rankings.items():
            node = 0
            for c in ranking:
                child = children[node].get(c)
                if child is None:
                    child = len(candidate)
                    children[node][c] = child
                    children.append({})
                    candidate.append(c)
                    through.append(0)
                    ending.append(0)
                node = child
                through[node] += papers
            ending[node] += papers
        self.empty = ending[0]  # papers with no preference for anyone standing
        self.whole = _flatten(children, candidate, through, ending)
        self._shape: tuple[int, ...] = ()  # what the pruned tree was cut down for
        self._pruned = self.whole
        self._pruned_empty = self.empty

    def _prune(self, shape: tuple[int, ...]) -> None:
        """Cut the tree down for candidates who are each EXCLUDED, ELECTED or HOPEFUL."""
        whole = self.whole
        cand, through, ending, parent, after = (
            whole.candidate, whole.through, whole.ending, whole.parent, whole.after)
        children: list[dict[int, int]] = [{}]
        candidate = [-1]
        kept_through = [0]
        kept_ending = [self.empty]
        home = [0] * len(cand)  # the pruned node under which a whole node's children go
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
                node = len(candidate)
                children[base][c] = node
                children.append({})
                candidate.append(c)
                kept_through.append(0)
                kept_ending.append(0)
            kept_through[node] += through[i]
            if how == HOPEFUL:
                i = after[i]
                continue
            kept_ending[node] += ending[i]
            home[i] = node
            i += 1
        self._shape = shape
        self._pruned_empty = kept_ending[0]
        self._pruned = _flatten(children, candidate, kept_through, kept_ending)

    def distribute(self, keep: Sequence[int], one: int, split: Split,
                   candidates: int) -> tuple[list[int], int]:
        """Each candidate's vote and the non-transferable vote, with these keep values.

        A paper starts at ``one`` (a whole vote, scaled); at each candidate in its ranking
        the candidate keeps a share by ``split`` and the rest passes on; what is left at
        the end of the ranking is non-transferable.
        """
        shape = tuple(EXCLUDED if k == 0 else HOPEFUL if k == one else ELECTED for k in keep)
        if shape != self._shape:
            self._prune(shape)
        tree = self._pruned
        votes = [0] * candidates
        exhausted = self._pruned_empty * one
        value = [0] * len(tree.candidate)
        cand, through, ending, parent, after = (
            tree.candidate, tree.through, tree.ending, tree.parent, tree.after)
        size = len(cand)
        i = 0
        while i < size:
            p = parent[i]
            weight = one if p < 0 else value[p]
            c = cand[i]
            if shape[c] == HOPEFUL:
                votes[c] += weight * through[i]
                i += 1
                continue
            kept, passed = split(weight, keep[c])
            votes[c] += kept * through[i]
            value[i] = passed
            if ending[i]:
                exhausted += passed * ending[i]
            i = i + 1 if passed else after[i]
        return votes, exhausted
