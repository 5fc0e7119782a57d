"""The project's own error types: every refusal a user can meet is one of these."""

from __future__ import annotations


class CountDeskError(Exception):
    """A refusal to be shown to the user as one plain sentence (never a traceback)."""


class InputError(CountDeskError):
    """A file that cannot be read: names the file, the line (when known) and the reason."""

    def __init__(self, source: str, line: int | None, reason: str) -> None:
        self.source = source
        self.line = line
        self.reason = reason
        where = f"{source}, line {line}" if line is not None else source
        super().__init__(f"{where}: {reason}")


class SetupError(CountDeskError):
    """An election setup that cannot be counted (duplicate names, impossible limits...)."""
