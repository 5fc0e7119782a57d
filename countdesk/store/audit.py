"""The audit log: an append-only hash chain of everything written to the election file.

Each entry records who did what, when, to which *subject* (``setup``, ``batch 3``,
``paper 12``...) and the subject's full content after the change (``None`` once removed),
serialised canonically: JSON with sorted keys, no spaces, UTF-8. The entry's hash is
``SHA-256(previous hash + canonical entry)``, the first entry following ``GENESIS``.
Editing an entry breaks the chain; editing a row makes it differ from its latest entry; the
head hash, printed on every sheet, is the outside anchor that catches deleted tail entries.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

GENESIS = "0" * 64


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: str
    who: str
    action: str
    subject: str
    content: Any  # the subject's content after this entry; None once removed
    prev_hash: str
    hash: str
    # The content as the file holds it (canonical JSON when CountDesk wrote it), if read from
    # a file: hashed as it stands, which saves encoding it again.
    content_text: str | None = field(default=None, compare=False, repr=False)

    def canonical_text(self) -> str:
        """canonical() of the entry, without encoding its content again when the file's text
        of it is at hand (the same text for every entry CountDesk wrote; any other text, even
        of the same JSON, then no longer gives the hash CountDesk made)."""
        content = canonical(self.content) if self.content_text is None else self.content_text
        fields = (self.at, self.who, self.action, self.subject)
        if type(self.seq) is not int or not all(type(text) is str for text in fields):
            return canonical({"seq": self.seq, "at": self.at, "who": self.who,
                              "action": self.action, "subject": self.subject,
                              "content": self.content})
        return (f'{{"action":{_string(self.action)},"at":{_string(self.at)},'
                f'"content":{content},"seq":{self.seq},"subject":{_string(self.subject)},'
                f'"who":{_string(self.who)}}}')

    def expected_hash(self) -> str:
        return hashlib.sha256((self.prev_hash + self.canonical_text()).encode("utf-8")
                              ).hexdigest()


# A string as canonical() writes it (json's own encoder for ensure_ascii=False).
_string = json.encoder.encode_basestring


def head(db: sqlite3.Connection) -> tuple[int, str]:
    """The last entry's sequence number and hash (0 and GENESIS for an empty log)."""
    row = db.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    return (0, GENESIS) if row is None else (row[0], row[1])


def hash_at(db: sqlite3.Connection, seq: int) -> str:
    """The hash of entry ``seq`` (GENESIS before the first); "" when there is no such entry."""
    if seq == 0:
        return GENESIS
    row = db.execute("SELECT hash FROM audit WHERE seq = ?", (seq,)).fetchone()
    return "" if row is None else row[0]


def append(db: sqlite3.Connection, at: str, who: str, action: str, subject: str,
           content: Any) -> AuditEntry:
    seq, prev_hash = head(db)
    entry = AuditEntry(seq + 1, at, who, action, subject, content, prev_hash, "")
    entry = AuditEntry(**{**entry.__dict__, "hash": entry.expected_hash()})
    db.execute(
        "INSERT INTO audit (seq, at, who, action, subject, content, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (entry.seq, at, who, action, subject,
         None if content is None else canonical(content), prev_hash, entry.hash),
    )
    return entry


_COLUMNS = "seq, at, who, action, subject, content, prev_hash, hash"


def entries(db: sqlite3.Connection) -> list[AuditEntry]:
    """Every entry in order; an entry whose stored content is not JSON is returned as text."""
    return _entries(db.execute(f"SELECT {_COLUMNS} FROM audit ORDER BY seq"))


def entries_about(db: sqlite3.Connection, kind: str) -> list[AuditEntry]:
    """The entries whose subject is a ``kind`` ("certification 2"), in order, found by the
    subject index (``kind + " "`` up to, not including, ``kind + "!"``) without reading the
    rest of the log."""
    return sorted(_entries(db.execute(
        f"SELECT {_COLUMNS} FROM audit WHERE subject >= ? AND subject < ?",
        (f"{kind} ", f"{kind}!"))), key=lambda entry: entry.seq)


def first_about_after(db: sqlite3.Connection, kinds: Sequence[str], seq: int
                      ) -> AuditEntry | None:
    """The first entry after ``seq`` whose subject is one of ``kinds``, if any: read forward
    from ``seq`` only."""
    marks = ", ".join("?" * len(kinds))
    found = _entries(db.execute(
        f"SELECT {_COLUMNS} FROM audit WHERE seq > ? AND "
        f"substr(subject, 1, instr(subject || ' ', ' ') - 1) IN ({marks}) ORDER BY seq LIMIT 1",
        (seq, *kinds)))
    return found[0] if found else None


def _entries(rows: Iterable[Sequence[Any]]) -> list[AuditEntry]:
    return [AuditEntry(row[0], row[1], row[2], row[3], row[4], _content(row[5]), row[6],
                       row[7], "null" if row[5] is None else
                       row[5] if type(row[5]) is str else None) for row in rows]


def _content(text: Any) -> Any:
    if text is None:
        return None
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return {"unreadable": str(text)}


def chain_problems(log: list[AuditEntry]) -> list[str]:
    """Where the chain breaks: an entry changed, removed, or out of place."""
    problems = []
    previous_seq, previous_hash = 0, GENESIS
    for entry in log:
        if entry.seq != previous_seq + 1:
            problems.append(
                f"audit entries {previous_seq + 1} to {entry.seq - 1} were deleted"
                if entry.seq > previous_seq + 1 else f"audit entry {entry.seq} is out of order"
            )
        elif entry.prev_hash != previous_hash:
            problems.append(f"audit entry {entry.seq} does not follow entry {previous_seq}: "
                            "an entry before it was changed")
        if entry.hash != entry.expected_hash():
            problems.append(f"audit entry {entry.seq} ({entry.action}) was changed")
        previous_seq, previous_hash = entry.seq, entry.hash
    return problems
