"""A ballot paper's marks as written, and how a paper is read under COUNTING.md.

What was written (box by box) is kept apart from how it is read, so that a ruling can change
the reading without re-keying. Pure domain: no Qt, SQLite, reportlab or openpyxl here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from countdesk.election import LoneCross


class Cross:
    """A cross or tick written in a box (there is only one: ``CROSS``)."""

    _instance: Cross | None = None

    def __new__(cls) -> Cross:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "CROSS"


CROSS = Cross()

Mark = int | Cross
# One box per candidate in ballot-paper order; a box holds what was written in it: usually
# nothing or one mark, two when a voter wrote two numbers beside one name.
Box = tuple[Mark, ...]
Marks = tuple[Box, ...]


class Rejection(Enum):
    """Why a paper cannot count at all. The values are stable: files and sheets use them."""

    UNMARKED = "unmarked"
    NO_FIRST_PREFERENCE = "no first preference"
    SEVERAL_FIRST_PREFERENCES = "first preference for more than one candidate"
    UNCERTAIN = "void for uncertainty"
    LONE_CROSS = "a single cross or tick, invalid under this election's setup"
    IDENTIFYING_MARK = "identifying mark"
    NO_OFFICIAL_MARK = "official mark missing"

    @property
    def label(self) -> str:
        return self.value[0].upper() + self.value[1:]


@dataclass(frozen=True)
class Reading:
    """How a paper counts: the preferences that count, or why it cannot count at all."""

    preferences: tuple[int, ...] = ()  # candidate indices, first preference first
    rejected: Rejection | None = None
    stop: str = ""  # why the paper stops before its last mark, in words
    # A candidate marked again later: (candidate, the preference where the mark was ignored).
    passed_over: tuple[tuple[int, int], ...] = ()

    @property
    def valid(self) -> bool:
        return self.rejected is None

    def notes(self, names: Sequence[str]) -> list[str]:
        """The marks that were passed over, in words."""
        return [f"{names[c]} marked again at {position}: ignored"
                for c, position in self.passed_over]

    def describe(self, names: Sequence[str]) -> str:
        """One line for the teller: "1 Smith · 2 Jones — stops: two boxes marked 3"."""
        if self.rejected is not None:
            return f"Rejected: {self.rejected.value}"
        text = " · ".join(f"{n} {names[c]}" for n, c in enumerate(self.preferences, 1))
        tail = [self.stop] if self.stop else []
        tail += self.notes(names)
        return text + (" — " + "; ".join(tail) if tail else "")


def read_ranking(ranks: Sequence[Sequence[int]]) -> Reading:
    """Read preferences given in order, each rank naming one or more candidates.

    This is the form of a BLT ballot (``=`` joins candidates at one rank) and of keying in
    order of preference. A candidate named again later is passed over (the later mark is
    ignored, our reading); several candidates at one later rank stop the paper there.
    """
    if not any(ranks):
        return Reading(rejected=Rejection.UNMARKED)
    preferences: list[int] = []
    passed_over: list[tuple[int, int]] = []
    for position, rank in enumerate(ranks, 1):
        fresh = list(dict.fromkeys(c for c in rank if c not in preferences))
        passed_over += [(c, position) for c in dict.fromkeys(rank) if c in preferences]
        if not fresh:
            continue
        if len(fresh) > 1:
            if not preferences:
                return Reading(rejected=Rejection.SEVERAL_FIRST_PREFERENCES)
            stop = f"stops: {len(fresh)} candidates share preference {position}"
            return Reading(tuple(preferences), stop=stop, passed_over=tuple(passed_over))
        preferences.append(fresh[0])
    return Reading(tuple(preferences), passed_over=tuple(passed_over))


def read_marks(marks: Marks, lone_cross: LoneCross, ruled_valid: bool = False) -> Reading:
    """Read a paper's boxes, as written, under the rules of COUNTING.md → "Ballot papers".

    A single cross or tick alone is a first preference or rejected, as the setup says;
    crosses mixed with numbers are void for uncertainty. When the returning officer rules
    such a paper valid (``ruled_valid``), a lone cross beside numbers from 2 on stands for
    the first preference, and a lone cross alone counts whatever the setup says.
    """
    crosses = [i for i, box in enumerate(marks) if CROSS in box]
    numbered: dict[int, list[int]] = {}
    for candidate, box in enumerate(marks):
        for mark in box:
            if isinstance(mark, int):
                numbered.setdefault(mark, []).append(candidate)
    if not crosses and not numbered:
        return Reading(rejected=Rejection.UNMARKED)
    if crosses:
        lone = len(crosses) == 1 and len(marks[crosses[0]]) == 1
        if not numbered:
            if not lone:
                return Reading(rejected=Rejection.SEVERAL_FIRST_PREFERENCES)
            if lone_cross is LoneCross.INVALID and not ruled_valid:
                return Reading(rejected=Rejection.LONE_CROSS)
        elif not (ruled_valid and lone and 1 not in numbered):
            return Reading(rejected=Rejection.UNCERTAIN)
        numbered[1] = [crosses[0]]
    if 1 not in numbered:
        return Reading(rejected=Rejection.NO_FIRST_PREFERENCE)
    if len(numbered[1]) > 1:
        return Reading(rejected=Rejection.SEVERAL_FIRST_PREFERENCES)
    ranks: list[list[int]] = []
    stop = ""
    for number in range(1, max(numbered) + 1):
        if number not in numbered:
            stop = f"stops: no preference {number} (a gap)"
            break
        if len(numbered[number]) > 1:
            stop = f"stops: {len(numbered[number])} boxes marked {number}"
            break
        ranks.append(numbered[number])
    reading = read_ranking(ranks)
    return Reading(reading.preferences, stop=stop, passed_over=reading.passed_over)


def ruled_reading(marks: Marks, lone_cross: LoneCross, valid_up_to: int | None = None,
                  rejected: Rejection | None = None) -> Reading:
    """How a paper reads once the RO has ruled on it: rejected, or valid (up to a
    preference), its marks read as the RO judged them (see `read_marks`)."""
    if rejected is not None:
        return Reading(rejected=rejected)
    return apply_ruling(read_marks(marks, lone_cross, ruled_valid=True), valid_up_to)


def apply_ruling(reading: Reading, valid_up_to: int | None = None,
                 rejected: Rejection | None = None) -> Reading:
    """Apply the RO's ruling to a reading: valid up to preference n, or rejected."""
    if rejected is not None:
        return Reading(rejected=rejected)
    if valid_up_to is None or valid_up_to >= len(reading.preferences):
        return reading
    return Reading(
        reading.preferences[:valid_up_to],
        stop=f"stops: ruled valid up to preference {valid_up_to}",
        passed_over=reading.passed_over,
    )
