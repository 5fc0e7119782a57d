"""countdesk check: is an election file whole and untampered? Prints its audit head hash."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from countdesk.errors import CountDeskError

HELP = ("Check an election file for damage and for changes made outside CountDesk (its audit "
        "log, the returning officer's signatures, its tables, each certified count counted "
        "again); print its audit head hash and the RO's key fingerprint.")
SHOWN = 5  # problems named on the one line of a refusal


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("election", type=Path, metavar="FILE")


def run(args: argparse.Namespace) -> int:
    from countdesk.app.integrity import check_file
    from countdesk.store.check import check_election
    from countdesk.store.election_file import ElectionFile

    # The file as it is, read-only, first: opening it would bring an older file up to date.
    problems = check_election(args.election).problems
    warning = ""
    if not problems:
        with ElectionFile.open(args.election) as election:
            integrity = check_file(election)
            problems, warning = integrity.problems, integrity.warning
            report, key = integrity.report, election.ro_key()
    if problems:
        more = len(problems) - SHOWN
        tail = f"; and {more} more" if more > 0 else ""
        raise CountDeskError(f"{args.election}: " + "; ".join(problems[:SHOWN]) + tail)
    print(f"{args.election}: no damage or tampering found ({report.entries} audit entries).")
    for certification in report.certifications:
        print(certification.describe())
    print(f"head hash {report.head_hash}")
    print("returning officer's key " + (key.fingerprint if key else "not set yet"))
    if warning:
        print(f"countdesk: {warning}", file=sys.stderr)
    return 0
