"""Every file CountDesk writes (a sheet, a workbook, ballots), written whole or not at all.

The bytes go to a temporary file beside the output, are flushed to the disk, and only then
take the output's name: a crash or a full disk never leaves half a sheet under the name. An
existing file is replaced only when asked (``force``, as after a save dialog's question), and
never when it is one of the command's own inputs.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from contextlib import suppress
from pathlib import Path

from countdesk.errors import CountDeskError
from countdesk.store.disk import sync, write_failure


def check_output(path: Path, *, force: bool = False, inputs: Iterable[Path] = ()) -> None:
    """Refuse, before any work is done, an output that could not or should not be written."""
    for source in inputs:
        if _same_file(path, source):
            raise CountDeskError(f"{path} is also an input of this command: write the output "
                                 "to another file")
    if not path.parent.is_dir():
        raise CountDeskError(f"{path} cannot be written: the folder {path.parent} does not "
                             "exist")
    if path.is_dir():
        raise CountDeskError(f"{path} is a folder: give a file name")
    if path.exists() and not force:
        raise CountDeskError(f"{path} already exists: choose another name, or give --force to "
                             "replace it")


def write_output(path: Path, data: bytes | Callable[[Path], object], *, force: bool = False,
                 inputs: Iterable[Path] = ()) -> Path:
    """Write ``data`` (bytes, or a function that writes the file at the path it is given)
    to ``path``, atomically."""
    path = Path(path)
    check_output(path, force=force, inputs=inputs)
    partial = path.with_name(f".{path.name}.partial-{os.getpid()}")
    try:
        if isinstance(data, bytes):
            partial.write_bytes(data)
        else:
            data(partial)
        sync(partial)
        os.replace(partial, path)
        sync(path.parent)
    except OSError as error:
        with suppress(OSError):
            partial.unlink()
        raise CountDeskError(f"{path} could not be written ({write_failure(error)})") from error
    except BaseException:
        with suppress(OSError):
            partial.unlink()
        raise
    return path


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False
