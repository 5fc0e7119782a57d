"""Breaking ties: by the rule's look at earlier stages, then by lot (never silently)."""

from __future__ import annotations

from collections.abc import Sequence

from countdesk.count.lots import LotPolicy
from countdesk.count.result import TieDecision


class TieBreaker:
    """Decides ties for one count and keeps every decision, in order."""

    def __init__(self, candidates: Sequence[str], lots: LotPolicy, first_stage: int = 1) -> None:
        self.candidates = tuple(candidates)
        self.lots = lots
        self.first_stage = first_stage  # the count's stages are numbered from here
        self.decisions: list[TieDecision] = []

    def backwards(self, stage: str, purpose: str, tied: Sequence[int],
                  history: Sequence[tuple[str, Sequence[int]]], lowest: bool) -> int:
        """Choose among candidates tied now (the last entry of ``history``).

        Looks back to the most recent earlier stage at which they had unequal votes and
        takes the lowest (``lowest``) or the highest there; if several share that place,
        keeps looking back among them. Equal at every stage: by lot.
        """
        tied = sorted(tied)
        if len(tied) == 1:
            return tied[0]
        names = tuple(self.candidates[c] for c in tied)
        remaining = list(tied)
        for label, totals in reversed(history[:-1]):
            votes = [totals[c] for c in remaining]
            if len(set(votes)) == 1:
                continue
            target = min(votes) if lowest else max(votes)
            remaining = [c for c in remaining if totals[c] == target]
            if len(remaining) == 1:
                chosen = remaining[0]
                self.decisions.append(TieDecision(
                    stage, purpose, names, self.candidates[chosen],
                    f"looking back to stage {label}, the most recent where they differed"))
                return chosen
        return self.by_lot(stage, purpose, remaining)

    def by_lot(self, stage: str, purpose: str, tied: Sequence[int]) -> int:
        tied = sorted(tied)
        names = [self.candidates[c] for c in tied]
        decision = self.lots.decide(stage, purpose, names, self.first_stage)
        self.decisions.append(decision)
        return tied[names.index(decision.chosen)]
