"""Exact search for a feasible completion of a constrained count, over candidate types.

Candidates of the same *type* (the same group in every dimension) are interchangeable for
the quota rules, so a completion is a number x[t] of each type's continuing candidates,
``lower[t] ≤ x[t] ≤ upper[t]``, with Σ x = places and, for every group g,
``minimum[g] ≤ Σ_{t in g} x[t] ≤ maximum[g]`` (the elected already subtracted).

The search is depth-first over types, grouped by their groups, trying first the numbers
nearest a completion found for a nearby problem (else an even spread). It is pruned by the
one-dimension counting bounds (for each dimension, the places its unmet minimums need must
fit in the places left, and the room under its maximums must cover them) and by a bound
across dimensions (a seat meets at most as many unmet minimums as its type is in); a state
that failed is remembered, so a search never repeats itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """The types and limits of one count state, with the elected already taken off."""

    types: tuple[tuple[int, ...], ...]  # each type's group indices, one per dimension
    dimensions: tuple[tuple[int, ...], ...]  # each dimension's group indices
    minimum: tuple[int, ...]  # by group: seats still needed (may be ≤ 0)
    maximum: tuple[int, ...]  # by group: seats still open (may be < 0: infeasible)
    places: int


def solve(problem: Problem, lower: Sequence[int], upper: Sequence[int],
          minimums: Sequence[bool] | None = None,
          maximums: Sequence[bool] | None = None,
          hint: Sequence[int] | None = None) -> tuple[int, ...] | None:
    """A completion x with lower ≤ x ≤ upper meeting the minimums and maximums switched on
    (all by default), or None when there is none. The search tries values nearest
    ``hint`` first (a completion found for a nearby problem), else an even spread."""
    groups = len(problem.minimum)
    big = problem.places + 1
    need = [0 if minimums is not None and not minimums[g] else problem.minimum[g]
            for g in range(groups)]
    room = [big if maximums is not None and not maximums[g] else problem.maximum[g]
            for g in range(groups)]
    places = problem.places
    types = problem.types
    # Types grouped by their groups, dimension by dimension: a group is settled once its
    # types are done, and a settled group drops out of the remembered state.
    order = sorted(range(len(types)), key=lambda t: (types[t], t))
    # Fix the lower bounds first: what remains is a search from zero.
    count = [0] * groups
    fixed = sum(lower)
    for t, low in enumerate(lower):
        if low:
            for g in types[t]:
                count[g] += low
    spare = [upper[t] - lower[t] for t in order]
    if any(s < 0 for s in spare):
        return None
    # rest[i][g]: how many more group g could get from the types order[i:].
    rest = [[0] * groups for _ in range(len(order) + 1)]
    for i in range(len(order) - 1, -1, -1):
        row = rest[i]
        row[:] = rest[i + 1]
        for g in types[order[i]]:
            row[g] += spare[i]
    rest_total = [0] * (len(order) + 1)
    for i in range(len(order) - 1, -1, -1):
        rest_total[i] = rest_total[i + 1] + spare[i]
    dimensions = problem.dimensions
    failed: set[tuple[int, ...]] = set()
    chosen = [0] * len(order)

    def possible(i: int, total: int) -> bool:
        left = places - total
        if left < 0 or left > rest_total[i]:
            return False
        row = rest[i]
        for dimension in dimensions:
            wanted = 0
            open_ = 0
            for g in dimension:
                have = count[g]
                if have > room[g]:
                    return False
                short = need[g] - have
                if short > row[g]:
                    return False
                if short > 0:
                    wanted += short
                open_ += min(room[g] - have, row[g])
            if wanted > left or open_ < left:
                return False
        return covered(i, left)

    def covered(i: int, left: int) -> bool:
        """Each further seat meets at most as many unmet minimums as its type is in: even
        taking the types that meet most first, the unmet minimums must fit in ``left``."""
        short = [g for g in range(groups) if need[g] > count[g]]
        if not short:
            return True
        deficit = sum(need[g] - count[g] for g in short)
        covers = sorted(((sum(1 for g in types[order[j]] if need[g] > count[g]),
                          min(spare[j], *[room[g] - count[g] for g in types[order[j]]]))
                         for j in range(i, len(order))), reverse=True)
        seats = 0
        for cover, available in covers:
            if cover == 0 or deficit <= 0:
                break
            take = max(0, min(available, -(-deficit // cover)))
            seats += take
            deficit -= take * cover
        return deficit <= 0 and seats <= left

    def search(i: int, total: int) -> bool:
        if not possible(i, total):
            return False
        if i == len(order):
            return True
        # A group whose minimum is met and whose maximum the types left cannot reach
        # constrains nothing more: states that differ only in such groups are one state.
        row = rest[i]
        key = (i, total, *[-1 if count[g] >= need[g] and room[g] - count[g] >= row[g]
                           else count[g] for g in range(groups)])
        if key in failed:
            return False
        t_groups = types[order[i]]
        most = min(spare[i], places - total, *[room[g] - count[g] for g in t_groups])
        if hint is None:
            target = -(-spare[i] * (places - total) // max(rest_total[i], 1))
        else:
            target = hint[order[i]] - lower[order[i]]
        for x in sorted(range(most + 1), key=lambda x: (abs(x - target), -x)):
            if x:
                for g in t_groups:
                    count[g] += x
            chosen[i] = x
            found = search(i + 1, total + x)
            if x:
                for g in t_groups:
                    count[g] -= x
            if found:
                return True
        failed.add(key)
        return False

    if not search(0, fixed):
        return None
    result = list(lower)
    for i, t in enumerate(order):
        result[t] += chosen[i]
    return tuple(result)

