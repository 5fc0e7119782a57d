"""What this computer last saw of each election: the outside anchor that catches a log cut
short or rewritten whole.

A file cannot prove on its own that entries were not removed from the end of its audit log,
nor that a forger who knew the code did not rewrite the whole log and its signatures under a
key of their own. So each computer that opens an election remembers the last audit entry it
saw (its number and hash), keyed by the election's identity; the next time, the file must
still hold that very entry. The printed sheet is the other anchor: its audit head and the
RO's key fingerprint, compared with the file by `countdesk check` and `countdesk verify`.

The anchors live in one small JSON file in the user's own state folder (``$XDG_STATE_HOME``
or ``~/.local/state/countdesk`` on Linux, ``~/Library/Application Support/CountDesk`` on
macOS, ``%LOCALAPPDATA%\\CountDesk`` on Windows), never beside the election file.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from countdesk.app.output import write_output
from countdesk.errors import CountDeskError

ANCHORS_FILE = "anchors.json"


def state_folder() -> Path:
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local")) / \
            "CountDesk"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "CountDesk"
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "countdesk"


@dataclass(frozen=True)
class Anchor:
    seq: int
    hash: str
    path: str  # where the file was, to name it in a message


class AnchorBook:
    """The anchors of this computer (in ``folder``, by default the user's state folder)."""

    def __init__(self, folder: Path | None = None) -> None:
        self.path = (folder or state_folder()) / ANCHORS_FILE

    def _read(self) -> dict[str, dict[str, object]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            return {}  # a damaged book is no anchor: start again rather than refuse to open
        return data if isinstance(data, dict) else {}

    def problem(self, election: str, head: tuple[int, str], hash_at: Callable[[int], str]
                ) -> str:
        """Why the log of ``election`` (its identity), whose last entry is ``head`` (its seq
        and hash) and whose entries' hashes ``hash_at`` gives, is not the one this computer
        last saw (entries removed or rewritten), in words; "" when it holds that entry, or
        this computer never saw the election."""
        if not head[0]:
            return ""
        known = self._read().get(election)
        if not isinstance(known, dict):
            return ""
        seq, entry_hash = known.get("seq"), known.get("hash")
        if not isinstance(seq, int) or not isinstance(entry_hash, str):
            return ""
        held = hash_at(seq) if 0 < seq <= head[0] else ""
        if not held:
            return (f"this computer last saw this election with {seq} audit entries (at "
                    f"{known.get('path')}), and the file now has {head[0]}: entries were "
                    "removed since, or this is an older copy")
        if held != entry_hash:
            return (f"audit entry {seq} is not the one this computer last saw (hash "
                    f"{entry_hash[:16]}…, now {held[:16]}…): the log was rewritten since")
        return ""

    def remember(self, election: str, head: tuple[int, str], path: Path) -> str:
        """The log whose last entry is ``head`` is what this computer last saw of the
        election; "" when kept, else why not (a warning: the next check will be weaker,
        nothing more)."""
        if not head[0]:
            return ""
        book = self._read()
        book[election] = {"seq": head[0], "hash": head[1], "path": str(path.resolve())}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_output(self.path, json.dumps(book, indent=1, sort_keys=True).encode("utf-8"),
                         force=True)
        except (OSError, CountDeskError) as error:
            return f"this computer could not note what it saw of the election ({error})"
        return ""
