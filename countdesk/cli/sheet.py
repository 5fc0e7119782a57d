"""`countdesk sheet`: the result sheet, workbook, results JSON and ballots of a count kept
in an election file, made from that count alone (by default the latest certified count that
stands, else the latest count). `countdesk count` writes its files the same way."""

from __future__ import annotations

import argparse
from pathlib import Path

from countdesk.cli.count_files import write_count_files
from countdesk.cli.store_options import add_by

HELP = ("Write the result sheet, workbook or ballots of a count kept in an election file "
        "(default: the certified count that stands, else the latest).")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("election", type=Path, metavar="ELECTION.countdesk")
    parser.add_argument("--count", type=int, metavar="N", help="the count to print (its number "
                        "on the Count page)")
    parser.add_argument("--pdf", type=Path, metavar="OUT.pdf", help="the result sheet")
    parser.add_argument("--page-size", choices=("a4", "letter"), default="a4",
                        help="the sheet's paper (landscape; default a4)")
    parser.add_argument("--xlsx", type=Path, metavar="OUT.xlsx", help="the scrutineers' workbook")
    parser.add_argument("--json", type=Path, metavar="OUT.json",
                        help="the result as 'countdesk count --format json' gives it, with "
                        "how close each decision was and the batches a recount should cover")
    parser.add_argument("--rctab", type=Path, metavar="OUT.json",
                        help="the result in RCTab's summary JSON form, for visualisers")
    parser.add_argument("--blt", type=Path, metavar="OUT.blt",
                        help="the counted ballots, as the canonical BLT the fingerprint is of")
    parser.add_argument("--con", type=Path, metavar="OUT.con",
                        help="the quota rules, as the constraint file their fingerprint is of")
    parser.add_argument("--force", action="store_true",
                        help="replace output files that already exist")
    add_by(parser)


def run(args: argparse.Namespace) -> int:
    from countdesk.app.election_count import stored_count
    from countdesk.app.output import check_output, write_output
    from countdesk.app.sheets import ballots_for, rctab_json_for, results_json_for
    from countdesk.errors import CountDeskError
    from countdesk.store.election_file import ElectionFile

    wanted = [path for path in (args.pdf, args.xlsx, args.json, args.rctab, args.blt, args.con)
              if path is not None]
    if not wanted:
        raise CountDeskError("say what to write: --pdf, --xlsx, --json, --rctab, --blt or --con")
    for output in wanted:
        check_output(output, force=args.force, inputs=[args.election])
    with ElectionFile.open(args.election) as election:
        count = stored_count(election, args.count)
        written = write_count_files(args, count, election,
                                    lambda: ballots_for(election, count))
        for path, made in ((args.json, results_json_for), (args.rctab, rctab_json_for)):
            if path is not None:
                written.append(write_output(path, made(count), force=args.force))
    for path in written:
        print(f"Wrote {path} ({count.name}, {count.at} by {count.by}).")
    return 0
