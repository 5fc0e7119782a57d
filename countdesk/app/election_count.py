"""Counting an election file: exactly as its setup says, from the command line or the window.

The rules and their options, the tie policy (lots drawn in the hall, or by CountDesk with a
seed) and the quota rules all come from the setup; only how quota rules are kept (guard and
doom, or separate counts) is chosen at the count. A count is kept in the file only when
asked (the window always asks; the command line with ``--record``), with the lots CountDesk
drew and everything its sheet prints.

The window counts off the GUI thread, so the work is in three steps: `prepare_count` reads
the file, `PreparedCount.run` counts (pure: it touches no file), `record_count` keeps it.
`count_election` is the three in a row.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from countdesk.app.closeness import papers_in_question
from countdesk.app.records import CountRecord, StoredCount, result_of
from countdesk.count.lots import LotDecision
from countdesk.count.result import Result
from countdesk.count.rulesets import rule_set
from countdesk.counting import CountInput, CountOptions, run_count
from countdesk.election import ElectionSetup
from countdesk.errors import CountDeskError
from countdesk.formats.constraints import constraint_set
from countdesk.report.context import Signature
from countdesk.store.account import election_account
from countdesk.store.election_file import CountRun, ElectionFile
from countdesk.store.signing import Signer, key_fingerprint

SEEDED_POLICY = "rules-then-seed"  # the setup's tie policy when CountDesk draws lots itself


class NotReadyForFinalCount(CountDeskError):
    """A batch is unverified or a doubtful paper unruled: only a provisional count is possible."""


def options_for(setup: ElectionSetup, quota_method: str | None = None) -> CountOptions:
    """The count's options as the setup says; ``quota_method`` as chosen at the count."""
    chosen = dict(setup.rule_options)
    settings = {option.name: chosen[option.name] for option in rule_set(setup.rules).options
                if chosen.get(option.name)}
    if quota_method not in (None, "guard-doom") and not setup.limits:
        raise CountDeskError("this election has no quota rules: there is nothing to keep by "
                             "separate counts")
    return CountOptions(setup.rules, settings, quota_method or "guard-doom")


def count_input(election: ElectionFile, provisional: bool = False) -> CountInput:
    """The election's papers as the count reads them (after rulings), in batch and paper order.

    A final count needs every batch verified and every doubtful paper ruled; otherwise it is
    refused, naming what is missing, unless ``provisional`` is asked for.
    """
    blockers = election.final_count_blockers()
    if blockers and not provisional:
        raise NotReadyForFinalCount("not ready for a final count: " + "; ".join(blockers))
    setup = election.setup()
    papers = [(1, paper.reading.preferences) for paper in election.counted_papers()
              if paper.reading.valid]
    constraints = constraint_set(setup.candidates, setup.limits) if setup.limits else None
    return CountInput(
        title=setup.title, candidates=setup.names, seats=setup.seats, papers=papers,
        withdrawn=frozenset(i for i, c in enumerate(setup.candidates) if c.withdrawn),
        constraints=constraints, shortfall=setup.shortfall, decisions=election.lots(),
        provisional=bool(blockers))


@dataclass(frozen=True)
class PreparedCount:
    """Everything a count of an election file needs, read from the file at one moment."""

    counted: CountInput
    options: CountOptions
    record: CountRecord
    counted_from: tuple[int, str]  # the audit entry (number, hash) the papers were read at
    lots_in_the_hall: bool  # the setup's tie policy

    def run(self, seed: int | None = None, stop_at_lot: bool = False) -> Result:
        """Count. Lots the rules leave open are drawn with ``seed`` if given; otherwise, as
        the setup says, with a seed derived from the ballots, or not at all: the count stops
        with `LotNeeded` for the lot to be drawn in the hall (or when ``stop_at_lot``)."""
        stop = seed is None and (stop_at_lot or self.lots_in_the_hall)
        return run_count(self.counted, self.options, seed, stop_at_lot=stop)


def prepare_count(election: ElectionFile, provisional: bool = False,
                  quota_method: str | None = None) -> PreparedCount:
    """Read what a count needs from the file, once the file passes its check."""
    from countdesk.app.integrity import refuse_unsound

    refuse_unsound(election, "the count")
    setup = election.setup()
    options = options_for(setup, quota_method)
    counted_from = election.audit_head()
    counted = count_input(election, provisional)
    record = CountRecord.of_election(setup, election_account(election), counted_from[1],
                                     papers_in_question(election))
    return PreparedCount(counted, options, record, counted_from,
                         setup.tie_policy != SEEDED_POLICY)


def record_count(election: ElectionFile, prepared: PreparedCount, result: Result,
                 by: str, authority: Signer | None = None) -> StoredCount:
    """Keep a count in the file, with any lot CountDesk drew for it (so a recount reuses
    it): keeping a lot is the returning officer's, so that needs ``authority``. Refused,
    keeping nothing, if the file no longer holds the papers the count read as they were
    (another file, or one changed since)."""
    seq, head = prepared.counted_from
    if election.audit_hash_at(seq) != head:
        raise CountDeskError(f"this count was made from audit entry {seq} of another file, or "
                             f"of {election.name} before it changed: it is not kept; count "
                             "again")
    kept = {(lot.stage, frozenset(lot.tied)) for lot in election.lots()}
    for tie in result.ties:
        if tie.seed is not None and (tie.stage, frozenset(tie.tied)) not in kept:
            election.record_lot(LotDecision(tie.stage, tie.tied, tie.chosen, "CountDesk",
                                            tie.method, tie.seed), by, authority)
    run = election.record_count(json.dumps(result.to_json(), ensure_ascii=False), by,
                                prepared.counted.ballots_sha256(), result.provisional,
                                prepared.counted_from, prepared.record.to_json())
    return StoredCount(result, prepared.record, run.id, run.by, run.at, run.audit_seq)


def certify_count(election: ElectionFile, run_id: int, by: str, authority: Signer) -> None:
    """The returning officer certifies count ``run_id``, once the file passes its check."""
    from countdesk.app.integrity import refuse_unsound

    refuse_unsound(election, "the certification")
    election.certify(run_id, by, authority)


def count_election(election: ElectionFile, *, by: str, provisional: bool = False,
                   quota_method: str | None = None, seed: int | None = None,
                   stop_at_lot: bool = False, record: bool = False,
                   authority: Signer | None = None) -> StoredCount:
    """Count an election file as its setup says; kept in the file only when ``record``."""
    prepared = prepare_count(election, provisional, quota_method)
    result = prepared.run(seed, stop_at_lot)
    if record:
        return record_count(election, prepared, result, by, authority)
    return StoredCount(result, prepared.record, None, by, "", prepared.counted_from[0])


def stored_count(election: ElectionFile, run_id: int | None = None) -> StoredCount:
    """A count kept in the file, with its record: count ``run_id``, or by default the latest
    certified count that still stands, else the latest count."""
    runs = election.counts()
    if not runs:
        raise CountDeskError(f"{election.path.name} holds no count yet")
    if run_id is None:
        standing = [c.count_run for c in election.certifications() if c.current]
        run = election.count_run(standing[-1]) if standing else runs[-1]
    else:
        run = election.count_run(run_id)
    return StoredCount(result_of(run.result_json), _record_of(election, run), run.id, run.by,
                       run.at, run.audit_seq, certification_of(election, run.id))


def certification_of(election: ElectionFile, run_id: int) -> Signature | None:
    """The RO's signed certification of count ``run_id`` (the latest), as its sheet prints
    it; None when it is not certified, or was certified before signatures (file version 4)."""
    certified = [c for c in election.certifications() if c.count_run == run_id and c.signature]
    if not certified:
        return None
    last = certified[-1]
    key = json.loads(last.statement)["key"]
    return Signature(key_fingerprint(key), last.signature, last.by, last.at, key,
                     last.statement)


def _record_of(election: ElectionFile, run: CountRun) -> CountRecord:
    if run.record_json:
        return CountRecord.from_json(run.record_json)
    # Kept by a CountDesk before file version 3, which did not keep the record: the file as it
    # stands describes the count only while nothing it read has changed since.
    later = election.changed_since(run)
    if later is not None:
        raise CountDeskError(f"count {run.id} was kept by an older CountDesk, which did not keep "
                             f"what its sheet prints, and the papers have changed since "
                             f"({later.action}): count again")
    return CountRecord.of_election(election.setup(), election_account(election),
                                   _entry_before(election, run))


def _entry_before(election: ElectionFile, run: CountRun) -> str:
    """The audit head just before a count was kept: the papers it read."""
    entry = next(e for e in election.audit_log() if e.subject == f"count {run.id}")
    return entry.prev_hash
