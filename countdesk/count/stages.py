"""The stages of a count as they are written, and the finished count's Result.

Every rule set drafts each stage while it happens and closes it with the votes it ends on;
`result` turns the drafts into the Result's stages and writes the notes every count shares
(the withdrawn, the seed of any lot, the quota rules, places left unfilled). `StagedCount`
is the state a Gregory-family count (Scottish STV, WIGM, ERS97) keeps besides: the papers in
parcels, who is elected or out. The rule sets differ in what a stage does, not in this.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from countdesk.count.contest import Contest
from countdesk.count.lots import LotPolicy
from countdesk.count.parcels import Papers
from countdesk.count.quota_keeping import QuotaKeeping
from countdesk.count.result import Result, Stage, StageKind, TieDecision
from countdesk.count.ties import TieBreaker
from countdesk.count.values import Fixed


@dataclass
class Draft:
    """A stage (or ERS97 sub-stage) being written: frozen into a `Stage` once it is closed."""

    number: str
    kind: StageKind
    action: str
    subjects: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    elected: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    guarded: tuple[str, ...] = ()
    doomed: list[str] = field(default_factory=list)
    totals: tuple[int, ...] = ()
    quota: int = 0
    non_transferable: int = 0
    loss: int = 0
    keep_values: tuple[int, ...] = ()  # Meek: each candidate's keep value
    iterations: int = 0  # Meek: iterations this stage took


def result(contest: Contest, fixed: Fixed, rules: tuple[str, str, Sequence[tuple[str, str]]],
           drafts: Sequence[Draft], *, quota: int, elected: Sequence[int],
           excluded: Sequence[int], left_over: Sequence[int], ties: Sequence[TieDecision],
           lots: LotPolicy, quota_rules: QuotaKeeping, notes: Sequence[str],
           withdrawn_note: str) -> Result:
    """A finished count's Result: its closed stages, and after the rule set's own ``notes``
    those every count shares. ``rules`` is the rule set's (name, key, parameters);
    ``withdrawn_note`` says, after their names, how the withdrawn were passed over."""
    names = contest.candidates
    shown: dict[int, Decimal] = {}  # most figures recur from stage to stage: each made once

    def show(value: int) -> Decimal:
        found = shown.get(value)
        if found is None:
            found = shown[value] = fixed.decimal(value)
        return found

    stages = []
    previous = (0,) * len(names)
    for draft in drafts:
        stages.append(Stage(
            number=draft.number, kind=draft.kind, action=draft.action,
            quota=show(draft.quota),
            totals=tuple(show(v) for v in draft.totals),
            transfers=tuple(show(v - p) for v, p in zip(draft.totals, previous, strict=True)),
            non_transferable=show(draft.non_transferable),
            loss_by_fractions=show(draft.loss), subjects=draft.subjects,
            elected=tuple(draft.elected), excluded=draft.excluded,
            notes=tuple(draft.notes), guarded=draft.guarded,
            doomed=tuple(draft.doomed), keep_values=tuple(show(k) for k in draft.keep_values),
            iterations=draft.iterations))
        previous = draft.totals
    withdrawn = tuple(names[c] for c in sorted(contest.withdrawn))
    notes = list(notes)
    if withdrawn and not contest.part:  # a part's others are named by the whole result
        notes.append(f"Withdrawn: {', '.join(withdrawn)}. {withdrawn_note}")
    notes += lots.seed_notes(ties)
    notes += quota_rules.result_notes()
    if len(elected) < contest.seats:
        notes.append(f"Only {len(elected)} of {contest.seats} places could be filled: "
                     "there were not enough candidates.")
    name, key, parameters = rules
    return Result(
        title=contest.title, rules=name, rules_key=key, parameters=tuple(parameters),
        candidates=names, seats=contest.seats, valid_votes=show(fixed.whole(
            contest.valid_papers)),
        quota=show(quota), elected=tuple(names[c] for c in elected),
        excluded=tuple(names[c] for c in (*excluded, *left_over)),
        left_over=tuple(names[c] for c in left_over), stages=tuple(stages),
        ties=tuple(ties), seed=lots.seed, notes=tuple(notes), withdrawn=withdrawn)


class StagedCount:
    """The state every Gregory-family count shares, in scaled integers of ``fixed``."""

    def __init__(self, contest: Contest, fixed: Fixed, quota: int, lots: LotPolicy,
                 quota_rules: QuotaKeeping) -> None:
        self.contest = contest
        self.quota_rules = quota_rules
        self.fixed = fixed
        self.names = contest.candidates
        self.papers = Papers(contest, fixed.one)
        self.valid = fixed.whole(contest.valid_papers)
        self.quota = quota
        self.ties = TieBreaker(self.names, lots, contest.first_stage)
        self.lots = lots
        self.elected: list[int] = []
        self.excluded: list[int] = []
        self.drafts: list[Draft] = []
        # Each closed stage's number and votes: the points that ties look back or forward to.
        self.history: list[tuple[str, tuple[int, ...]]] = []

    def first_stage(self) -> None:
        """Stage 1: the first preferences (and, under quota rules, the guard's first look)."""
        self.quota_rules.start(self.continuing())
        first = str(self.contest.first_stage)
        self.drafts.append(Draft(first, StageKind.FIRST_PREFERENCES, "First preferences counted"))
        self.papers.first_preferences(first)
        self.close()

    def continuing(self) -> list[int]:
        return [c for c, on in enumerate(self.papers.continuing) if on]

    def places_left(self) -> int:
        return self.contest.seats - len(self.elected)

    def show(self, value: int) -> str:
        return str(self.fixed.decimal(value))

    def note(self, text: str) -> None:
        self.drafts[-1].notes.append(text)

    def tie_notes(self, before: int) -> None:
        """Every tie decided since ``before``, in words on the stage being written."""
        for decision in self.ties.decisions[before:]:
            self.note(decision.describe())

    def mark_guards(self) -> None:
        """On a new stage: who is guarded as it starts, and the first word on each."""
        continuing = self.continuing()
        self.drafts[-1].guarded = self.quota_rules.names_of(
            self.quota_rules.guarded(self.elected, continuing))
        for text in self.quota_rules.guard_notes(self.elected, continuing):
            self.note(text)

    def close(self) -> None:
        """End a stage: record the votes, quota and losses it ends on."""
        draft = self.drafts[-1]
        draft.totals = tuple(self.papers.votes)
        draft.quota = self.quota
        draft.non_transferable = self.papers.exhausted
        draft.loss = self.papers.loss
        self.history.append((draft.number, draft.totals))

    def finish(self, name: str, key: str, parameters: Sequence[tuple[str, str]]) -> Result:
        """The finished count's Result: every closed stage, and the notes in words."""
        return result(
            self.contest, self.fixed, (name, key, parameters), self.drafts, quota=self.quota,
            elected=self.elected, excluded=self.excluded, left_over=self.continuing(),
            ties=self.ties.decisions, lots=self.lots, quota_rules=self.quota_rules,
            notes=[f"Quota {self.show(self.quota)}: {dict(parameters)['quota']}."],
            withdrawn_note="Their names are passed over on every paper, as if they were not "
                           "there.")
