"""Quota rules in the count (COUNTING.md → "Guard/doom, precisely").

With E elected, H continuing and r places left, a *feasible completion* is a set X ⊆ H of r
candidates such that every group's minimum and maximum hold for E ∪ X. A continuing
candidate is *doomed* when no feasible completion contains them, and *guarded* when every
feasible completion does. Candidates of one type share their status, so both are decided by
an exact search over the numbers of each type elected (feasible.py).

Each reason given in words is the smallest set of limits that, on its own, dooms or guards
the candidate (limits are dropped one at a time, in file order, while the status holds).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from countdesk.count.feasible import Problem, solve
from countdesk.election import GroupLimit, ShortfallPolicy
from countdesk.errors import CountDeskError

Groups = tuple[tuple[str, str], ...]  # a candidate's (dimension, group) pairs


@dataclass(frozen=True)
class Status:
    """Who among the continuing candidates is doomed or guarded, by candidate index."""

    doomed: frozenset[int]
    guarded: frozenset[int]


@dataclass(frozen=True)
class _Bound:
    """One minimum or one maximum of one group: the pieces a reason is made of."""

    group: int
    is_minimum: bool


class QuotaRules:
    """The quota rules of one count: group limits resolved to candidates, each minimum
    above the number standing lowered or refused as the setup says."""

    def __init__(self, limits: Sequence[GroupLimit], groups: Sequence[Groups],
                 names: Sequence[str], seats: int, withdrawn: Collection[int] = (),
                 shortfall: ShortfallPolicy = ShortfallPolicy.LOWER) -> None:
        self.names = tuple(names)
        self.seats = seats
        self.limits = tuple(limits)
        self.notes: list[str] = []
        index = {(limit.dimension, limit.group): g for g, limit in enumerate(self.limits)}
        dimensions = tuple(dict.fromkeys(limit.dimension for limit in self.limits))
        self.dimensions = tuple(
            tuple(g for g, limit in enumerate(self.limits) if limit.dimension == d)
            for d in dimensions)
        self.labels = _labels(self.limits)
        self.type_of: list[int] = []
        self.types: list[tuple[int, ...]] = []
        known: dict[tuple[int, ...], int] = {}
        for c, name in enumerate(self.names):
            pairs = dict(groups[c]) if c < len(groups) else {}
            try:
                kind = tuple(index[(d, pairs[d])] for d in dimensions)
            except KeyError:
                raise CountDeskError(f"{name} is in no group of every dimension of the quota "
                                     "rules") from None
            if kind not in known:
                known[kind] = len(self.types)
                self.types.append(kind)
            self.type_of.append(known[kind])
        standing = [0] * len(self.limits)
        for c in range(len(self.names)):
            if c not in withdrawn:
                for g in self.types[self.type_of[c]]:
                    standing[g] += 1
        self.minimum = [limit.minimum for limit in self.limits]
        self.maximum = [len(self.names) if limit.maximum is None else limit.maximum
                        for limit in self.limits]
        for g, limit in enumerate(self.limits):
            if limit.minimum <= standing[g]:
                continue
            if shortfall is ShortfallPolicy.REFUSE:
                raise CountDeskError(
                    f"{self.labels[g]} must have at least {limit.minimum} seats but only "
                    f"{standing[g]} stand, and the setup says to refuse such a count")
            self.minimum[g] = standing[g]
            self.notes.append(
                f"The minimum for {self.labels[g]} was lowered from {limit.minimum} to "
                f"{standing[g]}, the number standing (so far as practicable), as the setup "
                "says.")
        # The doomed and the guarded types of each state seen, by its numbers of each type.
        self._cache: dict[tuple[object, ...], tuple[set[int], set[int]]] = {}

    def in_group(self, c: int, g: int) -> bool:
        """Whether candidate ``c`` is in group ``g`` (an index into ``limits``)."""
        return g in self.types[self.type_of[c]]

    # -- the state of a count, as a search problem ---------------------------------------
    def _problem(self, elected: Collection[int], continuing: Collection[int]
                 ) -> tuple[Problem, list[int], list[int]]:
        """The problem for this state, the types present among the continuing, and how
        many of each continue."""
        held = [0] * len(self.limits)
        for c in elected:
            for g in self.types[self.type_of[c]]:
                held[g] += 1
        present: dict[int, int] = {}
        for c in continuing:
            t = self.type_of[c]
            present[t] = present.get(t, 0) + 1
        kinds = sorted(present)
        places = min(self.seats - len(elected), len(continuing))
        problem = Problem(
            types=tuple(self.types[t] for t in kinds), dimensions=self.dimensions,
            minimum=tuple(m - h for m, h in zip(self.minimum, held, strict=True)),
            maximum=tuple(m - h for m, h in zip(self.maximum, held, strict=True)),
            places=places)
        return problem, kinds, [present[t] for t in kinds]

    def feasible(self, elected: Collection[int], continuing: Collection[int]) -> bool:
        problem, _, upper = self._problem(elected, continuing)
        return solve(problem, [0] * len(upper), upper) is not None

    def status(self, elected: Collection[int], continuing: Collection[int]) -> Status:
        """The doomed and guarded among ``continuing``, given ``elected``."""
        problem, kinds, upper = self._problem(elected, continuing)
        key = (problem.minimum, problem.maximum, problem.places, tuple(kinds), tuple(upper))
        found = self._cache.get(key)
        if found is None:
            doomed, guarded = _statuses(problem, upper)
            found = self._cache[key] = ({kinds[i] for i in doomed}, {kinds[i] for i in guarded})
        return Status(frozenset(c for c in continuing if self.type_of[c] in found[0]),
                      frozenset(c for c in continuing if self.type_of[c] in found[1]))

    # -- reasons in words ----------------------------------------------------------------
    def _bounds(self) -> list[_Bound]:
        bounds = []
        for g in range(len(self.limits)):
            if self.minimum[g] > 0:
                bounds.append(_Bound(g, True))
            if self.maximum[g] < len(self.names):
                bounds.append(_Bound(g, False))
        return bounds

    def _smallest(self, problem: Problem, lower: list[int], upper: list[int]) -> list[_Bound]:
        """The fewest bounds (dropped one at a time, in order) that still leave no
        completion between ``lower`` and ``upper``."""
        kept = self._bounds()
        for bound in list(kept):
            trial = [b for b in kept if b is not bound]
            minimums = [False] * len(self.limits)
            maximums = [False] * len(self.limits)
            for b in trial:
                (minimums if b.is_minimum else maximums)[b.group] = True
            if solve(problem, lower, upper, minimums, maximums) is None:
                kept = trial
        return kept

    def _rule(self, bound: _Bound) -> str:
        g = bound.group
        if bound.is_minimum:
            return f"at least {self.minimum[g]} {self.labels[g]}"
        return f"no more than {self.maximum[g]} {self.labels[g]}"

    def doomed_reason(self, c: int, elected: Collection[int],
                      continuing: Collection[int]) -> str:
        """Why electing ``c`` would make the quota rules impossible, in words."""
        problem, kinds, upper = self._problem(elected, continuing)
        t = kinds.index(self.type_of[c])
        lower = [0] * len(upper)
        lower[t] = 1
        bounds = self._smallest(problem, lower, upper)
        own = self.types[self.type_of[c]]
        if len(bounds) == 1 and not bounds[0].is_minimum and bounds[0].group in own:
            g = bounds[0].group
            if self.maximum[g] == 0:
                return f"no place is open to {self.labels[g]}"
            if self.maximum[g] == 1:
                return f"the only place open to {self.labels[g]} is filled"
            return f"the {self.maximum[g]} places open to {self.labels[g]} are filled"
        rules = _join([self._rule(b) for b in bounds])
        left = problem.places
        if all(b.is_minimum and b.group not in own for b in bounds):
            places = "the place left is" if left == 1 else f"the {left} places left are all"
            return f"{places} needed to reach {rules}"
        return f"electing them would make {rules} impossible with the {left} places left"

    def guarded_reason(self, c: int, elected: Collection[int],
                       continuing: Collection[int]) -> str:
        """Why ``c`` cannot be excluded, in words."""
        problem, kinds, upper = self._problem(elected, continuing)
        t = kinds.index(self.type_of[c])
        capped = list(upper)
        capped[t] -= 1
        bounds = self._smallest(problem, [0] * len(upper), capped)
        rules = _join([self._rule(b) for b in bounds])
        if all(b.is_minimum for b in bounds):
            return f"needed to reach {rules}"
        return f"needed to fill the places with {rules}"

    def refuse_if_infeasible(self, continuing: Collection[int]) -> None:
        """Before the count: refuse, naming the limits that conflict, if no completion
        exists."""
        if self.feasible((), continuing):
            return
        problem, _, upper = self._problem((), continuing)
        lower = [0] * len(upper)
        rules = _join([self._rule(b) for b in self._smallest(problem, lower, upper)])
        places = "place" if self.seats == 1 else "places"
        raise CountDeskError(
            f"the quota rules conflict: {rules} cannot all be met with {self.seats} "
            f"{places} and the {len(continuing)} candidates standing")

    def describe(self) -> list[str]:
        """The limits in force, in words, for the sheet."""
        lines = []
        for g in range(len(self.limits)):
            parts = []
            if self.minimum[g] > 0:
                parts.append(f"at least {self.minimum[g]}")
            if self.maximum[g] < len(self.names):
                parts.append(f"no more than {self.maximum[g]}")
            if parts:
                lines.append(f"{self.labels[g]}: {' and '.join(parts)}")
        return lines


def _statuses(problem: Problem, upper: list[int]) -> tuple[set[int], set[int]]:
    """The doomed and the guarded types (indices into ``upper``)."""
    size = len(upper)
    zero = [0] * size
    first = solve(problem, zero, upper)
    if first is None:
        return set(), set()
    can_have = {t for t in range(size) if first[t] > 0}
    can_lack = {t for t in range(size) if first[t] < upper[t]}
    doomed: set[int] = set()
    guarded: set[int] = set()
    for t in range(size):
        if t in can_have:
            continue
        lower = list(zero)
        lower[t] = 1
        found = solve(problem, lower, upper, hint=first)
        if found is None:
            doomed.add(t)
            continue
        can_have |= {u for u in range(size) if found[u] > 0}
        can_lack |= {u for u in range(size) if found[u] < upper[u]}
    for t in range(size):
        if t in can_lack:
            continue
        capped = list(upper)
        capped[t] -= 1
        found = solve(problem, zero, capped, hint=first)
        if found is None:
            guarded.add(t)
            continue
        can_lack |= {u for u in range(size) if found[u] < upper[u]}
    return doomed, guarded


def _labels(limits: Sequence[GroupLimit]) -> list[str]:
    """Each group's name, with its dimension where another dimension uses the same name."""
    seen: dict[str, int] = {}
    for limit in limits:
        seen[limit.group.casefold()] = seen.get(limit.group.casefold(), 0) + 1
    return [limit.group if seen[limit.group.casefold()] == 1
            else f"{limit.dimension}: {limit.group}" for limit in limits]


def _join(parts: Sequence[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]
