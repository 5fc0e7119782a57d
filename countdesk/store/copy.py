"""A consistent copy of an election file, for a USB stick, even while papers are being keyed.

Copying the file with the operating system can miss papers still in its write-ahead log;
SQLite's backup API copies one consistent moment of the whole election instead. The copy is
written under a temporary name and renamed when complete, so a half copy never has the name.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import suppress
from pathlib import Path

from countdesk.store.election_file import write_failure
from countdesk.store.errors import StoreError
from countdesk.store.read_only import open_read_only


def copy_election(source: str | Path, destination: str | Path) -> Path:
    """Copy ``source`` to ``destination`` (a new file, or a folder to put it in); the copy."""
    source, destination = Path(source), Path(destination)
    if destination.is_dir():
        destination = destination / source.name
    if destination.exists():
        raise StoreError(f"{destination} already exists: choose another name")
    if not destination.parent.is_dir():
        raise StoreError(f"{destination}: the folder {destination.parent} does not exist")
    partial = destination.with_name(destination.name + ".partial")
    reader = open_read_only(source)
    try:
        writer = sqlite3.connect(partial, isolation_level=None)
        try:
            reader.backup(writer)
            writer.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            writer.close()
        _sync(partial)
        partial.replace(destination)
        _sync(destination.parent)
    except (sqlite3.Error, OSError) as error:
        for leftover in (partial, partial.with_name(partial.name + "-wal"),
                         partial.with_name(partial.name + "-shm")):
            with suppress(OSError):
                leftover.unlink()
        raise StoreError(f"{source.name} could not be copied to {destination} "
                         f"({write_failure(error)})") from error
    finally:
        reader.close()
    return destination


def _sync(path: Path) -> None:
    """Make sure the copy is on the stick before anyone pulls it out."""
    if path.is_dir() and os.name == "nt":
        return  # Windows cannot open a folder to flush it; its renames are journalled
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
