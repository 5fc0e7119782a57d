"""countdesk import: a BLT file (and its constraint file) into a new election file."""

from __future__ import annotations

import argparse
from pathlib import Path

from countdesk.cli.store_options import add_by, add_passphrase, passphrase

HELP = ("Make an election file from a BLT ballot file: its papers become one batch, "
        "verified by import.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from countdesk.count.rulesets import rule_sets

    parser.add_argument("blt", type=Path, metavar="FILE.blt")
    parser.add_argument("--constraints", type=Path, metavar="FILE.con",
                        help="the candidates' groups and their minimums and maximums")
    parser.add_argument("-o", "--output", type=Path, required=True,
                        metavar="ELECTION.countdesk")
    parser.add_argument("--rules", default="ers97", choices=[rules.key for rules in rule_sets()],
                        help="the counting rules of the election's setup (default: ers97)")
    parser.add_argument("--teller", action="append", default=[], metavar="NAME",
                        help="a teller who may key further batches (repeat for each)")
    add_by(parser)
    add_passphrase(parser, "it sets the new file's signing key, which signs the import")


def run(args: argparse.Namespace) -> int:
    from countdesk.app.ballot_files import import_ballots

    with import_ballots(args.blt, args.output, args.by, lambda: passphrase(args, new=True),
                        args.constraints, args.rules, tuple(args.teller)) as election:
        batch = election.batches()[0]
        print(f"Imported {batch.hand_count} papers from {batch.source_name} "
              f"(SHA-256 {batch.source_sha256}) into {election.path}.")
    return 0
