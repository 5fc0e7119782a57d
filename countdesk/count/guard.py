"""Guard and doom inside a count: the steps every rule set shares, and their words.

A rule set's count asks, at the start of each stage, who is doomed (all of them are excluded
together in one stage) and who is guarded (never excluded); and before each election,
whether the candidate is doomed (then they are not elected, even at or above the quota, and
are excluded at the next stage). This keeps the notes: each guard is announced on the stage
where it first applies, and each doom with its reason.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from countdesk.count.constraints import QuotaRules

METHOD = ("Quota rules by guard and doom (Grey–Fitzgerald, as described by I. D. Hill, "
          "Voting Matters 9): a candidate whose election would make a minimum or maximum "
          "impossible is excluded; one needed for a minimum to stay reachable is never "
          "excluded.")


class Guard:
    """The quota rules of one count, kept by guard and doom (a `QuotaKeeping`), and what
    has been said about them so far."""

    def __init__(self, rules: QuotaRules) -> None:
        self.rules = rules
        self.names = rules.names
        self.announced: set[int] = set()

    def start(self, continuing: Collection[int]) -> None:
        """Refuse the count, naming the groups that conflict, if no completion exists."""
        self.rules.refuse_if_infeasible(continuing)

    def doomed(self, elected: Collection[int], continuing: Collection[int]) -> list[int]:
        return sorted(self.rules.status(elected, continuing).doomed)

    def guarded(self, elected: Collection[int], continuing: Collection[int]) -> list[int]:
        return sorted(self.rules.status(elected, continuing).guarded)

    def unguarded(self, elected: Collection[int], continuing: Sequence[int]) -> list[int]:
        guarded = self.rules.status(elected, continuing).guarded
        return [c for c in continuing if c not in guarded]

    def may_elect(self, c: int, elected: Collection[int],
                  continuing: Collection[int]) -> bool:
        return c not in self.rules.status(elected, continuing).doomed

    def can_leave(self, elected: Collection[int], continuing: Collection[int]) -> bool:
        return self.rules.feasible(elected, continuing)

    def names_of(self, candidates: Collection[int]) -> tuple[str, ...]:
        return tuple(self.names[c] for c in sorted(candidates))

    def doom_notes(self, doomed: Sequence[int], elected: Collection[int],
                   continuing: Collection[int]) -> list[str]:
        """'Excluded: …' for the doomed, grouped by reason."""
        return [f"Excluded: {_names(self.names, who)} — {reason}."
                for reason, who in self._by_reason(doomed, elected, continuing, doom=True)]

    def withheld_note(self, c: int, elected: Collection[int],
                      continuing: Collection[int]) -> str:
        reason = self.rules.doomed_reason(c, elected, continuing)
        return (f"{self.names[c]} has reached the quota but is not elected: {reason}; "
                "they are excluded at the next stage.")

    def guard_notes(self, elected: Collection[int], continuing: Collection[int]) -> list[str]:
        """'Kept in the count: …' for those guarded for the first time."""
        fresh = [c for c in self.guarded(elected, continuing) if c not in self.announced]
        self.announced.update(fresh)
        return [f"Kept in the count: {_names(self.names, who)} — {reason}."
                for reason, who in self._by_reason(fresh, elected, continuing, doom=False)]

    def passed_over_note(self, c: int, elected: Collection[int],
                         continuing: Collection[int]) -> str:
        """Why a candidate with the lowest vote is not the one excluded."""
        reason = self.rules.guarded_reason(c, elected, continuing)
        return f"{self.names[c]} has the lowest vote but is kept in the count: {reason}."

    def _by_reason(self, candidates: Sequence[int], elected: Collection[int],
                   continuing: Collection[int], doom: bool) -> list[tuple[str, list[int]]]:
        grouped: dict[str, list[int]] = {}
        reasons: dict[int, str] = {}  # by type: candidates of one type share their reason
        for c in sorted(candidates):
            t = self.rules.type_of[c]
            if t not in reasons:
                reasons[t] = (self.rules.doomed_reason(c, elected, continuing) if doom
                              else self.rules.guarded_reason(c, elected, continuing))
            grouped.setdefault(reasons[t], []).append(c)
        return list(grouped.items())

    def result_notes(self) -> list[str]:
        limits = "; ".join(self.rules.describe())
        return [METHOD, f"Quota rules in force: {limits}.", *self.rules.notes]


def _names(names: Sequence[str], candidates: Sequence[int]) -> str:
    chosen = [names[c] for c in sorted(candidates)]
    if len(chosen) <= 1:
        return "".join(chosen)
    return ", ".join(chosen[:-1]) + " and " + chosen[-1]
