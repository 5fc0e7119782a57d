"""`countdesk verify`: check a result sheet against its ballots, and count them again."""

from __future__ import annotations

import argparse
from pathlib import Path

HELP = ("Check a result sheet (PDF) against the ballots (BLT) and quota rules it names, count "
        "them again, and compare with the result it states.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("sheet", type=Path, metavar="SHEET.pdf")
    parser.add_argument("ballots", type=Path, metavar="BALLOTS.blt")
    parser.add_argument("constraints", type=Path, nargs="?", metavar="CONSTRAINTS.con")
    parser.add_argument("--key", metavar="FINGERPRINT",
                        help="the returning officer's key fingerprint as you know it (from "
                        "the hall, or an earlier sheet): a sheet signed with another is refused")


def run(args: argparse.Namespace) -> int:
    import sys

    from countdesk.app.verify import verify_sheet

    checks = verify_sheet(args.sheet, args.ballots, args.constraints, args.key)
    for check in checks:
        print(("ok    " if check.passed else "FAIL  ") + check.what)
    if all(check.passed for check in checks):
        print(f"Verified: {args.sheet.name} states the result of counting {args.ballots.name}.")
        return 0
    failed = next(check for check in checks if not check.passed)
    print(f"countdesk: {args.sheet.name} is not verified: {failed.what}", file=sys.stderr)
    return 1
