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

The result shows every count's stages, numbered on from one count to the next, with the
parts listed in ``Result.parts``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from countdesk.count.constraints import QuotaRules
from countdesk.count.contest import Contest
from countdesk.count.guard import Guard
from countdesk.count.result import CountPart, Result, Stage, TieDecision
from countdesk.errors import CountDeskError

Counter = Callable[[Contest, Guard | None], Result]

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
        result = _count_among(contest, members, reserve, count)
        elected += [contest.candidates.index(name) for name in result.elected]
        parts.append((f"Reserved places for {label}", result, members))
    rest = [c for c in standing if c not in elected]
    if (len(elected) < contest.seats and rest) or not parts:
        result = _count_among(contest, rest, contest.seats - len(elected), count)
        parts.append(("Open places", result, rest))
    return _merge(contest, quotas, parts, notes)


def _count_among(contest: Contest, standing: list[int], seats: int, count: Counter) -> Result:
    others = frozenset(range(len(contest.candidates))) - frozenset(standing)
    return count(dataclasses.replace(contest, seats=seats, withdrawn=others), None)


def _merge(contest: Contest, quotas: QuotaRules, parts: list[tuple[str, Result, list[int]]],
           notes: list[str]) -> Result:
    names = contest.candidates
    stages: list[Stage] = []
    ties: list[TieDecision] = []
    records: list[CountPart] = []
    elected: list[str] = []
    offset = 0
    for label, result, standing in parts:
        numbers = {s.number: _shifted(s.number, offset) for s in result.stages}
        renumbered = {t: _renumbered(t, numbers) for t in result.ties}
        ties += renumbered.values()
        described = {t.describe(): renumbered[t].describe() for t in result.ties}
        who = ", ".join(names[c] for c in standing)
        for index, stage in enumerate(result.stages):
            head = []
            if index == 0:
                head.append(f"{label}: {result.seats} "
                            f"{'place' if result.seats == 1 else 'places'}, counted among "
                            f"{who}; every other candidate is passed over on every paper.")
            stages.append(dataclasses.replace(
                stage, number=numbers[stage.number], action=f"{label}: {stage.action}",
                notes=tuple(head + [described.get(n, n) for n in stage.notes])))
        records.append(CountPart(
            label, result.seats, tuple(names[c] for c in standing),
            numbers[result.stages[0].number], numbers[result.stages[-1].number],
            result.quota, result.elected))
        elected += result.elected
        offset += int(result.stages[-1].number.split(".")[0])
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
        result_notes += [f"{label}: {note}" for note in result.notes
                         if not note.startswith("Withdrawn:")]
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


def _shifted(number: str, offset: int) -> str:
    main, dot, rest = number.partition(".")
    return f"{int(main) + offset}{dot}{rest}"


def _renumbered(tie: TieDecision, numbers: dict[str, str]) -> TieDecision:
    def stage(match: re.Match[str]) -> str:
        return f"{match.group(1)} {numbers.get(match.group(2), match.group(2))}"

    return dataclasses.replace(
        tie, stage=numbers.get(tie.stage, tie.stage),
        method=re.sub(r"\b([Ss]tage) (\d+(?:\.\d+)?)\b", stage, tie.method))

