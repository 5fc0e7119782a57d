"""Is an election file what CountDesk left it? Checked on every open, before every count and
before certification; `countdesk check` says the same.

Beside the store's own check (damage, the audit chain, every row against its entry, every
RO entry signed by the RO's key, the schema exactly as CountDesk makes it), this recounts
each certified count that still stands from the papers as they are now, and compares the
log with what this computer last saw of it (`anchors`). A file that fails opens read-only:
it can be looked at and copied, never changed, counted or certified.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from countdesk.app.anchors import AnchorBook
from countdesk.count.result import Result
from countdesk.counting import CountOptions, run_count
from countdesk.errors import CountDeskError
from countdesk.store.check import CheckReport
from countdesk.store.election_file import ElectionFile


@dataclass(frozen=True)
class Integrity:
    report: CheckReport
    problems: tuple[str, ...]  # empty when the file is sound
    warning: str = ""  # e.g. this computer could not keep its anchor

    @property
    def sound(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        shown = "; ".join(self.problems[:3])
        more = len(self.problems) - 3
        return shown + (f"; and {more} more" if more > 0 else "")


def check_file(election: ElectionFile, anchors: AnchorBook | None = None,
               recount: bool = True) -> Integrity:
    """Every check; with ``recount``, each standing certified count counted again too."""
    report = election.check()
    problems = list(report.problems)
    head = election.audit_head() if not problems else (0, "")
    book = anchors or AnchorBook()
    anchored = book.problem(election.identity(), head, election.audit_hash_at) if head[0] else ""
    if anchored:
        problems.append(anchored)
    if not problems and recount:
        problems += certified_count_problems(election)
    warning = (book.remember(election.identity(), head, election.path)
               if head[0] and not problems else "")
    return Integrity(report, tuple(problems), warning)


def open_checked(election: ElectionFile, anchors: AnchorBook | None = None) -> Integrity:
    """Check an election file just opened; one that fails is held read-only."""
    integrity = check_file(election, anchors)
    if not integrity.sound:
        election.hold_read_only(integrity.summary())
    return integrity


def refuse_unsound(election: ElectionFile, what: str,
                   anchors: AnchorBook | None = None) -> None:
    """Before a count or a certification: refuse, in words, a file that fails its check."""
    if election.read_only_because:
        raise CountDeskError(f"{what} is refused: {election.read_only_because}")
    integrity = check_file(election, anchors, recount=False)
    if not integrity.sound:
        election.hold_read_only(integrity.summary())
        raise CountDeskError(f"{what} is refused: {integrity.summary()}")


def certified_count_problems(election: ElectionFile) -> list[str]:
    """Each certified count that still stands, counted again from the papers now: the file
    must give the very result certified (a row rewritten with its audit entry would not)."""
    from countdesk.app.election_count import count_input

    problems = []
    for certification in election.certifications():
        if not certification.current:
            continue
        run = election.count_run(certification.count_run)
        try:
            stated = json.loads(run.result_json)
            options = CountOptions.from_json(stated.get("options")
                                             or {"rules": stated["rules"]["key"]})
            seed = stated.get("seed")
            counted = count_input(election, provisional=True)
            recount: Result = run_count(counted, options, seed, stop_at_lot=seed is None)
        except (ValueError, KeyError, TypeError, AttributeError, CountDeskError) as error:
            problems.append(f"certified count {run.id} cannot be counted again from the papers "
                            f"now ({error})")
            continue
        text = json.dumps(recount.to_json(), ensure_ascii=False)
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != certification.result_sha256:
            problems.append(f"the papers now do not give the result certified as count "
                            f"{run.id}: counted again they elect "
                            f"{', '.join(recount.elected) or 'nobody'} (certified: "
                            f"{', '.join(stated.get('elected', []))})")
    return problems
