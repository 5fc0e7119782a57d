"""The election file: one SQLite file per election, one writer at a time, every change audited.

Durability: a rollback journal with ``synchronous=FULL``, foreign keys on; each change is its
own transaction, in the file itself before the call returns, so that the file alone is whole
after every saved paper: a plain copy of it (a file manager onto a USB stick) holds every
saved paper, even while CountDesk has it open. A failed write (full disk, removed USB stick)
rolls back and raises `StoreError`: nothing saved before is lost, and the caller still holds
what it was saving. One writer: SQLite's own exclusive lock on the database file, taken when
it is opened and held until it is closed. It is a lock on the file itself, so every name of
it (a hard link, a symbolic link) is refused while it is held, and the operating system
releases it if the process dies.

Calls must not overlap (one at a time, from any one thread).
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path
from types import TracebackType
from typing import Any

from countdesk.checking import verification
from countdesk.count.lots import LotDecision
from countdesk.election import ElectionSetup
from countdesk.errors import CountDeskError
from countdesk.papers import Marks, Reading, Rejection, read_marks, ruled_reading
from countdesk.store import audit, rows
from countdesk.store.certification import SUPERSEDING_KINDS, Certification, kept_certifications
from countdesk.store.check import CheckReport, check_database
from countdesk.store.copy import copy_database
from countdesk.store.damage import READ_FAILURES, damage, one_line
from countdesk.store.desks import DeskRecords
from countdesk.store.disk import refuse_not_election, sync, write_failure
from countdesk.store.errors import RoleError, StoreError
from countdesk.store.location import refuse_unsuitable
from countdesk.store.marks_text import marks_from_text, marks_to_text
from countdesk.store.roles import ADD_BATCH, needs_signature, signed_bytes
from countdesk.store.schema import (
    APPLICATION_ID,
    file_version,
    migrate,
    refuse_newer,
    schema_version,
)
from countdesk.store.signing import SealedKey, Signer

# How long opening waits for a file that another program is briefly reading.
LOCK_WAIT_SECONDS = 1.0


class EntryPass(Enum):
    """Which keying of a batch a paper belongs to: the first, the second, or the settled one."""

    A = "A"
    B = "B"
    SETTLED = "settled"


class BatchState(Enum):
    OPEN = "open"
    KEYED_ONCE = "keyed once"
    VERIFIED = "verified"
    VERIFIED_BY_IMPORT = "verified by import"


@dataclass(frozen=True)
class Batch:
    id: int
    label: str
    hand_count: int | None
    state: BatchState
    source_name: str = ""  # for an imported batch: the file it came from
    source_sha256: str = ""


@dataclass(frozen=True)
class Paper:
    batch: int
    entry_pass: EntryPass
    number: int  # the paper's number within its batch, from 1
    marks: Marks
    rejected: Rejection | None
    doubtful: bool
    teller: str


@dataclass(frozen=True)
class Ruling:
    """The RO's ruling on paper ``number`` of ``batch``: valid (up to a preference), or not."""

    batch: int
    number: int
    valid_up_to: int | None
    rejected: Rejection | None
    by: str
    at: str


@dataclass(frozen=True)
class CountedPaper:
    batch: int
    number: int
    reading: Reading


@dataclass(frozen=True)
class CountRun:
    id: int
    at: str
    by: str
    provisional: bool
    ballots_sha256: str
    result_json: str
    result_sha256: str
    # The audit entry the count was made from (the papers as they stood then), and what its
    # sheet prints besides the Result; None and "" for a count kept by an older CountDesk.
    audit_seq: int | None = None
    audit_head: str = ""
    record_json: str = ""


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class ElectionFile(DeskRecords):
    """An open election file, held for writing by this process. Use `create` or `open`."""

    def __init__(self, path: Path, db: sqlite3.Connection, name: str = "") -> None:
        self.path = path
        self.name = name or path.name  # as messages name it (a file being made: its name-to-be)
        self._db = db
        self._signing: tuple[str, Signer | None] = ("", None)  # during a write: what, by whom
        # The write's last entry, when the RO's key signed in it but not that entry.
        self._unsigned_last: audit.AuditEntry | None = None
        self.read_only_because = ""  # why nothing may be written (a failed check), if so
        self._setup = self._read(lambda: rows.read_setup(db))

    # -- opening and closing ------------------------------------------------------------

    @classmethod
    def create(cls, path: str | Path, setup: ElectionSetup, by: str,
               fill: Callable[[ElectionFile], object] | None = None) -> ElectionFile:
        """Make a new election file, refusing to overwrite one, and open it.

        The file is made whole under a temporary name beside it (``fill`` adds to it, e.g. an
        import's papers) and only then given its name: a file that could not be finished,
        even by a crash, never has the name, and nothing of it is left when it fails.
        """
        path = Path(path)
        refuse_unsuitable(path)
        if path.exists():
            raise StoreError(f"{path} already exists: choose another name")
        partial = path.with_name(f".{path.name}.partial")
        remove_election_files(partial)  # left by a crash while making this file before
        try:
            made = cls._connected(partial, lambda db: _write_new(db, path, setup, by), path.name)
            try:
                if fill is not None:
                    fill(made)
            finally:
                made.close()
            _publish(partial, path)
        except BaseException:
            remove_election_files(partial)
            raise
        return cls.open(path)

    @classmethod
    def open(cls, path: str | Path) -> ElectionFile:
        """Open an election file for writing; refused while anything else has it open."""
        path = Path(path)
        if not path.is_file():
            raise StoreError(f"{path}: there is no such election file")
        refuse_unsuitable(path)
        refuse_not_election(path)
        return cls._connected(path, lambda db: _prepare_existing(db, path))

    @classmethod
    def _connected(cls, path: Path, prepare: Callable[[sqlite3.Connection], None],
                   name: str = "") -> ElectionFile:
        db = _connect(path, prepare)
        try:
            return cls(path, db, name)
        except BaseException:
            db.close()
            raise

    def close(self) -> None:
        """Let the file go. Every change is in it already; a failure to close is said."""
        try:
            self._db.close()
        except sqlite3.Error as error:
            raise StoreError(f"{self.name} could not be closed cleanly "
                             f"({write_failure(error)}); everything saved before is in the "
                             "file") from error

    def hold_read_only(self, because: str) -> None:
        """Refuse every change from now on: the file failed its check (``because``)."""
        self.read_only_because = because

    def check(self) -> CheckReport:
        """`countdesk check` on this open file: damage, the audit chain, every row."""
        return check_database(self._db, self.name)

    def copy_to(self, destination: str | Path) -> Path:
        """A consistent copy of this open file (a new file, or a folder to put it in)."""
        return copy_database(self._db, self.name, Path(destination))

    def __enter__(self) -> ElectionFile:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    # -- setup --------------------------------------------------------------------------

    def setup(self) -> ElectionSetup:
        return self._setup

    def update_setup(self, setup: ElectionSetup, by: str, reason: str,
                     authority: Signer | None = None) -> None:
        """Change the setup. Once papers are keyed, each box on the paper keeps its
        candidate: keyed marks are stored box by box, so moving, adding or removing a
        candidate would move votes. A name may still be corrected, and a candidate
        withdrawn. So it is once a desk file is made (papers are keyed there)."""
        self._refuse_on_desk("changing the setup")
        if self.keying_started() or self.desks():
            moved = ballot_order_change(self._setup.names, setup.names)
            if moved:
                raise StoreError(f"papers have been keyed, so the ballot paper's order is "
                                 f"fixed: {moved} (withdraw a candidate instead)")
        with self._write("changing the setup once papers are keyed", authority) as db:
            rows.write_setup(db, setup)
            self._audit(db, by, f"change setup: {reason}", "setup", rows.setup_content(db))
        self._setup = setup

    # -- the returning officer's key ----------------------------------------------------

    def ro_key(self) -> SealedKey | None:
        """The RO's signing key as the file keeps it (sealed), or None before it is set."""
        return self._read(lambda: self._key_row(self._db, required=False))

    def set_ro_key(self, sealed: SealedKey, by: str) -> None:
        """Keep the RO's new signing key, sealed under the RO's passphrase (`new_key`)."""
        if self.ro_key() is not None:
            raise RoleError("the returning officer's passphrase is set already: change it "
                            "with the old one")
        self._refuse_on_desk("the returning officer's passphrase")
        with self._write("the returning officer's passphrase") as db:
            self._store_key(db, sealed, by, "set the returning officer's passphrase")

    def change_passphrase(self, authority: Signer, passphrase: str, by: str) -> None:
        """The same key, sealed under a new passphrase (the old one unlocked ``authority``)."""
        sealed = authority.seal(passphrase)
        with self._write("the new passphrase", authority) as db:
            self._store_key(db, sealed, by, "change the returning officer's passphrase")

    def unlock(self, passphrase: str) -> Signer:
        """The RO's key, unlocked by the passphrase, for the actions that are the RO's."""
        key = self.ro_key()
        if key is None:
            raise RoleError("the returning officer has not set a passphrase yet: set it on "
                            "the Setup page")
        return key.unlock(passphrase)

    def _key_row(self, db: sqlite3.Connection, required: bool = True) -> SealedKey | None:
        row = db.execute("SELECT public_key, kdf, sealed FROM ro_keys WHERE id = 1").fetchone()
        if row is None and required:
            raise RoleError("the returning officer has not set a passphrase yet: set it on "
                            "the Setup page")
        return None if row is None else SealedKey(*row)

    def _store_key(self, db: sqlite3.Connection, sealed: SealedKey, by: str,
                   action: str) -> None:
        db.execute("INSERT OR REPLACE INTO ro_keys (id, public_key, kdf, sealed) "
                   "VALUES (1, ?, ?, ?)", (sealed.public_key, sealed.kdf, sealed.sealed))
        self._audit(db, by, f"{action} (key {sealed.fingerprint})", "key 1",
                    rows.row_content(db, "key", 1))

    # -- batches ------------------------------------------------------------------------

    def add_batch(self, label: str, hand_count: int | None, by: str,
                  authority: Signer | None = None) -> int:
        """A new open batch; its id. Once a count is certified, a new batch is the RO's to
        add (it supersedes the certification)."""
        if not label.strip():
            raise StoreError("a batch needs a label")
        self._refuse_on_desk("adding a batch")
        with self._write(f"adding batch {label!r}", authority) as db:
            batch = self._insert_batch(db, label, hand_count, BatchState.OPEN, "", "", by)
        return batch

    def add_imported_batch(self, label: str, source_name: str, source_sha256: str,
                           papers: Sequence[Marks], by: str, authority: Signer | None = None
                           ) -> int:
        """A batch of papers from a ballot file, verified by import (the RO's act): all of it
        or nothing."""
        with self._write(f"the papers of {source_name}", authority) as db:
            batch = self._insert_batch(db, label, len(papers), BatchState.VERIFIED_BY_IMPORT,
                                       source_name, source_sha256, by)
            for number, marks in enumerate(papers, 1):
                self._insert_paper(db, Paper(batch, EntryPass.A, number, marks, None, False,
                                             by), "import paper")
        return batch

    def batches(self) -> tuple[Batch, ...]:
        return self._read(lambda: tuple(
            Batch(row[0], row[1], row[2], BatchState(row[3]), row[4], row[5])
            for row in self._db.execute(
                "SELECT id, label, hand_count, state, source_name, source_sha256 "
                "FROM batches ORDER BY id")
        ))

    def batch(self, batch: int) -> Batch:
        for found in self.batches():
            if found.id == batch:
                return found
        raise StoreError(f"there is no batch {batch}")

    def set_batch_state(self, batch: int, state: BatchState, by: str,
                        authority: Signer | None = None) -> None:
        label = self.batch(batch).label
        with self._write(f"marking batch {label!r} {state.value}", authority) as db:
            db.execute("UPDATE batches SET state = ? WHERE id = ?", (state.value, batch))
            self._audit(db, by, f"batch {label!r} {state.value}", f"batch {batch}",
                        rows.row_content(db, "batch", batch))

    # -- papers -------------------------------------------------------------------------

    def save_paper(self, paper: Paper, authority: Signer | None = None) -> None:
        """Save (or correct) paper ``number`` of a pass; committed when this returns. A paper
        of the settled pass is the RO's decision (``authority``)."""
        self._check_paper(paper)
        with self._write(f"paper {paper.number}", authority) as db:
            existing = self._paper_id(db, paper.batch, paper.entry_pass, paper.number)
            if existing is None:
                self._insert_paper(db, paper, "key paper")
            else:
                db.execute(
                    "UPDATE papers SET marks = ?, rejected = ?, doubtful = ?, teller = ? "
                    "WHERE id = ?", (*self._paper_values(paper), existing))
                self._audit(db, paper.teller, "correct paper", f"paper {existing}",
                            rows.row_content(db, "paper", existing))

    def insert_paper(self, paper: Paper) -> None:
        """Insert a skipped paper at its number; the papers from there on move up one."""
        self._check_paper(paper)
        with self._write(f"paper {paper.number}") as db:
            count = self._pass_size(db, paper.batch, paper.entry_pass)
            if paper.number > count + 1:
                raise StoreError(f"paper {paper.number} cannot be inserted: the pass has "
                                 f"{count} papers")
            self._renumber(db, paper, paper.teller, +1)
            self._insert_paper(db, paper, "insert skipped paper")

    def delete_paper(self, batch: int, entry_pass: EntryPass, number: int, by: str,
                     why: str = "keyed twice") -> None:
        """Delete a paper (keyed twice, or undone by its teller); later papers move down one."""
        self._refuse_closed(batch)
        with self._write(f"the deletion of paper {number}") as db:
            paper_id = self._paper_id(db, batch, entry_pass, number)
            if paper_id is None:
                raise StoreError(f"there is no paper {number} in pass {entry_pass.value} "
                                 f"of batch {batch}")
            db.execute("DELETE FROM papers WHERE id = ?", (paper_id,))
            self._audit(db, by, f"delete paper: {why}", f"paper {paper_id}", None)
            self._renumber(db, Paper(batch, entry_pass, number, (), None, False, by), by, -1)

    def paper_count(self, batch: int, entry_pass: EntryPass) -> int:
        """How many papers a pass of a batch holds, without reading them."""
        return self._read(lambda: self._pass_size(self._db, batch, entry_pass))

    def paper(self, batch: int, entry_pass: EntryPass, number: int) -> Paper | None:
        """One paper of a pass, or None when that number has not been keyed."""
        row = self._read(lambda: self._db.execute(
            "SELECT number, marks, rejected, doubtful, teller FROM papers "
            "WHERE batch = ? AND pass = ? AND number = ?",
            (batch, entry_pass.value, number)).fetchone())
        return None if row is None else self._paper_from_row(batch, entry_pass, row)

    def papers(self, batch: int, entry_pass: EntryPass) -> tuple[Paper, ...]:
        return self._read(lambda: tuple(
            self._paper_from_row(batch, entry_pass, row) for row in self._db.execute(
                "SELECT number, marks, rejected, doubtful, teller FROM papers "
                "WHERE batch = ? AND pass = ? ORDER BY number", (batch, entry_pass.value))
        ))

    def counted_papers(self) -> tuple[CountedPaper, ...]:
        """Every paper as the count reads it, in (batch, paper number) order.

        A batch's settled pass once it is verified, else its pass A (an imported batch has
        only that); the RO's latest ruling on a paper replaces the teller's rejection flag.
        """
        lone_cross = self._setup.lone_cross
        rulings = {(r.batch, r.number): r for r in self.rulings()}
        counted: list[CountedPaper] = []
        read: dict[Marks, Reading] = {}  # papers marked alike read alike: each read once
        for batch in self.batches():
            for paper in self.counted_pass(batch.id):
                ruling = rulings.get((batch.id, paper.number))
                if ruling is not None:
                    reading = ruled_reading(paper.marks, lone_cross, ruling.valid_up_to,
                                            ruling.rejected)
                elif paper.rejected is not None:
                    reading = Reading(rejected=paper.rejected)
                elif (reading := read.get(paper.marks)) is None:
                    reading = read[paper.marks] = read_marks(paper.marks, lone_cross)
                counted.append(CountedPaper(batch.id, paper.number, reading))
        return tuple(counted)

    def counted_pass(self, batch: int) -> tuple[Paper, ...]:
        """The papers of a batch that the count reads: its settled pass once the batch is
        verified (a settled pass is whole only then), else its pass A."""
        settled = ()
        if self.batch(batch).state is BatchState.VERIFIED:
            settled = self.papers(batch, EntryPass.SETTLED)
        return settled or self.papers(batch, EntryPass.A)

    # -- checking: settling differences, verifying ---------------------------------------

    def settle_paper(self, paper: Paper, by: str, how: str,
                     authority: Signer | None = None) -> None:
        """The RO's decision on a paper whose two keyings differ: it joins the settled pass.

        ``how`` says what was decided ("take pass A", "keyed again"); ``by`` who decided.
        """
        if paper.entry_pass is not EntryPass.SETTLED:
            raise StoreError("a settled paper belongs to the settled pass")
        self._check_paper(paper)
        batch = self.batch(paper.batch)
        keyed = (self.paper_count(batch.id, EntryPass.A), self.paper_count(batch.id, EntryPass.B))
        if keyed[0] != keyed[1]:
            # Papers after a skipped or doubled one are matched to the wrong paper until then.
            raise StoreError(f"batch {batch.label!r} has {keyed[0]} papers in pass A but "
                             f"{keyed[1]} in pass B: insert or remove the paper skipped or "
                             "keyed twice on the Keying page before settling differences")
        if paper.number > keyed[0]:
            raise StoreError(f"batch {batch.label!r} has no paper {paper.number} to settle")
        with self._write(f"settling paper {paper.number}", authority) as db:
            action = f"settle paper {paper.number} of batch {batch.label!r}: {how}"
            existing = self._paper_id(db, paper.batch, EntryPass.SETTLED, paper.number)
            if existing is None:
                self._insert_paper(db, paper, action, by)
            else:
                db.execute(
                    "UPDATE papers SET marks = ?, rejected = ?, doubtful = ?, teller = ? "
                    "WHERE id = ?", (*self._paper_values(paper), existing))
                self._audit(db, by, action, f"paper {existing}",
                            rows.row_content(db, "paper", existing))

    def settled_numbers(self, batch: int) -> frozenset[int]:
        return frozenset(p.number for p in self.papers(batch, EntryPass.SETTLED))

    def verify_batch(self, batch: int, by: str, reason: str = "",
                     authority: Signer | None = None) -> None:
        """Verify a batch whose differences are all settled; its settled pass is made whole.

        Papers on which both passes agree join the settled pass as keyed in pass A. When
        the papers keyed differ from the hand count, ``reason`` must say why (it is kept in
        the audit log).
        """
        found = self.batch(batch)
        if found.state is BatchState.VERIFIED_BY_IMPORT:
            raise StoreError(f"batch {found.label!r} was verified by import")
        if found.state is BatchState.VERIFIED:
            raise StoreError(f"batch {found.label!r} is already verified")
        first = self.papers(batch, EntryPass.A)
        settled = self.settled_numbers(batch)
        check = verification(found.label, first, self.papers(batch, EntryPass.B), settled,
                             found.hand_count)
        if check.problems:
            raise StoreError(check.problems[0])
        if check.count_mismatch and not reason.strip():
            raise StoreError(f"{check.count_mismatch}: record why to verify it")
        action = f"batch {found.label!r} verified"
        if check.count_mismatch:
            action += f" ({check.count_mismatch}: {reason.strip()})"
        with self._write(f"verifying batch {found.label!r}", authority) as db:
            for paper in first:
                if paper.number not in settled:
                    self._insert_paper(db, Paper(batch, EntryPass.SETTLED, paper.number,
                                                 paper.marks, paper.rejected, paper.doubtful,
                                                 paper.teller),
                                       f"settle paper {paper.number} of batch "
                                       f"{found.label!r}: passes agree", by)
            db.execute("UPDATE batches SET state = ? WHERE id = ?",
                       (BatchState.VERIFIED.value, batch))
            self._audit(db, by, action, f"batch {batch}", rows.row_content(db, "batch", batch))

    def final_count_blockers(self) -> tuple[str, ...]:
        """What stands in the way of a final count, in words; empty when it can be made.

        A final count needs every batch verified and every doubtful paper ruled
        (COUNTING.md → "Final and provisional counts").
        """
        ruled = {(r.batch, r.number) for r in self.rulings()}
        blockers: list[str] = []
        for batch in self.batches():
            if batch.state not in (BatchState.VERIFIED, BatchState.VERIFIED_BY_IMPORT):
                blockers.append(f"batch {batch.label!r} is {batch.state.value}, not verified")
            unruled = [p.number for p in self.counted_pass(batch.id)
                       if p.doubtful and (batch.id, p.number) not in ruled]
            if unruled:
                numbers = ", ".join(str(n) for n in unruled)
                blockers.append(f"batch {batch.label!r} has doubtful papers not yet ruled "
                                f"(paper {numbers})")
        if not self.batches():
            blockers.append("there are no batches of papers yet")
        return tuple(blockers)

    # -- rulings, lots, counts ----------------------------------------------------------

    def record_ruling(self, batch: int, number: int, by: str, valid_up_to: int | None = None,
                      rejected: Rejection | None = None, authority: Signer | None = None
                      ) -> Ruling:
        """Valid (no arguments), valid up to preference ``valid_up_to``, or ``rejected``."""
        if valid_up_to is not None and rejected is not None:
            raise StoreError("a ruling is either valid up to a preference or rejected, not both")
        if valid_up_to is not None and valid_up_to < 1:
            raise StoreError("a paper valid up to a preference keeps at least its first")
        label = self.batch(batch).label
        counted = self.counted_pass(batch)
        if number not in {paper.number for paper in counted}:
            raise StoreError(f"batch {label!r} has no paper {number} to rule on")
        ruling = Ruling(batch, number, valid_up_to, rejected, by, now())
        with self._write(f"ruling on paper {number}", authority) as db:
            cursor = db.execute(
                "INSERT INTO rulings (batch, number, valid_up_to, rejected, ruled_by, ruled_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (batch, number, valid_up_to, None if rejected is None else rejected.value, by,
                 ruling.at))
            row_id = _last_id(cursor)
            self._audit(db, by, f"ruling on paper {number} of batch {label!r}",
                        f"ruling {row_id}", rows.row_content(db, "ruling", row_id))
        return ruling

    def rulings(self) -> tuple[Ruling, ...]:
        """Every ruling, oldest first (a later ruling on a paper replaces an earlier one)."""
        return self._read(lambda: tuple(
            Ruling(row[0], row[1], row[2], None if row[3] is None else Rejection(row[3]),
                   row[4], row[5])
            for row in self._db.execute(
                "SELECT batch, number, valid_up_to, rejected, ruled_by, ruled_at FROM rulings "
                "ORDER BY id")
        ))

    def record_lot(self, decision: LotDecision, by: str,
                   authority: Signer | None = None) -> None:
        """A lot drawn (in the hall, or by CountDesk with a printed seed), kept so that a
        recount reuses it (ERS97 5.6.3)."""
        with self._write(f"the lot at stage {decision.stage}", authority) as db:
            cursor = db.execute(
                "INSERT INTO lots (stage, tied, chosen, method, drawn_by, drawn_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (decision.stage, json.dumps(list(decision.tied)), decision.chosen,
                 decision.method, decision.drawn_by, now()))
            row_id = _last_id(cursor)
            self._audit(db, by, f"lot at stage {decision.stage}", f"lot {row_id}",
                        rows.row_content(db, "lot", row_id))
            if decision.seed is not None:
                db.execute("INSERT INTO lot_seeds (id, seed) VALUES (?, ?)",
                           (row_id, decision.seed))
                self._audit(db, by, f"the seed of the lot at stage {decision.stage}",
                            f"seed {row_id}", rows.row_content(db, "seed", row_id))

    def lots(self) -> tuple[LotDecision, ...]:
        return self._read(lambda: tuple(
            LotDecision(row[0], tuple(json.loads(row[1])), row[2], row[3], row[4], row[5])
            for row in self._db.execute(
                "SELECT stage, tied, chosen, drawn_by, method, seed FROM lots "
                "LEFT JOIN lot_seeds USING (id) ORDER BY id")
        ))

    def record_count(self, result_json: str, by: str, ballots_sha256: str,
                     provisional: bool, counted_from: tuple[int, str] | None = None,
                     record_json: str = "") -> CountRun:
        """Keep a count's result (its JSON text), the SHA-256 of that text, and what its
        sheet prints besides (``record_json``); ``counted_from`` is the audit entry (its
        sequence number and hash, from `audit_head`) the count read the papers at."""
        seq, head = self.audit_head() if counted_from is None else counted_from
        digest = hashlib.sha256(result_json.encode("utf-8")).hexdigest()
        at = now()
        with self._write("the count's result") as db:
            if audit.hash_at(db, seq) != head:
                raise StoreError(f"the count was made from audit entry {seq}, which this "
                                 "file does not hold as it was")
            cursor = db.execute(
                "INSERT INTO count_runs (run_at, run_by, provisional, ballots_sha256, "
                "result_json, result_sha256) VALUES (?, ?, ?, ?, ?, ?)",
                (at, by, int(provisional), ballots_sha256, result_json, digest))
            row_id = _last_id(cursor)
            db.execute("INSERT INTO count_records (id, audit_seq, audit_head, record) "
                       "VALUES (?, ?, ?, ?)", (row_id, seq, head, record_json))
            self._audit(db, by, "count" + (" (provisional)" if provisional else ""),
                        f"count {row_id}", rows.row_content(db, "count", row_id))
            self._audit(db, by, f"what the sheet of count {row_id} prints",
                        f"record {row_id}", rows.row_content(db, "record", row_id))
        return CountRun(row_id, at, by, provisional, ballots_sha256, result_json, digest,
                        seq, head, record_json)

    def counts(self) -> tuple[CountRun, ...]:
        return self._read(lambda: tuple(
            CountRun(row[0], row[1], row[2], bool(row[3]), row[4], row[5], row[6], row[7],
                     row[8] or "", row[9] or "")
            for row in self._db.execute(
                "SELECT r.id, run_at, run_by, provisional, ballots_sha256, result_json, "
                "result_sha256, audit_seq, audit_head, record FROM count_runs AS r "
                "LEFT JOIN count_records AS c ON c.id = r.id ORDER BY r.id")
        ))

    def count_run(self, run_id: int) -> CountRun:
        for run in self.counts():
            if run.id == run_id:
                return run
        raise StoreError(f"there is no count {run_id} in {self.name}")

    def changed_since(self, run: CountRun) -> audit.AuditEntry | None:
        """The first change to what a count reads (papers, rulings, batches, setup) after
        the papers it counted; None while they stand as it counted them."""
        def first_change() -> audit.AuditEntry | None:
            made = run.audit_seq if run.audit_seq is not None else max(
                entry.seq for entry in audit.entries_about(self._db, "count")
                if entry.subject == f"count {run.id}")
            return audit.first_about_after(self._db, SUPERSEDING_KINDS, made)

        return self._read(first_change)

    def certify(self, run_id: int, by: str, authority: Signer | None = None) -> Certification:
        """The returning officer certifies a count's result and signs a statement of it
        (`certification_statement`): both enter the audit log, signed.

        Refused while a batch is unverified or a doubtful paper unruled, for a provisional
        count, and for a count made before the papers, rulings or setup last changed.
        """
        blockers = self.final_count_blockers()
        if blockers:
            raise StoreError("the result cannot be certified yet: " + "; ".join(blockers))
        run = self.count_run(run_id)
        if run.provisional:
            raise StoreError("a provisional count cannot be certified: count again now that "
                             "every batch is verified")
        later = self.changed_since(run)
        if later is not None:
            raise StoreError(f"count {run_id} was made before a later change ({later.action}): "
                             "count again, then certify")
        if authority is None:
            raise RoleError("certifying a result is the returning officer's, and needs the "
                            "RO's passphrase")
        at = now()
        statement = certification_statement(self._setup.title, run, by, at,
                                            authority.public_key)
        with self._write("the certification", authority) as db:
            cursor = db.execute(
                "INSERT INTO certifications (count_run, result_sha256, certified_by, "
                "certified_at) VALUES (?, ?, ?, ?)", (run_id, run.result_sha256, by, at))
            row_id = _last_id(cursor)
            self._audit(db, by, f"certify count {run_id}: result SHA-256 {run.result_sha256}",
                        f"certification {row_id}", rows.row_content(db, "certification",
                                                                     row_id))
            db.execute("INSERT INTO certified_statements (id, statement, signature) "
                       "VALUES (?, ?, ?)",
                       (row_id, statement, authority.sign(statement.encode("utf-8"))))
            self._audit(db, by, f"the signed statement of certification {row_id}",
                        f"statement {row_id}", rows.row_content(db, "statement", row_id))
        return next(c for c in self.certifications() if c.id == row_id)

    def certifications(self) -> tuple[Certification, ...]:
        """Every certification, each saying whether a later change superseded it."""
        return self._read(lambda: tuple(kept_certifications(self._db)))

    # -- the audit log ------------------------------------------------------------------

    def audit_log(self) -> tuple[audit.AuditEntry, ...]:
        return self._read(lambda: tuple(audit.entries(self._db)))

    def head_hash(self) -> str:
        """The hash of the last audit entry: printed on sheets as the file's fingerprint."""
        return self.audit_head()[1]

    def identity(self) -> str:
        """The election's identity (a UUID), the same in every copy of its file."""
        return str(self._read(lambda: self._db.execute(
            "SELECT uuid FROM election_identity WHERE id = 1").fetchone()[0]))

    def audit_head(self) -> tuple[int, str]:
        """The last audit entry's sequence number and hash."""
        return self._read(lambda: audit.head(self._db))

    def audit_hash_at(self, seq: int) -> str:
        """The hash of audit entry ``seq``; "" when the log has no such entry."""
        return str(self._read(lambda: audit.hash_at(self._db, seq)))

    # -- inside -------------------------------------------------------------------------

    @contextmanager
    def _write(self, what: str, authority: Signer | None = None
               ) -> Iterator[sqlite3.Connection]:
        """One transaction; the RO's entries in it are signed by ``authority``."""
        if self.read_only_because:
            raise StoreError(f"{self.name} is open read-only, so {what} cannot be saved: "
                             f"{self.read_only_because}")
        db = self._db
        self._signing = (what, authority)
        self._unsigned_last = None
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
                if self._unsigned_last is not None and authority is not None:
                    self._sign(db, self._unsigned_last, what, authority)
                db.execute("COMMIT")
            except BaseException:
                with suppress(sqlite3.Error):
                    db.execute("ROLLBACK")
                raise
        except (sqlite3.Error, OSError) as error:
            raise StoreError(
                f"{self.name}: {what} could not be saved ({write_failure(error)}); "
                "everything saved before is safe"
            ) from error
        finally:
            self._signing = ("", None)
            self._unsigned_last = None

    def _read(self, reader: Any) -> Any:
        try:
            return reader()
        except (*READ_FAILURES, ValueError, KeyError, TypeError) as error:
            raise StoreError(f"{self.name} is damaged and cannot be read ({damage(error)})") \
                from error

    def _audit(self, db: sqlite3.Connection, who: str, action: str, subject: str,
               content: Any) -> None:
        entry = audit.append(db, now(), who, action, subject, content)
        what, authority = self._signing
        keying_started = _logged_before(db, "paper", entry.seq)
        key_set = _logged_before(db, "key", entry.seq)
        certified = _logged_before(db, "certification", entry.seq)
        if not needs_signature(entry, keying_started, key_set, certified):
            # Signed only if it ends the RO's write (see _write): the last entry's hash
            # covers every entry before it, so one signature fixes a whole import, where
            # one per paper made checking 100k imported papers take 12 s.
            self._unsigned_last = entry if authority is not None else None
            return
        if authority is None:
            raise RoleError(f"{what}: that is the returning officer's to do, and needs the "
                            "RO's passphrase")
        self._sign(db, entry, what, authority)
        self._unsigned_last = None

    def _sign(self, db: sqlite3.Connection, entry: audit.AuditEntry, what: str,
              authority: Signer) -> None:
        if authority.public_key != self._key_row(db).public_key:
            raise RoleError(f"{what}: signed with a key that is not this election's "
                            "returning officer's")
        db.execute("INSERT INTO signatures (seq, signature) VALUES (?, ?)",
                   (entry.seq, authority.sign(signed_bytes(entry.seq, entry.hash))))

    def _insert_batch(self, db: sqlite3.Connection, label: str, hand_count: int | None,
                      state: BatchState, source_name: str, source_sha256: str, by: str) -> int:
        if db.execute("SELECT 1 FROM batches WHERE label = ?", (label,)).fetchone():
            raise StoreError(f"there is already a batch labelled {label!r}")
        if hand_count is not None and hand_count < 0:
            raise StoreError(f"a batch cannot hold {hand_count} papers")
        cursor = db.execute(
            "INSERT INTO batches (label, hand_count, state, source_name, source_sha256) "
            "VALUES (?, ?, ?, ?, ?)", (label, hand_count, state.value, source_name,
                                       source_sha256))
        batch = _last_id(cursor)
        self._audit(db, by, f"{ADD_BATCH}{label!r}", f"batch {batch}",
                    rows.row_content(db, "batch", batch))
        return batch

    def _check_paper(self, paper: Paper) -> None:
        boxes = len(self._setup.candidates)
        if len(paper.marks) != boxes:
            raise StoreError(f"a paper has one box per candidate ({boxes}), "
                             f"not {len(paper.marks)}")
        if paper.number < 1:
            raise StoreError("papers are numbered from 1")
        if not paper.teller.strip():
            raise StoreError("a paper must name the teller who keyed it")
        self._refuse_closed(paper.batch)
        if paper.entry_pass in (EntryPass.A, EntryPass.B):
            self._check_teller(paper)
        self._check_desk_pass(paper)

    def _check_teller(self, paper: Paper) -> None:
        refusal = self.teller_refusal(paper.batch, paper.entry_pass, paper.teller)
        if refusal:
            raise StoreError(refusal)

    def teller_refusal(self, batch: int, entry_pass: EntryPass, teller: str) -> str:
        """Why ``teller`` may not key this pass of the batch, in words; "" when they may. A
        pass is keyed by one of the setup's tellers, and not by the teller of the other pass
        of the batch, unless the RO gave leave (`give_teller_leave`)."""
        tellers = self._setup.tellers
        if teller not in tellers:
            listed = ", ".join(tellers) if tellers else "no one yet"
            return (f"{teller} is not one of the election's tellers ({listed}): the "
                    "returning officer adds tellers on the Setup page")
        other = EntryPass.B if entry_pass is EntryPass.A else EntryPass.A
        keyed_other = self._read(lambda: self._db.execute(
            "SELECT 1 FROM papers WHERE batch = ? AND pass = ? AND teller = ? LIMIT 1",
            (batch, other.value, teller)).fetchone())
        if keyed_other and not self._has_leave(batch, teller):
            return (f"{teller} keyed pass {other.value} of this batch: pass "
                    f"{entry_pass.value} must be keyed by another teller, so that every paper "
                    "is checked by a second pair of eyes (the returning officer may allow it, "
                    "with a reason)")
        return ""

    def give_teller_leave(self, batch: int, teller: str, reason: str, by: str,
                          authority: Signer | None = None) -> None:
        """The RO lets ``teller`` key both passes of ``batch``, for ``reason`` (audited)."""
        if not reason.strip():
            raise StoreError("say why one teller may key both passes")
        label = self.batch(batch).label
        with self._write(f"leave for {teller} to key both passes of {label!r}",
                         authority) as db:
            cursor = db.execute("INSERT INTO teller_leave (batch, teller, reason) "
                                "VALUES (?, ?, ?)", (batch, teller, reason.strip()))
            row_id = _last_id(cursor)
            self._audit(db, by, f"{teller} may key both passes of batch {label!r}: "
                        f"{reason.strip()}", f"leave {row_id}",
                        rows.row_content(db, "leave", row_id))

    def _has_leave(self, batch: int, teller: str) -> bool:
        return bool(self._read(lambda: self._db.execute(
            "SELECT 1 FROM teller_leave WHERE batch = ? AND teller = ?",
            (batch, teller)).fetchone()))

    def _refuse_closed(self, batch: int) -> None:
        """Refuse to change the papers of an imported or a verified batch."""
        found = self.batch(batch)
        if found.state is BatchState.VERIFIED_BY_IMPORT:
            raise StoreError(f"batch {found.label!r} was imported from {found.source_name}: "
                             "its papers cannot be changed")
        if found.state is BatchState.VERIFIED:
            raise StoreError(f"batch {found.label!r} is verified: its papers cannot be "
                             "changed")

    def _paper_values(self, paper: Paper) -> tuple[Any, ...]:
        return (marks_to_text(paper.marks),
                None if paper.rejected is None else paper.rejected.value,
                int(paper.doubtful), paper.teller)

    def _insert_paper(self, db: sqlite3.Connection, paper: Paper, action: str,
                      by: str | None = None) -> None:
        cursor = db.execute(
            "INSERT INTO papers (batch, pass, number, marks, rejected, doubtful, teller) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (paper.batch, paper.entry_pass.value, paper.number, *self._paper_values(paper)))
        paper_id = _last_id(cursor)
        self._audit(db, by or paper.teller, action, f"paper {paper_id}",
                    rows.row_content(db, "paper", paper_id))

    def _paper_id(self, db: sqlite3.Connection, batch: int, entry_pass: EntryPass,
                  number: int) -> int | None:
        row = db.execute("SELECT id FROM papers WHERE batch = ? AND pass = ? AND number = ?",
                         (batch, entry_pass.value, number)).fetchone()
        return None if row is None else int(row[0])

    def _pass_size(self, db: sqlite3.Connection, batch: int, entry_pass: EntryPass) -> int:
        return int(db.execute("SELECT count(*) FROM papers WHERE batch = ? AND pass = ?",
                              (batch, entry_pass.value)).fetchone()[0])

    def _renumber(self, db: sqlite3.Connection, at: Paper, by: str, step: int) -> None:
        """Move every paper of the pass from ``at.number`` on by ``step``, each audited."""
        if db.execute("SELECT 1 FROM rulings WHERE batch = ? AND number >= ?",
                      (at.batch, at.number)).fetchone():
            raise StoreError("papers that the returning officer has ruled on cannot be "
                             "renumbered: insert or delete papers before the rulings")
        if db.execute("SELECT 1 FROM papers WHERE batch = ? AND pass = ? AND number >= ?",
                      (at.batch, EntryPass.SETTLED.value, at.number)).fetchone():
            raise StoreError("papers whose differences the returning officer has settled "
                             "cannot be renumbered: insert or delete papers before settling")
        moving = [row[0] for row in db.execute(
            "SELECT id FROM papers WHERE batch = ? AND pass = ? AND number >= ? "
            "ORDER BY number", (at.batch, at.entry_pass.value, at.number))]
        # Through negative numbers, as UNIQUE (batch, pass, number) is checked row by row.
        for paper_id in moving:
            db.execute("UPDATE papers SET number = -(number + ?) WHERE id = ?", (step, paper_id))
        for paper_id in moving:
            db.execute("UPDATE papers SET number = -number WHERE id = ?", (paper_id,))
            self._audit(db, by, "renumber paper", f"paper {paper_id}",
                        rows.row_content(db, "paper", paper_id))

    def _paper_from_row(self, batch: int, entry_pass: EntryPass, row: Sequence[Any]) -> Paper:
        return Paper(batch, entry_pass, row[0], marks_from_text(row[1]),
                     None if row[2] is None else Rejection(row[2]), bool(row[3]), row[4])

    def keying_started(self) -> bool:
        """Whether any paper is in the file: from then on the setup is locked."""
        return bool(self._read(
            lambda: self._db.execute("SELECT 1 FROM papers LIMIT 1").fetchone()))


def certification_statement(title: str, run: CountRun, by: str, at: str,
                            public_key: str) -> str:
    """What the RO signs in certifying a count: the result (its SHA-256), the ballots' and
    the audit log's fingerprints, the ballot-paper account, who and when. Canonical JSON,
    so that `countdesk verify` can rebuild it from a recount and check the signature."""
    record = json.loads(run.record_json) if run.record_json else {}
    return audit.canonical({
        "certified": "CountDesk certification, version 1", "election": title,
        "count": run.id, "result_sha256": run.result_sha256,
        "ballots_sha256": run.ballots_sha256, "audit_head": run.audit_head,
        "account": record.get("account"), "certified_by": by, "certified_at": at,
        "key": public_key,
    })


def _logged_before(db: sqlite3.Connection, kind: str, seq: int) -> bool:
    """Whether the audit log holds an entry about a ``kind`` (a paper, a key) before ``seq``
    (by the subject index: ``kind + " "`` up to, not including, ``kind + "!"``)."""
    return db.execute("SELECT 1 FROM audit WHERE subject >= ? AND subject < ? AND seq < ? "
                      "LIMIT 1", (f"{kind} ", f"{kind}!", seq)).fetchone() is not None


def _last_id(cursor: sqlite3.Cursor) -> int:
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def ballot_order_change(before: Sequence[str], after: Sequence[str]) -> str:
    """How ``after`` moves, adds or removes candidates of ``before``, in words; "" when each
    box keeps its candidate (names corrected in place are not a move)."""
    if len(after) != len(before):
        return f"the paper has {len(before)} candidates, not {len(after)}"
    position = {name.strip().casefold(): n for n, name in enumerate(before, 1)}
    for n, name in enumerate(after, 1):
        was = position.get(name.strip().casefold(), n)
        if was != n:
            return f"{name} is candidate {was} on the paper, not {n}"
    return ""


def remove_election_files(path: Path) -> None:
    """Remove a file that could not be made whole, with its journal."""
    for leftover in (path, path.with_name(path.name + "-journal"),
                     path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        with suppress(OSError):
            leftover.unlink()


def _publish(partial: Path, path: Path) -> None:
    """Give a finished file its name, never over a file that has it meanwhile."""
    try:
        os.link(partial, path)  # fails if ``path`` exists: no check-then-rename race
    except FileExistsError:
        raise StoreError(f"{path} already exists: choose another name") from None
    except OSError:
        # File systems without hard links (FAT on many USB sticks): check, then rename.
        if path.exists():
            raise StoreError(f"{path} already exists: choose another name") from None
        os.rename(partial, path)
    else:
        partial.unlink()
    sync(path.parent)


def _connect(path: Path, prepare: Callable[[sqlite3.Connection], None]) -> sqlite3.Connection:
    """A connection holding the file's exclusive lock, prepared; on failure none is left."""
    try:
        db = sqlite3.connect(path, isolation_level=None, check_same_thread=False,
                             timeout=LOCK_WAIT_SECONDS)
    except sqlite3.Error as error:
        raise StoreError(f"{path} cannot be opened: {error}") from error
    try:
        db.execute("PRAGMA locking_mode = EXCLUSIVE")
        _take_lock(db, path)
        # A file of an older CountDesk may be in write-ahead-log mode: this folds the log in.
        mode = db.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        if mode != "delete":
            raise StoreError(f"{path}: SQLite cannot keep a rollback journal here ({mode})")
        db.execute("PRAGMA synchronous = FULL")
        db.execute("PRAGMA foreign_keys = ON")
        prepare(db)
    except READ_FAILURES as error:
        db.close()
        raise StoreError(f"{path} is not a CountDesk election file, or it is damaged "
                         f"({damage(error)})") from error
    except BaseException:
        db.close()
        raise
    return db


def _take_lock(db: sqlite3.Connection, path: Path) -> None:
    """Take the file's exclusive lock, which the connection then holds until it closes."""
    try:
        db.execute("BEGIN EXCLUSIVE")
        db.execute("COMMIT")
    except sqlite3.OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            raise StoreError(
                f"{path.name} is already open in another copy of CountDesk (or another "
                "program is using it): close it there first") from error
        raise


def _write_new(db: sqlite3.Connection, path: Path, setup: ElectionSetup, by: str) -> None:
    try:
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute("BEGIN IMMEDIATE")
        migrate(db, 0)
        at = now()
        audit.append(db, at, by, "create election file", "schema", rows.schema_content(db))
        rows.write_setup(db, setup)
        audit.append(db, at, by, "set up election", "setup", rows.setup_content(db))
        if schema_version() >= IDENTITY_SINCE:
            _give_identity(db, at, by)
        db.execute("COMMIT")
    except (sqlite3.Error, OSError) as error:
        raise StoreError(f"{path} could not be created ({write_failure(error)})") from error


IDENTITY_SINCE = 4  # the file version that gave each election its identity


def _give_identity(db: sqlite3.Connection, at: str, by: str) -> None:
    """A new election's identity: random, kept by every copy of the file."""
    db.execute("INSERT INTO election_identity (id, uuid) VALUES (1, ?)",
               (str(uuid.uuid4()),))
    audit.append(db, at, by, "this election's identity", "identity 1",
                 rows.row_content(db, "identity", 1))


def _prepare_existing(db: sqlite3.Connection, path: Path) -> None:
    """Check that this is a readable election file of a known version; bring it up to date."""
    try:
        if db.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            raise StoreError(f"{path} is an SQLite file, but not a CountDesk election file")
        problems = [row[0] for row in db.execute("PRAGMA quick_check")]
        if problems != ["ok"]:
            raise StoreError(f"{path} is damaged ({one_line(problems[0])}): open a copy, or run "
                             "'countdesk check' on it")
        version = file_version(db, path.name)
        refuse_newer(version, path.name)
        if version < schema_version():
            db.execute("BEGIN IMMEDIATE")
            migrate(db, version)
            audit.append(db, now(), "CountDesk", f"update file from version {version}",
                         "schema", rows.schema_content(db))
            if version < IDENTITY_SINCE <= schema_version():
                _give_identity(db, now(), "CountDesk")
            db.execute("COMMIT")
    except sqlite3.Error as error:
        with suppress(sqlite3.Error):
            db.execute("ROLLBACK")
        raise StoreError(f"{path} is damaged and cannot be read ({error})") from error
    except CountDeskError:
        with suppress(sqlite3.Error):
            db.execute("ROLLBACK")
        raise
