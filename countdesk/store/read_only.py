"""Reading an election file without writing to it: for `check` and `copy`.

A file that CountDesk holds open (for keying, say) is locked against every other reader:
the refusal says to copy it from the window instead. A read transaction sees one consistent
moment of the file. Where the file can be written, the connection may write (it never does,
but it may roll back a journal left by a crash, as SQLite must); on read-only media it is
read-only.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

from countdesk.store.damage import READ_FAILURES, damage
from countdesk.store.disk import refuse_not_election
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
                             timeout=1)
    except sqlite3.Error as error:
        raise StoreError(f"{path} cannot be opened: {error}") from error
    try:
        if db.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            raise StoreError(f"{path} is an SQLite file, but not a CountDesk election file")
        refuse_newer(file_version(db, path.name), path.name)
    except READ_FAILURES as error:
        db.close()
        if "locked" in str(error) or "busy" in str(error):
            raise StoreError(in_use(path)) from error
        raise StoreError(f"{path} is damaged and cannot be read ({damage(error)})") from error
    except BaseException:
        db.close()
        raise
    return db


def in_use(path: Path) -> str:
    return (f"{path} is open in CountDesk (or another program is using it): copy it with "
            "File → Save a copy in that window, or close it there first")
