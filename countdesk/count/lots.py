"""Ties decided by lot: never silently random.

Either the returning officer draws lots in the hall and the outcome is supplied as a
`LotDecision`, or CountDesk draws from a seed that is printed, so that anyone can repeat the
draw: the candidate chosen among ``tied`` (listed in ballot-paper order) is the one at index
``int(sha256(f"{seed}|{stage}|{purpose}|{'|'.join(tied)}").hexdigest(), 16) % len(tied)``.
The seed a lot was drawn with is kept as data (``seed``), beside the words (``method``).

A count that is one part of separate counts numbers its stages on from the parts before it,
but keys its lots, drawn in the hall or with a seed, by its own stage numbers, as if it were
counted alone (from 1): `own_stage`.
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
    seed: int | None = None  # the seed CountDesk drew it with


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

    def decide(self, stage: str, purpose: str, tied: Sequence[str],
               first_stage: int = 1) -> TieDecision:
        """Choose one of ``tied`` (ballot-paper order), or raise `LotNeeded`. ``stage`` is
        the count's, numbered from ``first_stage``; the lot is keyed by `own_stage`."""
        tied = tuple(tied)
        key = own_stage(stage, first_stage)
        for decision in self.decisions:
            if decision.stage == key and set(decision.tied) == set(tied):
                if decision.chosen not in tied:
                    raise CountDeskError(
                        f"the lot recorded at stage {key} chose {decision.chosen}, "
                        f"who is not among {', '.join(tied)}"
                    )
                return TieDecision(stage, purpose, tied, decision.chosen, decision.method,
                                   decision.drawn_by, self._seed_of(decision))
        if self.seed is None:
            raise LotNeeded(key, purpose, tied)
        chosen = tied[seeded_index(self.seed, key, purpose, tied)]
        return TieDecision(stage, purpose, tied, chosen, f"{SEEDED}{self.seed}",
                           seed=self.seed)


    def _seed_of(self, decision: LotDecision) -> int | None:
        """The seed a lot was drawn with. An election file keeps only a lot's words: a lot it
        kept is known to be this policy's when its words are those this policy writes."""
        if decision.seed is None and self.seed is not None and (
                decision.method == f"{SEEDED}{self.seed}"):
            return self.seed
        return decision.seed


def _seed_notes(policy: LotPolicy, decisions: Sequence[TieDecision]) -> list[str]:
    if policy.seed is None:
        return []
    drawn = any(d.seed is not None for d in decisions)
    return [f"Lots {'were' if drawn else 'would be'} drawn by CountDesk with seed "
            f"{policy.seed}, so that anyone can repeat the draw."]


def seeded_index(seed: int, stage: str, purpose: str, tied: Sequence[str]) -> int:
    text = f"{seed}|{stage}|{purpose}|{'|'.join(tied)}"
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest(), 16) % len(tied)


def seed_from_fingerprint(fingerprint: str) -> int:
    """The default seed on the command line: derived from the ballots' SHA-256."""
    return int(fingerprint[:12], 16)


def seeded_choice(seed: int | None, stage: str, purpose: str,
                  tied: Sequence[str]) -> str | None:
    """Who a lot recorded as drawn by CountDesk with ``seed`` must have chosen; None when the
    lot was not drawn with a seed. Anyone can repeat the draw from the printed seed."""
    if seed is None:
        return None
    return tied[seeded_index(seed, stage, purpose, tied)]


def own_stage(stage: str, first_stage: int) -> str:
    """A stage of a count numbered from ``first_stage``, as if it were numbered from 1."""
    main, dot, rest = stage.partition(".")
    return f"{int(main) - first_stage + 1}{dot}{rest}"
