"""Counting a set of ballots under chosen options: one way in for the CLI, the GUI and verify.

`CountOptions` says which rules (a key of the rule-set registry, count/rulesets) and how (the
rule set's options, quota rules' method, shortfall); `CountInput` is what is counted (the
papers' readings in order, quota rules, lots already drawn in the hall); `run_count` counts
by the rule set, keeps the quota rules, and
records the fingerprints (SHA-256 of the canonical BLT and of the constraint file) and the
options in the Result, so that anyone holding the sheet and the ballots can count again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from countdesk.ballots import WeightedReadings
from countdesk.count.contest import Contest
from countdesk.count.lots import LotDecision, LotPolicy, seed_from_fingerprint
from countdesk.count.quota_keeping import NO_QUOTA_RULES
from countdesk.count.result import Result
from countdesk.count.rulesets import Value, rule_set
from countdesk.election import ShortfallPolicy
from countdesk.errors import CountDeskError
from countdesk.formats.blt import (
    canonical_blt,
    canonical_blt_sha256,
    fingerprint,
    read_blt_papers,
)

if TYPE_CHECKING:
    from countdesk.formats.constraints import ConstraintSet

QUOTA_METHODS = ("guard-doom", "separate")
# In every count's options (null when not chosen), as they have always been: scripts read them.
STABLE_OPTIONS = ("precision", "quota")
NOT_SETTINGS = ("rules", "quota_method", "shortfall")  # the other keys of the options' JSON


@dataclass(frozen=True)
class CountOptions:
    rules: str = "ers97"
    # The rule set's options chosen (by name, e.g. wigm's precision and quota); the others
    # take their defaults. A mapping given is kept as (name, value) pairs, checked.
    settings: Mapping[str, Value] | tuple[tuple[str, Value], ...] = ()
    quota_method: str = "guard-doom"
    shortfall: ShortfallPolicy | None = None  # None: as the election's setup says (or lower)

    def __post_init__(self) -> None:
        rules = rule_set(self.rules)
        given = dict(self.settings)
        checked = rules.settings(given)
        object.__setattr__(self, "settings", tuple((option.name, checked[option.name])
                                                   for option in rules.options
                                                   if option.name in given))
        if self.quota_method not in QUOTA_METHODS:
            raise CountDeskError(f"quota rules are kept by {' or '.join(QUOTA_METHODS)}, "
                                 f"not {self.quota_method!r}")

    def to_json(self) -> dict[str, Any]:
        given = dict(self.settings)
        names = dict.fromkeys([*STABLE_OPTIONS, *given])
        return {"rules": self.rules, **{name: given.get(name) for name in names},
                "quota_method": self.quota_method,
                "shortfall": None if self.shortfall is None else self.shortfall.value}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CountOptions:
        try:
            shortfall = data.get("shortfall")
            settings = {name: value for name, value in data.items()
                        if name not in NOT_SETTINGS and value is not None}
            return cls(data["rules"], settings, data.get("quota_method", "guard-doom"),
                       None if shortfall is None else ShortfallPolicy(shortfall))
        except (KeyError, TypeError, ValueError) as error:
            raise CountDeskError(f"the count's options cannot be read ({error})") from None


@dataclass(frozen=True)
class CountInput:
    """What is counted: the counted papers in order, as (weight, preferences), and what goes
    with them. A weight above 1 stands for that many identical papers in a row."""

    title: str
    candidates: tuple[str, ...]
    seats: int
    papers: Sequence[tuple[int, tuple[int, ...]]]
    withdrawn: frozenset[int] = frozenset()
    constraints: ConstraintSet | None = None
    shortfall: ShortfallPolicy = ShortfallPolicy.LOWER  # the setup's; options may override
    decisions: tuple[LotDecision, ...] = ()  # lots already drawn in the hall
    provisional: bool = False

    @classmethod
    def from_contest(cls, contest: Contest, constraints: ConstraintSet | None = None,
                     readings: WeightedReadings | None = None) -> CountInput:
        """What a contest already built (and checked) counts: it is not built again; nor are
        its readings, when given (``contest.readings()``, perhaps with its canonical lines
        already known: formats.blt.read_blt_papers)."""
        counted = cls(contest.title, contest.candidates, contest.seats, contest.papers,
                      contest.withdrawn, constraints)
        counted.__dict__["contest"] = contest  # where cached_property keeps it
        if readings is not None:
            counted.__dict__["readings"] = readings
        return counted

    @cached_property
    def contest(self) -> Contest:
        return Contest(self.title, self.candidates, self.seats, self.papers, self.withdrawn)

    @cached_property
    def readings(self) -> WeightedReadings:
        return self.contest.readings()

    def ballots_sha256(self) -> str:
        return canonical_blt_sha256(self.title, self.candidates, self.seats, self.withdrawn,
                                    self.readings)

    def canonical_blt(self) -> bytes:
        """The ballots behind the result, one line per paper (COUNTING.md → "Outputs")."""
        return canonical_blt(self.title, self.candidates, self.seats, self.withdrawn,
                             self.readings)

    def constraint_file(self) -> bytes | None:
        """The constraint file exactly as CountDesk writes it (what its SHA-256 is of)."""
        if self.constraints is None:
            return None
        from countdesk.formats.constraints import write_constraints

        return write_constraints(self.constraints).encode("utf-8")


def input_from_files(blt: str | Path, constraints: str | Path | None = None,
                     seats: int | None = None) -> CountInput:
    """A ballot file (and a constraint file), as a count straight from them sees them."""
    contest, readings = read_blt_papers(blt, seats=seats)
    rules = None
    if constraints is not None:
        from countdesk.formats.constraints import read_constraints

        rules = read_constraints(constraints, len(contest.candidates), contest.candidates)
    return CountInput.from_contest(contest, rules, readings)


def run_count(counted: CountInput, options: CountOptions, seed: int | None = None,
              stop_at_lot: bool = False) -> Result:
    """Count, under the options; lots not drawn in the hall are drawn with ``seed`` (by
    default one derived from the ballots' fingerprint) unless ``stop_at_lot``."""
    sha256 = counted.ballots_sha256()
    if stop_at_lot:
        seed = None
    elif seed is None:
        seed = seed_from_fingerprint(sha256)
    lots = LotPolicy(counted.decisions, seed)
    contest = counted.contest
    rules = rule_set(options.rules)
    settings = rules.settings(dict(options.settings))

    extra = [("ballots_sha256", sha256)]
    constraint_file = counted.constraint_file()
    if counted.constraints is None:
        if options.quota_method != "guard-doom" or options.shortfall is not None:
            raise CountDeskError("--quota-method and --shortfall need quota rules: give "
                                 "--constraints FILE.con")
        result = rules.count(contest, settings, lots, NO_QUOTA_RULES)
    else:
        from countdesk.count.constraints import QuotaRules
        from countdesk.count.guard import Guard
        from countdesk.count.separate import count_separately

        assert constraint_file is not None
        quotas = QuotaRules(
            counted.constraints.limits,
            [counted.constraints.membership.get(c, ()) for c in range(len(contest.candidates))],
            contest.candidates, contest.seats, contest.withdrawn,
            options.shortfall or counted.shortfall)
        if options.quota_method == "separate":
            result = count_separately(
                contest, quotas, lambda part: rules.count(part, settings, lots, NO_QUOTA_RULES))
        else:
            result = rules.count(contest, settings, lots, Guard(quotas))
        extra.append(("constraints_sha256", fingerprint(constraint_file)))
    extra.append(("options", options.to_json()))  # type: ignore[arg-type]
    return dataclasses.replace(result, provisional=counted.provisional, extra=tuple(extra))
