"""The returning officer's key in tests: one key, sealed once for the whole run (scrypt is
slow on purpose), set into each election file that needs it."""

from __future__ import annotations

from countdesk.store.election_file import ElectionFile
from countdesk.store.signing import Signer, new_key

PASSPHRASE = "the returning officer's test passphrase"
SEALED, SIGNER = new_key(PASSPHRASE)


def as_ro(election: ElectionFile, by: str = "RO") -> Signer:
    """The RO's unlocked key for ``election``, setting it there first if need be."""
    if election.ro_key() is None:
        election.set_ro_key(SEALED, by)
    return SIGNER


def _passphrase_file() -> str:
    import atexit
    import shutil
    import tempfile
    from pathlib import Path

    folder = Path(tempfile.mkdtemp(prefix="countdesk-test-ro-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    path = folder / "passphrase.txt"
    path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return str(path)


PASSPHRASE_FILE = _passphrase_file()  # for commands that ask for it (--passphrase-file)
