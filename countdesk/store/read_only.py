"""Reading an election file without writing to it: for `check` and `copy`.

No lock is taken, so another process may be keying papers meanwhile; a read transaction
sees one consistent moment of the file (WAL lets readers and the one writer work together).
Where the file can be written, the connection may write (it never does, but as the last
one to close it folds and removes the write-ahead log); on read-only media it is read-only.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

from countdesk.store.election_file import refuse_not_election
from countdesk.store.errors import StoreError
from countdesk.store.location import can_write_in
from countdesk.store.schema import APPLICATION_ID, file_version, refuse_newer


def open_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection to an election file of a version this CountDesk can read."""
    if not path.is_file():
        raise StoreError(f"{path}: there is no such election file")
    refuse_not_election(path)
    mode = "rw" if can_write_in(path.parent) and os.access(path, os.W_OK) else "ro"
    uri = f"file:{quote(str(path.resolve()))}?mode={mode}"
    try:
        db = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False,
                             timeout=10)
    except sqlite3.Error as error:
        raise StoreError(f"{path} cannot be opened: {error}") from error
    try:
        if db.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            raise StoreError(f"{path} is an SQLite file, but not a CountDesk election file")
        refuse_newer(file_version(db, path.name), path.name)
    except sqlite3.Error as error:
        db.close()
        raise StoreError(f"{path} is damaged and cannot be read ({error})") from error
    except BaseException:
        db.close()
        raise
    return db
