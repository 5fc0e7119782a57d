"""countdesk new: make an election file from arguments or a setup file."""

from __future__ import annotations

import argparse
from pathlib import Path

from countdesk.cli.store_options import add_by, passphrase
from countdesk.election import Candidate, ElectionSetup, LoneCross
from countdesk.errors import CountDeskError

HELP = "Make a new election file, from arguments or a setup file (JSON or TOML)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("election", type=Path, metavar="ELECTION.countdesk")
    parser.add_argument("--setup", type=Path, metavar="FILE",
                        help="a setup file (.json or .toml) instead of the options below")
    parser.add_argument("--title")
    parser.add_argument("--seats", type=int)
    parser.add_argument("--candidate", action="append", default=[], metavar="NAME",
                        help="a candidate, in ballot-paper order (repeat for each)")
    parser.add_argument("--organisation", default="")
    parser.add_argument("--date", default="")
    parser.add_argument("--venue", default="")
    parser.add_argument("--rules", default="ers97")
    parser.add_argument("--lone-cross", choices=[c.value for c in LoneCross],
                        default=LoneCross.FIRST_PREFERENCE.value,
                        help="how a paper with one cross or tick and nothing else is read")
    parser.add_argument("--returning-officer", default="")
    parser.add_argument("--teller", action="append", default=[], metavar="NAME")
    parser.add_argument("--scrutineer", action="append", default=[], metavar="NAME")
    add_by(parser)
    parser.add_argument("--passphrase-file", type=Path, metavar="FILE",
                        help="a file whose first line is the returning officer's new "
                        "passphrase (or set it later on the Setup page)")


def run(args: argparse.Namespace) -> int:
    from countdesk.store.election_file import ElectionFile
    from countdesk.store.setup_file import read_setup_file

    if args.setup is not None:
        setup = read_setup_file(args.setup)
    elif args.title is None or args.seats is None or not args.candidate:
        raise CountDeskError("give --title, --seats and a --candidate for each candidate, "
                             "or --setup FILE")
    else:
        setup = ElectionSetup(
            title=args.title, seats=args.seats,
            candidates=tuple(Candidate(name) for name in args.candidate),
            organisation=args.organisation, date=args.date, venue=args.venue,
            rules=args.rules, lone_cross=LoneCross(args.lone_cross),
            returning_officer=args.returning_officer, tellers=tuple(args.teller),
            scrutineers=tuple(args.scrutineer),
        )
    fill = None
    if args.passphrase_file is not None:
        from countdesk.store.signing import new_key

        sealed, _ = new_key(passphrase(args, new=True))

        def fill(made: ElectionFile) -> None:
            made.set_ro_key(sealed, args.by)

    with ElectionFile.create(args.election, setup, args.by, fill=fill) as election:
        print(f"Made {election.path}: {setup.title}, {len(setup.candidates)} candidates "
              f"for {setup.seats} seats.")
    return 0
