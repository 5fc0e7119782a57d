"""Checking a batch: its two keyings compared paper by paper, and whether it can be verified.

Papers are matched by their number in the batch; marks and the teller's flags (rejected,
doubtful) are compared alike. A difference is *settled* when the returning officer has
decided, against the paper itself, what it says. Pure domain: no Qt or SQLite here.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Protocol

from countdesk.papers import Marks, Rejection

SPELLED_OUT = 2  # more differing boxes than this are listed by number only


class KeyedPaper(Protocol):
    """One keyed paper of a pass, as the store holds it."""

    @property
    def number(self) -> int: ...
    @property
    def marks(self) -> Marks: ...
    @property
    def rejected(self) -> Rejection | None: ...
    @property
    def doubtful(self) -> bool: ...


@dataclass(frozen=True)
class Difference:
    """Paper ``number`` as keyed in pass A and pass B (None where a pass lacks it)."""

    number: int
    a: KeyedPaper | None
    b: KeyedPaper | None
    boxes: tuple[int, ...]  # ballot positions (from 0) whose boxes differ
    rejected_differs: bool
    doubtful_differs: bool

    @property
    def one_sided(self) -> bool:
        return self.a is None or self.b is None

    def describe(self, names: Sequence[str]) -> str:
        """What differs, in words: "box 3 (Patel): A 2, B blank; doubtful in B only"."""
        if self.a is None:
            return "keyed in pass B only"
        if self.b is None:
            return "keyed in pass A only"
        if len(self.boxes) > SPELLED_OUT:
            parts = [f"{len(self.boxes)} boxes: "
                     + ", ".join(str(i + 1) for i in self.boxes)]
        else:
            parts = [f"box {i + 1} ({names[i]}): A {box_words(self.a.marks[i])}, "
                     f"B {box_words(self.b.marks[i])}" for i in self.boxes]
        if self.rejected_differs:
            parts.append(f"rejected: A {flag_words(self.a.rejected)}, "
                         f"B {flag_words(self.b.rejected)}")
        if self.doubtful_differs:
            parts.append("doubtful in " + ("A" if self.a.doubtful else "B") + " only")
        return "; ".join(parts)


def box_words(box: tuple[object, ...]) -> str:
    return ",".join("x" if not isinstance(mark, int) else str(mark) for mark in box) or "blank"


def flag_words(rejected: Rejection | None) -> str:
    return "no" if rejected is None else rejected.value


def compare_paper(number: int, a: KeyedPaper | None, b: KeyedPaper | None) -> Difference | None:
    """How two keyings of one paper differ, or None when they agree in every box and flag."""
    if a is None or b is None:
        return None if a is b else Difference(number, a, b, (), False, False)
    boxes = tuple(i for i, (box_a, box_b) in enumerate(zip(a.marks, b.marks, strict=True))
                  if box_a != box_b)
    rejected = a.rejected != b.rejected
    doubtful = a.doubtful != b.doubtful
    if not (boxes or rejected or doubtful):
        return None
    return Difference(number, a, b, boxes, rejected, doubtful)


def compare_passes(a: Sequence[KeyedPaper], b: Sequence[KeyedPaper]) -> tuple[Difference, ...]:
    """Every paper whose two keyings differ, in paper-number order."""
    by_a = {paper.number: paper for paper in a}
    by_b = {paper.number: paper for paper in b}
    found = (compare_paper(n, by_a.get(n), by_b.get(n)) for n in sorted(by_a.keys() | by_b))
    return tuple(d for d in found if d is not None)


@dataclass(frozen=True)
class Verification:
    """Whether a batch can be verified: what stands in the way, in words."""

    differences: tuple[Difference, ...]
    unsettled: tuple[int, ...]  # paper numbers
    problems: tuple[str, ...]  # each one stops verification
    count_mismatch: str  # stops verification unless the RO records why

    @property
    def ready(self) -> bool:
        return not self.problems and not self.count_mismatch


def verification(label: str, a: Sequence[KeyedPaper], b: Sequence[KeyedPaper],
                 settled: Collection[int], hand_count: int | None) -> Verification:
    """Can batch ``label`` be verified, given the paper numbers the RO has settled?"""
    differences = compare_passes(a, b)
    unsettled = tuple(d.number for d in differences if d.number not in settled)
    problems: list[str] = []
    if not b:
        problems.append(f"batch {label!r} has not been keyed a second time (pass B)")
    elif len(a) != len(b):
        problems.append(
            f"batch {label!r} has {len(a)} papers in pass A but {len(b)} in pass B: find the "
            "paper skipped or keyed twice (the first difference shows where) and insert or "
            "remove it on the Keying page")
    elif unsettled:
        problems.append(f"batch {label!r} has {len(unsettled)} difference"
                        f"{'' if len(unsettled) == 1 else 's'} not yet settled (paper "
                        f"{', '.join(str(n) for n in unsettled)})")
    mismatch = ""
    if b and len(a) == len(b) and len(a) != hand_count:
        mismatch = (f"batch {label!r} has {len(a)} papers keyed and no hand count"
                    if hand_count is None else
                    f"batch {label!r} has {len(a)} papers keyed but a hand count of "
                    f"{hand_count}")
    return Verification(differences, unsettled, tuple(problems), mismatch)
