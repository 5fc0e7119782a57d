"""Ties decided by lot: never silently random.

Either the returning officer draws lots in the hall and the outcome is supplied as a
`LotDecision`, or CountDesk draws from a seed that is printed, so that anyone can repeat the
draw: the candidate chosen among ``tied`` (listed in ballot-paper order) is the one at index
``int(sha256(f"{seed}|{stage}|{purpose}|{'|'.join(tied)}").hexdigest(), 16) % len(tied)``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from countdesk.count.result import TieDecision
from countdesk.errors import CountDeskError

HALL = "lot drawn in the hall"
SEEDED = "lot drawn by CountDesk, seed "


@dataclass(frozen=True)
class LotDecision:
    """The outcome of a lot drawn in the hall, kept so that a recount reuses it."""

    stage: str
    tied: tuple[str, ...]  # in ballot-paper order
    chosen: str
    drawn_by: str = ""
    method: str = HALL  # or how CountDesk drew it ("lot drawn by CountDesk, seed 12")


class LotNeeded(CountDeskError):
    """The count cannot go on until the returning officer draws lots between these candidates."""

    def __init__(self, stage: str, purpose: str, tied: Sequence[str]) -> None:
        self.stage = stage
        self.purpose = purpose
        self.tied = tuple(tied)
        super().__init__(
            f"stage {stage}: {', '.join(self.tied)} are tied for {purpose}, "
            "and the rules say the tie is broken by lot"
        )


@dataclass(frozen=True)
class LotPolicy:
    """How lots are decided: decisions already drawn in the hall, then a seed, else stop."""

    decisions: tuple[LotDecision, ...] = ()
    seed: int | None = None

    def seed_notes(self, decisions: Sequence[TieDecision]) -> list[str]:
        """The Result's note on the seed: lots drawn with it, or that would be."""
        return _seed_notes(self, decisions)

    def decide(self, stage: str, purpose: str, tied: Sequence[str]) -> TieDecision:
        """Choose one of ``tied`` (ballot-paper order), or raise `LotNeeded`."""
        tied = tuple(tied)
        for decision in self.decisions:
            if decision.stage == stage and set(decision.tied) == set(tied):
                if decision.chosen not in tied:
                    raise CountDeskError(
                        f"the lot recorded at stage {stage} chose {decision.chosen}, "
                        f"who is not among {', '.join(tied)}"
                    )
                return TieDecision(stage, purpose, tied, decision.chosen, decision.method,
                                   decision.drawn_by)
        if self.seed is None:
            raise LotNeeded(stage, purpose, tied)
        chosen = tied[seeded_index(self.seed, stage, purpose, tied)]
        method = f"{SEEDED}{self.seed}"
        return TieDecision(stage, purpose, tied, chosen, method)


def _seed_notes(policy: LotPolicy, decisions: Sequence[TieDecision]) -> list[str]:
    if policy.seed is None:
        return []
    drawn = any(d.method.startswith(SEEDED) for d in decisions)
    return [f"Lots {'were' if drawn else 'would be'} drawn by CountDesk with seed "
            f"{policy.seed}, so that anyone can repeat the draw."]


def seeded_index(seed: int, stage: str, purpose: str, tied: Sequence[str]) -> int:
    text = f"{seed}|{stage}|{purpose}|{'|'.join(tied)}"
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest(), 16) % len(tied)


def seed_from_fingerprint(fingerprint: str) -> int:
    """The default seed on the command line: derived from the ballots' SHA-256."""
    return int(fingerprint[:12], 16)


def seeded_choice(method: str, stage: str, purpose: str, tied: Sequence[str]) -> str | None:
    """Who a lot recorded as drawn by CountDesk with a seed must have chosen; None when the
    lot was not drawn that way. Anyone can repeat the draw from the printed seed."""
    if not method.startswith(SEEDED):
        return None
    seed = int(method[len(SEEDED):])
    return tied[seeded_index(seed, stage, purpose, tied)]
