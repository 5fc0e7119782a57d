"""countdesk copy: a consistent copy of an election file, even while it is in use."""

from __future__ import annotations

import argparse
from pathlib import Path

HELP = "Copy an election file safely (for a USB stick), even while papers are being keyed."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("election", type=Path, metavar="FILE")
    parser.add_argument("destination", type=Path, metavar="DEST",
                        help="the new file, or a folder to put it in")


def run(args: argparse.Namespace) -> int:
    from countdesk.store.check import check_election
    from countdesk.store.copy import copy_election

    copied = copy_election(args.election, args.destination)
    report = check_election(copied)
    print(f"Copied {args.election} to {copied} (audit head hash {report.head_hash}).")
    return 0
