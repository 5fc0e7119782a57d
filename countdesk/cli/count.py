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
import dataclasses
import gc
import json
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from countdesk.count.constraints import QuotaRules
    from countdesk.count.contest import Contest
    from countdesk.election import ElectionSetup

NAME = "count"
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


def run(args: argparse.Namespace) -> int:
    # A count makes millions of small objects and no reference cycles: the cycle collector
    # would only walk them again and again (a second on a million papers).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _count(args)
    finally:
        if collecting:
            gc.enable()


def _count(args: argparse.Namespace) -> int:
    from countdesk.count.contest import Contest
    from countdesk.count.ers97 import count_ers97
    from countdesk.count.gregory import count_gregory
    from countdesk.count.guard import Guard
    from countdesk.count.lots import LotDecision, LotPolicy, seed_from_fingerprint
    from countdesk.count.meek import count_meek
    from countdesk.count.meek_rules import MEEK, MEEK_NZ, MeekRules
    from countdesk.count.result import Result
    from countdesk.count.rules import SCOTTISH, GregoryRules, wigm
    from countdesk.count.separate import count_separately
    from countdesk.count.sheet import csv_sheet, text_sheet
    from countdesk.errors import CountDeskError
    from countdesk.formats.blt import canonical_blt_sha256, read_blt

    rules: GregoryRules | None = None
    meek: MeekRules | None = None
    if args.rules == "ers97":
        if args.precision not in (None, 2) or args.quota is not None:
            raise CountDeskError("ERS97 fixes its precision (2 decimal places) and its quota "
                                 "(rule 5.1.6): --precision and --quota are for wigm")
    elif args.rules == "scottish":
        if args.precision not in (None, 5) or args.quota not in (None, "droop"):
            raise CountDeskError("Scottish STV fixes its precision (5 decimal places) and "
                                 "its quota (Droop): --precision and --quota are for wigm")
        rules = SCOTTISH
    elif args.rules in ("meek", "meek-nz"):
        if args.precision is not None or args.quota is not None:
            raise CountDeskError("Meek fixes its precision (9 decimal places) and its quota: "
                                 "--precision and --quota are for wigm")
        meek = MEEK if args.rules == "meek" else MEEK_NZ
    else:
        rules = wigm(5 if args.precision is None else args.precision, args.quota or "droop")
    if args.seed is not None and args.stop_at_lot:
        raise CountDeskError("--seed and --stop-at-lot cannot be used together")
    election = None
    setup = None
    decisions: tuple[LotDecision, ...] = ()
    provisional = False
    if args.file.endswith(".countdesk"):
        from countdesk.store.election_file import ElectionFile

        election = ElectionFile.open(args.file)
    try:
        if election is not None:
            blockers = election.final_count_blockers()
            if blockers and not args.provisional:
                raise CountDeskError("not ready for a final count: " + "; ".join(blockers)
                                     + " (use --provisional for a provisional count)")
            provisional = bool(blockers)
            setup = election.setup()
            readings = [p.reading.preferences for p in election.counted_papers()
                        if p.reading.valid]
            withdrawn = frozenset(i for i, c in enumerate(setup.candidates) if c.withdrawn)
            contest = Contest(setup.title, setup.names, args.seats or setup.seats,
                              [(1, prefs) for prefs in readings], withdrawn)
            decisions = election.lots()
        else:
            contest = Contest.from_ballots(read_blt(args.file), seats=args.seats)
            readings = contest.readings()
        sha256 = canonical_blt_sha256(contest.title, contest.candidates, contest.seats,
                                      contest.withdrawn, readings)
        if args.stop_at_lot:
            seed = None
        elif args.seed is not None:
            seed = args.seed
        else:
            seed = seed_from_fingerprint(sha256)
        lots = LotPolicy(decisions, seed)

        def count(contest: Contest, guard: Guard | None) -> Result:
            if meek is not None:
                return count_meek(contest, meek, lots, guard)
            if rules is None:
                return count_ers97(contest, lots, guard)
            return count_gregory(contest, rules, lots, guard)

        quotas, constraints_sha256 = _quota_rules(args, contest, setup)
        extra = [("ballots_sha256", sha256)]
        if quotas is None:
            result = count(contest, None)
        elif args.quota_method == "separate":
            result = count_separately(contest, quotas, count)
        else:
            result = count(contest, Guard(quotas))
        if constraints_sha256 is not None:
            extra.append(("constraints_sha256", constraints_sha256))
        result = dataclasses.replace(result, provisional=provisional, extra=tuple(extra))
        if election is not None:
            election.record_count(json.dumps(result.to_json(), ensure_ascii=False), args.by,
                                  sha256, provisional)
    finally:
        if election is not None:
            election.close()
    if provisional:
        print("countdesk: PROVISIONAL count: " + "; ".join(blockers), file=sys.stderr)
    if args.format == "json":
        text = json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n"
    elif args.format == "csv":
        text = csv_sheet(result)
    else:
        text = text_sheet(result)
    sys.stdout.write(text)
    return 0


def _quota_rules(args: argparse.Namespace, contest: Contest,
                 setup: ElectionSetup | None) -> tuple[QuotaRules | None, str | None]:
    """The count's quota rules, from --constraints or the election's setup, and the SHA-256
    of their constraint file as CountDesk writes it."""
    from countdesk.count.constraints import QuotaRules
    from countdesk.election import ShortfallPolicy
    from countdesk.errors import CountDeskError
    from countdesk.formats.blt import fingerprint
    from countdesk.formats.constraints import constraint_set, read_constraints, write_constraints

    shortfall = ShortfallPolicy.LOWER if setup is None else setup.shortfall
    if args.shortfall is not None:
        shortfall = ShortfallPolicy(args.shortfall)
    if setup is not None and setup.limits:
        if args.constraints is not None:
            raise CountDeskError("the election file has its own quota rules in its setup: "
                                 "--constraints is for BLT files")
        constraints = constraint_set(setup.candidates, setup.limits)
    elif args.constraints is not None:
        constraints = read_constraints(args.constraints, len(contest.candidates),
                                       contest.candidates)
    else:
        if args.quota_method != "guard-doom" or args.shortfall is not None:
            raise CountDeskError("--quota-method and --shortfall need quota rules: give "
                                 "--constraints FILE.con")
        return None, None
    quotas = QuotaRules(
        constraints.limits,
        [constraints.membership.get(c, ()) for c in range(len(contest.candidates))],
        contest.candidates, contest.seats, contest.withdrawn, shortfall)
    return quotas, fingerprint(write_constraints(constraints).encode("utf-8"))
