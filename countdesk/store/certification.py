"""Certified results, and when a later change supersedes one.

The returning officer certifies a count's result: its SHA-256 goes into the audit log. Any
later change to papers, rulings, batches or the setup means that sheet no longer describes
the file: it is *superseded*, which the screen and `countdesk check` both say. The audit log
alone decides this, so a superseded sheet cannot be made current again by editing rows.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from countdesk.store import audit
from countdesk.store.audit import AuditEntry

# Subjects whose change alters what a count reads.
SUPERSEDING_KINDS = ("paper", "ruling", "batch", "setup")


@dataclass(frozen=True)
class Certification:
    id: int
    count_run: int
    result_sha256: str
    by: str
    at: str
    superseded_by: str = ""  # the first later change, in words; empty while it stands
    statement: str = ""  # what the RO signed (canonical JSON); "" before file version 4
    signature: str = ""  # the RO's Ed25519 signature of the statement, hex

    @property
    def current(self) -> bool:
        return not self.superseded_by

    def describe(self) -> str:
        head = (f"The result of count {self.count_run} (SHA-256 {self.result_sha256[:16]}…), "
                f"certified by {self.by} at {self.at}")
        if self.current:
            return head + ", stands."
        return head + f", is SUPERSEDED: {self.superseded_by}."


def first_change_after(log: Sequence[AuditEntry], seq: int) -> AuditEntry | None:
    """The first entry after ``seq`` that changes what a count reads, if any."""
    for entry in log:
        if entry.seq > seq and entry.subject.partition(" ")[0] in SUPERSEDING_KINDS:
            return entry
    return None


def certifications(log: Sequence[AuditEntry],
                   change_after: Callable[[int], AuditEntry | None] | None = None
                   ) -> list[Certification]:
    """Every certification in ``log``, each with what superseded it (if anything): the first
    change after it in ``log``, or as ``change_after`` finds it when ``log`` holds only the
    certifications and their statements (read by their subjects, see `kept_certifications`)."""
    later_change = change_after or (lambda seq: first_change_after(log, seq))
    found = []
    statements = {entry.subject.partition(" ")[2]: entry.content for entry in log
                  if entry.subject.startswith("statement ") and isinstance(entry.content, dict)}
    for entry in log:
        kind, _, row_id = entry.subject.partition(" ")
        if kind != "certification" or not isinstance(entry.content, dict):
            continue
        signed = statements.get(row_id, {})
        later = later_change(entry.seq)
        superseded = ("" if later is None else
                      f"{later.action} ({later.subject}) by {later.who} at {later.at}")
        content = entry.content
        found.append(Certification(int(row_id), content["count_run"],
                                   content["result_sha256"], content["certified_by"],
                                   content["certified_at"], superseded,
                                   str(signed.get("statement", "")),
                                   str(signed.get("signature", ""))))
    return found


def kept_certifications(db: sqlite3.Connection) -> list[Certification]:
    """`certifications` of the file's log, read through the subject index: the time it takes
    does not grow with the papers keyed (the whole log of 100k papers takes most of a
    second to read)."""
    log = sorted(audit.entries_about(db, "certification") + audit.entries_about(db, "statement"),
                 key=lambda entry: entry.seq)
    return certifications(log, lambda seq: audit.first_about_after(db, SUPERSEDING_KINDS, seq))
