"""One election keyed on several laptops: the election file's side of it.

The returning officer's file keeps the *desks* (teller laptops), which desk keys each pass of
a batch (never both passes of one batch on one desk without the RO's leave), and each batch
pack imported, with the passes it brought. A *desk file* is an election file of its own, made
from the RO's file: the same setup, the batches assigned to the desk, and a ``this_desk`` row
naming the RO's election and the passes the desk may key; in it the setup cannot be changed,
no RO key can be set (so nothing that is the RO's can be done there), and only the assigned
passes can be keyed. Reading and writing pack files, and deciding whether a pack may be
imported, is `countdesk.app.exchange`'s; this module keeps the rows, every one audited.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from countdesk.store import rows
from countdesk.store.errors import StoreError

if TYPE_CHECKING:
    from countdesk.election import ElectionSetup
    from countdesk.store.election_file import Batch, Paper
    from countdesk.store.signing import Signer


@dataclass(frozen=True)
class ThisDesk:
    """What a desk file says of itself: the RO's election, the desk, the passes it keys."""

    election: str  # the identity (UUID) of the RO's election
    desk: str
    passes: tuple[tuple[str, str], ...]  # (batch label, "A" or "B")


@dataclass(frozen=True)
class Desk:
    id: int
    name: str
    origin_seq: int  # the desk file's audit head when the RO made it
    origin_hash: str
    made_at: str


@dataclass(frozen=True)
class DeskPass:
    desk: int
    batch: int
    entry_pass: str  # "A" or "B"


@dataclass(frozen=True)
class PackRecord:
    """A batch pack the RO's file imported."""

    id: int
    desk: int
    fingerprint: str
    made_at: str
    desk_seq: int  # the desk file's audit head when the pack was made
    desk_head: str
    file_name: str


@dataclass(frozen=True)
class PackPass:
    """One pass of a batch as an imported pack brought it."""

    id: int
    pack: int
    batch: int
    entry_pass: str
    papers: int
    sha256: str
    first_keyed: str
    last_keyed: str
    replaces: int | None
    reason: str


@dataclass(frozen=True)
class IncomingPass:
    """A pass of a batch to import from a pack (checked by the caller; the store checks each
    paper again as it keys it)."""

    batch: int
    entry_pass: str
    papers: Sequence[Paper]
    sha256: str
    first_keyed: str
    last_keyed: str
    replaces: PackPass | None = None
    reason: str = ""


class DeskRecords:
    """`ElectionFile`'s desks, passes and packs (a mixin: it uses the file's transaction)."""

    if TYPE_CHECKING:
        _db: sqlite3.Connection
        _setup: ElectionSetup

        def _write(self, what: str, authority: Signer | None = None
                   ) -> AbstractContextManager[sqlite3.Connection]: ...
        def _read(self, reader: Any) -> Any: ...
        def _audit(self, db: sqlite3.Connection, who: str, action: str, subject: str,
                   content: Any) -> None: ...
        def _insert_paper(self, db: sqlite3.Connection, paper: Paper, action: str,
                          by: str | None = None) -> None: ...
        def _check_paper(self, paper: Paper) -> None: ...
        def batch(self, batch: int) -> Batch: ...
        def batches(self) -> tuple[Batch, ...]: ...

    # -- a desk's own file ----------------------------------------------------------------

    def this_desk(self) -> ThisDesk | None:
        """What this file says of itself when it is a desk file; None in the RO's file."""
        def read() -> Any:
            if not self._db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND "
                                    "name = 'this_desk'").fetchone():
                return None  # a file being made by an older version's steps (in tests)
            return self._db.execute(
                "SELECT election, desk, passes FROM this_desk WHERE id = 1").fetchone()

        row = self._read(read)
        if row is None:
            return None
        passes = self._read(lambda: tuple((str(label), str(which))
                                          for label, which in json.loads(row[2])))
        return ThisDesk(row[0], row[1], passes)

    def make_desk_file(self, election: str, desk: str, passes: Sequence[tuple[str, str]],
                       by: str) -> None:
        """Mark a new file as desk ``desk`` of ``election``, keying ``passes`` (batch label,
        pass). Only a file with no papers, no RO key and no desk yet."""
        with self._write(f"desk {desk!r}") as db:
            if db.execute("SELECT 1 FROM papers LIMIT 1").fetchone() or db.execute(
                    "SELECT 1 FROM ro_keys").fetchone():
                raise StoreError("only a new file can be made a desk file")
            db.execute("INSERT INTO this_desk (id, election, desk, passes) VALUES (1, ?, ?, ?)",
                       (election, desk, json.dumps([list(p) for p in passes])))
            self._audit(db, by, f"this file is desk {desk!r} of election {election}",
                        "thisdesk 1", rows.row_content(db, "thisdesk", 1))

    def _refuse_on_desk(self, what: str) -> None:
        desk = self.this_desk()
        if desk is not None:
            raise StoreError(f"this is the desk file of {desk.desk!r}: {what} is done on the "
                             "returning officer's laptop")

    def _check_desk_pass(self, paper: Paper) -> None:
        """On a desk file, only the passes assigned to the desk are keyed."""
        desk = self.this_desk()
        if desk is None:
            return
        label = self.batch(paper.batch).label
        mine = [which for batch, which in desk.passes if batch == label]
        if paper.entry_pass.value not in mine:
            allowed = " and ".join(f"pass {which}" for which in mine) or "no pass"
            raise StoreError(f"{desk.desk!r} keys {allowed} of batch {label!r}: pass "
                             f"{paper.entry_pass.value} is keyed on another desk")

    # -- the RO's file: desks and their passes -------------------------------------------

    def desks(self) -> tuple[Desk, ...]:
        return self._read(lambda: tuple(Desk(*row) for row in self._db.execute(
            "SELECT id, name, origin_seq, origin_hash, made_at FROM desks ORDER BY id")))

    def desk_passes(self) -> tuple[DeskPass, ...]:
        return self._read(lambda: tuple(DeskPass(*row) for row in self._db.execute(
            "SELECT desk, batch, pass FROM desk_passes ORDER BY batch, pass")))

    def desk_leave(self) -> tuple[tuple[int, int, str], ...]:
        """(desk, batch, reason): the RO's leave for a desk to key both passes of a batch."""
        return self._read(lambda: tuple(tuple(row) for row in self._db.execute(
            "SELECT desk, batch, reason FROM desk_leave ORDER BY id")))

    def desk_refusal(self, name: str, passes: Sequence[tuple[int, str]],
                     leave: Mapping[int, str]) -> str:
        """Why desk ``name`` may not key ``passes`` (batch id, pass), in words; "" if it
        may. ``leave`` gives the RO's reason for each batch whose both passes it keys."""
        if self.this_desk() is not None:
            return "this is a desk file: desk files are made on the returning officer's laptop"
        if not name.strip():
            return "a desk needs a name"
        if any(desk.name == name.strip() for desk in self.desks()):
            return f"there is a desk called {name.strip()!r} already: choose another name"
        if not passes:
            return f"{name.strip()!r} has no pass of any batch to key"
        taken = {(p.batch, p.entry_pass): p.desk for p in self.desk_passes()}
        names = {desk.id: desk.name for desk in self.desks()}
        seen: set[tuple[int, str]] = set()
        for batch_id, which in passes:
            batch = self.batch(batch_id)
            if which not in ("A", "B"):
                return f"a desk keys pass A or pass B, not {which!r}"
            if batch.state.value in ("verified", "verified by import"):
                return f"batch {batch.label!r} is {batch.state.value}: there is nothing to key"
            if (batch_id, which) in taken:
                return (f"pass {which} of batch {batch.label!r} is keyed on "
                        f"{names[taken[batch_id, which]]!r} already")
            if (batch_id, which) in seen:
                return f"pass {which} of batch {batch.label!r} is given twice"
            keyed = self._read(lambda b=batch_id, w=which: self._db.execute(
                "SELECT count(*) FROM papers WHERE batch = ? AND pass = ?", (b, w)
            ).fetchone()[0])
            if keyed:
                return (f"pass {which} of batch {batch.label!r} already holds {keyed} "
                        f"paper{'s' if keyed != 1 else ''} keyed on this laptop: a desk's pack "
                        "of it could only be refused")
            seen.add((batch_id, which))
        for batch_id, _ in passes:
            both = {(batch_id, "A"), (batch_id, "B")} <= seen
            if both and not leave.get(batch_id, "").strip():
                return (f"{name.strip()!r} would key both passes of batch "
                        f"{self.batch(batch_id).label!r}: the second pass is there so that "
                        "other eyes check every paper (the returning officer may allow it, "
                        "with a reason)")
        return ""

    def add_desk(self, name: str, passes: Sequence[tuple[int, str]], leave: Mapping[int, str],
                 origin: tuple[int, str], by: str, authority: Signer | None = None) -> int:
        """Keep desk ``name`` (its desk file made, at audit head ``origin``) and the passes it
        keys: the returning officer's act, signed."""
        refusal = self.desk_refusal(name, passes, leave)
        if refusal:
            raise StoreError(refusal)
        name = name.strip()
        with self._write(f"desk {name!r}", authority) as db:
            cursor = db.execute(
                "INSERT INTO desks (name, origin_seq, origin_hash, made_at) VALUES (?, ?, ?, ?)",
                (name, origin[0], origin[1], _now()))
            desk = _last_id(cursor)
            self._audit(db, by, f"desk {name!r}: its desk file made", f"desk {desk}",
                        rows.row_content(db, "desk", desk))
            for batch_id, which in passes:
                label = self.batch(batch_id).label
                cursor = db.execute("INSERT INTO desk_passes (desk, batch, pass) "
                                    "VALUES (?, ?, ?)", (desk, batch_id, which))
                row = _last_id(cursor)
                self._audit(db, by, f"{name!r} keys pass {which} of batch {label!r}",
                            f"deskpass {row}", rows.row_content(db, "deskpass", row))
            for batch_id in sorted({b for b, _ in passes}):
                if {(batch_id, "A"), (batch_id, "B")} <= set(passes):
                    label = self.batch(batch_id).label
                    reason = leave[batch_id].strip()
                    cursor = db.execute("INSERT INTO desk_leave (desk, batch, reason) "
                                        "VALUES (?, ?, ?)", (desk, batch_id, reason))
                    row = _last_id(cursor)
                    self._audit(db, by, f"{name!r} may key both passes of batch {label!r}: "
                                f"{reason}", f"deskleave {row}",
                                rows.row_content(db, "deskleave", row))
        return desk

    def pass_sizes(self) -> dict[tuple[int, str], tuple[int, frozenset[int]]]:
        """Each (batch, pass) keyed: its papers and the numbers of those flagged doubtful,
        counted by SQLite without reading the papers (for the dashboard)."""
        def read() -> dict[tuple[int, str], tuple[int, frozenset[int]]]:
            sizes: dict[tuple[int, str], tuple[int, frozenset[int]]] = {}
            for batch, which, papers, flagged in self._db.execute(
                    "SELECT batch, pass, count(*), group_concat(CASE WHEN doubtful THEN "
                    "number END) FROM papers GROUP BY batch, pass"):
                numbers = frozenset(int(n) for n in str(flagged).split(",")) if flagged \
                    else frozenset()
                sizes[batch, which] = (papers, numbers)
            return sizes

        return self._read(read)

    def take_back_pass(self, batch: int, which: str, reason: str, by: str,
                       authority: Signer | None = None) -> str:
        """The RO takes pass ``which`` of ``batch`` back from its desk (a laptop that failed),
        for ``reason``: it can then go to another desk, or be keyed on this laptop, and a
        pack of it from the old desk is refused. Not once a pack of it is imported. The
        desk's name."""
        label = self.batch(batch).label
        row = self._read(lambda: self._db.execute(
            "SELECT p.id, d.name FROM desk_passes AS p JOIN desks AS d ON d.id = p.desk "
            "WHERE p.batch = ? AND p.pass = ?", (batch, which)).fetchone())
        if row is None:
            raise StoreError(f"pass {which} of batch {label!r} is no desk's to take back")
        if (batch, which) in self.held_passes():
            raise StoreError(f"pass {which} of batch {label!r} came in a pack from "
                             f"{row[1]!r} already: it is this file's now")
        if not reason.strip():
            raise StoreError(f"say why pass {which} of batch {label!r} is taken back from "
                             f"{row[1]!r}")
        with self._write(f"taking pass {which} of {label!r} back", authority) as db:
            db.execute("DELETE FROM desk_passes WHERE id = ?", (row[0],))
            self._audit(db, by, f"pass {which} of batch {label!r} taken back from {row[1]!r}: "
                        f"{reason.strip()}", f"deskpass {row[0]}", None)
        return str(row[1])

    # -- the RO's file: packs -------------------------------------------------------------

    def packs(self) -> tuple[PackRecord, ...]:
        return self._read(lambda: tuple(PackRecord(*row) for row in self._db.execute(
            "SELECT id, desk, fingerprint, made_at, desk_seq, desk_head, file_name FROM packs "
            "ORDER BY id")))

    def pack_passes(self) -> tuple[PackPass, ...]:
        """Every pass an imported pack brought, oldest first (a replaced one included)."""
        return self._read(lambda: tuple(PackPass(*row) for row in self._db.execute(
            "SELECT id, pack, batch, pass, papers, sha256, first_keyed, last_keyed, replaces, "
            "reason FROM pack_passes ORDER BY id")))

    def held_passes(self) -> dict[tuple[int, str], PackPass]:
        """The pass each (batch, pass) holds from a pack now: the latest, not one replaced."""
        held: dict[tuple[int, str], PackPass] = {}
        for found in self.pack_passes():
            held[found.batch, found.entry_pass] = found
        return held

    def import_pack(self, desk: int, fingerprint: str, made_at: str,
                    desk_head: tuple[int, str], file_name: str,
                    passes: Sequence[IncomingPass], by: str,
                    authority: Signer | None = None) -> int:
        """Import the passes of a pack from ``desk``, all of them or none: each paper keyed
        into its pass (a replaced pass's papers first removed), the pack and its passes
        recorded. The returning officer's act, signed; a replacement needs a reason."""
        for incoming in passes:
            if incoming.replaces is not None and not incoming.reason.strip():
                raise StoreError("say why the pass held is replaced")
        with self._write("the batch pack", authority) as db:
            if db.execute("SELECT 1 FROM packs WHERE fingerprint = ?",
                          (fingerprint,)).fetchone():
                raise StoreError("this pack was imported already")
            cursor = db.execute(
                "INSERT INTO packs (desk, fingerprint, made_at, desk_seq, desk_head, file_name) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (desk, fingerprint, made_at, desk_head[0], desk_head[1], file_name))
            pack = _last_id(cursor)
            self._audit(db, by, f"import batch pack {file_name} (SHA-256 {fingerprint})",
                        f"pack {pack}", rows.row_content(db, "pack", pack))
            for incoming in passes:
                self._import_pass(db, pack, incoming, by)
        return pack

    def _import_pass(self, db: sqlite3.Connection, pack: int, incoming: IncomingPass,
                     by: str) -> None:
        batch = self.batch(incoming.batch)
        which = incoming.entry_pass
        if incoming.replaces is not None:
            for (paper_id,) in db.execute(
                    "SELECT id FROM papers WHERE batch = ? AND pass = ? ORDER BY number",
                    (incoming.batch, which)).fetchall():
                db.execute("DELETE FROM papers WHERE id = ?", (paper_id,))
                self._audit(db, by, f"delete paper: pass {which} of batch {batch.label!r} "
                            "replaced by a newer pack", f"paper {paper_id}", None)
        elif db.execute("SELECT 1 FROM papers WHERE batch = ? AND pass = ? LIMIT 1",
                        (incoming.batch, which)).fetchone():
            raise StoreError(f"pass {which} of batch {batch.label!r} holds papers already")
        for paper in incoming.papers:
            self._check_paper(paper)
            self._insert_paper(db, paper, f"import paper {paper.number} of pass {which} of "
                               f"batch {batch.label!r}")
        replaces = None if incoming.replaces is None else incoming.replaces.id
        cursor = db.execute(
            "INSERT INTO pack_passes (pack, batch, pass, papers, sha256, first_keyed, "
            "last_keyed, replaces, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (pack, incoming.batch, which, len(incoming.papers), incoming.sha256,
             incoming.first_keyed, incoming.last_keyed, replaces, incoming.reason.strip()))
        row = _last_id(cursor)
        action = f"pass {which} of batch {batch.label!r}: {len(incoming.papers)} papers"
        if replaces is not None:
            action += f", replacing those of pack pass {replaces}: {incoming.reason.strip()}"
        self._audit(db, by, action, f"packpass {row}", rows.row_content(db, "packpass", row))
        if batch.state.value == "open":
            db.execute("UPDATE batches SET state = 'keyed once' WHERE id = ?", (batch.id,))
            self._audit(db, by, f"batch {batch.label!r} keyed once", f"batch {batch.id}",
                        rows.row_content(db, "batch", batch.id))


def _last_id(cursor: sqlite3.Cursor) -> int:
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def _now() -> str:
    from countdesk.store.election_file import now

    return now()
