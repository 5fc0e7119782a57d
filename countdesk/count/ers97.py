"""The ERS97 count (Electoral Reform Society rules, 1997), stage by stage and batch by batch.

Each stage transfers the largest surplus that is not deferred (5.2.2–5.2.4) — from a
first-stage surplus all the papers, from a later one only the last batch received (5.3.1,
5.3.2) — or excludes the lowest candidate or candidates (5.2.5), moving their papers one
batch of one transfer value at a time, highest value first; each batch is a sub-stage
("5.1", "5.2", …) after which the quota may be reduced (5.4.8) and elections are checked
(5.4.9–5.4.11). Ties look forwards over the stages and sub-stages, then go to lot.

Quota rules are kept by a `QuotaKeeping` (quota_keeping.py; guard.py for guard and doom):
each stage first excludes together every doomed candidate, as
a bulk exclusion whose papers move batch by batch; a guarded candidate is never excluded —
a bulk exclusion (and so a deferral) takes only candidates below the lowest guarded one,
and only as many as leave the quota rules still possible;
and a doomed candidate is not deemed elected, whatever their vote.
"""

from __future__ import annotations

from collections.abc import Sequence

from countdesk.count import ers97_rules as rules
from countdesk.count.contest import Contest
from countdesk.count.lots import LotPolicy
from countdesk.count.quota_keeping import NO_QUOTA_RULES, QuotaKeeping
from countdesk.count.result import Result, StageKind, TieDecision
from countdesk.count.stages import Draft, StagedCount


class _Ers97Count(StagedCount):
    def __init__(self, contest: Contest, lots: LotPolicy, quota_rules: QuotaKeeping) -> None:
        valid = rules.FIXED.whole(contest.valid_papers)
        super().__init__(contest, rules.FIXED, rules.quota(valid, contest.seats), lots,
                         quota_rules)
        self.withheld: set[int] = set()  # doomed at the quota: excluded at the next stage
        self.pending: list[int] = []  # elected, surplus not yet transferred

    def surplus(self, c: int) -> int:
        return self.papers.votes[c] - self.quota

    # -- ties, looking forwards ----------------------------------------------------------
    def record(self) -> tuple[tuple[int, ...], ...]:
        """Each candidate's votes at every point so far, first stage first."""
        return tuple(zip(*(totals for _, totals in self.history), strict=True))

    def differed(self, tied: Sequence[int]) -> str:
        """The earliest point at which the tied candidates did not all have equal votes."""
        for label, totals in self.history:
            if len({totals[c] for c in tied}) > 1:
                return label
        return self.history[-1][0]

    def forwards(self, stage: str, purpose: str, tied: Sequence[int], lowest: bool) -> int:
        """5.2.3, 5.2.5: the one with the greatest (``lowest``: fewest) votes at the first
        stage or the earliest point where they differed; equal at every point: by lot."""
        tied = sorted(tied)
        if len(tied) == 1:
            return tied[0]
        record = self.record()
        pick = min if lowest else max
        best = pick(record[c] for c in tied)
        leaders = [c for c in tied if record[c] == best]
        if len(leaders) > 1:
            return self.ties.by_lot(stage, purpose, leaders)
        chosen = leaders[0]
        self.ties.decisions.append(TieDecision(
            stage, purpose, tuple(self.names[c] for c in tied), self.names[chosen],
            f"looking forwards: stage {self.differed(tied)} is the earliest point where "
            "they differed"))
        return chosen

    # -- the count -----------------------------------------------------------------------
    def run(self) -> Result:
        self.first_stage()
        self.elect_reaching()
        number = self.contest.first_stage
        while self.places_left() > 0:
            continuing = self.continuing()
            if len(continuing) <= self.places_left():
                self.elect_all(continuing, "the continuing candidates are no more than the "
                                           "places left")
                break
            number += 1
            before = len(self.ties.decisions)
            doomed = self.quota_rules.doomed(self.elected, continuing)
            if doomed:
                self.exclude(str(number), doomed, before, doomed_by_quota_rules=True)
                continue
            group = self.to_exclude(str(number))
            if self.pending and not group:
                self.transfer_surplus(str(number))
            elif len(continuing) - len(group) == self.places_left():
                self.last_places(str(number), group, continuing, before)
                break
            else:
                self.exclude(str(number), group, before)
        return self.finish(rules.NAME, "ers97", rules.PARAMETERS)

    def to_exclude(self, number: str) -> list[int]:
        """5.2.2 and 5.2.5: the candidates to exclude together now, or none when a surplus
        is to be transferred instead (it is deferred exactly when a group can go)."""
        votes = self.papers.votes
        continuing = sorted(self.continuing(), key=lambda c: (votes[c], c))
        deferred = sum(self.surplus(c) for c in self.pending)
        unguarded = self.quota_rules.unguarded(self.elected, continuing)
        below = next((i for i, c in enumerate(continuing) if c not in unguarded),
                     len(continuing))  # the first guarded candidate, from the lowest vote
        most = min(len(continuing) - self.places_left(), below)
        k = rules.excludable([votes[c] for c in continuing], deferred, most)
        # Each candidate of a group may be unguarded while the group together is not (two
        # women, one needed): the group shrinks until the quota rules can still be met.
        while k > 1 and not self.quota_rules.can_leave(self.elected, continuing[k:]):
            k = rules.excludable([votes[c] for c in continuing], deferred, k - 1)
        if k or self.pending:
            return continuing[:k]
        low = votes[unguarded[0]]
        tied = [c for c in unguarded if votes[c] == low]
        return [self.forwards(number, "exclusion", tied, lowest=True)]

    def active_vote(self) -> int:
        """6.20 and 5.6.1: the total valid vote less the non-transferable vote and the
        quotas (or votes, if less) of those deemed elected — that is, the continuing
        candidates' votes, surpluses awaiting transfer and papers still to move."""
        votes = self.papers.votes
        held = sum(min(votes[c], self.quota) for c in self.elected)
        return self.valid - self.papers.exhausted - self.papers.loss - held

    def elect_reaching(self) -> None:
        """5.1.7, 5.3.13, 5.4.9 with 5.6.2: in descending order of votes, elect whoever has
        the quota or the total active vote ÷ (places unfilled + 1), up to the places left."""
        votes = self.papers.votes
        while self.places_left() > 0:
            continuing = [c for c in self.continuing() if c not in self.withheld]
            if not continuing:
                return
            top = max(votes[c] for c in continuing)
            need = max(1, min(self.quota, rules.threshold(self.active_vote(),
                                                          self.places_left())))
            if top < need:
                return
            record = self.record()
            group = sorted((c for c in continuing if votes[c] == top),
                           key=lambda c: ([-v for v in record[c]], c))
            places = self.places_left()
            if len(group) > places and record[group[places - 1]] == record[group[places]]:
                self.equal_throughout(group, places, record)
                return
            if len(group) > places:
                self.ties.decisions.append(TieDecision(
                    self.drafts[-1].number, "the last places",
                    tuple(self.names[c] for c in group),
                    ", ".join(self.names[c] for c in group[:places]),
                    f"looking forwards: stage {self.differed(group)} is the earliest point "
                    "where they differed (5.6.2)"))
                self.note(self.ties.decisions[-1].describe())
            for c in group[:places]:
                self.elect(c, self.why(c, need))

    def equal_throughout(self, group: list[int], places: int,
                         record: tuple[tuple[int, ...], ...]) -> None:
        """5.6.2: more have reached it than places are left; those the earliest differing
        point puts first are elected, but those equal at every point are not, this stage."""
        boundary = record[group[places - 1]]
        for c in group:
            if record[c] > boundary:
                self.elect(c, self.why(c, self.quota) + " (5.6.2: ahead of those tied with "
                                                        "them at the earliest point they "
                                                        "differed)")
        equal = [self.names[c] for c in group if record[c] == boundary]
        self.note(f"{', '.join(equal)} have equal votes now and at every earlier point, and "
                  "there are not places for them all: none of them is deemed elected at "
                  "this stage (5.6.2)")

    def why(self, c: int, need: int) -> str:
        vote = self.papers.votes[c]
        if vote >= self.quota:
            return (f"{self.names[c]} deemed elected with {self.show(vote)}, at least the "
                    f"quota of {self.show(self.quota)}")
        return (f"{self.names[c]} deemed elected with {self.show(vote)}, at least the total "
                f"active vote divided by one more than the places unfilled "
                f"({self.show(need)})")

    def elect(self, c: int, reason: str) -> None:
        if not self.quota_rules.may_elect(c, self.elected, self.continuing()):
            self.note(self.quota_rules.withheld_note(c, self.elected, self.continuing()))
            self.drafts[-1].doomed.append(self.names[c])
            self.withheld.add(c)
            return
        self.papers.continuing[c] = False
        self.elected.append(c)
        self.drafts[-1].elected.append(self.names[c])
        self.note(reason)
        if self.papers.votes[c] > self.quota:
            self.pending.append(c)

    def elect_all(self, candidates: list[int], why: str) -> None:
        record = self.record()
        votes = self.papers.votes
        for c in sorted(candidates, key=lambda c: (-votes[c], [-v for v in record[c]], c)):
            self.elect(c, f"{self.names[c]} deemed elected: {why}")

    def last_places(self, number: str, group: list[int], continuing: list[int],
                    before: int) -> None:
        """5.5.1: the proposed exclusion would leave as many continuing candidates as places:
        they are all deemed elected, and no papers move (a stage of its own, no transfer)."""
        names = ", ".join(self.names[c] for c in group)
        self.drafts.append(Draft(number, StageKind.ELECTION,
                                  f"Excluding {names} would leave as many continuing "
                                  "candidates as places unfilled: they are deemed elected "
                                  "and no papers move (5.5.1)"))
        self.tie_notes(before)
        self.close()
        rest = [c for c in continuing if c not in group]
        self.elect_all(rest, f"excluding {names} would leave as many continuing candidates "
                             "as places unfilled (5.5.1)")

    # -- transfers -----------------------------------------------------------------------
    def next_choice(self, g: int) -> int | None:
        ranking = self.papers.rankings[g]
        continuing = self.papers.continuing
        for p in range(self.papers.position[g] + 1, len(ranking)):
            if continuing[ranking[p]]:
                return ranking[p]
        return None

    def transfer_surplus(self, number: str) -> None:
        papers = self.papers
        draft = Draft(number, StageKind.SURPLUS, "")
        self.drafts.append(draft)
        self.mark_guards()
        before = len(self.ties.decisions)
        largest = max(self.surplus(c) for c in self.pending)
        tied = [c for c in self.pending if self.surplus(c) == largest]
        c = self.forwards(number, "order of surpluses", tied, lowest=False)
        self.tie_notes(before)
        self.pending.remove(c)
        surplus = self.surplus(c)
        held = papers.parcels[c]
        last = held[-1].stage  # 5.3.1/5.3.2: elected at the first stage, every paper is there
        first = str(self.contest.first_stage)
        batch = papers.take(c, [p for p in held if p.stage == last])
        onward: list[int] = []
        dead: list[int] = []
        rankings, position, continuing = papers.rankings, papers.position, papers.continuing
        for g in batch:  # next_choice(g), each group looked at once, the order kept
            ranking = rankings[g]
            for p in range(position[g] + 1, len(ranking)):
                if continuing[ranking[p]]:
                    onward.append(g)
                    break
            else:
                dead.append(g)
        count = sum(papers.counts[g] for g in onward)
        value = sum(papers.counts[g] * papers.value[g] for g in onward)
        draft.subjects = (self.names[c],)
        where = ("all their papers" if last == first
                 else f"the last batch received (stage {last})")
        papers.send(dead, number, lambda v: 0)
        if value > surplus:
            tv = rules.transfer_value(surplus, count)
            moved = papers.send(onward, number, lambda v: tv)
            papers.loss += surplus - moved.total
            draft.action = (f"Surplus of {self.names[c]} ({self.show(surplus)}) transferred "
                            f"from {where}: {count} transferable papers at "
                            f"{self.show(tv)} each (5.3.7)")
        else:
            moved = papers.send(onward, number)
            papers.exhausted += surplus - moved.total
            draft.action = (f"Surplus of {self.names[c]} ({self.show(surplus)}) transferred "
                            f"from {where}: the {count} transferable papers, worth "
                            f"{self.show(value)}, keep their value and the rest of the "
                            "surplus is non-transferable (5.3.7)")
        papers.votes[c] = self.quota
        self.close()
        self.elect_reaching()

    def quota_words(self, group: list[int], doomed: bool
                    ) -> tuple[tuple[str, ...], list[str], bool]:
        """Before an exclusion: who is guarded, the notes on the quota rules (why the
        doomed go, or why a candidate with no more votes stays), and whether one did."""
        quota_rules = self.quota_rules
        continuing = self.continuing()
        guarded = quota_rules.guarded(self.elected, continuing)
        notes = quota_rules.guard_notes(self.elected, continuing)
        kept: list[str] = []
        if doomed:
            notes += quota_rules.doom_notes(group, self.elected, continuing)
            notes += [f"The surplus of {self.names[c]} ({self.show(self.surplus(c))}) waits: "
                      "the doomed are excluded before any surplus is transferred"
                      for c in self.pending]
        else:
            low = min(self.papers.votes[c] for c in group)
            kept = [quota_rules.passed_over_note(c, self.elected, continuing)
                    for c in guarded if self.papers.votes[c] <= low]
        return quota_rules.names_of(guarded), notes + kept, bool(kept)

    def exclude(self, number: str, group: list[int], before: int,
                doomed_by_quota_rules: bool = False) -> None:
        """5.4: the excluded candidates' papers move batch by batch, highest value first;
        after each batch the quota may fall (5.4.8) and elections are checked (5.4.9).
        ``doomed_by_quota_rules``: the group is the doomed, excluded together."""
        papers = self.papers
        names = tuple(self.names[c] for c in group)
        doom = doomed_by_quota_rules
        guarded, quota_notes, passed_over = self.quota_words(group, doom)
        for c in group:
            papers.continuing[c] = False
        self.excluded.extend(group)
        values = sorted({p.value for c in group for p in papers.parcels[c]}, reverse=True)
        low = ", ".join(f"{self.names[c]} ({self.show(papers.votes[c])})" for c in group)
        why = ("excluded together (5.2.5)" if len(group) > 1
               else "excluded with the fewest votes (5.2.5)")
        if doom:
            why = ("excluded" + (" together" if len(group) > 1 else "")
                   + ": electing them would break the quota rules")
        elif passed_over:
            why = "excluded with the fewest votes of those not kept in the count (5.2.5)"
        for i, value in enumerate(values or [0]):
            label = number if len(values) <= 1 else f"{number}.{i + 1}"
            draft = Draft(label, StageKind.EXCLUSION, "", subjects=names)
            self.drafts.append(draft)
            if i == 0:
                draft.excluded = names
                draft.guarded = guarded
                draft.notes += quota_notes
                if doom:
                    draft.doomed += names
                self.tie_notes(before)
                if not doom:
                    self.note_deferred()
            draft.action = f"{low} {why}"
            if values:
                draft.action += (f"; batch {i + 1} of {len(values)}: papers of value "
                                 f"{self.show(value)}")
            moving: list[int] = []
            for c in group:
                taken = papers.take(c, [p for p in papers.parcels[c] if p.value == value])
                papers.votes[c] -= sum(papers.counts[g] * value for g in taken)
                moving += taken
            papers.send(moving, label)
            if not self.elected:
                self.reduce_quota()
            self.close()
            self.elect_reaching()
            if self.places_left() == 0:
                return

    def note_deferred(self) -> None:
        for c in self.pending:
            self.note(f"The surplus of {self.names[c]} ({self.show(self.surplus(c))}) is "
                      "deferred: the surpluses awaiting transfer could not save the "
                      "candidates excluded (5.2.2)")

    def reduce_quota(self) -> None:
        """5.4.8: before anyone is deemed elected, the quota ignores non-transferable votes."""
        reduced = rules.quota(self.valid - self.papers.exhausted, self.contest.seats)
        if reduced < self.quota:
            self.quota = reduced
            self.note(f"Quota reduced to {self.show(reduced)}: no candidate has yet been "
                      "deemed elected, so it is recalculated without the non-transferable "
                      "vote (5.4.8)")



def count_ers97(contest: Contest, lots: LotPolicy,
                quota_rules: QuotaKeeping = NO_QUOTA_RULES) -> Result:
    """Count a contest under the ERS97 rules, keeping its quota rules, if any."""
    return _Ers97Count(contest, lots, quota_rules).run()

