"""Checking an election file: is it whole, is its audit chain unbroken, does every row match?

`check_election` reports, in words, the damage (``PRAGMA integrity_check``), every break in
the audit chain, and every subject whose stored rows differ from its latest audit entry
(changed, added or deleted outside CountDesk), naming what changed.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from countdesk.store import audit, rows
from countdesk.store.certification import Certification, certifications
from countdesk.store.damage import READ_FAILURES, damage, one_line
from countdesk.store.errors import StoreError
from countdesk.store.read_only import open_read_only
from countdesk.store.roles import signed_bytes, unsigned_entries
from countdesk.store.schema import expected_schema, file_schema, file_version, tables_added_after
from countdesk.store.signing import signature_holds


@dataclass(frozen=True)
class CheckReport:
    head_hash: str  # the last audit entry's hash
    entries: int  # audit entries
    problems: tuple[str, ...]  # empty when the file is sound
    certifications: tuple[Certification, ...] = ()  # each saying whether it still stands

    @property
    def clean(self) -> bool:
        return not self.problems


def check_election(path: str | Path) -> CheckReport:
    """Check an election file that nobody holds open."""
    path = Path(path)
    db = open_read_only(path)
    try:
        return check_database(db, path.name)
    finally:
        db.close()


def check_database(db: sqlite3.Connection, name: str) -> CheckReport:
    """Check the election file behind ``db`` (a read-only one, or the one that holds it)."""
    try:
        db.execute("BEGIN")  # one consistent snapshot
        try:
            return _check(db)
        finally:
            db.execute("ROLLBACK")
    except READ_FAILURES as error:
        raise StoreError(f"{name} is damaged and cannot be read ({damage(error)})") from error


def _check(db: sqlite3.Connection) -> CheckReport:
    damage = [row[0] for row in db.execute("PRAGMA integrity_check")]
    if damage != ["ok"]:
        return CheckReport("", 0, (f"the file is damaged: {one_line(damage[0])}",))
    problems: list[str] = []
    tables = {row[0] for row in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
    problems += [f"table {name!r} was added outside CountDesk"
                 for name in sorted(tables - rows.COVERED_TABLES)]
    not_yet = tables_added_after(file_version(db, "the file")) - tables
    missing = rows.COVERED_TABLES - tables - not_yet
    if missing:
        problems.append(f"table {sorted(missing)[0]!r} was removed outside CountDesk")
        return CheckReport("", 0, tuple(problems))
    log = audit.entries(db)
    problems += audit.chain_problems(log)
    latest = {entry.subject: entry for entry in log}
    stored = rows.all_contents(db, not_yet)
    for subject in sorted(latest.keys() | stored.keys(), key=_subject_order):
        problem = _compare(subject, latest.get(subject), stored.get(subject))
        if problem:
            problems.append(problem)
    problems += signature_problems(db, log, not_yet)
    problems += schema_problems(db)
    head_hash = log[-1].hash if log else audit.GENESIS
    return CheckReport(head_hash, len(log), tuple(problems), tuple(certifications(log)))


def schema_problems(db: sqlite3.Connection) -> list[str]:
    """Tables, indexes, triggers and views that differ from what CountDesk makes, named:
    a trigger planted in the file could rewrite every paper as it is saved."""
    expected = expected_schema(file_version(db, "the file"))
    found = file_schema(db)
    problems = []
    for kind, name, _ in sorted(found - expected, key=lambda item: (item[0], item[1])):
        if any(kind == k and name == n for k, n, _ in expected):
            problems.append(f"the {kind} {name!r} was changed outside CountDesk")
        else:
            article = "an" if kind[0] in "aeiou" else "a"
            problems.append(f"{article} {kind} {name!r} was added outside CountDesk")
    for kind, name, _ in sorted(expected - found, key=lambda item: (item[0], item[1])):
        if not any(kind == k and name == n for k, n, _ in found):
            problems.append(f"the {kind} {name!r} was removed outside CountDesk")
    return problems


def signature_problems(db: sqlite3.Connection, log: list[audit.AuditEntry],
                       absent: set[str]) -> list[str]:
    """Every RO entry signed, by the RO's key, and every certified statement too."""
    if "signatures" in absent:
        return []  # a file from before signatures
    row = db.execute("SELECT public_key FROM ro_keys WHERE id = 1").fetchone()
    key = row[0] if row else ""
    signatures = dict(db.execute("SELECT seq, signature FROM signatures"))
    by_seq = {entry.seq: entry for entry in log}
    problems = []
    for seq, signature in sorted(signatures.items()):
        entry = by_seq.get(seq)
        if entry is None:
            problems.append(f"a signature is kept for audit entry {seq}, which is missing")
        elif not signature_holds(key, signed_bytes(seq, entry.hash), signature):
            problems.append(f"the returning officer's signature on audit entry {seq} "
                            f"({entry.action}) does not match it: the log was rewritten, or "
                            "signed with another key")
    for entry in unsigned_entries(log, set(signatures)):
        problems.append(f"audit entry {entry.seq} ({entry.action}) is the returning "
                        "officer's, but carries no RO signature")
    for statement_id, statement, signature in db.execute(
            "SELECT id, statement, signature FROM certified_statements ORDER BY id"):
        if not signature_holds(key, statement.encode("utf-8"), signature):
            problems.append(f"the signed statement of certification {statement_id} does not "
                            "match its signature")
    return problems


def _compare(subject: str, entry: audit.AuditEntry | None, stored: Any) -> str:
    """What differs between a row and the latest audit entry about it, in words."""
    stored_text = audit.canonical(stored)
    if entry is not None and entry.content_text == stored_text:
        return ""  # the common case, without encoding the entry's content again
    audited = None if entry is None else entry.content
    if audit.canonical(audited) == stored_text:
        return ""
    if audited is None:
        return f"{describe(subject, stored)} was added outside CountDesk"
    name = describe(subject, audited)
    if stored is None:
        return f"{name} was deleted outside CountDesk"
    changed = [key for key in sorted(audited.keys() | stored.keys())
               if audit.canonical(audited.get(key)) != audit.canonical(stored.get(key))]
    return f"{name}: {', '.join(changed)} changed outside CountDesk"


def describe(subject: str, content: Any) -> str:
    """A subject in words: "paper 3 of batch 1, pass A" rather than "paper 4097"."""
    kind, _, row_id = subject.partition(" ")
    if kind == "paper" and isinstance(content, dict):
        return (f"paper {content.get('number')} of batch {content.get('batch')}, "
                f"pass {content.get('pass')} (row {row_id})")
    if kind == "batch" and isinstance(content, dict):
        return f"batch {row_id} ({content.get('label')!r})"
    if kind == "setup":
        return "the setup"
    if kind == "schema":
        return "the schema version"
    return subject


def _subject_order(subject: str) -> tuple[str, int]:
    kind, _, row_id = subject.partition(" ")
    return (kind, int(row_id) if row_id.isdigit() else 0)
