"""Where an election file may live: a folder this computer can write, not a network share.

SQLite's write-ahead log needs shared memory beside the file, which read-only media and
network file systems (SMB, NFS...) cannot give reliably: such places are refused up front.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from countdesk.store.errors import StoreError

NETWORK_FILE_SYSTEMS = frozenset({
    "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "9p", "afs", "ceph", "glusterfs",
    "davfs", "fuse.sshfs", "fuse.davfs2", "fuse.rclone", "fuse.glusterfs", "lustre",
})


def refuse_unsuitable(path: Path) -> None:
    """Refuse a file whose folder is missing, read-only, or on a network share."""
    folder = path.parent
    if not folder.is_dir():
        raise StoreError(f"{path}: the folder {folder} does not exist")
    share = network_share(folder)
    if share:
        raise StoreError(
            f"{path} is on a network share ({share}): keep the election file on this "
            "computer's disk or a USB stick, as its write-ahead log does not work over a network"
        )
    if not can_write_in(folder) or (path.exists() and not os.access(path, os.W_OK)):
        raise StoreError(
            f"{path} is in a read-only place: copy it to a folder you can write to "
            "(the election file and its write-ahead log must be written beside each other)"
        )


def can_write_in(folder: Path) -> bool:
    # A real attempt, as permissions alone do not tell about read-only media.
    try:
        with tempfile.TemporaryFile(dir=folder):
            return True
    except OSError:
        return False


def network_share(folder: Path) -> str:
    """The kind of network file system holding ``folder``, or "" when it is local or unknown."""
    resolved = folder.resolve()
    if sys.platform == "win32":
        return _windows_share(resolved)
    try:
        mounts = Path("/proc/self/mounts").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""  # not Linux: nothing more we can reasonably tell
    return mount_type_if_network(str(resolved), mounts)


def mount_type_if_network(folder: str, mounts: str) -> str:
    """From a /proc/mounts listing: the network file system type ``folder`` is on, or ""."""
    best, best_type = "", ""
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        inside = folder == point or folder.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, best_type = point, fields[2]
    return best_type if best_type in NETWORK_FILE_SYSTEMS else ""


def _windows_share(folder: Path) -> str:
    text = str(folder)
    if text.startswith("\\\\"):
        return "a Windows share"
    import ctypes

    drive_remote = 4
    kind = ctypes.windll.kernel32.GetDriveTypeW(f"{folder.drive}\\")  # type: ignore[attr-defined]
    return "a network drive" if kind == drive_remote else ""
