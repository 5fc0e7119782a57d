"""countdesk export: the counted papers of an election file, as a plain BLT file."""

from __future__ import annotations

import argparse
from pathlib import Path

from countdesk.errors import CountDeskError

HELP = "Write the counted papers (their readings, after rulings) as a plain BLT file."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("election", type=Path, metavar="ELECTION.countdesk")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.blt")


def run(args: argparse.Namespace) -> int:
    from countdesk.formats.blt import fingerprint
    from countdesk.store.blt_import import export_blt
    from countdesk.store.election_file import ElectionFile

    with ElectionFile.open(args.election) as election:
        data = export_blt(election)
    try:
        args.output.write_bytes(data)
    except OSError as error:
        raise CountDeskError(f"{args.output} could not be written: "
                             f"{error.strerror or error}") from error
    print(f"Wrote {args.output} (SHA-256 {fingerprint(data)}).")
    return 0
