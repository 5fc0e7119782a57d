"""countdesk export: the counted papers of an election file, as a plain BLT file."""

from __future__ import annotations

import argparse
from pathlib import Path

HELP = "Write the counted papers (their readings, after rulings) as a plain BLT file."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("election", type=Path, metavar="ELECTION.countdesk")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.blt")
    parser.add_argument("--force", action="store_true", help="replace FILE.blt if it exists")


def run(args: argparse.Namespace) -> int:
    from countdesk.app.ballot_files import export_ballots
    from countdesk.app.output import check_output, write_output
    from countdesk.formats.blt import fingerprint
    from countdesk.store.election_file import ElectionFile

    check_output(args.output, force=args.force, inputs=[args.election])
    with ElectionFile.open(args.election) as election:
        data = export_ballots(election)
    write_output(args.output, data, force=args.force, inputs=[args.election])
    print(f"Wrote {args.output} (SHA-256 {fingerprint(data)}).")
    return 0
