"""A Result as RCTab's summary JSON, the form RCVis and other visualisers read.

The form is RCTab's (``ResultsWriter.generateSummaryJson``), as the Universal RCV Tabulator
schema of ``rcvformats`` documents it: ``config`` (contest, date, jurisdiction, office,
threshold) and ``results``, one per round, each with its ``tally`` (each candidate still in
the count: their votes, as a decimal string) and ``tallyResults`` (each candidate elected or
eliminated in the round, with ``transfers``: the votes their papers carry to each other
candidate in the next round, and to ``exhausted``).

Each stage of the count is a round. A stage that moves papers (a surplus or an exclusion)
appears as its subjects' entry in the round before it, as RCTab places the transfers of a
round after it: a candidate elected at a stage whose surplus moves at the next stage has one
entry there, with those transfers; one whose surplus moves later (ERS97 defers surpluses
and takes them largest first) has an entry with no transfers in the round they were elected,
and another, with the transfers, in the round before their surplus moves. A candidate
excluded in several sub-stages (ERS97 moves an excluded candidate's papers batch by batch) is
eliminated in each round before one of those sub-stages, and stays in the tally until the
last. Several excluded together share one set of transfers in the Result, which does not
say whose papers went where: the transfers are listed under the first of them. Loss by
fractions goes to no one and is not listed.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from countdesk.count.result import Result, Stage, StageKind, figure
from countdesk.report.context import SheetContext

EXHAUSTED = "exhausted"


def rctab_summary(result: Result, context: SheetContext) -> dict[str, Any]:
    """The count as RCTab's summary JSON (a dict, ready for `json.dumps`)."""
    stages = result.stages
    index = {name: c for c, name in enumerate(result.candidates)}
    last_out = {}  # the stage after which an excluded candidate holds no papers
    for i, stage in enumerate(stages):
        if stage.kind is StageKind.EXCLUSION:
            for name in stage.subjects:
                last_out[name] = i
    rounds = []
    for i, stage in enumerate(stages):
        tally = {name: figure(stage.totals[c]) for name, c in index.items()
                 if name not in result.withdrawn and last_out.get(name, i + 1) > i}
        following = stages[i + 1] if i + 1 < len(stages) else None
        moving = (_transfer_entries(result, stage, following)
                  if following is not None and following.subjects else [])
        surpluses = {entry["elected"]: entry for entry in moving if "elected" in entry}
        # In order of election, each with the transfers of their surplus if it moves next.
        entries = [surpluses.get(name, {"elected": name, "transfers": {}})
                   for name in stage.elected]
        entries += [entry for entry in moving if entry not in entries]
        rounds.append({"round": i + 1, "tally": tally, "tallyResults": entries})
    return {
        "config": {"contest": result.title, "date": context.date,
                   "jurisdiction": context.organisation, "office": result.title,
                   "threshold": figure(result.quota)},
        "results": rounds,
    }


def _transfer_entries(result: Result, stage: Stage, following: Stage) -> list[dict[str, Any]]:
    """The entries of the round before ``following`` moves its subjects' papers."""
    action = "elected" if following.kind is StageKind.SURPLUS else "eliminated"
    subjects = set(following.subjects)
    moved: dict[str, str] = {
        name: figure(change) for name, change in zip(result.candidates, following.transfers,
                                                     strict=True)
        if change > 0 and name not in subjects}
    exhausted = following.non_transferable - stage.non_transferable
    if exhausted > Decimal(0):
        moved[EXHAUSTED] = figure(exhausted)
    return [{action: name, "transfers": moved if n == 0 else {}}
            for n, name in enumerate(following.subjects)]
