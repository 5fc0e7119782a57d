"""Writing a count's files as `countdesk count` and `countdesk sheet` are asked to."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from countdesk.app.records import Ballots, StoredCount
    from countdesk.store.election_file import ElectionFile


def write_count_files(args: argparse.Namespace, count: StoredCount,
                      election: ElectionFile | None,
                      ballots: Callable[[], Ballots] | None) -> list[Path]:
    """Write what ``args`` asks for (--pdf, --xlsx, --blt, --con) of a count; the paths."""
    from countdesk.app.output import write_output
    from countdesk.errors import CountDeskError

    written = []
    if args.blt or args.con:
        assert ballots is not None
        files = ballots()
        if args.con and files.constraints is None:
            raise CountDeskError("--con: this count has no quota rules to write")
        if args.blt:
            written.append(write_output(args.blt, files.blt, force=args.force))
        if args.con:
            assert files.constraints is not None
            written.append(write_output(args.con, files.constraints, force=args.force))
    if args.pdf:
        from countdesk.app.sheets import sheet_for

        written.append(write_output(args.pdf, sheet_for(count, args.by, args.page_size),
                                    force=args.force))
    if args.xlsx:
        from countdesk.app.sheets import workbook_for

        written.append(write_output(
            args.xlsx, lambda path: workbook_for(count, path, args.by, election),
            force=args.force))
    return written
