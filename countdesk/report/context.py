"""What a result sheet shows beside the Result itself: the election's details and its anchors.

The Result says what the count did; this says where it happened, who answers for it, and
what it can be traced back to (the audit log's head hash for an election file, or the ballot
file's name and SHA-256 for a count straight from a BLT file).
"""

from __future__ import annotations

from dataclasses import dataclass

from countdesk.account import BallotPaperAccount


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
    printed_by: str = ""
    printed_at: str = ""  # when the sheet was made, as the user reads it
    version: str = ""

    @property
    def from_election_file(self) -> bool:
        return bool(self.audit_head)
