"""Where each paper was at each stage of a kept count, and at what value: the workbook's
paper trace.

Papers that read the same (the same preferences, the withdrawn passed over) go everywhere
together under every rule set, so the trace is kept by *group of identical papers*, each
with how many papers it holds and a number the Papers sheet gives beside each paper: a
100,000-paper election has far fewer groups than papers, and a group's row says what every
one of its papers did.

- **Gregory rules** (ERS97, Scottish STV, WIGM): a paper sits with one candidate (or among
  the non-transferable papers) at one value from stage to stage. The count is made again
  from the same papers, options and lots with the engine recording each group's moves
  (count/parcels.py, `tracing`), and the trace is given only if that count's Result is
  the kept one exactly; otherwise it is refused, saying why.
- **Meek**: every paper is shared among the candidates it reaches by their keep values,
  which the kept Result records at every stage. Each group's share with each candidate is
  worked from them with the rule set's own rounding (`MeekRules.split`), and the trace is
  given only if the shares add up to every candidate's kept total and the non-transferable
  vote at every stage.

Values are the count's own scaled integers, shown as exact decimals: nothing is a float.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from decimal import Decimal

from countdesk.count.contest import group_rankings
from countdesk.count.meek_rules import MEEK, MEEK_NZ, MeekRules
from countdesk.count.parcels import PaperTrace, tracing
from countdesk.count.result import Result
from countdesk.count.values import Fixed
from countdesk.counting import CountInput, CountOptions, run_count
from countdesk.errors import CountDeskError
from countdesk.report.workbook import PaperTraceRows, TraceRow

NON_TRANSFERABLE = "non-transferable"
MEEK_RULES = {rules.key: rules for rules in (MEEK, MEEK_NZ)}

Ranking = tuple[int, ...]
# A group's place over one run of stages: (candidate index or -1, each paper's value).
Holding = tuple[tuple[int, int], ...]


def paper_trace(result: Result, counted: CountInput) -> tuple[PaperTraceRows, dict[Ranking, int]]:
    """The trace of ``result``, counted from ``counted`` (its papers, as the count read
    them), and each ranking's trace number (for the Papers sheet). A trace that cannot be
    shown to be the count's has no rows and says why."""
    contest = counted.contest
    groups = group_rankings(contest.papers, contest.withdrawn)
    numbers = {ranking: n for n, ranking in enumerate(groups, 1)}
    try:
        if dict(result.extra).get("ballots_sha256") != counted.ballots_sha256():
            raise CountDeskError("the papers are not those the count read")
        shared = result.rules_key in MEEK_RULES
        if shared:
            places, held = _meek(result, groups, MEEK_RULES[result.rules_key])
            what = MEEK_WORDS
        else:
            places, held = _gregory(result, counted, groups)
            what = GREGORY_WORDS
    except CountDeskError as error:
        return PaperTraceRows((), (), f"no paper trace: {error}"), numbers
    fixed = Fixed(places)
    names = result.candidates
    stages = [stage.number for stage in result.stages]
    rows = []
    for (ranking, count), spans in zip(groups.items(), held, strict=True):
        preferences = ", ".join(names[c] for c in ranking) or "(none that count)"
        for first, last, at_first, at_last in spans:
            for (candidate, value), (_, end) in zip(at_first, at_last, strict=True):
                rows.append(TraceRow(
                    numbers[ranking], count, stages[first], stages[last],
                    NON_TRANSFERABLE if candidate < 0 else names[candidate],
                    fixed.decimal(value), fixed.decimal(end * count), preferences,
                    fixed.decimal(end) if shared else None))
                preferences = ""
    return PaperTraceRows(tuple(rows), what, shared=shared), numbers


GREGORY_WORDS = (
    "Each row: a group of identical papers (the same preferences), how many papers it "
    "holds, the stages over which they sat with one candidate (or among the "
    "non-transferable papers), and the value each paper carried there. The Papers sheet "
    "gives each paper's trace number.",
    "A paper moved on from an elected candidate's surplus carries its transfer value; the "
    "rest of its value stays in that candidate's quota (ERS97 sets a paper with no further "
    "preference aside at value 0: its value too stays in the quota). Values are exact, at "
    "the count's "
    "precision; the count was made again with each move recorded and matched the kept "
    "count exactly.",
)
MEEK_WORDS = (
    "Meek shares each paper among the candidates it reaches: each elected one keeps its "
    "keep value of what arrives, the first hopeful one the rest. Each row: a group of "
    "identical papers (the same preferences), how many papers it holds, a run of stages "
    "over which the same candidates shared it, and one candidate's share of each paper at "
    "the run's first and last stage (one row for each candidate holding a share, and one "
    "for what none holds: non-transferable). The Papers sheet gives each paper's trace "
    "number.",
    "Between a run's first and last stage the shares follow the keep values (the Keep "
    "values sheet gives them at every stage): a share at any stage is what arrives times "
    "that stage's keep value, rounded as the rules say. Worked so from the keep values the "
    "count recorded, the shares add up exactly to every candidate's total and the "
    "non-transferable vote at every stage.",
)


def _places(result: Result) -> int:
    exponent = result.valid_votes.as_tuple().exponent
    assert isinstance(exponent, int)
    return -exponent


def _scaled(value: Decimal, places: int) -> int:
    return int(value.scaleb(places))


def _spans(per_stage: Sequence[Holding]) -> list[tuple[int, int, Holding]]:
    """Runs of stages over which a group stayed put: (first, last stage index, holding)."""
    spans: list[tuple[int, int, Holding]] = []
    for index, holding in enumerate(per_stage):
        if spans and spans[-1][2] == holding:
            spans[-1] = (spans[-1][0], index, holding)
        else:
            spans.append((index, index, holding))
    return spans


def _gregory(result: Result, counted: CountInput, groups: dict[Ranking, int]
             ) -> tuple[int, list[list[tuple[int, int, Holding, Holding]]]]:
    """The count made again with every move recorded, checked against the kept Result."""
    options = CountOptions.from_json(dict(result.extra).get("options") or {})
    trace: PaperTrace
    with tracing() as trace:
        # Lots as the count had them: drawn with its seed, or in the hall (kept in the file).
        again = run_count(counted, options, result.seed, stop_at_lot=result.seed is None)
    if dataclasses.replace(again, provisional=result.provisional).to_json() != result.to_json():
        raise CountDeskError("counted again from the same papers, the count came out "
                             "differently (a lot drawn since?)")
    if not trace.counts:
        raise CountDeskError(f"{result.rules} does not record where its papers go")
    index = {stage.number: i for i, stage in enumerate(result.stages)}
    stages = len(result.stages)
    timelines: list[list[Holding | None]] = [[None] * stages for _ in groups]
    for part in trace.counts:
        # A part (separate counts) passes over more candidates: its groups gather ours.
        own = {ranking: g for g, ranking in enumerate(part.rankings)}
        mine: list[list[int]] = [[] for _ in part.rankings]
        for n, ranking in enumerate(groups):
            g = own.get(tuple(c for c in ranking if c not in part.withdrawn))
            if g is not None:
                mine[g].append(n)
        for stage, moved in part.moves:
            at = index[stage]
            for g, candidate, value in moved:
                for n in mine[g]:
                    timelines[n][at] = ((candidate, value),)
    places = _places(result)
    held = []
    for timeline in timelines:
        current: Holding = ()
        filled = []
        for holding in timeline:
            current = holding if holding is not None else current
            filled.append(current)
        held.append([(first, last, holding, holding)
                     for first, last, holding in _spans(filled)])
    return places, held


def _meek(result: Result, groups: dict[Ranking, int], rules: MeekRules
          ) -> tuple[int, list[list[tuple[int, int, Holding, Holding]]]]:
    """Each group's shares from the keep values the Result records, checked to add up at
    every stage; kept as runs of stages over which the same candidates share the group."""
    places = rules.places
    one = rules.fixed.one
    size = len(result.candidates)
    per_group: list[list[Holding]] = [[] for _ in groups]
    for stage in result.stages:
        if len(stage.keep_values) != size:
            raise CountDeskError(f"stage {stage.number} does not record its keep values")
        keep = [_scaled(k, places) for k in stage.keep_values]
        totals = [0] * size
        exhausted = 0
        for n, (ranking, count) in enumerate(groups.items()):
            holding = _meek_holding(ranking, keep, one, rules)
            per_group[n].append(holding)
            for candidate, share in holding:
                if candidate < 0:
                    exhausted += share * count
                else:
                    totals[candidate] += share * count
        if (totals != [_scaled(t, places) for t in stage.totals]
                or exhausted != _scaled(stage.non_transferable, places)):
            raise CountDeskError(f"the shares worked from stage {stage.number}'s keep values "
                                 "do not add up to its totals")
    return places, [_shared_spans(stages) for stages in per_group]


def _shared_spans(per_stage: Sequence[Holding]) -> list[tuple[int, int, Holding, Holding]]:
    """Runs of stages over which the same candidates share a group (their shares move with
    the keep values): (first, last stage index, shares at the first, shares at the last)."""
    spans: list[tuple[int, int, Holding, Holding]] = []
    for index, holding in enumerate(per_stage):
        if spans and [c for c, _ in spans[-1][3]] == [c for c, _ in holding]:
            spans[-1] = (spans[-1][0], index, spans[-1][2], holding)
        else:
            spans.append((index, index, holding, holding))
    return spans


def _meek_holding(ranking: Ranking, keep: list[int], one: int, rules: MeekRules) -> Holding:
    """One paper's share with each candidate it reaches, and what is left at the end."""
    shares = []
    weight = one
    for candidate in ranking:
        if weight == 0:
            break
        kept, weight = rules.split(weight, keep[candidate])
        if kept:
            shares.append((candidate, kept))
    if weight:
        shares.append((-1, weight))
    return tuple(shares)
