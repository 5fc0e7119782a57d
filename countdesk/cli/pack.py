"""countdesk pack: a desk's batch pack, for the returning officer's laptop."""

from __future__ import annotations

import argparse
from pathlib import Path

HELP = ("Export a desk's batch pack (the passes it has keyed to their hand count, with its "
        "audit log and a fingerprint) to a folder or a USB stick, for the returning officer's "
        "laptop.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("desk", type=Path, metavar="DESK.countdesk", help="the desk file")
    parser.add_argument("-o", "--output", type=Path, default=Path("."),
                        metavar="FOLDER|PACK",
                        help="a folder to put the pack in (the default: this one), or the "
                        "pack file to write")
    parser.add_argument("--force", action="store_true", help="replace the pack file if it "
                        "exists")
    parser.add_argument("--unfinished", action="store_true",
                        help="also the passes not keyed to their hand count yet (the returning "
                        "officer replaces them later only with a reason)")


def run(args: argparse.Namespace) -> int:
    from countdesk.app.exchange import export_pack, read_pack
    from countdesk.cli.exchange_options import open_sound

    with open_sound(args.desk, "making a batch pack") as desk:
        path = export_pack(desk, args.output, force=args.force, unfinished=args.unfinished)
    pack = read_pack(path)
    passes = ", ".join(f"pass {p['pass']} of {p['batch']!r} ({p['papers']} papers)"
                       for p in pack.passes())
    print(f"Wrote {path}: {passes}; SHA-256 {pack.fingerprint}.")
    return 0
