"""The election file's own refusal."""

from __future__ import annotations

from countdesk.errors import CountDeskError


class StoreError(CountDeskError):
    """The election file cannot be opened, read or written; the message says why, in words."""


class RoleError(StoreError):
    """Something only the returning officer may do, without the RO's passphrase."""
