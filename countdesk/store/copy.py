"""A consistent copy of an election file, for a USB stick.

SQLite's backup API copies one consistent moment of the whole election. The copy is written
under a temporary name and renamed when complete, so a half copy never has the name. The
copy is made through the connection that holds the file (`ElectionFile.copy_to`, the
window's Save a copy), or through a read-only connection to a file nobody holds
(`countdesk copy`).
"""

from __future__ import annotations

import sqlite3
from contextlib import suppress
from pathlib import Path

from countdesk.store.disk import sync, write_failure
from countdesk.store.errors import StoreError
from countdesk.store.read_only import open_read_only


def copy_election(source: str | Path, destination: str | Path) -> Path:
    """Copy the election file ``source`` to ``destination`` (a new file, or a folder)."""
    source = Path(source)
    reader = open_read_only(source)
    try:
        return copy_database(reader, source.name, Path(destination))
    finally:
        reader.close()


def copy_database(reader: sqlite3.Connection, name: str, destination: Path) -> Path:
    """Copy the database behind ``reader`` (the file called ``name``) to ``destination``."""
    if destination.is_dir():
        destination = destination / name
    if destination.exists():
        raise StoreError(f"{destination} already exists: choose another name")
    if not destination.parent.is_dir():
        raise StoreError(f"{destination}: the folder {destination.parent} does not exist")
    partial = destination.with_name(destination.name + ".partial")
    try:
        writer = sqlite3.connect(partial, isolation_level=None)
        try:
            reader.backup(writer)
            writer.execute("PRAGMA journal_mode = DELETE")
        finally:
            writer.close()
        sync(partial)
        partial.replace(destination)
        sync(destination.parent)
    except (sqlite3.Error, OSError) as error:
        for leftover in (partial, partial.with_name(partial.name + "-journal")):
            with suppress(OSError):
                leftover.unlink()
        raise StoreError(f"{name} could not be copied to {destination} "
                         f"({write_failure(error)})") from error
    return destination
