"""countdesk import-pack: desks' batch packs into the returning officer's election file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from countdesk.cli.store_options import add_by, add_passphrase, passphrase

HELP = ("Import desks' batch packs into the returning officer's election file, each whole or "
        "not at all: a pack damaged, from another election, imported already or in conflict "
        "with the file is refused with the reason.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("election", type=Path, metavar="ELECTION.countdesk",
                        help="the returning officer's election file")
    parser.add_argument("packs", type=Path, nargs="+", metavar="PACK",
                        help="a batch pack (*.countdesk-pack)")
    parser.add_argument("--reason", default="",
                        help="why a newer pack replaces a pass imported before (audited); "
                        "without it such a pack is refused")
    add_by(parser)
    add_passphrase(parser, "importing a pack is the returning officer's")


def run(args: argparse.Namespace) -> int:
    from countdesk.app.exchange import PackRefused, import_pack
    from countdesk.cli.exchange_options import open_sound

    refused = 0
    with open_sound(args.election, "importing a pack") as ro:
        authority = ro.unlock(passphrase(args))
        for path in args.packs:
            try:
                plan = import_pack(ro, path, args.by, authority, args.reason)
            except PackRefused as error:
                refused += 1
                print(f"countdesk: refused ({error.kind}): {error}", file=sys.stderr)
            else:
                print(f"Imported {plan.summary()}.")
    return 1 if refused else 0
