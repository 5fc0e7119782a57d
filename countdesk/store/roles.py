"""Which entries of the audit log are the returning officer's to make, and so must carry the
RO's signature: rulings, lots, certifications, settled papers, verified batches, a teller's
leave to key both passes, any change to the setup once papers are keyed, and a batch added
once a count has been certified (it supersedes that certification).

The signature is the RO's key signing the entry's sequence number and hash. As each entry's
hash covers every entry before it, a signature fixes the whole log up to it: rewriting any
earlier entry, even with every hash recomputed, leaves the signature not matching, and only
the RO's passphrase unlocks a key that could sign again. Entries kept by a CountDesk from
before signatures (file version 4) carry none and are not asked for one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from countdesk.store.audit import AuditEntry

SIGNATURES_SINCE = 4  # the file version that brought the RO's key and signatures
ALWAYS_SIGNED = ("ruling", "lot", "seed", "certification", "statement", "leave",
                 # keying on several laptops: the desks, their passes, the packs imported
                 "desk", "deskpass", "deskleave", "pack", "packpass")
VERIFIED_STATES = ("verified", "verified by import")
ADD_BATCH = "add batch "  # how the log's entry for a new batch begins


def needs_signature(entry: AuditEntry, keying_started: bool, key_set_before: bool,
                    certified_before: bool = False) -> bool:
    """Whether the RO must have signed ``entry``; ``keying_started``, ``key_set_before`` and
    ``certified_before`` say whether any paper, the RO's key and a certification were in the
    log before it."""
    kind = entry.subject.partition(" ")[0]
    content: Any = entry.content
    if kind in ALWAYS_SIGNED:
        return True
    if kind == "paper":
        return isinstance(content, dict) and content.get("pass") == "settled"
    if kind == "batch":
        added = entry.action.startswith(ADD_BATCH)
        return (added and certified_before) or (isinstance(content, dict)
                                                and content.get("state") in VERIFIED_STATES)
    if kind == "setup":
        return keying_started
    if kind == "key":
        return key_set_before  # setting the first key needs none; changing it does
    return False


def signed_bytes(seq: int, entry_hash: str) -> bytes:
    """What the RO's key signs for an audit entry."""
    return f"CountDesk audit entry {seq} {entry_hash}".encode()


def first_signed_seq(log: Sequence[AuditEntry]) -> int:
    """The first entry a signature may be asked of: from the schema entry that brought the
    file to version 4 on (1 for a file made since)."""
    for entry in log:
        if entry.subject == "schema" and isinstance(entry.content, dict):
            versions = entry.content.get("version") or [0]
            if isinstance(versions[0], int) and versions[0] >= SIGNATURES_SINCE:
                return entry.seq
    return len(log) + 1


def unsigned_entries(log: Sequence[AuditEntry], signed: set[int]) -> list[AuditEntry]:
    """The RO's entries (since signatures began) that carry no signature."""
    start = first_signed_seq(log)
    keying_started = key_set = certified = False
    missing = []
    for entry in log:
        kind = entry.subject.partition(" ")[0]
        if (entry.seq >= start and entry.seq not in signed
                and needs_signature(entry, keying_started, key_set, certified)):
            missing.append(entry)
        keying_started = keying_started or kind == "paper"
        key_set = key_set or kind == "key"
        certified = certified or kind == "certification"
    return missing
