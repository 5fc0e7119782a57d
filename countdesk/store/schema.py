"""The election file's tables, its version, and the steps that bring an older file up to date.

``MIGRATIONS[n]`` takes a file from version ``n`` to ``n + 1`` (version 0 is an empty file).
Each step is a list of single statements, run inside the caller's transaction (never with
``executescript``, which commits on its own). A file newer than ``SCHEMA_VERSION`` is refused.
"""

from __future__ import annotations

import re
import sqlite3

from countdesk.store.errors import StoreError

# PRAGMA application_id marks an SQLite file as a CountDesk election ("CDSK").
APPLICATION_ID = 0x4344534B

_VERSION_1 = [
    "CREATE TABLE schema_version (version INTEGER NOT NULL)",
    "INSERT INTO schema_version (version) VALUES (0)",
    """CREATE TABLE setup (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        title TEXT NOT NULL,
        organisation TEXT NOT NULL,
        date TEXT NOT NULL,
        venue TEXT NOT NULL,
        seats INTEGER NOT NULL,
        rules TEXT NOT NULL,
        rule_options TEXT NOT NULL,
        tie_policy TEXT NOT NULL,
        lone_cross TEXT NOT NULL,
        shortfall TEXT NOT NULL,
        returning_officer TEXT NOT NULL)""",
    """CREATE TABLE candidates (
        position INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        affiliation TEXT NOT NULL,
        withdrawn INTEGER NOT NULL)""",
    """CREATE TABLE candidate_groups (
        candidate INTEGER NOT NULL REFERENCES candidates (position),
        dimension TEXT NOT NULL,
        group_name TEXT NOT NULL,
        PRIMARY KEY (candidate, dimension))""",
    """CREATE TABLE group_limits (
        position INTEGER PRIMARY KEY,
        dimension TEXT NOT NULL,
        group_name TEXT NOT NULL,
        minimum INTEGER NOT NULL,
        maximum INTEGER)""",
    """CREATE TABLE people (
        role TEXT NOT NULL CHECK (role IN ('teller', 'scrutineer')),
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        PRIMARY KEY (role, position))""",
    """CREATE TABLE batches (
        id INTEGER PRIMARY KEY,
        label TEXT NOT NULL UNIQUE,
        hand_count INTEGER,
        state TEXT NOT NULL,
        source_name TEXT NOT NULL,
        source_sha256 TEXT NOT NULL)""",
    """CREATE TABLE papers (
        id INTEGER PRIMARY KEY,
        batch INTEGER NOT NULL REFERENCES batches (id),
        pass TEXT NOT NULL CHECK (pass IN ('A', 'B', 'settled')),
        number INTEGER NOT NULL,
        marks TEXT NOT NULL,
        rejected TEXT,
        doubtful INTEGER NOT NULL,
        teller TEXT NOT NULL,
        UNIQUE (batch, pass, number))""",
    """CREATE TABLE rulings (
        id INTEGER PRIMARY KEY,
        batch INTEGER NOT NULL REFERENCES batches (id),
        number INTEGER NOT NULL,
        valid_up_to INTEGER,
        rejected TEXT,
        ruled_by TEXT NOT NULL,
        ruled_at TEXT NOT NULL)""",
    """CREATE TABLE count_runs (
        id INTEGER PRIMARY KEY,
        run_at TEXT NOT NULL,
        run_by TEXT NOT NULL,
        provisional INTEGER NOT NULL,
        ballots_sha256 TEXT NOT NULL,
        result_json TEXT NOT NULL,
        result_sha256 TEXT NOT NULL)""",
    """CREATE TABLE lots (
        id INTEGER PRIMARY KEY,
        stage TEXT NOT NULL,
        tied TEXT NOT NULL,
        chosen TEXT NOT NULL,
        method TEXT NOT NULL,
        drawn_by TEXT NOT NULL,
        drawn_at TEXT NOT NULL)""",
    """CREATE TABLE audit (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        who TEXT NOT NULL,
        action TEXT NOT NULL,
        subject TEXT NOT NULL,
        content TEXT,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL)""",
    "CREATE INDEX audit_by_subject ON audit (subject, seq)",
    # Append-only: the app can never rewrite history (tampering is caught by `check`).
    """CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
    """CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
]

# Version 2: the returning officer's certification of a count's result.
_VERSION_2 = [
    """CREATE TABLE certifications (
        id INTEGER PRIMARY KEY,
        count_run INTEGER NOT NULL REFERENCES count_runs (id),
        result_sha256 TEXT NOT NULL,
        certified_by TEXT NOT NULL,
        certified_at TEXT NOT NULL)""",
]

# Version 3: what each count's sheet prints besides its Result (the ballot-paper account, the
# election's details, the audit log's head it was counted from), kept with the count, so that
# its sheet is made from the count alone and a later change cannot alter it.
_VERSION_3 = [
    """CREATE TABLE count_records (
        id INTEGER PRIMARY KEY REFERENCES count_runs (id),
        audit_seq INTEGER NOT NULL,
        audit_head TEXT NOT NULL,
        record TEXT NOT NULL)""",
]

# Version 4: the returning officer's signing key (sealed under the RO's passphrase), the
# signatures on the RO's entries in the audit log, each certified statement with its
# signature, and the RO's leave for one teller to key both passes of a batch.
_VERSION_4 = [
    # Which election this is, whatever its file is called and wherever it is copied.
    """CREATE TABLE election_identity (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        uuid TEXT NOT NULL)""",
    """CREATE TABLE ro_keys (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        public_key TEXT NOT NULL,
        kdf TEXT NOT NULL,
        sealed TEXT NOT NULL)""",
    """CREATE TABLE signatures (
        seq INTEGER PRIMARY KEY REFERENCES audit (seq),
        signature TEXT NOT NULL)""",
    """CREATE TRIGGER signatures_no_update BEFORE UPDATE ON signatures
        BEGIN SELECT RAISE(ABORT, 'signatures are append-only'); END""",
    """CREATE TRIGGER signatures_no_delete BEFORE DELETE ON signatures
        BEGIN SELECT RAISE(ABORT, 'signatures are append-only'); END""",
    """CREATE TABLE certified_statements (
        id INTEGER PRIMARY KEY REFERENCES certifications (id),
        statement TEXT NOT NULL,
        signature TEXT NOT NULL)""",
    # The seed of a lot CountDesk drew, as a number (not only in the lot's words).
    """CREATE TABLE lot_seeds (
        id INTEGER PRIMARY KEY REFERENCES lots (id),
        seed INTEGER NOT NULL)""",
    """CREATE TABLE teller_leave (
        id INTEGER PRIMARY KEY,
        batch INTEGER NOT NULL REFERENCES batches (id),
        teller TEXT NOT NULL,
        reason TEXT NOT NULL)""",
]

# Version 5: one election keyed on several laptops (app/exchange.py). The RO's file keeps the
# desks (teller laptops) with the audit head their desk file was made at, which desk keys each
# pass of a batch, the RO's leave for one desk to key both passes of a batch, and each batch
# pack imported with the passes it brought (a replaced pass names the one it replaces, and
# why). A desk's own file keeps which election and desk it is, and the passes it may key.
_VERSION_5 = [
    """CREATE TABLE desks (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        origin_seq INTEGER NOT NULL,
        origin_hash TEXT NOT NULL,
        made_at TEXT NOT NULL)""",
    """CREATE TABLE desk_passes (
        id INTEGER PRIMARY KEY,
        desk INTEGER NOT NULL REFERENCES desks (id),
        batch INTEGER NOT NULL REFERENCES batches (id),
        pass TEXT NOT NULL CHECK (pass IN ('A', 'B')),
        UNIQUE (batch, pass))""",
    """CREATE TABLE desk_leave (
        id INTEGER PRIMARY KEY,
        desk INTEGER NOT NULL REFERENCES desks (id),
        batch INTEGER NOT NULL REFERENCES batches (id),
        reason TEXT NOT NULL)""",
    """CREATE TABLE this_desk (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        election TEXT NOT NULL,
        desk TEXT NOT NULL,
        passes TEXT NOT NULL)""",
    """CREATE TABLE packs (
        id INTEGER PRIMARY KEY,
        desk INTEGER NOT NULL REFERENCES desks (id),
        fingerprint TEXT NOT NULL UNIQUE,
        made_at TEXT NOT NULL,
        desk_seq INTEGER NOT NULL,
        desk_head TEXT NOT NULL,
        file_name TEXT NOT NULL)""",
    """CREATE TABLE pack_passes (
        id INTEGER PRIMARY KEY,
        pack INTEGER NOT NULL REFERENCES packs (id),
        batch INTEGER NOT NULL REFERENCES batches (id),
        pass TEXT NOT NULL CHECK (pass IN ('A', 'B')),
        papers INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        first_keyed TEXT NOT NULL,
        last_keyed TEXT NOT NULL,
        replaces INTEGER REFERENCES pack_passes (id),
        reason TEXT NOT NULL)""",
]

MIGRATIONS: list[list[str]] = [_VERSION_1, _VERSION_2, _VERSION_3, _VERSION_4, _VERSION_5]


def tables_added_after(version: int) -> set[str]:
    """The tables that the steps after ``version`` create: a file of that version lacks them."""
    return {match.group(1) for step in MIGRATIONS[version:] for statement in step
            if (match := re.match(r"\s*CREATE TABLE (\w+)", statement))}


def expected_schema(version: int) -> set[tuple[str, str, str | None]]:
    """The tables, indexes and triggers (type, name, SQL) of a file of ``version`` exactly as
    CountDesk makes it: anything else in a file was put there by someone else."""
    db = sqlite3.connect(":memory:")
    try:
        for step in MIGRATIONS[:version]:
            for statement in step:
                db.execute(statement)
        return file_schema(db)
    finally:
        db.close()


def file_schema(db: sqlite3.Connection) -> set[tuple[str, str, str | None]]:
    return {(kind, name, sql) for kind, name, sql in db.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_stat%'")}


def schema_version() -> int:
    """The version this CountDesk writes: the number of migration steps."""
    return len(MIGRATIONS)


def file_version(db: sqlite3.Connection, name: str) -> int:
    found = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    if found is None:
        return 0
    row = db.execute("SELECT version FROM schema_version").fetchone()
    if row is None or not isinstance(row[0], int):
        raise StoreError(f"{name}: the schema version is missing (the file is damaged, or was "
                         "changed outside CountDesk)")
    return int(row[0])


def refuse_newer(version: int, name: str) -> None:
    if version > schema_version():
        raise StoreError(
            f"{name} was written by a newer CountDesk (file version {version}; this one "
            f"reads up to version {schema_version()}): open it with that version"
        )


def migrate(db: sqlite3.Connection, version: int) -> int:
    """Run every step after ``version``, inside the caller's transaction; the new version."""
    for step in MIGRATIONS[version:]:
        for statement in step:
            db.execute(statement)
    db.execute("UPDATE schema_version SET version = ?", (schema_version(),))
    return schema_version()
