"""countdesk take-back: a pass taken back from the desk that keys it (a laptop that failed)."""

from __future__ import annotations

import argparse
from pathlib import Path

from countdesk.cli.store_options import add_by, add_passphrase, passphrase

HELP = ("Take a pass of a batch back from the desk that keys it (its laptop failed): it can "
        "then go to another desk's file, or be keyed on the returning officer's laptop.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("election", type=Path, metavar="ELECTION.countdesk",
                        help="the returning officer's election file")
    parser.add_argument("taken", metavar="BATCH:PASS", help="the pass, e.g. 'Box 3:A'")
    parser.add_argument("--reason", required=True, help="why (kept in the audit log)")
    add_by(parser)
    add_passphrase(parser, "taking a pass back is the returning officer's")


def run(args: argparse.Namespace) -> int:
    from countdesk.cli.exchange_options import open_sound
    from countdesk.errors import CountDeskError

    label, colon, which = args.taken.rpartition(":")
    which = which.strip().upper()
    if not colon or which not in ("A", "B"):
        raise CountDeskError(f"{args.taken!r}: give a batch and a pass, as 'Box 3:A'")
    with open_sound(args.election, "taking a pass back") as ro:
        batch = next((b for b in ro.batches() if b.label == label.strip()), None)
        if batch is None:
            raise CountDeskError(f"{args.election} has no batch {label.strip()!r}")
        authority = ro.unlock(passphrase(args))
        desk = ro.take_back_pass(batch.id, which, args.reason, args.by, authority)
        print(f"Pass {which} of {batch.label!r} taken back from {desk!r}: give it to another "
              "desk's file, or key it on this laptop.")
    return 0
