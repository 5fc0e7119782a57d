"""The Meek count: keep values iterated until the elected candidates' surpluses vanish.

Every candidate has a keep value: 1 while hopeful, 0 once excluded (or withdrawn), and for
an elected candidate the share of each paper reaching them that they keep, lowered each
iteration (keep × quota ÷ votes) until their vote is the quota. Every iteration
distributes every paper afresh and recomputes the quota from the vote still with
candidates.

Stages, as on the sheet: stage 1 is the first preferences; then one stage per event —
iterations of the surpluses up to an election or an exclusion ("surplus" stages, with
the number of iterations they took), each exclusion, and the last places filled when the
hopeful candidates are no more than the places left.

- ``meek`` (Algorithm 123): a surplus stage iterates until every elected candidate is
  within the tolerance of the quota, then elects everyone at or above the quota; when the
  surpluses have converged, the lowest hopeful candidate is excluded, the papers
  distributed once, and everyone at or above the quota is elected.
- ``meek-nz`` (Sch. 1A): each iteration elects at once anyone reaching the quota (cl 12),
  which ends the stage; before each iteration, clause 13 decides whether the lowest
  hopeful candidate is excluded instead. An exclusion's iteration also updates the keep
  values (cl 17) before the papers are distributed again (cl 10).

Quota rules are kept by a `QuotaKeeping` (quota_keeping.py; guard.py for guard and doom):
each stage starts by excluding together every doomed
candidate (keep values 0, the papers distributed again as the variant does after an
exclusion); exclusion, and clause 13's test, take only unguarded candidates; and a doomed
candidate is not elected, even at or above the quota (an NZ stage ends there).
"""

from __future__ import annotations

from countdesk.count import stages
from countdesk.count.contest import Contest
from countdesk.count.lots import LotPolicy
from countdesk.count.meek_rules import MeekRules
from countdesk.count.meek_tree import RankingTree
from countdesk.count.quota_keeping import NO_QUOTA_RULES, QuotaKeeping
from countdesk.count.result import Result, StageKind, TieDecision
from countdesk.count.stages import Draft
from countdesk.count.ties import TieBreaker


def _event(kind: StageKind, action: str, iterations: int, **what: tuple[str, ...]) -> Draft:
    """What a stage did, before its number and figures are written down (`record`)."""
    return Draft("", kind, action, iterations=iterations, **what)  # type: ignore[arg-type]


class _MeekCount:
    def __init__(self, contest: Contest, rules: MeekRules, lots: LotPolicy,
                 quota_rules: QuotaKeeping) -> None:
        self.contest = contest
        self.quota_rules = quota_rules
        self.guarded: tuple[str, ...] = ()  # as the stage started
        self.guard_notes: list[str] = []  # for the stage's first record
        self.rules = rules
        self.fixed = rules.fixed
        self.one = rules.fixed.one
        self.names = contest.candidates
        self.seats = contest.seats
        self.lots = lots
        self.tree = RankingTree(contest.groups)
        self.valid = self.fixed.whole(contest.valid_papers)
        self.keep = [0 if c in contest.withdrawn else self.one for c in range(len(self.names))]
        self.hopeful = [c for c in range(len(self.names)) if c not in contest.withdrawn]
        self.elected: list[int] = []
        self.excluded: list[int] = []
        self.ties = TieBreaker(self.names, lots, contest.first_stage)
        self.drafts: list[Draft] = []
        self.votes: list[int] = [0] * len(self.names)
        self.exhausted = 0
        self.quota = 0
        self.stalled = False

    # -- arithmetic ----------------------------------------------------------------------
    def distribute(self) -> None:
        self.votes, self.exhausted = self.tree.distribute(
            self.keep, self.one, self.rules, len(self.names))
        self.quota = self.rules.quota(self.valid - self.exhausted, self.seats)

    def surpluses(self) -> list[int]:
        return [max(0, self.votes[c] - self.quota) for c in self.elected]

    def update_keep_values(self) -> None:
        for c in self.elected:
            if self.votes[c] > 0:
                self.keep[c] = min(self.one, self.rules.new_keep_value(
                    self.keep[c], self.quota, self.votes[c]))

    def show(self, value: int) -> str:
        return str(self.fixed.decimal(value))

    # -- the count -----------------------------------------------------------------------
    def complete(self) -> bool:
        places_left = self.seats - len(self.elected)
        return places_left <= 0 or len(self.hopeful) <= places_left

    def run(self) -> Result:
        quota_rules = self.quota_rules
        quota_rules.start(self.hopeful)
        self.distribute()
        event = _event(StageKind.FIRST_PREFERENCES, "First preferences counted", 1)
        self.elect_reaching_quota(event)
        self.record(event)
        while not self.complete():
            self.guarded = quota_rules.names_of(quota_rules.guarded(self.elected, self.hopeful))
            self.guard_notes = quota_rules.guard_notes(self.elected, self.hopeful)
            doomed = quota_rules.doomed(self.elected, self.hopeful)
            if doomed:
                self.doomed_stage(doomed)
            elif self.rules.new_zealand:
                self.nz_stage()
            else:
                self.algorithm123_stage()
        if len(self.elected) < self.seats and self.hopeful:
            self.elect_the_rest()
        return self.result()

    def algorithm123_stage(self) -> None:
        if self.stalled or self.rules.converged(self.surpluses(), self.quota):
            self.stalled = False
            event = self.exclusion(self.lowest_hopeful())
            self.distribute()
        else:
            subjects = self.with_surplus()
            iterations, stalled = 0, False
            previous = sum(self.surpluses())
            while not self.rules.converged(self.surpluses(), self.quota):
                self.update_keep_values()
                self.distribute()
                iterations += 1
                total = sum(self.surpluses())
                if total >= previous:
                    stalled = True
                    break
                previous = total
            self.stalled = stalled  # the surpluses can fall no further: exclude next
            event = self.surplus_event(subjects, iterations, stalled)
        self.elect_reaching_quota(event)
        self.record(event)

    def nz_stage(self) -> None:
        subjects = self.with_surplus()
        iterations = 0
        previous: int | None = None
        while True:
            total = sum(self.surpluses())
            stalled = previous is not None and total >= previous
            if self.clause13(total, stalled):
                break
            previous = total
            self.update_keep_values()
            self.distribute()
            iterations += 1
            event = self.surplus_event(subjects, iterations, False)
            if self.elect_reaching_quota(event):
                self.record(event)
                return
        if iterations:
            event = self.surplus_event(subjects, iterations, stalled)
            self.record(event)
        loser = self.sure_loser(total)
        event = self.exclusion(self.lowest_hopeful() if loser is None else loser)
        self.update_keep_values()
        self.distribute()
        self.elect_reaching_quota(event)
        self.record(event)

    def clause13(self, surplus: int, stalled: bool) -> bool:
        """Sch. 1A cl 13: whether the lowest hopeful candidate is excluded now.

        Yes once their votes plus the total surplus are below the next lowest's (no
        transfer of the surplus could save them), or once the total surplus is below
        0.0001. An iteration that no longer lowers the surplus counts as converged (the
        fixed precision can go no further; our reading of cl 23).
        """
        return (self.sure_loser(surplus) is not None or stalled
                or self.rules.converged(self.surpluses(), self.quota))

    def doomed_stage(self, doomed: list[int]) -> None:
        names = tuple(self.names[c] for c in doomed)
        who = ", ".join(f"{self.names[c]} ({self.show(self.votes[c])})" for c in doomed)
        together = " together" if len(doomed) > 1 else ""
        event = _event(
            StageKind.EXCLUSION,
            f"{who} excluded{together}: electing them would break the quota rules; their "
            "keep value is 0, so their papers pass on at full value", 1,
            subjects=names, excluded=names)
        event.notes += self.quota_rules.doom_notes(doomed, self.elected, self.hopeful)
        event.doomed += names
        for c in doomed:
            self.hopeful.remove(c)
            self.excluded.append(c)
            self.keep[c] = 0
        self.stalled = False
        if self.rules.new_zealand:
            self.update_keep_values()
        self.distribute()
        self.elect_reaching_quota(event)
        self.record(event)

    def excludable(self) -> list[int]:
        """The hopeful candidates that may be excluded: all but the guarded."""
        return self.quota_rules.unguarded(self.elected, self.hopeful)

    def sure_loser(self, surplus: int) -> int | None:
        ordered = sorted(self.excludable(), key=lambda c: self.votes[c])
        if len(ordered) > 1 and self.votes[ordered[0]] + surplus < self.votes[ordered[1]]:
            return ordered[0]
        return None

    def with_surplus(self) -> tuple[str, ...]:
        return tuple(self.names[c] for c in self.elected if self.votes[c] > self.quota)

    def surplus_event(self, subjects: tuple[str, ...], iterations: int,
                      stalled: bool) -> Draft:
        times = "iteration" if iterations == 1 else "iterations"
        event = _event(
            StageKind.SURPLUS,
            f"Surplus of {', '.join(subjects)} distributed: keep values recomputed "
            f"({iterations} {times})", iterations, subjects=subjects)
        if stalled:
            event.notes.append("The total surplus stopped falling at this precision, so "
                               "the iteration stopped there.")
        return event

    def exclusion(self, c: int) -> Draft:
        self.hopeful.remove(c)
        self.excluded.append(c)
        self.keep[c] = 0
        return _event(
            StageKind.EXCLUSION,
            f"{self.names[c]} excluded with the lowest vote ({self.show(self.votes[c])}); "
            "their keep value is 0, so their papers pass on at full value", 1,
            subjects=(self.names[c],), excluded=(self.names[c],))

    def lowest_hopeful(self) -> int:
        candidates = self.excludable()
        low = min(self.votes[c] for c in candidates)
        tied = [c for c in candidates if self.votes[c] == low]
        self.guard_notes += [self.quota_rules.passed_over_note(c, self.elected, self.hopeful)
                             for c in self.hopeful if c not in candidates and self.votes[c] <= low]
        return self.break_tie("exclusion", tied, lowest=True)

    def elect_reaching_quota(self, event: Draft) -> bool:
        reaching = [c for c in self.hopeful if self.votes[c] >= self.quota]
        while reaching and len(self.elected) < self.seats:
            top = max(self.votes[c] for c in reaching)
            c = self.break_tie("order of election",
                               [c for c in reaching if self.votes[c] == top], lowest=False)
            reaching.remove(c)
            if not self.quota_rules.may_elect(c, self.elected, self.hopeful):
                event.notes.append(self.quota_rules.withheld_note(c, self.elected,
                                                                  self.hopeful))
                event.doomed.append(self.names[c])
                continue
            self.hopeful.remove(c)
            self.elected.append(c)
            event.elected.append(self.names[c])
            event.notes.append(f"{self.names[c]} elected with {self.show(self.votes[c])}, "
                               f"at least the quota of {self.show(self.quota)}.")
        return bool(event.elected or event.doomed)

    def elect_the_rest(self) -> None:
        event = _event(StageKind.ELECTION, "The hopeful candidates are no more than the "
                       "places left: all are elected", 0)
        while self.hopeful:
            top = max(self.votes[c] for c in self.hopeful)
            c = self.break_tie("order of election",
                               [c for c in self.hopeful if self.votes[c] == top], lowest=False)
            self.hopeful.remove(c)
            self.elected.append(c)
            event.elected.append(self.names[c])
        self.record(event)

    def break_tie(self, purpose: str, tied: list[int], lowest: bool) -> int:
        """Equal votes: for Sch. 1A, ahead at the first difference (the earliest stage where
        they differed); then, and for Algorithm 123 at once, by lot."""
        stage = self.next_number()
        if len(tied) == 1:
            return tied[0]
        tied = sorted(tied)
        if self.rules.new_zealand:
            remaining = tied
            for recorded in self.drafts:
                values = {c: recorded.totals[c] for c in remaining}
                target = min(values.values()) if lowest else max(values.values())
                if len(set(values.values())) > 1:
                    remaining = [c for c in remaining if values[c] == target]
                if len(remaining) == 1:
                    self.ties.decisions.append(TieDecision(
                        stage, purpose, tuple(self.names[c] for c in tied),
                        self.names[remaining[0]],
                        f"ahead at the first difference, stage {recorded.number}"))
                    return remaining[0]
            tied = remaining
        return self.ties.by_lot(stage, purpose, tied)

    # -- the record ----------------------------------------------------------------------
    def next_number(self) -> str:
        return str(self.contest.first_stage + len(self.drafts))

    def record(self, event: Draft) -> None:
        """Close the stage ``event`` with the figures the count now stands at."""
        event.number = self.next_number()
        decisions = [d.describe() for d in self.ties.decisions if d.stage == event.number]
        event.notes[:0] = decisions + self.guard_notes
        event.guarded = self.guarded
        event.totals = tuple(self.votes)
        event.quota = self.quota
        event.non_transferable = self.exhausted
        event.loss = self.valid - sum(self.votes) - self.exhausted
        event.keep_values = tuple(self.keep)
        self.drafts.append(event)
        self.guard_notes = []

    def result(self) -> Result:
        params = dict(self.rules.parameters())
        return stages.result(
            self.contest, self.fixed, (self.rules.name, self.rules.key, self.rules.parameters()),
            self.drafts, quota=self.quota, elected=self.elected, excluded=self.excluded,
            left_over=sorted(self.hopeful, key=lambda c: (-self.votes[c], c)),
            ties=self.ties.decisions, lots=self.lots, quota_rules=self.quota_rules,
            notes=[f"Counted by {self.rules.name}, at {params['precision']}.",
                   f"Quota: {params['quota']}.", f"Tolerance: {params['tolerance']}.",
                   f"Ties: {params['ties']}."],
            withdrawn_note="Their keep value is 0 throughout, so their names are passed over "
                           "on every paper.")


def count_meek(contest: Contest, rules: MeekRules, lots: LotPolicy,
               quota_rules: QuotaKeeping = NO_QUOTA_RULES) -> Result:
    """Count a contest by Meek's method (Algorithm 123, or New Zealand's Schedule 1A),
    keeping its quota rules, if any."""
    return _MeekCount(contest, rules, lots, quota_rules).run()
