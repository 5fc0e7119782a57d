"""A file that cannot be read: which errors mean damage, and what they mean in words."""

from __future__ import annotations

import sqlite3

# Raised by reading a damaged file: SQLite's own errors, and text that is no longer UTF-8
# (one flipped bit in a table's definition or a row), which Python meets decoding it.
READ_FAILURES = (sqlite3.Error, UnicodeDecodeError)


def damage(error: BaseException) -> str:
    """What is wrong with a file that cannot be read, in words."""
    if isinstance(error, UnicodeDecodeError) or "decode to UTF-8" in str(error):
        return "some of its text is not valid UTF-8"
    return one_line(str(error))


def one_line(text: str) -> str:
    """SQLite's integrity report on one line (it spans several for some damage)."""
    return " ".join(text.split())
