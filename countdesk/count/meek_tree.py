"""Meek's distribution of every paper, done once per iteration on a tree of rankings.

Papers that share the first k preferences carry the same value through those k candidates,
so the rankings are merged into a prefix tree: each node is one candidate at one position,
with the number of papers passing through it and the number whose ranking ends there.
The nodes are kept flat, in depth-first order, so that a distribution is one pass.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

Split = Callable[[int, int], tuple[int, int]]  # (value, keep value) -> (kept, passed on)


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
        self.candidate: list[int] = []
        self.through: list[int] = []
        self.ending: list[int] = []
        self.parent: list[int] = []  # flat index of the parent, -1 under the root
        self.after: list[int] = []  # flat index just past this node's subtree
        stack: list[tuple[int, int]] = [(child, -1) for child in reversed(children[0].values())]
        opened: list[int] = []  # flat indices whose subtree is still being laid out
        while stack:
            node, parent = stack.pop()
            index = len(self.candidate)
            while opened and opened[-1] != parent:
                self.after[opened.pop()] = index
            self.candidate.append(candidate[node])
            self.through.append(through[node])
            self.ending.append(ending[node])
            self.parent.append(parent)
            self.after.append(0)
            opened.append(index)
            stack.extend((child, index) for child in reversed(children[node].values()))
        for index in opened:
            self.after[index] = len(self.candidate)

    def distribute(self, keep: Sequence[int], one: int, split: Split,
                   candidates: int) -> tuple[list[int], int]:
        """Each candidate's vote and the non-transferable vote, with these keep values.

        A paper starts at ``one`` (a whole vote, scaled); at each candidate in its ranking
        the candidate keeps a share by ``split`` and the rest passes on; what is left at
        the end of the ranking is non-transferable.
        """
        votes = [0] * candidates
        exhausted = self.empty * one
        value = [0] * len(self.candidate)
        cand, through, ending, parent, after = (
            self.candidate, self.through, self.ending, self.parent, self.after)
        size = len(cand)
        i = 0
        while i < size:
            p = parent[i]
            weight = one if p < 0 else value[p]
            k = keep[cand[i]]
            if k == one:
                votes[cand[i]] += weight * through[i]
                i = after[i]
                continue
            if k == 0:
                passed = weight
            else:
                kept, passed = split(weight, k)
                votes[cand[i]] += kept * through[i]
            value[i] = passed
            if ending[i]:
                exhausted += passed * ending[i]
            i = i + 1 if passed else after[i]
        return votes, exhausted
