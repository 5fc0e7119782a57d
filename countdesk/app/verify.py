"""Verifying a result sheet: its ballots match its fingerprints, and a recount agrees.

A scrutineer holds the printed sheet (PDF), the ballots (canonical BLT) and, where quota
rules applied, the constraint file. The sheet carries its Result as an attached JSON file;
verification checks each file against the fingerprint the sheet states, counts the ballots
again under the rules and options the sheet names (reusing any lot the sheet records as drawn
in the hall, and the seed of any lot CountDesk drew), and compares the recount with the result
the sheet states, figure by figure.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pypdf.errors import PdfReadError

from countdesk.count.lots import HALL, LotDecision, seeded_choice
from countdesk.counting import CountOptions, input_from_files, run_count
from countdesk.errors import CountDeskError
from countdesk.report.pdf import attached_result


@dataclass(frozen=True)
class Check:
    passed: bool
    what: str


def verify_sheet(sheet: str | Path, ballots: str | Path,
                 constraints: str | Path | None = None) -> list[Check]:
    """Every check, in order; the sheet is verified when all of them passed."""
    stated = _stated_result(Path(sheet))
    checks: list[Check] = []
    counted = input_from_files(ballots, constraints, stated.get("seats"))
    checks.append(_matches("ballots", Path(ballots), stated.get("ballots_sha256", ""),
                           counted.ballots_sha256()))
    if stated.get("constraints_sha256"):
        if constraints is None:
            checks.append(Check(False, "the sheet's count had quota rules: give the "
                                       "constraint file too"))
            return checks
        written = counted.constraint_file() or b""
        checks.append(_matches("quota rules", Path(constraints),
                               stated["constraints_sha256"], _sha256(written)))
    elif constraints is not None:
        checks.append(Check(False, "the sheet's count had no quota rules, but a constraint "
                                   "file was given"))
    if not all(check.passed for check in checks):
        return checks
    decisions = []
    for tie in stated.get("ties", []):
        tied, method = tuple(tie["tied"]), tie.get("method", "")
        seeded = seeded_choice(tie.get("seed"), tie["stage"], tie["purpose"], tied)
        if seeded is not None and seeded != tie["chosen"]:
            checks.append(Check(False, f"stage {tie['stage']}: the lot drawn with the "
                                       f"printed seed chooses {seeded}, not {tie['chosen']}"))
            return checks
        if method == HALL or seeded is not None:
            decisions.append(LotDecision(tie["stage"], tied, tie["chosen"],
                                         tie.get("drawn_by", ""), method, tie.get("seed")))
    options = CountOptions.from_json(stated.get("options") or {"rules": stated["rules"]["key"]})
    counted = dataclasses.replace(counted, decisions=tuple(decisions),
                                  provisional=bool(stated.get("provisional")))
    seed = stated.get("seed")
    recount = json.loads(json.dumps(run_count(counted, options, seed,
                                              stop_at_lot=seed is None).to_json()))
    difference = _first_difference(stated, recount)
    checks.append(Check(difference is None,
                        "a recount under " + stated["rules"]["name"] + " gives the result the "
                        "sheet states" if difference is None else
                        f"the recount differs from the sheet: {difference}"))
    return checks


def _stated_result(sheet: Path) -> dict[str, Any]:
    try:
        stated = attached_result(sheet)
    except (OSError, PdfReadError, ValueError) as error:
        raise CountDeskError(f"{sheet} cannot be read as a PDF ({error})") from None
    if stated is None:
        raise CountDeskError(f"{sheet} is not a CountDesk result sheet: it carries no result")
    return stated


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _matches(what: str, path: Path, stated: str, recomputed: str) -> Check:
    """The file's bytes, or what it holds written as CountDesk writes it, match the sheet."""
    if _sha256(path.read_bytes()) == stated:
        return Check(True, f"the {what} in {path.name} match the sheet's fingerprint {stated}")
    if recomputed == stated:
        return Check(True, f"the {what} in {path.name} match the sheet's fingerprint {stated} "
                           "(the same papers, written differently)")
    return Check(False, f"the {what} in {path.name} do not match the sheet: its fingerprint "
                        f"is {stated}, these give {recomputed}")


def _first_difference(stated: Any, recount: Any, where: str = "") -> str | None:
    """Where two results first differ, in words a scrutineer can look up on the sheet."""
    if isinstance(stated, dict) and isinstance(recount, dict):
        for key in dict.fromkeys([*stated, *recount]):
            found = _first_difference(stated.get(key), recount.get(key),
                                      f"{where}.{key}" if where else key)
            if found:
                return found
        return None
    if isinstance(stated, list) and isinstance(recount, list):
        if len(stated) != len(recount):
            return f"{where} has {len(stated)} entries on the sheet, {len(recount)} on recount"
        for n, (a, b) in enumerate(zip(stated, recount, strict=True)):
            found = _first_difference(a, b, f"{where}[{n}]")
            if found:
                return found
        return None
    if stated != recount:
        return f"{where} is {stated!r} on the sheet but {recount!r} on recount"
    return None
