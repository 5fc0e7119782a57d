"""countdesk desk: the desk file of a teller laptop, made from the RO's election file."""

from __future__ import annotations

import argparse
from pathlib import Path

from countdesk.cli.store_options import add_by, add_passphrase, passphrase

HELP = ("Make the desk file of a teller laptop from the returning officer's election file: "
        "the setup and the batches it keys, pass A or pass B of each.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("election", type=Path, metavar="ELECTION.countdesk",
                        help="the returning officer's election file")
    parser.add_argument("--name", required=True, help="the desk's name (\"Desk 2\")")
    parser.add_argument("--keys", action="append", default=[], required=True,
                        metavar="BATCH:PASS",
                        help="a pass this desk keys, e.g. 'Box 3:A' (repeat for each)")
    parser.add_argument("--leave", nargs=2, action="append", default=[],
                        metavar=("BATCH", "REASON"),
                        help="let this desk key both passes of BATCH, for REASON (audited)")
    parser.add_argument("-o", "--output", type=Path, required=True,
                        metavar="DESK.countdesk", help="the desk file to make")
    add_by(parser)
    add_passphrase(parser, "making a desk file is the returning officer's")


def run(args: argparse.Namespace) -> int:
    from countdesk.app.exchange import make_desk_file
    from countdesk.cli.exchange_options import open_sound
    from countdesk.errors import CountDeskError

    with open_sound(args.election, "making a desk file") as ro:
        ids = {batch.label: batch.id for batch in ro.batches()}

        def batch_id(label: str) -> int:
            if label not in ids:
                known = ", ".join(repr(name) for name in ids) or "none yet"
                raise CountDeskError(f"{args.election} has no batch {label!r} (its batches: "
                                     f"{known})")
            return ids[label]

        passes = []
        for given in args.keys:
            label, colon, which = given.rpartition(":")
            if not colon or which.strip().upper() not in ("A", "B"):
                raise CountDeskError(f"--keys {given!r}: give a batch and a pass, as 'Box 3:A'")
            passes.append((batch_id(label.strip()), which.strip().upper()))
        leave = {batch_id(label): reason for label, reason in args.leave}
        refusal = ro.desk_refusal(args.name, passes, leave)
        if refusal:
            raise CountDeskError(refusal)
        authority = ro.unlock(passphrase(args))
        path = make_desk_file(ro, args.output, args.name, passes, args.by, authority, leave)
        keyed = ", ".join(given for given in args.keys)
        print(f"Made {path}: desk {args.name.strip()!r} keys {keyed}.")
    return 0
