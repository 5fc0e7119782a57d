"""`countdesk count`: count a BLT file or an election file and print the result sheet.

An election file is counted exactly as the window counts it: under its setup's rules, tie
policy and quota rules (`countdesk.app.election_count`). It gives a final count only when
every batch is verified and every doubtful paper ruled; otherwise the count is refused,
naming what is missing, unless --provisional is given (then every output says PROVISIONAL).
The count is kept in the file, with any lot CountDesk drew, only with --record; a result
sheet or workbook of an election file is made from a kept count, so --pdf and --xlsx need
--record (`countdesk sheet` prints a count kept earlier).

A BLT file is counted as it is, under --rules; its quota rules come from --constraints. The
SHA-256 of the constraint file as CountDesk writes it is printed beside the ballots'.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
from pathlib import Path

from countdesk.cli.store_options import add_by, add_passphrase

HELP = "Count a BLT ballot file or an election file and print the result, stage by stage."

FORMATS = ("text", "json", "csv")
# What an election file's setup says, and so only a BLT file's count may be told (with the
# rule sets' options).
SETUP_OPTIONS = ("seats", "shortfall", "constraints")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from countdesk.count.rulesets import options, rule_sets

    parser.add_argument("file", type=Path,
                        help="the ballots: a BLT file, or an election file (.countdesk)")
    parser.add_argument("--rules", choices=[rules.key for rules in rule_sets()],
                        help="a BLT file's counting rules (default: ers97, the ERS rules of "
                        "1997); an election file is counted under its setup's")
    parser.add_argument("--seats", type=int, help="BLT file: places to fill (overrides the file)")
    for option in options():  # each rule set's own: wigm's --precision and --quota
        offered = ", ".join(r.key for r in rule_sets() if r.option(option.name) is not None)
        parser.add_argument(f"--{option.name}", dest=option.name,
                            type=None if option.choices else int,
                            choices=[value for value, _ in option.choices] or None,
                            help=f"BLT file, {offered}: {option.help} "
                                 f"(default {option.default})")
    parser.add_argument("--seed", type=int,
                        help="draw any lot with this seed (default for a BLT file: from the "
                        "ballots' SHA-256; for an election file: as its setup says)")
    parser.add_argument("--stop-at-lot", action="store_true",
                        help="stop at a tie that needs a lot, naming the tied candidates")
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format")
    parser.add_argument("--provisional", action="store_true",
                        help="election file: count all keyed papers even though batches are "
                        "unverified or doubtful papers unruled; every output says PROVISIONAL")
    parser.add_argument("--record", action="store_true",
                        help="election file: keep this count in the file (its Results page "
                        "then shows it), with any lot CountDesk drew")
    add_by(parser)
    add_passphrase(parser, "with --record, to keep a lot that CountDesk drew")
    parser.add_argument("--constraints", type=Path, metavar="FILE.con",
                        help="BLT file: quota rules, minimums and maximums per group, in "
                        "OpenTally's constraint file form (an election file has its own)")
    parser.add_argument("--quota-method", choices=("guard-doom", "separate"),
                        help="how quota rules are kept: guard and doom inside the count "
                        "(default), or separate counts, reserved places first")
    parser.add_argument("--shortfall", choices=("lower", "refuse"),
                        help="BLT file: a minimum above the number standing in its group is "
                        "lowered to that number (default) or the count refused")
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
    parser.add_argument("--force", action="store_true",
                        help="replace output files that already exist")


def run(args: argparse.Namespace) -> int:
    from countdesk.app.output import check_output
    from countdesk.errors import CountDeskError

    gc.disable()  # a short-lived process: cyclic collection only slows a large count
    if args.seed is not None and args.stop_at_lot:
        raise CountDeskError("--seed and --stop-at-lot cannot be used together")
    inputs = [args.file] + ([args.constraints] if args.constraints else [])
    for output in outputs(args):
        check_output(output, force=args.force, inputs=inputs)
    election_file = args.file.suffix == ".countdesk"
    result = _count_election(args) if election_file else _count_ballot_file(args)
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


def outputs(args: argparse.Namespace) -> list[Path]:
    return [path for path in (args.pdf, args.xlsx, args.blt, args.con) if path is not None]


def _count_election(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """Count an election file as the window does; keep it only with --record."""
    from countdesk.app.election_count import NotReadyForFinalCount, count_election
    from countdesk.app.sheets import ballots_for
    from countdesk.count.lots import LotNeeded
    from countdesk.count.rulesets import options
    from countdesk.errors import CountDeskError
    from countdesk.store.election_file import ElectionFile
    from countdesk.store.errors import RoleError

    setup_options = [*SETUP_OPTIONS, *(option.name for option in options())]
    given = [f"--{name}" for name in setup_options if getattr(args, name) is not None]
    if given:
        raise CountDeskError(f"{' and '.join(given)}: an election file is counted as its "
                             "setup says (change it on the Setup page); these options are for "
                             "BLT files")
    if (args.pdf or args.xlsx) and not args.record:
        raise CountDeskError("a result sheet or workbook of an election file is made from a "
                             "count kept in it: add --record (or print a kept count with "
                             "'countdesk sheet')")
    with ElectionFile.open(args.file) as election:
        rules = election.setup().rules
        if args.rules is not None and args.rules != rules:
            raise CountDeskError(f"{args.file.name} is counted under its setup's rules "
                                 f"({rules}), not {args.rules}: change them on the Setup page")
        authority = None
        if args.record and args.passphrase_file is not None:
            from countdesk.cli.store_options import passphrase

            authority = election.unlock(passphrase(args))
        try:
            count = count_election(election, by=args.by, provisional=args.provisional,
                                   quota_method=args.quota_method, seed=args.seed,
                                   stop_at_lot=args.stop_at_lot, record=args.record,
                                   authority=authority)
        except RoleError as error:
            raise CountDeskError(f"{error} (give --passphrase-file FILE)") from None
        except NotReadyForFinalCount as error:
            raise CountDeskError(f"{error} (use --provisional for a provisional count)") \
                from None
        except LotNeeded as error:
            if args.stop_at_lot:
                raise
            raise CountDeskError(f"{error}: the setup says lots are drawn in the hall, so "
                                 "draw it on the Count page, or give --seed S to let "
                                 "CountDesk draw") from None
        from countdesk.cli.count_files import write_count_files

        write_count_files(args, count, election,
                          (lambda: ballots_for(election, count)) if args.blt or args.con
                          else None)
    return count.result


def _count_ballot_file(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from countdesk.app.ballot_files import count_ballot_file
    from countdesk.app.records import Ballots
    from countdesk.cli.count_files import write_count_files
    from countdesk.count.rulesets import options as rule_options
    from countdesk.counting import CountOptions
    from countdesk.election import ShortfallPolicy
    from countdesk.errors import CountDeskError

    for flag in ("provisional", "record"):
        if getattr(args, flag):
            raise CountDeskError(f"--{flag} is for election files: a ballot file is counted "
                                 "as it is")
    settings = {option.name: getattr(args, option.name) for option in rule_options()
                if getattr(args, option.name) is not None}
    options = CountOptions(args.rules or "ers97", settings, args.quota_method or "guard-doom",
                           None if args.shortfall is None else ShortfallPolicy(args.shortfall))
    count, counted = count_ballot_file(args.file, options, constraints=args.constraints,
                                       seats=args.seats, seed=args.seed,
                                       stop_at_lot=args.stop_at_lot)
    write_count_files(args, count, None, lambda: Ballots.of(counted))
    return count.result


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
