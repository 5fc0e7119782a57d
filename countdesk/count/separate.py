"""Quota rules by separate counts: reserved places first, then the open places.

Each group with a minimum, in the order of the constraint file, has places reserved for it:
as many as its minimum less those of the group already elected by an earlier reserved count.
A reserved count is an ordinary count, under the same rules, of the same papers, for those
places, with only the group's candidates not yet elected standing (the others are passed
over on every paper). Then the open count fills the remaining places from every candidate
not yet elected: the group's unsuccessful candidates stand again. Every minimum is met,
since a later count only adds members — provided every reserved count gets its places, so
minimums adding up to more than the places are refused, as is a maximum that could bind
(separate counts cannot keep either; guard and doom can).

The result shows every count's stages, numbered on from one count to the next (each count
is told where its numbers start, so nothing is renumbered afterwards), with the parts listed
in ``Result.parts``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from countdesk.count.constraints import QuotaRules
from countdesk.count.contest import Contest
from countdesk.count.result import CountPart, Result, Stage, TieDecision
from countdesk.errors import CountDeskError

Counter = Callable[[Contest], Result]  # a count under the rule set, with no quota rules

METHOD = ("Quota rules by separate counts: places reserved for each group with a minimum, "
          "in the order of the constraint file, counted among that group's candidates "
          "only; then the open places, counted among every candidate not yet elected.")


def count_separately(contest: Contest, quotas: QuotaRules, count: Counter) -> Result:
    standing = [c for c in range(len(contest.candidates)) if c not in contest.withdrawn]
    for g in range(len(quotas.limits)):
        members = sum(1 for c in standing if quotas.in_group(c, g))
        if quotas.maximum[g] < min(members, contest.seats):
            raise CountDeskError(
                f"separate counts cannot keep the maximum of {quotas.maximum[g]} for "
                f"{quotas.labels[g]}: use guard and doom for maximums")
    reserved = sum(max(m, 0) for m in quotas.minimum)
    if reserved > contest.seats:
        raise CountDeskError(
            f"separate counts reserve places for each minimum in turn, and the minimums add "
            f"up to {reserved}, more than the {contest.seats} places: use guard and doom")
    quotas.refuse_if_infeasible(standing)
    elected: list[int] = []
    parts: list[tuple[str, Result, list[int]]] = []
    notes: list[str] = []
    for g in range(len(quotas.limits)):
        if quotas.minimum[g] <= 0:
            continue
        label = quotas.labels[g]
        members = [c for c in standing
                   if quotas.in_group(c, g) and c not in elected]
        held = sum(1 for c in elected if quotas.in_group(c, g))
        reserve = min(quotas.minimum[g] - held, contest.seats - len(elected))
        if reserve <= 0:
            notes.append(f"No places were reserved for {label}: the earlier counts already "
                         f"elected {held}, at least its minimum of {quotas.minimum[g]}.")
            continue
        result = _count_among(contest, members, reserve, count, parts)
        elected += [contest.candidates.index(name) for name in result.elected]
        parts.append((f"Reserved places for {label}", result, members))
    rest = [c for c in standing if c not in elected]
    if (len(elected) < contest.seats and rest) or not parts:
        result = _count_among(contest, rest, contest.seats - len(elected), count, parts)
        parts.append(("Open places", result, rest))
    return _merge(contest, quotas, parts, notes)


def _count_among(contest: Contest, standing: list[int], seats: int, count: Counter,
                 before: list[tuple[str, Result, list[int]]]) -> Result:
    """A count among ``standing`` only, its stages numbered on from the counts ``before``."""
    others = frozenset(range(len(contest.candidates))) - frozenset(standing)
    # On from the last stage of the count before (ERS97's sub-stages "5.1", "5.2" are of 5).
    first = 1 + int(before[-1][1].stages[-1].number.partition(".")[0]) if before else 1
    return count(dataclasses.replace(contest, seats=seats, withdrawn=others, first_stage=first,
                                     part=True))


def _merge(contest: Contest, quotas: QuotaRules, parts: list[tuple[str, Result, list[int]]],
           notes: list[str]) -> Result:
    names = contest.candidates
    stages: list[Stage] = []
    ties: list[TieDecision] = []
    records: list[CountPart] = []
    elected: list[str] = []
    for label, result, standing in parts:
        ties += result.ties
        who = ", ".join(names[c] for c in standing)
        for index, stage in enumerate(result.stages):
            head = []
            if index == 0:
                head.append(f"{label}: {result.seats} "
                            f"{'place' if result.seats == 1 else 'places'}, counted among "
                            f"{who}; every other candidate is passed over on every paper.")
            stages.append(dataclasses.replace(
                stage, action=f"{label}: {stage.action}", notes=(*head, *stage.notes)))
        records.append(CountPart(
            label, result.seats, tuple(names[c] for c in standing),
            result.stages[0].number, result.stages[-1].number, result.quota, result.elected))
        elected += result.elected
    last = parts[-1][1]
    counted = {name for _, result, _ in parts for name in result.candidates}
    left_over = list(last.left_over)
    excluded = [n for n in last.excluded if n not in elected]
    for c, name in enumerate(names):
        if (c not in contest.withdrawn and name not in elected and name not in excluded
                and name in counted):
            excluded.append(name)
            left_over.append(name)
    withdrawn = tuple(names[c] for c in sorted(contest.withdrawn))
    result_notes = [METHOD, *quotas.notes, *notes]
    for label, result, _ in parts:
        result_notes += [f"{label}: {note}" for note in result.notes]
    if withdrawn:
        result_notes.append(f"Withdrawn: {', '.join(withdrawn)}. Their names are passed "
                            "over on every paper, as if they were not there.")
    return Result(
        title=contest.title, rules=last.rules, rules_key=last.rules_key,
        parameters=(*last.parameters, ("quota rules", "separate counts")),
        candidates=names, seats=contest.seats, valid_votes=last.valid_votes,
        quota=last.quota, elected=tuple(elected), excluded=tuple(excluded),
        left_over=tuple(left_over), stages=tuple(stages), ties=tuple(ties), seed=last.seed,
        notes=tuple(result_notes), withdrawn=withdrawn, parts=tuple(records))

