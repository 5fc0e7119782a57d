"""How close each decision of a count was, beside what the papers in question could move.

A decision's *margin* is read from the Result: an exclusion's is how far the highest of those
excluded was behind the lowest candidate kept in the count; an election's is how far the
candidate was over the quota (or, elected below it, ahead of the best candidate not elected
at that stage); the last place's is how far the last candidate elected was ahead of the
runner-up (the candidate not elected who stayed in the count longest) when they last stood
side by side. A decision made by the quota rules (a doomed candidate) has no margin in votes.

What could move a margin is recorded when the count is made (`papers_in_question`), batch by
batch: doubtful papers (ruled or not), papers whose two keyings differed (settled by the
returning officer or not), and the gap between the hand count and the papers keyed. A paper
is worth at most one vote at any stage, so a paper read otherwise could move a margin between
two candidates by at most 2 votes (one from each), and a paper missing or extra by at most 1;
the swing is the sum, an estimate that leaves aside a paper's small effect on the quota and
on transfer values. A decision is *close* when its margin is no more than the swing (or it
was a tie); the recount advice names the fewest batches, those with the most papers in
question first, that leave the rest less able to move it than its margin.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from countdesk.count.result import Result, Stage, figure
from countdesk.report.context import Closeness, DecisionMargin

if TYPE_CHECKING:  # a count straight from a ballot file loads no SQLite
    from countdesk.store.election_file import ElectionFile

MOVED = 2  # votes a paper read otherwise can move between two candidates
MISSING = 1  # votes a paper missing from the count, or extra in it, can move


@dataclass(frozen=True)
class BatchDoubts:
    """One batch's papers in question, as they stood when the count was made."""

    label: str
    papers: int  # keyed, as the count read them
    doubtful: int  # flagged doubtful, ruled or not
    differences: int  # papers whose two keyings differed
    count_gap: int  # hand count less papers keyed (0 without a hand count)

    @property
    def swing(self) -> int:
        """The most these papers could move a margin between two candidates, in votes."""
        return MOVED * (self.doubtful + self.differences) + MISSING * abs(self.count_gap)

    def describe(self) -> str:
        """ "Box 3: 120 papers; 2 doubtful, 1 difference between the keyings"."""
        parts = []
        if self.doubtful:
            parts.append(f"{self.doubtful} doubtful")
        if self.differences:
            parts.append(f"{_plural(self.differences, 'difference')} between the keyings")
        if self.count_gap:
            fewer = "fewer" if self.count_gap > 0 else "more"
            parts.append(f"{_plural(abs(self.count_gap), 'paper')} {fewer} keyed than "
                         "hand-counted")
        return (f"{self.label}: {_plural(self.papers, 'paper')}; "
                + (", ".join(parts) if parts else "none in question"))

    def to_json(self) -> dict[str, Any]:
        return {"label": self.label, "papers": self.papers, "doubtful": self.doubtful,
                "differences": self.differences, "count_gap": self.count_gap}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> BatchDoubts:
        return cls(str(data["label"]), int(data["papers"]), int(data["doubtful"]),
                   int(data["differences"]), int(data["count_gap"]))


def papers_in_question(election: ElectionFile) -> tuple[BatchDoubts, ...]:
    """Each batch's papers in question, as the count about to be made reads them."""
    from countdesk.checking import compare_passes
    from countdesk.store.election_file import EntryPass

    found = []
    for batch in election.batches():
        counted = election.counted_pass(batch.id)
        second = election.papers(batch.id, EntryPass.B)
        differences = (len(compare_passes(election.papers(batch.id, EntryPass.A), second))
                       if second else 0)
        gap = 0 if batch.hand_count is None else batch.hand_count - len(counted)
        found.append(BatchDoubts(batch.label, len(counted),
                                 sum(1 for paper in counted if paper.doubtful), differences,
                                 gap))
    return tuple(found)


def closeness(result: Result, doubts: Sequence[BatchDoubts] | None) -> Closeness:
    """Every decision's margin beside the swing of the papers in question; ``doubts`` None
    for a count kept before CountDesk recorded them (margins only, nothing flagged)."""
    known = doubts is not None
    batches = tuple(doubts or ())
    swing = sum(batch.swing for batch in batches)
    decisions = []
    for stage, kind, text, margin in _margins(result):
        close = known and margin is not None and margin <= swing and (swing > 0 or margin == 0)
        decisions.append(DecisionMargin(stage, kind, text, margin, swing, close,
                                        _recount(batches, margin) if close else ()))
    return Closeness(tuple(decisions),
                     tuple(batch.describe() for batch in batches if batch.swing), known)


def closeness_json(found: Closeness) -> dict[str, Any]:
    return {
        "papers_in_question": list(found.in_question) if found.known else None,
        "decisions": [{"stage": d.stage, "kind": d.kind, "decision": d.decision,
                       "margin": None if d.margin is None else figure(d.margin),
                       "swing": d.swing, "close": d.close, "recount": list(d.recount)}
                      for d in found.decisions],
    }


def _recount(batches: Sequence[BatchDoubts], margin: Decimal | None) -> tuple[str, ...]:
    """The fewest batches, most in question first, whose recount leaves the others' swing
    below the margin (every batch in question, for a tie)."""
    assert margin is not None
    ranked = sorted((b for b in batches if b.swing), key=lambda b: -b.swing)
    rest = sum(b.swing for b in ranked)
    chosen = []
    for batch in ranked:
        if rest < margin:
            break
        chosen.append(f"{batch.label} ({_plural(batch.papers, 'paper')})")
        rest -= batch.swing
    return tuple(chosen)


Margin = tuple[str, str, str, Decimal | None]  # stage, kind, in words, margin


def _margins(result: Result) -> list[Margin]:
    race = _Race(result)
    found: list[Margin] = []
    for i, stage in enumerate(result.stages):
        found += [margin for name in stage.elected
                  if (margin := race.election(i, name)) is not None]
        excluded = [name for name in stage.excluded if name not in stage.doomed]
        if excluded:
            margin = race.exclusion(i, excluded)
            if margin is not None:
                found.append(margin)
    last = race.last_place()
    return ([last] if last is not None else []) + found


class _Race:
    """Who stood against whom at each stage, and their votes: read from the Result."""

    def __init__(self, result: Result) -> None:
        self.result = result
        self.index = {name: c for c, name in enumerate(result.candidates)}
        stages = result.stages
        self.decided: dict[str, int] = {}  # the stage each was elected or excluded at
        for i, stage in enumerate(stages):
            for name in (*stage.elected, *stage.excluded):
                self.decided.setdefault(name, i)
        self.doomed = {name for stage in stages for name in stage.doomed}
        numbers = [stage.number for stage in stages]
        self.standing: list[frozenset[str]] = [
            frozenset(result.candidates) - set(result.withdrawn)] * len(stages)
        for part in result.parts:  # separate counts: only the part's candidates stand in it
            first, last = numbers.index(part.first_stage), numbers.index(part.last_stage)
            for i in range(first, last + 1):
                self.standing[i] = frozenset(part.candidates)

    def votes(self, stage: Stage, name: str) -> Decimal:
        return stage.totals[self.index[name]]

    def votes_before_out(self, name: str) -> Decimal:
        """A candidate's vote when last in the count: before their exclusion, or at the end."""
        out = self.decided.get(name, len(self.result.stages))
        return self.votes(self.result.stages[max(out - 1, 0)], name)

    def continuing(self, i: int) -> set[str]:
        """Those still in the count when stage ``i`` began."""
        return {name for name in self.standing[i] if self.decided.get(name, i) >= i}

    def election(self, i: int, name: str) -> Margin | None:
        """Over the quota, or ahead of the best not elected; None when every candidate left
        was elected together (the last place says how close that was)."""
        stage = self.result.stages[i]
        vote = self.votes(stage, name)
        if vote >= stage.quota:
            return (stage.number, "election", f"{name} elected with {figure(vote)}, "
                    f"{figure(vote - stage.quota)} over the quota of {figure(stage.quota)}",
                    vote - stage.quota)
        rivals = self.continuing(i) - set(stage.elected) - set(stage.excluded)
        if not rivals:
            return None
        rival = max(rivals, key=lambda other: self.votes(stage, other))
        ahead = vote - self.votes(stage, rival)
        return (stage.number, "election", f"{name} elected with {figure(vote)}, below the "
                f"quota, {figure(ahead)} ahead of {rival}", ahead)

    def exclusion(self, i: int, excluded: list[str]) -> Margin | None:
        stage, before = self.result.stages[i], self.result.stages[i - 1]
        rivals = self.continuing(i) - set(stage.excluded) - set(stage.guarded)
        if not rivals:
            return None
        highest = max(excluded, key=lambda name: self.votes(before, name))
        rival = min(rivals, key=lambda name: self.votes(before, name))
        behind = self.votes(before, rival) - self.votes(before, highest)
        who = excluded[0] if len(excluded) == 1 else f"{', '.join(excluded)} ({highest} " \
                                                     "the highest)"
        return (stage.number, "exclusion", f"{who} excluded with "
                f"{figure(self.votes(before, highest))}, {figure(behind)} behind {rival}",
                behind)

    def last_place(self) -> Margin | None:
        """The last candidate elected against the runner-up, where they last stood side by
        side: the stage the last was elected at, or just before the runner-up's exclusion."""
        result = self.result
        if not result.elected:
            return None
        last = result.elected[-1]
        end = len(result.stages)
        others = [name for name in result.candidates
                  if name not in result.elected and name not in result.withdrawn]
        if not others:
            return None
        runner_up = max(others, key=lambda name: (self.decided.get(name, end),
                                                  self.votes_before_out(name)))
        elected_at, out_at = self.decided[last], self.decided.get(runner_up, end)
        at = elected_at if elected_at < out_at else out_at - 1
        stage = result.stages[max(at, 0)]
        if runner_up in self.doomed:
            return (result.stages[out_at].number, "the last place", f"{last} took the last "
                    f"place; {runner_up}, the runner-up, was excluded by the quota rules "
                    f"(stage {result.stages[out_at].number})", None)
        ahead = self.votes(stage, last) - self.votes(stage, runner_up)
        return (stage.number, "the last place", f"{last} took the last place, "
                f"{figure(ahead)} ahead of {runner_up} at stage {stage.number}", ahead)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
