"""What each stored row holds, as the audit log records it: one *subject* per row or setup.

The content of a subject is read back from the tables, column by column, exactly as stored:
the app writes it into the audit log after each change, and `check` compares it again later.
Every table that holds content is covered here (``COVERED_TABLES``); the setup's five tables
are one subject, ``setup``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection
from typing import Any

from countdesk.election import Candidate, ElectionSetup, GroupLimit, LoneCross, ShortfallPolicy

# subject kind -> (table, its columns after the id)
ROW_TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "batch": ("batches", ("label", "hand_count", "state", "source_name", "source_sha256")),
    "paper": ("papers", ("batch", "pass", "number", "marks", "rejected", "doubtful", "teller")),
    "ruling": ("rulings", ("batch", "number", "valid_up_to", "rejected", "ruled_by",
                           "ruled_at")),
    "count": ("count_runs", ("run_at", "run_by", "provisional", "ballots_sha256",
                             "result_json", "result_sha256")),
    "lot": ("lots", ("stage", "tied", "chosen", "method", "drawn_by", "drawn_at")),
    "certification": ("certifications", ("count_run", "result_sha256", "certified_by",
                                         "certified_at")),
    "record": ("count_records", ("audit_seq", "audit_head", "record")),
    "key": ("ro_keys", ("public_key", "kdf", "sealed")),
    "statement": ("certified_statements", ("statement", "signature")),
    "leave": ("teller_leave", ("batch", "teller", "reason")),
    "identity": ("election_identity", ("uuid",)),
    "seed": ("lot_seeds", ("seed",)),
    "desk": ("desks", ("name", "origin_seq", "origin_hash", "made_at")),
    "deskpass": ("desk_passes", ("desk", "batch", "pass")),
    "deskleave": ("desk_leave", ("desk", "batch", "reason")),
    "thisdesk": ("this_desk", ("election", "desk", "passes")),
    "pack": ("packs", ("desk", "fingerprint", "made_at", "desk_seq", "desk_head",
                       "file_name")),
    "packpass": ("pack_passes", ("pack", "batch", "pass", "papers", "sha256", "first_keyed",
                                 "last_keyed", "replaces", "reason")),
}
_SETUP_COLUMNS = ("title", "organisation", "date", "venue", "seats", "rules", "rule_options",
                  "tie_policy", "lone_cross", "shortfall", "returning_officer")
SETUP_TABLES: dict[str, str] = {
    "candidates": "SELECT position, name, affiliation, withdrawn FROM candidates "
                  "ORDER BY position",
    "candidate_groups": "SELECT candidate, dimension, group_name FROM candidate_groups "
                        "ORDER BY candidate, dimension",
    "group_limits": "SELECT position, dimension, group_name, minimum, maximum FROM group_limits "
                    "ORDER BY position",
    "people": "SELECT role, position, name FROM people ORDER BY role, position",
}
# Signatures are of audit entries, not rows: check verifies them against the entries.
COVERED_TABLES = frozenset(
    {"schema_version", "setup", "audit", "signatures", *SETUP_TABLES,
     *(t for t, _ in ROW_TABLES.values())}
)


def row_content(db: sqlite3.Connection, kind: str, row_id: int) -> dict[str, Any] | None:
    table, columns = ROW_TABLES[kind]
    row = db.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE id = ?",
                     (row_id,)).fetchone()
    return None if row is None else dict(zip(columns, row, strict=True))


def setup_content(db: sqlite3.Connection) -> dict[str, Any]:
    """The setup row's columns, and the rows of the other setup tables as lists."""
    row = db.execute(f"SELECT {', '.join(_SETUP_COLUMNS)} FROM setup WHERE id = 1").fetchone()
    values = row or (None,) * len(_SETUP_COLUMNS)
    content: dict[str, Any] = dict(zip(_SETUP_COLUMNS, values, strict=True))
    for table, query in SETUP_TABLES.items():
        content[table] = [list(found) for found in db.execute(query)]
    return content


def schema_content(db: sqlite3.Connection) -> dict[str, Any]:
    return {"version": [row[0] for row in db.execute("SELECT version FROM schema_version")]}


def all_contents(db: sqlite3.Connection, absent: Collection[str] = ()) -> dict[str, Any]:
    """Every subject stored in the file, with its content as it stands; ``absent`` names the
    tables a file of an older version does not have yet."""
    contents: dict[str, Any] = {"schema": schema_content(db), "setup": setup_content(db)}
    for kind, (table, columns) in ROW_TABLES.items():
        if table in absent:
            continue
        for row in db.execute(f"SELECT id, {', '.join(columns)} FROM {table}"):
            contents[f"{kind} {row[0]}"] = dict(zip(columns, row[1:], strict=True))
    return contents


def write_setup(db: sqlite3.Connection, setup: ElectionSetup) -> None:
    """Replace the setup's rows with this setup."""
    for table in ("candidate_groups", "candidates", "group_limits", "people", "setup"):
        db.execute(f"DELETE FROM {table}")
    db.execute(
        f"INSERT INTO setup (id, {', '.join(_SETUP_COLUMNS)}) "
        f"VALUES (1{', ?' * len(_SETUP_COLUMNS)})",
        (setup.title, setup.organisation, setup.date, setup.venue, setup.seats, setup.rules,
         json.dumps([list(option) for option in setup.rule_options]), setup.tie_policy,
         setup.lone_cross.value, setup.shortfall.value, setup.returning_officer),
    )
    for position, candidate in enumerate(setup.candidates, 1):
        db.execute("INSERT INTO candidates VALUES (?, ?, ?, ?)",
                   (position, candidate.name, candidate.affiliation, int(candidate.withdrawn)))
        for dimension, group in candidate.groups:
            db.execute("INSERT INTO candidate_groups VALUES (?, ?, ?)",
                       (position, dimension, group))
    for position, limit in enumerate(setup.limits, 1):
        db.execute("INSERT INTO group_limits VALUES (?, ?, ?, ?, ?)",
                   (position, limit.dimension, limit.group, limit.minimum, limit.maximum))
    for role, names in (("teller", setup.tellers), ("scrutineer", setup.scrutineers)):
        for position, name in enumerate(names, 1):
            db.execute("INSERT INTO people VALUES (?, ?, ?)", (role, position, name))


def read_setup(db: sqlite3.Connection) -> ElectionSetup:
    row = setup_content(db)
    groups: dict[int, list[tuple[str, str]]] = {}
    for candidate, dimension, group in row["candidate_groups"]:
        groups.setdefault(candidate, []).append((dimension, group))
    candidates = tuple(
        Candidate(name, affiliation, tuple(groups.get(position, ())), bool(withdrawn))
        for position, name, affiliation, withdrawn in row["candidates"]
    )
    people = row["people"]
    return ElectionSetup(
        title=row["title"], seats=row["seats"], candidates=candidates,
        organisation=row["organisation"], date=row["date"], venue=row["venue"],
        limits=tuple(GroupLimit(dimension, group, minimum, maximum)
                     for _, dimension, group, minimum, maximum in row["group_limits"]),
        rules=row["rules"],
        rule_options=tuple((key, value) for key, value in json.loads(row["rule_options"])),
        tie_policy=row["tie_policy"], lone_cross=LoneCross(row["lone_cross"]),
        shortfall=ShortfallPolicy(row["shortfall"]), returning_officer=row["returning_officer"],
        tellers=tuple(name for role, _, name in people if role == "teller"),
        scrutineers=tuple(name for role, _, name in people if role == "scrutineer"),
    )
