"""The Gregory count: Scottish STV and weighted inclusive Gregory, stage by stage.

Each stage either transfers the largest surplus (all the elected candidate's papers, each
at surplus × its value ÷ the candidate's total) or excludes the lowest continuing candidate
(all their papers, at their values); after each, everyone at or above the quota is elected,
highest vote first. The count stops when the places are filled, or when the continuing
candidates are no more than the places left (they are all elected, with no further transfer).

Quota rules are kept by a `QuotaKeeping` (quota_keeping.py; guard.py for guard and doom):
each stage first excludes together every doomed candidate; a guarded candidate is never the
one excluded; and a doomed candidate is not elected, even at or above the quota.
"""

from __future__ import annotations

from countdesk.count.contest import Contest
from countdesk.count.lots import LotPolicy
from countdesk.count.quota_keeping import NO_QUOTA_RULES, QuotaKeeping
from countdesk.count.result import Result, StageKind
from countdesk.count.rules import GregoryRules
from countdesk.count.stages import Draft, StagedCount


class _GregoryCount(StagedCount):
    def __init__(self, contest: Contest, rules: GregoryRules, lots: LotPolicy,
                 quota_rules: QuotaKeeping) -> None:
        super().__init__(contest, rules.fixed, rules.quota(contest.valid_papers, contest.seats),
                         lots, quota_rules)
        self.rules = rules
        self.surplus_pending: list[int] = []  # elected, surplus not yet transferred

    # -- the count -----------------------------------------------------------------------
    def run(self) -> Result:
        self.first_stage()
        self.elect_reaching_quota()
        while self.places_left() > 0:
            if len(self.continuing()) <= self.places_left():
                self.elect_the_rest()
                break
            number = str(self.contest.first_stage + len(self.drafts))
            doomed = self.quota_rules.doomed(self.elected, self.continuing())
            if doomed:
                self.exclude_doomed(number, doomed)
            elif self.surplus_pending:
                self.transfer_surplus(number)
            else:
                self.exclude_lowest(number)
            self.elect_reaching_quota()
        return self.finish(self.rules.name, self.rules.key, self.rules.parameters())

    def elect_reaching_quota(self) -> None:
        papers = self.papers
        reaching = [c for c in self.continuing() if papers.votes[c] >= self.quota]
        for c in self.in_order(reaching):
            if self.places_left() == 0:
                break
            if not self.quota_rules.may_elect(c, self.elected, self.continuing()):
                self.note(self.quota_rules.withheld_note(c, self.elected, self.continuing()))
                self.drafts[-1].doomed.append(self.names[c])
                continue
            self.elect(c, f"{self.names[c]} elected with {self.show(papers.votes[c])}, "
                          f"at least the quota of {self.show(self.quota)}")
            if papers.votes[c] > self.quota:
                self.surplus_pending.append(c)

    def elect_the_rest(self) -> None:
        rest = self.in_order(self.continuing())
        for c in rest:
            self.elect(c, f"{self.names[c]} elected: the continuing candidates are no more "
                          "than the places left, so no further transfer is made")

    def elect(self, c: int, reason: str) -> None:
        self.papers.continuing[c] = False
        self.elected.append(c)
        self.drafts[-1].elected.append(self.names[c])
        self.note(reason)

    def in_order(self, candidates: list[int]) -> list[int]:
        """The order of election: highest vote first; equal votes by the most recent
        earlier stage where they differed, then in ballot-paper order. No lot: with a
        quota no more can reach it than there are places, so the order decides nothing
        (which surplus moves first is decided, where it matters, when it moves)."""
        stages = [totals for _, totals in reversed(self.history)]
        return sorted(candidates, key=lambda c: ([-t[c] for t in stages], c))

    def transfer_surplus(self, number: str) -> None:
        votes = self.papers.votes
        top = max(votes[c] for c in self.surplus_pending)
        tied = [c for c in self.surplus_pending if votes[c] == top]
        draft = Draft(number, StageKind.SURPLUS, "")
        self.drafts.append(draft)
        self.mark_guards()
        before = len(self.ties.decisions)
        c = self.ties.backwards(number, "order of surpluses", tied, self.history, lowest=False)
        self.tie_notes(before)
        self.surplus_pending.remove(c)
        total = votes[c]
        surplus = total - self.quota
        draft.subjects = (self.names[c],)
        draft.action = (
            f"Surplus of {self.names[c]} ({self.show(surplus)}) transferred: every paper "
            f"moves at surplus × its value ÷ {self.show(total)}, to {self.rules.places} "
            "decimal places, remainder ignored")
        groups = self.papers.take(c)
        moved = self.papers.send(
            groups, number, lambda v: self.rules.transfer_value(v, surplus, total))
        votes[c] = self.quota
        self.papers.loss += surplus - moved.total
        self.close()

    def exclude_lowest(self, number: str) -> None:
        votes = self.papers.votes
        continuing = self.continuing()
        draft = Draft(number, StageKind.EXCLUSION, "")
        self.drafts.append(draft)
        self.mark_guards()
        passed_over = False
        if draft.guarded:
            lowest = min(votes[c] for c in continuing)
            for c in continuing:
                if votes[c] == lowest and self.names[c] in draft.guarded:
                    self.note(self.quota_rules.passed_over_note(c, self.elected, continuing))
                    passed_over = True
        continuing = self.quota_rules.unguarded(self.elected, continuing)
        low = min(votes[c] for c in continuing)
        tied = [c for c in continuing if votes[c] == low]
        before = len(self.ties.decisions)
        c = self.ties.backwards(number, "exclusion", tied, self.history, lowest=True)
        self.tie_notes(before)
        self.papers.continuing[c] = False
        self.excluded.append(c)
        draft.subjects = draft.excluded = (self.names[c],)
        lowest = "lowest vote of those not kept" if passed_over else "lowest vote"
        draft.action = (f"{self.names[c]} excluded with the {lowest} ({self.show(low)}); "
                        "their papers move at the values they carry")
        self.papers.send(self.papers.take(c), number)
        votes[c] = 0
        self.close()

    def exclude_doomed(self, number: str, doomed: list[int]) -> None:
        """Every doomed candidate excluded together, their papers at the values they carry."""
        draft = Draft(number, StageKind.EXCLUSION, "")
        self.drafts.append(draft)
        self.mark_guards()
        continuing = self.continuing()
        for text in self.quota_rules.doom_notes(doomed, self.elected, continuing):
            self.note(text)
        names = tuple(self.names[c] for c in doomed)
        draft.subjects = draft.excluded = names
        draft.doomed.extend(names)
        who = ", ".join(f"{self.names[c]} ({self.show(self.papers.votes[c])})" for c in doomed)
        together = " together" if len(doomed) > 1 else ""
        draft.action = (f"{who} excluded{together}: electing them would break the quota "
                        "rules; their papers move at the values they carry")
        moving: list[int] = []
        for c in doomed:
            self.papers.continuing[c] = False
        for c in doomed:
            moving += self.papers.take(c)
            self.papers.votes[c] = 0
        self.excluded.extend(doomed)
        self.papers.send(moving, number)
        self.close()


def count_gregory(contest: Contest, rules: GregoryRules, lots: LotPolicy,
                  quota_rules: QuotaKeeping = NO_QUOTA_RULES) -> Result:
    """Count a contest under a Gregory rule set (Scottish STV or weighted inclusive Gregory),
    keeping its quota rules, if any."""
    return _GregoryCount(contest, rules, lots, quota_rules).run()
