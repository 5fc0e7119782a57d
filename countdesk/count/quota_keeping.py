"""How a count keeps its quota rules: the steps every rule set's count calls, whatever the
rules are.

A count asks at the start of each stage who is doomed (excluded together) and who is
guarded (never excluded), before each election whether the candidate may be elected, and
for the words on each. `Guard` (guard.py) keeps minimums and maximums by guard and doom;
`NO_QUOTA_RULES` keeps none: nobody is doomed or guarded, anyone may be elected, and there
is nothing to say. It lives apart from guard.py so that a count without quota rules never
loads their code.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Protocol


class QuotaKeeping(Protocol):
    def start(self, continuing: Collection[int]) -> None:
        """Before the count: refuse it, in words, if the rules cannot be met."""

    def doomed(self, elected: Collection[int], continuing: Collection[int]) -> list[int]: ...

    def guarded(self, elected: Collection[int], continuing: Collection[int]) -> list[int]: ...

    def unguarded(self, elected: Collection[int], continuing: Sequence[int]) -> list[int]: ...

    def may_elect(self, c: int, elected: Collection[int],
                  continuing: Collection[int]) -> bool: ...

    def can_leave(self, elected: Collection[int], continuing: Collection[int]) -> bool:
        """Whether the rules can still be met with only ``continuing`` left (after a group
        is excluded together)."""

    def names_of(self, candidates: Collection[int]) -> tuple[str, ...]: ...

    def doom_notes(self, doomed: Sequence[int], elected: Collection[int],
                   continuing: Collection[int]) -> list[str]: ...

    def withheld_note(self, c: int, elected: Collection[int],
                      continuing: Collection[int]) -> str: ...

    def guard_notes(self, elected: Collection[int], continuing: Collection[int]) -> list[str]:
        """The words on those guarded for the first time."""

    def passed_over_note(self, c: int, elected: Collection[int],
                         continuing: Collection[int]) -> str: ...

    def result_notes(self) -> list[str]: ...


class NoQuotaRules:
    """No quota rules: nothing is refused, doomed or guarded, and nothing said."""

    def start(self, continuing: Collection[int]) -> None:
        return None

    def doomed(self, elected: Collection[int], continuing: Collection[int]) -> list[int]:
        return []

    def guarded(self, elected: Collection[int], continuing: Collection[int]) -> list[int]:
        return []

    def unguarded(self, elected: Collection[int], continuing: Sequence[int]) -> list[int]:
        return list(continuing)

    def may_elect(self, c: int, elected: Collection[int],
                  continuing: Collection[int]) -> bool:
        return True

    def can_leave(self, elected: Collection[int], continuing: Collection[int]) -> bool:
        return True

    def names_of(self, candidates: Collection[int]) -> tuple[str, ...]:
        return ()

    def doom_notes(self, doomed: Sequence[int], elected: Collection[int],
                   continuing: Collection[int]) -> list[str]:
        return []

    def withheld_note(self, c: int, elected: Collection[int],
                      continuing: Collection[int]) -> str:
        raise AssertionError("without quota rules every candidate may be elected")

    def guard_notes(self, elected: Collection[int], continuing: Collection[int]) -> list[str]:
        return []

    def passed_over_note(self, c: int, elected: Collection[int],
                         continuing: Collection[int]) -> str:
        raise AssertionError("without quota rules nobody is kept in the count")

    def result_notes(self) -> list[str]:
        return []


NO_QUOTA_RULES: QuotaKeeping = NoQuotaRules()
