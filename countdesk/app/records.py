"""A count as it is kept: its Result and everything its sheet prints besides.

`CountRecord` is what a sheet shows around the Result: the election's details, the quota
rules in words, the ballot-paper account, and what the count can be traced back to (the
election file's audit head at the papers it read, or the ballot file's name and SHA-256). It
is stored with the count (as JSON), so a sheet printed later, after rulings or new papers,
still shows the account of its own count and never contradicts it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from countdesk import __version__
from countdesk.account import BallotPaperAccount, account_from_json, account_to_json
from countdesk.app.closeness import BatchDoubts, closeness
from countdesk.count.result import Result, result_from_json
from countdesk.counting import CountInput
from countdesk.election import ElectionSetup, GroupLimit
from countdesk.errors import CountDeskError
from countdesk.report.context import QuotaGroup, SheetContext, Signature


def quota_rule_lines(limits: tuple[GroupLimit, ...]) -> tuple[str, ...]:
    """Each group's limits in words: "Gender, Women: at least 10"."""
    return tuple(words for words in map(_limit_words, limits) if words)


def quota_groups(limits: tuple[GroupLimit, ...], members: Callable[[GroupLimit], Iterable[str]]
                 ) -> tuple[QuotaGroup, ...]:
    """Each quota rule in words, with the names of its group's candidates."""
    return tuple(QuotaGroup(words, tuple(members(limit))) for limit in limits
                 if (words := _limit_words(limit)))


def setup_groups(setup: ElectionSetup) -> tuple[QuotaGroup, ...]:
    return quota_groups(setup.limits, lambda limit: (
        c.name for c in setup.candidates if c.group_in(limit.dimension) == limit.group))


def _limit_words(limit: GroupLimit) -> str:
    bounds = []
    if limit.minimum:
        bounds.append(f"at least {limit.minimum}")
    if limit.maximum is not None:
        bounds.append(f"at most {limit.maximum}")
    return f"{limit.dimension}, {limit.group}: {' and '.join(bounds)}" if bounds else ""


@dataclass(frozen=True)
class CountRecord:
    """What a count's sheet prints besides its Result, as it stood when the count was made."""

    organisation: str = ""
    date: str = ""
    venue: str = ""
    returning_officer: str = ""
    scrutineers: tuple[str, ...] = ()
    quota_rules: tuple[str, ...] = ()
    account: BallotPaperAccount | None = None
    audit_head: str = ""  # an election file: its audit log's head at the papers counted
    source_name: str = ""  # a ballot file: its name and the SHA-256 of its bytes
    source_sha256: str = ""
    counted_with: str = __version__
    quota_groups: tuple[QuotaGroup, ...] = ()  # the quota rules with their candidates
    # Each batch's papers in question (doubtful, keyed differently, missing or extra) when
    # the count was made: what could move its decisions. None: kept by a CountDesk that did
    # not record them; () for a ballot file, which has none.
    doubts: tuple[BatchDoubts, ...] | None = ()

    @classmethod
    def of_election(cls, setup: ElectionSetup, account: BallotPaperAccount,
                    audit_head: str, doubts: tuple[BatchDoubts, ...] | None = None
                    ) -> CountRecord:
        return cls(setup.organisation, setup.date, setup.venue, setup.returning_officer,
                   setup.scrutineers, quota_rule_lines(setup.limits), account, audit_head,
                   quota_groups=setup_groups(setup), doubts=doubts)

    def context(self, printed_by: str, result: Result | None = None) -> SheetContext:
        """The sheet's context: this record, and who prints it now; with ``result``, how
        close each of its decisions was."""
        return SheetContext(
            organisation=self.organisation, date=self.date, venue=self.venue,
            returning_officer=self.returning_officer, scrutineers=self.scrutineers,
            audit_head=self.audit_head, source_name=self.source_name,
            source_sha256=self.source_sha256, account=self.account,
            quota_rules=self.quota_rules, quota_groups=self.quota_groups,
            closeness=None if result is None else closeness(result, self.doubts),
            printed_by=printed_by,
            printed_at=datetime.now().astimezone().strftime("%d %B %Y, %H:%M"),
            version=__version__)

    def to_json(self) -> str:
        return json.dumps({
            "organisation": self.organisation, "date": self.date, "venue": self.venue,
            "returning_officer": self.returning_officer,
            "scrutineers": list(self.scrutineers), "quota_rules": list(self.quota_rules),
            "account": None if self.account is None else account_to_json(self.account),
            "audit_head": self.audit_head, "source_name": self.source_name,
            "source_sha256": self.source_sha256, "counted_with": self.counted_with,
            "quota_groups": [{"rule": group.rule, "members": list(group.members)}
                             for group in self.quota_groups],
            "doubts": None if self.doubts is None else [d.to_json() for d in self.doubts],
        }, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> CountRecord:
        try:
            data = json.loads(text)
            account = data["account"]
            # Records kept before the quota rules' candidates and the papers in question
            # were: the rules in words only, and nothing known of what could move a margin.
            doubts = data.get("doubts")
            return cls(
                str(data["organisation"]), str(data["date"]), str(data["venue"]),
                str(data["returning_officer"]), tuple(map(str, data["scrutineers"])),
                tuple(map(str, data["quota_rules"])),
                None if account is None else account_from_json(account),
                str(data["audit_head"]), str(data["source_name"]),
                str(data["source_sha256"]), str(data["counted_with"]),
                tuple(QuotaGroup(str(g["rule"]), tuple(map(str, g["members"])))
                      for g in data.get("quota_groups", ())),
                None if doubts is None else tuple(BatchDoubts.from_json(d) for d in doubts))
        except (ValueError, KeyError, TypeError) as error:
            raise CountDeskError(f"what the count's sheet prints cannot be read ({error})") \
                from None


@dataclass(frozen=True)
class StoredCount:
    """A count with its record: kept in an election file (``run_id``), or made straight from
    a ballot file and kept nowhere (``run_id`` None)."""

    result: Result
    record: CountRecord
    run_id: int | None = None
    by: str = ""
    at: str = ""
    audit_seq: int | None = None  # the audit entry the papers were read at
    certification: Signature | None = None  # the RO's signed certification, if certified

    @property
    def name(self) -> str:
        return f"count {self.run_id}" if self.run_id is not None else "this count"


def result_of(result_json: str) -> Result:
    try:
        return result_from_json(json.loads(result_json))
    except (ValueError, TypeError) as error:
        raise CountDeskError(f"the count's result cannot be read ({error})") from None


@dataclass(frozen=True)
class Ballots:
    """The ballots behind a count: the canonical BLT, and the constraint file if any."""

    blt: bytes
    constraints: bytes | None

    @classmethod
    def of(cls, counted: CountInput) -> Ballots:
        return cls(counted.canonical_blt(), counted.constraint_file())
