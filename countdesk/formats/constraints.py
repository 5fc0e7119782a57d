"""Constraint files in OpenTally's form: one line per group of a category dimension,

    "Dimension" "Group" min max cand cand …

with candidates numbered from 1 as in the BLT file. As OpenTally requires, every candidate is
in exactly one group of each dimension; a candidate missing from a dimension is refused (it is
almost always a typo). OpenTally has no "no maximum": a maximum of at least the number of
candidates is read as none, and none is written as the number of candidates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from countdesk.election import Candidate, GroupLimit, name_problem
from countdesk.errors import CountDeskError, InputError
from countdesk.formats.text import quoted, read_text, split_lines, whole_number, words

Membership = dict[int, tuple[tuple[str, str], ...]]


@dataclass(frozen=True)
class ConstraintSet:
    """Group limits, and each candidate's (dimension, group) pairs by 0-based index."""

    candidate_count: int
    limits: tuple[GroupLimit, ...] = ()
    membership: Membership = field(default_factory=dict, hash=False)

    @property
    def dimensions(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(limit.dimension for limit in self.limits))

    def members(self, dimension: str, group: str) -> tuple[int, ...]:
        """The 0-based indices of the group's candidates, in order."""
        return tuple(
            c for c, pairs in sorted(self.membership.items()) if (dimension, group) in pairs
        )


def read_constraints(
    path: str | Path, candidate_count: int, names: Sequence[str] = ()
) -> ConstraintSet:
    """Read a constraint file (UTF-8); `names`, if given, name candidates in refusals."""
    return parse_constraints(read_text(path), str(path), candidate_count, names)


def parse_constraints(
    text: str, source: str, candidate_count: int, names: Sequence[str] = ()
) -> ConstraintSet:
    """Read constraint text, refusing it whole with the line and the reason."""
    limits: list[GroupLimit] = []
    group_lines: dict[tuple[str, str], int] = {}
    spelling: dict[str, tuple[str, int]] = {}  # folded dimension name -> as first written, line
    placed: dict[tuple[str, int], tuple[str, int]] = {}  # (dimension, candidate) -> group, line

    def who(candidate: int) -> str:
        named = f" ({names[candidate]})" if candidate < len(names) else ""
        return f"candidate {candidate + 1}{named}"

    for index, line in enumerate(split_lines(text)):
        number = index + 1
        found = words(line, source, number)
        if not found:
            continue
        if len(found) < 4:
            raise InputError(
                source,
                number,
                'a group line needs "Dimension" "Group" min max, then its candidates\' numbers',
            )
        dimension, group = found[0][0], found[1][0]
        if not dimension.strip() or not group.strip():
            raise InputError(source, number, "a dimension or group name is blank")
        problem = name_problem(dimension, "the dimension") or name_problem(group, "the group")
        if problem is not None:
            raise InputError(source, number, problem)
        minimum = _limit(found[2], "minimum", source, number)
        maximum = _limit(found[3], "maximum", source, number)
        if minimum > maximum:
            raise InputError(
                source,
                number,
                f"{dimension}: {group} has minimum {minimum} above its maximum {maximum}",
            )
        first, first_line = spelling.setdefault(dimension.casefold().strip(), (dimension, number))
        if first != dimension:
            raise InputError(
                source,
                number,
                f"dimension {dimension!r} is spelled {first!r} on line "
                f"{first_line}: use one spelling",
            )
        key = (dimension, group.casefold().strip())
        if key in group_lines:
            raise InputError(
                source,
                number,
                f"group {dimension}: {group} is defined twice (first on line {group_lines[key]})",
            )
        group_lines[key] = number
        for word, is_quoted in found[4:]:
            candidate = _candidate(word, is_quoted, candidate_count, source, number)
            earlier = placed.get((dimension, candidate))
            if earlier is not None and earlier[1] == number:
                raise InputError(source, number, f"{who(candidate)} is listed twice")
            if earlier is not None:
                raise InputError(
                    source,
                    number,
                    f"{who(candidate)} is in two groups of {dimension}: "
                    f"{earlier[0]} (line {earlier[1]}) and {group}",
                )
            placed[(dimension, candidate)] = (group, number)
        limits.append(
            GroupLimit(dimension, group, minimum, None if maximum >= candidate_count else maximum)
        )
    for dimension, first_line in spelling.values():
        for candidate in range(candidate_count):
            if (dimension, candidate) not in placed:
                raise InputError(
                    source,
                    first_line,
                    f"{who(candidate)} is in no group of {dimension}: "
                    "every candidate must be in one group of each dimension",
                )
    pairs = {(d, c): (d, g) for (d, c), (g, _) in placed.items()}
    return ConstraintSet(candidate_count, tuple(limits), _membership(pairs, limits))


def _membership(
    pairs: dict[tuple[str, int], tuple[str, str]], limits: Sequence[GroupLimit]
) -> Membership:
    """Each candidate's (dimension, group) pairs, dimensions in the order they first appear."""
    membership: dict[int, list[tuple[str, str]]] = {}
    for dimension in dict.fromkeys(limit.dimension for limit in limits):
        for (d, candidate), pair in sorted(pairs.items(), key=lambda item: item[0][1]):
            if d == dimension:
                membership.setdefault(candidate, []).append(pair)
    return {c: tuple(found) for c, found in sorted(membership.items())}


def write_constraints(constraints: ConstraintSet) -> str:
    """The constraint file, one line per group in the order of the limits; LF line ends."""
    lines = []
    for limit in constraints.limits:
        maximum = limit.maximum
        if maximum is None:
            maximum = max(limit.minimum, constraints.candidate_count)
        members = " ".join(str(c + 1) for c in constraints.members(limit.dimension, limit.group))
        dimension = quoted(limit.dimension, "the dimension")
        group = quoted(limit.group, f"the group of {limit.dimension}")
        lines.append(f"{dimension} {group} {limit.minimum} {maximum} {members}".rstrip())
    return "".join(line + "\n" for line in lines)


def constraint_set(candidates: Sequence[Candidate], limits: Sequence[GroupLimit]) -> ConstraintSet:
    """The constraint set of an election setup, refused if it cannot be written to a file:
    every candidate must be in one listed group of each dimension."""
    known = {(limit.dimension, limit.group) for limit in limits}
    pairs: dict[tuple[str, int], tuple[str, str]] = {}
    for index, candidate in enumerate(candidates):
        for dimension in dict.fromkeys(limit.dimension for limit in limits):
            group = candidate.group_in(dimension)
            if group is None or (dimension, group) not in known:
                raise CountDeskError(
                    f"candidate {candidate.name!r} is in no listed group of {dimension}"
                )
            pairs[(dimension, index)] = (dimension, group)
    count = len(candidates)
    limits = tuple(
        GroupLimit(limit.dimension, limit.group, limit.minimum, None)
        if limit.maximum is not None and limit.maximum >= count
        else limit
        for limit in limits
    )
    return ConstraintSet(count, limits, _membership(pairs, limits))


def apply_constraints(names: Sequence[str], constraints: ConstraintSet) -> tuple[Candidate, ...]:
    """Candidates with these names (in BLT order) and their groups set from the constraints."""
    return tuple(
        Candidate(name, groups=constraints.membership.get(index, ()))
        for index, name in enumerate(names)
    )


def _limit(word: tuple[str, bool], what: str, source: str, number: int) -> int:
    text, is_quoted = word
    value = None if is_quoted else whole_number(text)
    if value is None:
        if text.startswith("-") and whole_number(text[1:]) is not None:
            reason = f"the {what} {text} is negative"
        else:
            reason = f"the {what} should be a whole number, not {text!r}"
        raise InputError(source, number, reason)
    return value


def _candidate(word: str, is_quoted: bool, count: int, source: str, number: int) -> int:
    candidate = None if is_quoted else whole_number(word)
    if candidate is None or not 1 <= candidate <= count:
        raise InputError(
            source, number, f"unknown candidate {word!r}: candidates are numbered 1 to {count}"
        )
    return candidate - 1
