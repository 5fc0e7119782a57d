"""What a Gregory-family count (Scottish STV, WIGM, ERS97) keeps as it goes, and its Result.

The papers in parcels, who is elected or out, and the stages written so far: each stage is
drafted while it happens, closed with the votes it ends on, and the finished count turns its
drafts into the Result's stages. The rule sets differ in what a stage does, not in this.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from countdesk.count.contest import Contest
from countdesk.count.lots import LotPolicy
from countdesk.count.parcels import Papers
from countdesk.count.result import Result, Stage, StageKind
from countdesk.count.ties import TieBreaker
from countdesk.count.values import Fixed

if TYPE_CHECKING:  # only named in annotations: a count without quota rules never loads it
    from countdesk.count.guard import Guard


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


class StagedCount:
    """The state every Gregory-family count shares, in scaled integers of ``fixed``."""

    def __init__(self, contest: Contest, fixed: Fixed, quota: int, lots: LotPolicy,
                 guard: Guard | None) -> None:
        self.contest = contest
        self.guard = guard
        self.fixed = fixed
        self.names = contest.candidates
        self.papers = Papers(contest, fixed.one)
        self.valid = fixed.whole(contest.valid_papers)
        self.quota = quota
        self.ties = TieBreaker(self.names, lots)
        self.lots = lots
        self.elected: list[int] = []
        self.excluded: list[int] = []
        self.drafts: list[Draft] = []
        # Each closed stage's number and votes: the points that ties look back or forward to.
        self.history: list[tuple[str, tuple[int, ...]]] = []

    def first_stage(self) -> None:
        """Stage 1: the first preferences (and, under quota rules, the guard's first look)."""
        if self.guard is not None:
            self.guard.start(self.continuing())
        self.drafts.append(Draft("1", StageKind.FIRST_PREFERENCES, "First preferences counted"))
        self.papers.first_preferences("1")
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
        if self.guard is None:
            return
        continuing = self.continuing()
        self.drafts[-1].guarded = self.guard.names_of(
            self.guard.guarded(self.elected, continuing))
        for text in self.guard.guard_notes(self.elected, continuing):
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
        show, names = self.fixed.decimal, self.names
        stages = []
        previous = (0,) * len(names)
        for draft in self.drafts:
            stages.append(Stage(
                number=draft.number, kind=draft.kind, action=draft.action,
                quota=show(draft.quota),
                totals=tuple(show(v) for v in draft.totals),
                transfers=tuple(show(v - p) for v, p in zip(draft.totals, previous,
                                                            strict=True)),
                non_transferable=show(draft.non_transferable),
                loss_by_fractions=show(draft.loss), subjects=draft.subjects,
                elected=tuple(draft.elected), excluded=draft.excluded,
                notes=tuple(draft.notes), guarded=draft.guarded,
                doomed=tuple(draft.doomed)))
            previous = draft.totals
        left_over = self.continuing()
        withdrawn = tuple(names[c] for c in sorted(self.contest.withdrawn))
        notes = [f"Quota {show(self.quota)}: {dict(parameters)['quota']}."]
        if withdrawn:
            notes.append(f"Withdrawn: {', '.join(withdrawn)}. Their names are passed over on "
                         "every paper, as if they were not there.")
        notes += self.lots.seed_notes(self.ties.decisions)
        if self.guard is not None:
            notes += self.guard.result_notes()
        if len(self.elected) < self.contest.seats:
            notes.append(f"Only {len(self.elected)} of {self.contest.seats} places could be "
                         "filled: there were not enough candidates.")
        return Result(
            title=self.contest.title, rules=name, rules_key=key, parameters=tuple(parameters),
            candidates=names, seats=self.contest.seats, valid_votes=show(self.valid),
            quota=show(self.quota), elected=tuple(names[c] for c in self.elected),
            excluded=tuple(names[c] for c in self.excluded + left_over),
            left_over=tuple(names[c] for c in left_over), stages=tuple(stages),
            ties=tuple(self.ties.decisions), seed=self.lots.seed, notes=tuple(notes),
            withdrawn=withdrawn)
