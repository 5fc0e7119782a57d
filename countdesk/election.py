"""The election's setup: candidates, categories and their groups, and the reading options.

Pure domain: no Qt, SQLite, reportlab or openpyxl here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from countdesk.errors import SetupError


class LoneCross(Enum):
    """How a paper bearing one cross or tick and nothing else is read (the RO's ruling)."""

    FIRST_PREFERENCE = "first-preference"
    INVALID = "invalid"


class ShortfallPolicy(Enum):
    """What happens when a group's minimum is above the number of its candidates standing."""

    LOWER = "lower"  # lowered to the number standing, "so far as practicable"
    REFUSE = "refuse"


@dataclass(frozen=True)
class Candidate:
    name: str
    affiliation: str = ""
    # dimension -> group, e.g. (("Gender", "Women"), ("Region", "North"))
    groups: tuple[tuple[str, str], ...] = ()
    withdrawn: bool = False

    def group_in(self, dimension: str) -> str | None:
        return dict(self.groups).get(dimension)


@dataclass(frozen=True)
class GroupLimit:
    """A group of one category dimension, with the seats it must and may hold."""

    dimension: str
    group: str
    minimum: int = 0
    maximum: int | None = None  # None: no maximum


@dataclass(frozen=True)
class ElectionSetup:
    title: str
    seats: int
    candidates: tuple[Candidate, ...]
    organisation: str = ""
    date: str = ""
    venue: str = ""
    limits: tuple[GroupLimit, ...] = ()
    rules: str = "ers97"
    rule_options: tuple[tuple[str, str], ...] = ()
    tie_policy: str = "rules-then-lot"
    lone_cross: LoneCross = LoneCross.FIRST_PREFERENCE
    shortfall: ShortfallPolicy = ShortfallPolicy.LOWER
    returning_officer: str = ""
    tellers: tuple[str, ...] = ()
    scrutineers: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        problems = setup_problems(self)
        if problems:
            raise SetupError("; ".join(problems))

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.candidates)

    def index_of(self, name: str) -> int:
        return self.names.index(name)


def duplicate_names(names: list[str] | tuple[str, ...]) -> list[str]:
    """Names that appear more than once (compared without case or surrounding spaces)."""
    seen: dict[str, str] = {}
    duplicates: list[str] = []
    for name in names:
        key = name.strip().casefold()
        if key in seen and seen[key] not in duplicates:
            duplicates.append(seen[key])
        seen.setdefault(key, name)
    return duplicates


def setup_problems(setup: ElectionSetup) -> list[str]:
    """Every reason this setup cannot be counted, in words; empty when it can."""
    problems: list[str] = []
    if not setup.title.strip():
        problems.append("the election has no title")
    if setup.seats < 1:
        problems.append(f"seats must be at least 1, not {setup.seats}")
    if not setup.candidates:
        problems.append("there are no candidates")
    for name in duplicate_names(setup.names):
        problems.append(f"two candidates are called {name!r}: names must be unique")
    for candidate in setup.candidates:
        if not candidate.name.strip():
            problems.append("a candidate has no name")
    for limit in setup.limits:
        label = f"{limit.dimension}: {limit.group}"
        if limit.minimum < 0:
            problems.append(f"{label} has a negative minimum")
        if limit.maximum is not None and limit.maximum < limit.minimum:
            problems.append(
                f"{label} has minimum {limit.minimum} above its maximum {limit.maximum}"
            )
        if limit.minimum > setup.seats:
            problems.append(f"{label} has minimum {limit.minimum} above the {setup.seats} seats")
    return problems
