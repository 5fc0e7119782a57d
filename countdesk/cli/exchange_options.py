"""What the commands of keying on several laptops share: opening an election file checked."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from countdesk.store.election_file import ElectionFile


def open_sound(path: Path, what: str) -> ElectionFile:
    """Open an election file for ``what``, refused in words if it fails its check."""
    from countdesk.app.integrity import open_checked
    from countdesk.errors import CountDeskError
    from countdesk.store.election_file import ElectionFile

    election = ElectionFile.open(path)
    try:
        integrity = open_checked(election)
        if not integrity.sound:
            raise CountDeskError(f"{path}: {what} is refused: {integrity.summary()}")
    except BaseException:
        election.close()
        raise
    return election
