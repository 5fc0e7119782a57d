"""`countdesk count`: count a BLT file or an election file and print the result sheet.

An election file gives a final count only when every batch is verified and every doubtful
paper ruled; otherwise the count is refused, naming what is missing, unless --provisional is
given (then every output says PROVISIONAL). Lots drawn in the hall and kept in the file are
reused; the count is recorded in the file's audit log.

Quota rules come from a constraint file (--constraints, for a BLT file) or from an election
file's setup, and are kept by guard and doom or by separate counts (--quota-method); the
SHA-256 of the constraint file as CountDesk writes it is printed beside the ballots'.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
from pathlib import Path

HELP = "Count a BLT ballot file or an election file and print the result, stage by stage."

FORMATS = ("text", "json", "csv")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="the ballots: a BLT file, or an election file (.countdesk)")
    parser.add_argument("--rules", default="ers97",
                        choices=("ers97", "scottish", "wigm", "meek", "meek-nz"),
                        help="the counting rules (default: ers97, the ERS rules of 1997)")
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
    parser.add_argument("--provisional", action="store_true",
                        help="election file: count all keyed papers even though batches are "
                        "unverified or doubtful papers unruled; every output says PROVISIONAL")
    parser.add_argument("--by", default="command line",
                        help="election file: who made the count, for the audit log")
    parser.add_argument("--constraints", metavar="FILE.con",
                        help="quota rules: minimums and maximums per group, in OpenTally's "
                        "constraint file form (an election file has its own, in its setup)")
    parser.add_argument("--quota-method", choices=("guard-doom", "separate"),
                        default="guard-doom",
                        help="how quota rules are kept: guard and doom inside the count "
                        "(default), or separate counts, reserved places first")
    parser.add_argument("--shortfall", choices=("lower", "refuse"),
                        help="a minimum above the number standing in its group is lowered "
                        "to that number or the count refused (default: lower, or as an "
                        "election file's setup says)")
    parser.add_argument("--pdf", type=Path, metavar="OUT.pdf",
                        help="write the result sheet (PDF, with the result attached for verify)")
    parser.add_argument("--page-size", choices=("a4", "letter"), default="a4",
                        help="the sheet's paper (landscape; default a4)")
    parser.add_argument("--xlsx", type=Path, metavar="OUT.xlsx",
                        help="write the scrutineers' workbook")
    parser.add_argument("--blt", type=Path, metavar="OUT.blt",
                        help="write the counted ballots as canonical BLT: exactly the bytes "
                        "the ballots' fingerprint is of")
    parser.add_argument("--con", type=Path, metavar="OUT.con",
                        help="write the quota rules as the constraint file their fingerprint "
                        "is of")


def run(args: argparse.Namespace) -> int:
    from countdesk.counting import CountOptions, input_from_files, run_count
    from countdesk.election import ShortfallPolicy
    from countdesk.errors import CountDeskError

    gc.disable()  # a short-lived process: cyclic collection only slows a large count
    options = CountOptions(args.rules, args.precision, args.quota, args.quota_method,
                           None if args.shortfall is None else ShortfallPolicy(args.shortfall))
    if args.seed is not None and args.stop_at_lot:
        raise CountDeskError("--seed and --stop-at-lot cannot be used together")
    if args.file.endswith(".countdesk"):
        result, counted = _count_election(args, options)
    else:
        if args.provisional:
            raise CountDeskError("--provisional is for election files: a ballot file is "
                                 "counted as it is")
        counted = input_from_files(args.file, args.constraints, args.seats)
        result = run_count(counted, options, args.seed, args.stop_at_lot)
        if args.pdf or args.xlsx:
            from countdesk.report.sources import ballot_file_context

            limits = counted.constraints.limits if counted.constraints else ()
            _write_sheets(args, result, ballot_file_context(Path(args.file), args.by, limits))
    _write_ballots(args, counted)
    if result.provisional:
        print("countdesk: PROVISIONAL count: not every batch is verified and every doubtful "
              "paper ruled", file=sys.stderr)
    if args.format == "json":
        text = json_text(result.to_json())
    elif args.format == "csv":
        from countdesk.count.sheet import csv_sheet

        text = csv_sheet(result)
    else:
        from countdesk.count.sheet import text_sheet

        text = text_sheet(result)
    sys.stdout.write(text)
    return 0


def _count_election(args: argparse.Namespace, options):  # type: ignore[no-untyped-def]
    """Count an election file, record the count in it, and write any sheets from it."""
    from countdesk.counting import run_count
    from countdesk.errors import CountDeskError
    from countdesk.store.count_input import election_count_input
    from countdesk.store.election_file import ElectionFile

    if args.constraints is not None:
        raise CountDeskError("the election file has its own quota rules in its setup: "
                             "--constraints is for BLT files")
    with ElectionFile.open(args.file) as election:
        try:
            counted = election_count_input(election, args.provisional)
        except CountDeskError as error:
            raise CountDeskError(f"{error} (use --provisional for a provisional count)") \
                from None
        if args.seats:
            from dataclasses import replace

            counted = replace(counted, seats=args.seats)
        result = run_count(counted, options, args.seed, args.stop_at_lot)
        election.record_count(json.dumps(result.to_json(), ensure_ascii=False), args.by,
                              counted.ballots_sha256(), result.provisional)
        if args.pdf or args.xlsx:
            from countdesk.report.sources import election_context, election_rows

            _write_sheets(args, result, election_context(election, args.by),
                          election_rows(election) if args.xlsx else None)
    return result, counted


def _write_sheets(args: argparse.Namespace, result, context, rows=None) -> None:  # type: ignore[no-untyped-def]
    if args.pdf:
        from countdesk.report.pdf import sheet_pdf

        _write(args.pdf, sheet_pdf(result, context, args.page_size))
    if args.xlsx:
        from countdesk.report.workbook import sheet_workbook

        sheet_workbook(result, context, args.xlsx, rows)


def _write_ballots(args: argparse.Namespace, counted) -> None:  # type: ignore[no-untyped-def]
    from countdesk.errors import CountDeskError

    if args.blt:
        _write(args.blt, counted.canonical_blt())
    if args.con:
        constraint_file = counted.constraint_file()
        if constraint_file is None:
            raise CountDeskError("--con: this count has no quota rules to write")
        _write(args.con, constraint_file)


def _write(path: Path, data: bytes) -> None:
    from countdesk.errors import CountDeskError

    try:
        path.write_bytes(data)
    except OSError as error:
        raise CountDeskError(f"{path} could not be written: {error.strerror or error}") \
            from error


def json_text(data: dict[str, object]) -> str:
    """JSON with each field on its own line, and each stage (each item of a list of
    objects) on its own line: easy to read and to compare stage by stage, and written by
    json's C code, which indented JSON is not (a long stage table took longer to write
    than to count)."""
    def item(value: object) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = []
    for key, value in data.items():
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            text = "[\n" + ",\n".join(f"    {item(v)}" for v in value) + "\n  ]"
        else:
            text = item(value)
        lines.append(f"  {item(key)}: {text}")
    return "{\n" + ",\n".join(lines) + "\n}\n"
