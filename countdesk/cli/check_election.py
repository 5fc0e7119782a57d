"""countdesk check: is an election file whole and untampered? Prints its audit head hash."""

from __future__ import annotations

import argparse
from pathlib import Path

from countdesk.errors import CountDeskError

HELP = ("Check an election file for damage and for changes made outside CountDesk; "
        "print its audit head hash.")
SHOWN = 5  # problems named on the one line of a refusal


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("election", type=Path, metavar="FILE")


def run(args: argparse.Namespace) -> int:
    from countdesk.store.check import check_election

    report = check_election(args.election)
    if report.problems:
        more = len(report.problems) - SHOWN
        tail = f"; and {more} more" if more > 0 else ""
        raise CountDeskError(f"{args.election}: " + "; ".join(report.problems[:SHOWN]) + tail)
    print(f"{args.election}: no damage or tampering found ({report.entries} audit entries).")
    for certification in report.certifications:
        print(certification.describe())
    print(f"head hash {report.head_hash}")
    return 0
