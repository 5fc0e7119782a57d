"""countdesk import: a BLT file (and its constraint file) into a new election file."""

from __future__ import annotations

import argparse
from pathlib import Path

from countdesk.cli.store_options import add_by

RULES = ("ers97", "scottish", "wigm", "meek", "meek-nz")

HELP = ("Make an election file from a BLT ballot file: its papers become one batch, "
        "verified by import.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("blt", type=Path, metavar="FILE.blt")
    parser.add_argument("--constraints", type=Path, metavar="FILE.con",
                        help="the candidates' groups and their minimums and maximums")
    parser.add_argument("-o", "--output", type=Path, required=True,
                        metavar="ELECTION.countdesk")
    parser.add_argument("--rules", default="ers97", choices=RULES,
                        help="the counting rules of the election's setup (default: ers97)")
    add_by(parser)


def run(args: argparse.Namespace) -> int:
    from countdesk.app.ballot_files import import_ballots

    with import_ballots(args.blt, args.output, args.by, args.constraints,
                        args.rules) as election:
        batch = election.batches()[0]
        print(f"Imported {batch.hand_count} papers from {batch.source_name} "
              f"(SHA-256 {batch.source_sha256}) into {election.path}.")
    return 0
