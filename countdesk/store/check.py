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
from countdesk.store.schema import file_version, tables_added_after


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
    latest: dict[str, Any] = {}
    for entry in log:
        latest[entry.subject] = entry.content
    stored = rows.all_contents(db, not_yet)
    for subject in sorted(latest.keys() | stored.keys(), key=_subject_order):
        problem = _compare(subject, latest.get(subject), stored.get(subject))
        if problem:
            problems.append(problem)
    head_hash = log[-1].hash if log else audit.GENESIS
    return CheckReport(head_hash, len(log), tuple(problems), tuple(certifications(log)))


def _compare(subject: str, audited: Any, stored: Any) -> str:
    if audit.canonical(audited) == audit.canonical(stored):
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
