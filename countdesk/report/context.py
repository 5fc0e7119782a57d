"""What a result sheet shows beside the Result itself: the election's details and its anchors.

The Result says what the count did; this says where it happened, who answers for it, and
what it can be traced back to (the audit log's head hash for an election file, or the ballot
file's name and SHA-256 for a count straight from a BLT file), how close each decision was
beside what the papers in question could move, and the returning officer's certification.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from countdesk.account import BallotPaperAccount


@dataclass(frozen=True)
class Signature:
    """The returning officer's certification of the result: printed as text and as a QR code
    on the declaration page."""

    key_fingerprint: str
    signature: str
    signed_by: str
    signed_at: str
    public_key: str = ""  # hex: what a scrutineer checks the signature with
    statement: str = ""  # what was signed (canonical JSON), attached to the PDF


@dataclass(frozen=True)
class QuotaGroup:
    """A quota rule in words and the candidates it covers, so the sheet can say how many of
    them were elected."""

    rule: str  # "Gender, Women: at least 10"
    members: tuple[str, ...]


@dataclass(frozen=True)
class DecisionMargin:
    """How close one decision of the count was, beside what the papers in question could
    move: flagged ``close`` when they could change it."""

    stage: str
    kind: str  # "the last place", "election", "exclusion"
    decision: str  # in words: "Dev Noor excluded, 0.31 behind Gareth Hill"
    margin: Decimal
    swing: int  # the most the papers in question could move it, in votes
    close: bool
    recount: tuple[str, ...] = ()  # the batches a recount should cover, in words


@dataclass(frozen=True)
class Closeness:
    """Every decision's margin, and what could move one (each batch's papers in question)."""

    decisions: tuple[DecisionMargin, ...]
    in_question: tuple[str, ...]  # each batch's papers in question, in words
    known: bool = True  # False: the count was kept before CountDesk recorded them


@dataclass(frozen=True)
class SheetContext:
    organisation: str = ""
    date: str = ""
    venue: str = ""
    returning_officer: str = ""
    scrutineers: tuple[str, ...] = ()
    audit_head: str = ""  # the election file's audit log head hash
    source_name: str = ""  # a count straight from a ballot file: its name...
    source_sha256: str = ""  # ...and the SHA-256 of its bytes
    account: BallotPaperAccount | None = None
    quota_rules: tuple[str, ...] = ()  # the minimums and maximums, in words
    quota_groups: tuple[QuotaGroup, ...] = ()  # the same, with their members (if known)
    closeness: Closeness | None = None
    signature: Signature | None = None  # None: not yet certified
    printed_by: str = ""
    printed_at: str = ""  # when the sheet was made, as the user reads it
    version: str = ""

    @property
    def from_election_file(self) -> bool:
        return bool(self.audit_head)
