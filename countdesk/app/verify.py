"""Verifying a result sheet: its ballots match its fingerprints, a recount agrees with what
its pages print, and the returning officer's signature holds.

A scrutineer holds the printed sheet (PDF), the ballots (canonical BLT) and, where quota
rules applied, the constraint file. The sheet carries its Result as an attached JSON file;
verification checks each file against the fingerprint the sheet states, counts the ballots
again under the rules and options the sheet names (reusing any lot the sheet records as drawn
in the hall, and the seed of any lot CountDesk drew), and compares the recount with the result
the sheet states, figure by figure. The attachment alone proves nothing (anyone can attach
anything to a PDF), so the recount is also checked against the text the pages print: the
fingerprints, the quota, the elected in order and every stage's totals. A certified sheet
carries the statement the RO signed: the signature must hold under the public key printed on
the page, and the statement must be of this very result; ``key`` names the RO's key as the
scrutineer knows it (its fingerprint), so that a sheet signed with another key is refused.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from countdesk.count.lots import HALL, LotDecision, seeded_choice
from countdesk.count.result import Result, figure
from countdesk.counting import CountOptions, input_from_files, run_count
from countdesk.errors import CountDeskError
from countdesk.report.pdf import CERTIFICATION_ATTACHMENT, attached_json, attached_result
from countdesk.store.signing import key_fingerprint, signature_holds


@dataclass(frozen=True)
class Check:
    passed: bool
    what: str


def verify_sheet(sheet: str | Path, ballots: str | Path,
                 constraints: str | Path | None = None, key: str | None = None
                 ) -> list[Check]:
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
    result = run_count(counted, options, seed, stop_at_lot=seed is None)
    recount = json.loads(json.dumps(result.to_json()))
    difference = _first_difference(stated, recount)
    checks.append(Check(difference is None,
                        "a recount under " + stated["rules"]["name"] + " gives the result the "
                        "sheet states" if difference is None else
                        f"the recount differs from the sheet: {difference}"))
    if not checks[-1].passed:
        return checks
    printed = _page_text(Path(sheet))
    checks.append(_pages_agree(printed, result))
    if checks[-1].passed:
        checks += _signature_checks(Path(sheet), printed, result, key)
    return checks


def _page_text(sheet: Path) -> str:
    """The text the sheet's pages print, as a reader sees it."""
    try:
        return " ".join(page.extract_text() or "" for page in PdfReader(str(sheet)).pages)
    except Exception as error:  # a damaged PDF can make pypdf raise almost anything
        raise CountDeskError(f"{sheet} cannot be read as a PDF ({error})") from None


def _pages_agree(printed: str, result: Result) -> Check:
    """The recount's fingerprints, quota, elected (in order) and every stage's totals are
    what the pages print; the first that is not is named."""
    words, joined = " ".join(printed.split()), "".join(printed.split())
    extra = dict(result.extra)
    for what in ("ballots_sha256", "constraints_sha256"):
        if extra.get(what) and extra[what] not in joined:
            return Check(False, f"the pages do not print the fingerprint {extra[what]} of "
                                "these papers: they are another sheet's pages, or not these "
                                "ballots' sheet")
    if figure(result.quota) not in words:
        return Check(False, f"the pages do not print the quota {figure(result.quota)}")
    for position, name in enumerate(result.elected, 1):
        if f"{position}. {name}" not in words:  # the declaration numbers them in order
            return Check(False, f"the pages do not print {name} as number {position} in the "
                                "order of election")
    for stage in result.stages:
        for name, total in zip(result.candidates, stage.totals, strict=True):
            if figure(total) not in words:
                return Check(False, f"stage {stage.number}: {name}'s total {figure(total)} "
                                    "is not printed on the pages")
    return Check(True, "the pages print the recount's fingerprints, quota, elected and every "
                       "stage's totals")


def _signature_checks(sheet: Path, printed: str, result: Result,
                      key: str | None) -> list[Check]:
    """A certified sheet: the RO's signature holds, over a statement of this result, under
    the key the page prints (and the key the scrutineer names)."""
    joined = "".join(printed.split())
    signed = attached_json(sheet, CERTIFICATION_ATTACHMENT)
    if signed is None:
        if "Certifiedby" in joined:
            return [Check(False, "the pages say the result is certified, but the sheet carries "
                                 "no signed statement")]
        if key is not None:
            return [Check(False, "the sheet is not certified: there is no signature to check "
                                 "against the key given")]
        return [Check(True, "the sheet is not certified (no returning officer's signature "
                            "on it to check)")]
    try:
        statement, signature, public_key = (str(signed["statement"]), str(signed["signature"]),
                                            str(signed["public_key"]))
        facts = json.loads(statement)
    except (KeyError, TypeError, ValueError):
        return [Check(False, "the signed statement the sheet carries cannot be read")]
    if not signature_holds(public_key, statement.encode("utf-8"), signature):
        return [Check(False, "the returning officer's signature on the sheet does not hold: "
                             "the statement was changed, or signed with another key")]
    text = json.dumps(result.to_json(), ensure_ascii=False)
    if (not isinstance(facts, dict) or facts.get("key") != public_key
            or facts.get("ballots_sha256") != dict(result.extra).get("ballots_sha256")
            or facts.get("result_sha256") != _sha256(text.encode("utf-8"))):
        return [Check(False, "the signed statement is of another result than the recount's")]
    fingerprint = key_fingerprint(public_key)
    if "".join(fingerprint.split()) not in joined or signature not in joined:
        return [Check(False, "the pages do not print the key fingerprint and signature that "
                             "the sheet carries")]
    checks = [Check(True, f"the returning officer's signature holds: certified by "
                          f"{facts.get('certified_by')} at {facts.get('certified_at')}, key "
                          f"{fingerprint}")]
    if key is not None:
        wanted = "".join(key.split()).lower()
        held = "".join(fingerprint.split())
        ok = len(wanted) >= 16 and held.startswith(wanted)
        checks.append(Check(ok, f"the key is the one given ({key})" if ok else
                            f"signed with key {fingerprint}, not the returning officer's key "
                            f"{key}"))
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
