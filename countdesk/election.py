"""The election's setup: candidates, categories and their groups, and the reading options.

Pure domain: no Qt, SQLite, reportlab or openpyxl here.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import Enum

from countdesk.errors import SetupError

# The longest name a candidate, a category or a group may have, and the longest title: long
# enough for any real one, short enough to print on the result sheet.
MAX_NAME_LENGTH = 200
MAX_TITLE_LENGTH = 500
# Characters that no name or title may hold, by Unicode category: control characters (tab,
# vertical tab, the separators \x1c-\x1f...), invisible format characters (bidirectional
# marks, soft hyphens, the byte-order mark...), lone surrogates, and line and paragraph
# separators. They end a line for some readers or make two names look alike.
_FORBIDDEN = {"Cc": "a control character", "Cf": "an invisible format character",
              "Cs": "a lone surrogate", "Zl": "a line separator", "Zp": "a paragraph separator"}
# Format characters that some scripts (Persian, the Indic scripts) need to spell a name.
_JOINERS = frozenset("\u200c\u200d")  # zero width non-joiner, zero width joiner


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


def character_problem(text: str, what: str) -> str | None:
    """Why `text`, the text of `what` ("candidate 2", "the title"), cannot be written in a
    ballot or constraint file, naming the first character at fault; None if it can."""
    for char in text:
        kind = _FORBIDDEN.get(unicodedata.category(char))
        if kind is not None and char not in _JOINERS:
            return (f"{what} {_shown(text)} holds U+{ord(char):04X} ({kind}), "
                    "which names and titles cannot hold")
    return None


def name_problem(name: str, what: str) -> str | None:
    """Why `name` cannot be the name of `what` ("candidate 2", "a group"), or None: a name
    holds no control, format or separator character and at most MAX_NAME_LENGTH."""
    problem = character_problem(name, what)
    if problem is None and len(name) > MAX_NAME_LENGTH:
        problem = (f"{what} {_shown(name)} is {len(name)} characters long: "
                   f"a name may have at most {MAX_NAME_LENGTH}")
    return problem


def title_problem(title: str) -> str | None:
    """Why `title` cannot be an election's title, or None: the characters of a name, and at
    most MAX_TITLE_LENGTH."""
    problem = character_problem(title, "the title")
    if problem is None and len(title) > MAX_TITLE_LENGTH:
        problem = (f"the title {_shown(title)} is {len(title)} characters long: "
                   f"a title may have at most {MAX_TITLE_LENGTH}")
    return problem


def _shown(text: str) -> str:
    """The text quoted for a message, invisible characters escaped, a long text cut short."""
    return repr(text) if len(text) <= 40 else repr(text[:40] + "…")


def setup_problems(setup: ElectionSetup) -> list[str]:
    """Every reason this setup cannot be counted, in words; empty when it can."""
    problems: list[str] = []
    if not setup.title.strip():
        problems.append("the election has no title")
    if title := title_problem(setup.title):
        problems.append(title)
    if setup.seats < 1:
        problems.append(f"seats must be at least 1, not {setup.seats}")
    if not setup.candidates:
        problems.append("there are no candidates")
    for name in duplicate_names(setup.names):
        problems.append(f"two candidates are called {name!r}: names must be unique")
    for number, candidate in enumerate(setup.candidates, 1):
        if not candidate.name.strip():
            problems.append("a candidate has no name")
        if name := name_problem(candidate.name, f"candidate {number}"):
            problems.append(name)
    problems += _group_problems(setup)
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


def _group_problems(setup: ElectionSetup) -> list[str]:
    """What is wrong with the names of the categories and groups, each said once."""
    pairs = [(limit.dimension, limit.group) for limit in setup.limits]
    pairs += [pair for candidate in setup.candidates for pair in candidate.groups]
    dimensions = dict.fromkeys(dimension for dimension, _ in pairs)
    found = [name_problem(dimension, "the category") for dimension in dimensions]
    found += [name_problem(group, f"the group of {dimension!r}")
              for dimension, group in dict.fromkeys(pairs)]
    return [problem for problem in found if problem]
