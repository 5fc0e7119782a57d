"""`countdesk count`: count a BLT file and print the result sheet (text, JSON or CSV)."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys

NAME = "count"
HELP = "Count a BLT ballot file and print the result, stage by stage."

FORMATS = ("text", "json", "csv")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="the ballots, as a BLT file")
    parser.add_argument("--rules", required=True, choices=("scottish", "wigm"),
                        help="the counting rules")
    parser.add_argument("--seats", type=int, help="places to fill (overrides the file)")
    parser.add_argument("--precision", type=int,
                        help="wigm: decimal places of every value (default 5)")
    parser.add_argument("--quota", choices=("droop", "hare"),
                        help="wigm: the quota (default droop, the whole-number form)")
    parser.add_argument("--seed", type=int,
                        help="draw any lot with this seed (default: from the ballots' SHA-256)")
    parser.add_argument("--stop-at-lot", action="store_true",
                        help="stop at a tie that needs a lot, naming the tied candidates")
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format")


def run(args: argparse.Namespace) -> int:
    from countdesk.count.contest import Contest
    from countdesk.count.gregory import count_gregory
    from countdesk.count.lots import LotPolicy, seed_from_fingerprint
    from countdesk.count.rules import SCOTTISH, wigm
    from countdesk.count.sheet import csv_sheet, text_sheet
    from countdesk.errors import CountDeskError
    from countdesk.formats.blt import canonical_blt, fingerprint, read_blt

    if args.rules == "scottish":
        if args.precision not in (None, 5) or args.quota not in (None, "droop"):
            raise CountDeskError("Scottish STV fixes its precision (5 decimal places) and "
                                 "its quota (Droop): --precision and --quota are for wigm")
        rules = SCOTTISH
    else:
        rules = wigm(5 if args.precision is None else args.precision, args.quota or "droop")
    if args.seed is not None and args.stop_at_lot:
        raise CountDeskError("--seed and --stop-at-lot cannot be used together")
    ballots = read_blt(args.file)
    contest = Contest.from_ballots(ballots, seats=args.seats)
    readings = (prefs for weight, prefs in contest.papers for _ in range(weight))
    sha256 = fingerprint(canonical_blt(contest.title, contest.candidates, contest.seats,
                                       contest.withdrawn, readings))
    if args.stop_at_lot:
        seed = None
    elif args.seed is not None:
        seed = args.seed
    else:
        seed = seed_from_fingerprint(sha256)
    result = count_gregory(contest, rules, LotPolicy(seed=seed))
    result = dataclasses.replace(result, extra=(("ballots_sha256", sha256),))
    if args.format == "json":
        text = json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n"
    elif args.format == "csv":
        text = csv_sheet(result)
    else:
        text = text_sheet(result)
    sys.stdout.write(text)
    return 0
