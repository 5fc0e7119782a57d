"""Meek rule sets: how keep values, quotas and the end of an iteration are computed.

Values are integers scaled to ``places`` decimal places (`Fixed`). Two variants:

- ``meek``: Hill, Wichmann & Woodall, *Algorithm 123 — Single transferable vote by Meek's
  method*, Computer Journal 30(3), 1987. The paper works in real numbers; CountDesk works
  exactly at 9 decimal places, rounding keep values (and each candidate's share of a paper)
  up, so that an elected candidate never keeps less than the quota, and what a paper does
  not leave with a candidate passes on (nothing is created or lost).
- ``meek-nz``: Local Electoral Regulations 2001 (NZ), Schedule 1A, which fixes the same
  method at 9 decimal places and says where each figure is rounded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import repeat
from operator import add, floordiv, mul, sub
from typing import Any

from countdesk.count.values import Fixed

PLACES = 9


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


@dataclass(frozen=True)
class MeekRules:
    key: str  # the CLI name
    name: str  # for the sheet
    new_zealand: bool  # Schedule 1A's rounding, stopping rule and exclusion test
    places: int = PLACES

    @cached_property
    def fixed(self) -> Fixed:
        return Fixed(self.places)

    def split(self, weight: int, keep: int) -> tuple[int, int]:
        """What a candidate with keep value ``keep`` takes from a paper of value ``weight``,
        and what the paper carries on.

        The candidate's share is weight × keep value rounded up (Sch. 1A cl 10). Schedule 1A
        cl 10 rounds the value passed on up as well, weight × (1 − keep value); Algorithm 123
        passes on exactly what the candidate did not keep.
        """
        one = self.fixed.one
        kept = _ceil_div(weight * keep, one)
        if self.new_zealand:
            return kept, _ceil_div(weight * (one - keep), one)
        return kept, weight - kept

    def split_many(self, weights: Sequence[int], keeps: Sequence[int],
                   rests: Sequence[int]) -> tuple[list[int], list[int]]:
        """`split` for many papers at once, each meeting a candidate with its keep value
        (``keeps``; ``rests`` is one − each keep value)."""
        if type(self).split is not MeekRules.split:  # a variant's own split is kept to
            pairs = [self.split(weight, keep) for weight, keep in zip(weights, keeps,
                                                                      strict=True)]
            return [kept for kept, _ in pairs], [passed for _, passed in pairs]
        # All by map, which is C code. Rounding up, a ÷ one is (a + one − 1) // one.
        one, round_up = repeat(self.fixed.one), repeat(self.fixed.one - 1)
        if self.new_zealand:
            return (list(map(floordiv, map(add, map(mul, weights, keeps), round_up), one)),
                    list(map(floordiv, map(add, map(mul, weights, rests), round_up), one)))
        # What passes on is weight − (weight × keep, rounded up): weight × rest, rounded down.
        passed = list(map(floordiv, map(mul, weights, rests), one))
        return list(map(sub, weights, passed)), passed

    @property
    def splits_arrays(self) -> bool:
        """Whether `split_arrays` is this variant's split (a variant with a split of its own
        has only `split` and `split_many`)."""
        return type(self).split is MeekRules.split

    def split_arrays(self, weights: Any, keeps: Any, rests: Any) -> tuple[Any, Any]:
        """`split_many` over numpy arrays, by the same operations."""
        one = self.fixed.one
        if self.new_zealand:
            return (weights * keeps + (one - 1)) // one, (weights * rests + (one - 1)) // one
        passed = weights * rests // one
        return weights - passed, passed

    def new_keep_value(self, keep: int, quota: int, votes: int) -> int:
        """An elected candidate's next keep value: keep × quota ÷ votes.

        Sch. 1A cl 17 rounds keep × quota up to 9 places, then the quotient up again;
        for Algorithm 123 the quotient is rounded up once.
        """
        if self.new_zealand:
            return _ceil_div(_ceil_div(keep * quota, self.fixed.one) * self.fixed.one, votes)
        return _ceil_div(keep * quota, votes)

    def quota(self, active: int, seats: int) -> int:
        """(total vote − non-transferable) ÷ (seats + 1), truncated, plus one unit of the last
        place (Sch. 1A cl 5 and 11: "+ 0.000000001"), so that no more than ``seats``
        candidates can reach it. ``active`` is the vote still with candidates, scaled."""
        return active // (seats + 1) + 1

    def converged(self, surpluses: list[int], quota: int) -> bool:
        """Whether the iteration may stop.

        Sch. 1A cl 13: the total surplus is below 0.0001. Algorithm 123: every elected
        candidate's vote is within 0.001% of the quota.
        """
        if self.new_zealand:
            return sum(surpluses) * 10_000 < self.fixed.one
        return all(s * 100_000 < quota for s in surpluses)

    def parameters(self) -> tuple[tuple[str, str], ...]:
        common = (
            ("variant", self.name),
            ("precision", f"{self.places} decimal places; keep values rounded up"),
            ("quota", "(total vote − non-transferable) ÷ (places + 1), truncated to "
                      f"{self.places} places, plus 0.{'0' * (self.places - 1)}1; recomputed "
                      "every iteration; elected at or above it"),
        )
        if self.new_zealand:
            return (
                *common,
                ("tolerance", "iterate until the total surplus is below 0.0001 (Sch. 1A cl 13)"),
                ("transfers", "each candidate keeps value × keep value, rounded up; the paper "
                              "carries value × (1 − keep value), rounded up (cl 10)"),
                ("exclusion", "the lowest hopeful candidate, once their votes plus the total "
                              "surplus are below the next lowest, or the total surplus is "
                              "below 0.0001 (cl 13)"),
                ("ties", "ahead at the first difference (earliest stage where they differed), "
                         "then by lot as CountDesk draws every lot (the returning officer, or "
                         "a printed seed), not by the regulations' number generator"),
            )
        return (
            *common,
            ("tolerance", "iterate until every elected candidate's vote is within 0.001% "
                          "of the quota"),
            ("transfers", "each candidate keeps value × keep value, rounded up; the rest "
                          "of the paper's value passes on"),
            ("exclusion", "when the surpluses have converged, the lowest hopeful candidate"),
            ("ties", "by lot, as CountDesk draws every lot (the returning officer, or a "
                     "printed seed)"),
        )


MEEK = MeekRules(
    key="meek",
    name="Meek STV (Hill, Wichmann & Woodall, Algorithm 123, 1987)",
    new_zealand=False,
)

MEEK_NZ = MeekRules(
    key="meek-nz",
    name="Meek STV, New Zealand rules (Local Electoral Regulations 2001, Sch. 1A)",
    new_zealand=True,
)
