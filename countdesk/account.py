"""The ballot-paper account: papers received, keyed, valid and rejected by reason.

Per batch and in total, as the result sheet prints it and the Rulings page shows it.
Received is the hand count (the papers taken out of the box); keyed, valid and rejected are
the papers the count reads (after the returning officer's rulings). Pure domain: no Qt or
SQLite here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from countdesk.papers import Reading, Rejection


@dataclass(frozen=True)
class BatchPapers:
    """What the account needs of one batch: its hand count and how its papers are read."""

    label: str
    hand_count: int | None
    readings: Sequence[Reading]
    verified: bool
    unruled: int = 0  # doubtful papers the RO has not yet ruled on


@dataclass(frozen=True)
class AccountLine:
    """One line of the account: a batch, or the total."""

    label: str
    received: int | None  # None: the batch was not counted by hand
    keyed: int
    valid: int
    rejected: tuple[tuple[Rejection, int], ...]  # every reason, in Rejection's order
    verified: bool
    unruled: int

    @property
    def rejected_total(self) -> int:
        return sum(count for _, count in self.rejected)

    def rejected_for(self, reason: Rejection) -> int:
        return dict(self.rejected)[reason]


@dataclass(frozen=True)
class BallotPaperAccount:
    batches: tuple[AccountLine, ...]
    total: AccountLine

    @property
    def final(self) -> bool:
        """Every batch verified and every doubtful paper ruled: the figures will not change."""
        return self.total.verified and self.total.unruled == 0


def _by_reason(reasons: Iterable[Rejection]) -> tuple[tuple[Rejection, int], ...]:
    counts = Counter(reasons)
    return tuple((reason, counts[reason]) for reason in Rejection)


def account_line(batch: BatchPapers) -> AccountLine:
    rejected = [r.rejected for r in batch.readings if r.rejected is not None]
    return AccountLine(batch.label, batch.hand_count, len(batch.readings),
                       len(batch.readings) - len(rejected), _by_reason(rejected),
                       batch.verified, batch.unruled)


def ballot_paper_account(batches: Sequence[BatchPapers]) -> BallotPaperAccount:
    lines = tuple(account_line(batch) for batch in batches)
    counted = [line.hand_count for line in batches if line.hand_count is not None]
    total = AccountLine(
        "Total",
        sum(counted) if counted else None,
        sum(line.keyed for line in lines),
        sum(line.valid for line in lines),
        tuple((reason, sum(line.rejected_for(reason) for line in lines))
              for reason in Rejection),
        all(line.verified for line in lines),
        sum(line.unruled for line in lines),
    )
    return BallotPaperAccount(lines, total)


def account_to_json(account: BallotPaperAccount) -> dict[str, object]:
    """The account as stored with a count run: what its sheet prints, whatever changes later."""
    def line(found: AccountLine) -> dict[str, object]:
        return {"label": found.label, "received": found.received, "keyed": found.keyed,
                "valid": found.valid, "verified": found.verified, "unruled": found.unruled,
                "rejected": {reason.value: count for reason, count in found.rejected}}

    return {"batches": [line(found) for found in account.batches],
            "total": line(account.total)}


def account_from_json(data: dict[str, Any]) -> BallotPaperAccount:
    """The account `account_to_json` stored; ValueError when it is not one."""
    def line(found: dict[str, Any]) -> AccountLine:
        rejected = found["rejected"]
        return AccountLine(str(found["label"]), found["received"], int(found["keyed"]),
                           int(found["valid"]),
                           tuple((reason, int(rejected.get(reason.value, 0)))
                                 for reason in Rejection),
                           bool(found["verified"]), int(found["unruled"]))

    try:
        return BallotPaperAccount(tuple(line(found) for found in data["batches"]),
                                  line(data["total"]))
    except (KeyError, TypeError, AttributeError) as error:
        raise ValueError(f"the ballot-paper account cannot be read ({error})") from None
