"""The disk under an election file: is it an election file at all, what a failed write
means in words, and making sure what was written is on the disk (or the USB stick)."""

from __future__ import annotations

import os
from pathlib import Path

from countdesk.store.errors import StoreError

SQLITE_HEADER = b"SQLite format 3\x00"


def refuse_not_election(path: Path) -> None:
    """Refuse a file that is not SQLite at all, before SQLite is let near it."""
    try:
        with path.open("rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except OSError as error:
        raise StoreError(f"{path} cannot be read: {error.strerror or error}") from error
    if header != SQLITE_HEADER:
        raise StoreError(f"{path} is not a CountDesk election file (or it is badly damaged)")


def write_failure(error: BaseException) -> str:
    """What went wrong with a write, in words a returning officer can act on."""
    text = str(error).lower()
    if "full" in text or getattr(error, "sqlite_errorname", "") == "SQLITE_FULL":
        return "the disk is full"
    if "readonly" in text or "read-only" in text:
        return "the file or its folder has become read-only"
    if "disk i/o" in text or isinstance(error, OSError):
        return "the disk could not be written: is it full, or was the USB stick removed?"
    if "locked" in text or "busy" in text:
        return "another program is using the file"
    return str(error)


def sync(path: Path) -> None:
    """Make sure a file, or a folder's list of names, is on the disk before anyone pulls
    the stick out."""
    if path.is_dir() and os.name == "nt":
        return  # Windows cannot open a folder to flush it; its renames are journalled
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
