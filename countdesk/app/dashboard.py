"""The count-day dashboard on the returning officer's laptop: where every batch stands, how
fast each desk keys, and what is left before the result can be certified.

Built from the RO's file alone: a desk's papers count here once its pack is imported, so a
desk's throughput and time to finish are as of its last pack (the keying times the pack
brought), never the clock on the RO's laptop.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from countdesk.checking import verification
from countdesk.store.election_file import BatchState, ElectionFile, EntryPass


@dataclass(frozen=True)
class BatchLine:
    label: str
    hand_count: int | None
    state: str
    desk_a: str  # the desk keying pass A ("" when keyed on this laptop)
    desk_b: str
    keyed_a: int
    keyed_b: int
    open_differences: int | None  # None until both passes hold the same number of papers
    doubtful: int  # doubtful papers not yet ruled

    @property
    def keyed_words(self) -> str:
        hand = "?" if self.hand_count is None else str(self.hand_count)
        return f"A {self.keyed_a}/{hand} · B {self.keyed_b}/{hand}"


@dataclass(frozen=True)
class DeskLine:
    name: str
    passes: int  # passes assigned
    passes_in: int  # passes imported from its packs
    papers_in: int
    papers_left: int | None  # None when a hand count is missing
    per_minute: float | None  # None until a pack shows keying over a minute or more
    packs: int

    @property
    def minutes_left(self) -> float | None:
        if self.papers_left is None or self.per_minute is None:
            return None
        return self.papers_left / self.per_minute

    def rate_words(self) -> str:
        return "—" if self.per_minute is None else f"{self.per_minute:.1f}"

    def finish_words(self) -> str:
        if self.papers_left == 0:
            return "done"
        minutes = self.minutes_left
        if minutes is None:
            return "—"
        return f"about {round(minutes)} min" if minutes >= 1 else "under a minute"


@dataclass(frozen=True)
class CheckItem:
    done: bool
    words: str


@dataclass(frozen=True)
class Dashboard:
    batches: tuple[BatchLine, ...]
    desks: tuple[DeskLine, ...]
    checklist: tuple[CheckItem, ...]

    @property
    def ready(self) -> bool:
        return all(item.done for item in self.checklist)


def minutes_between(first: str, last: str) -> float:
    """Minutes from one ISO time to another (0 when either is missing, is not a time, or
    cannot be set against the other: one with its UTC offset, one without)."""
    try:
        return max(0.0, (datetime.fromisoformat(last) - datetime.fromisoformat(first))
                   .total_seconds() / 60)
    except (ValueError, TypeError):
        return 0.0


def per_minute(papers: int, minutes: float) -> float | None:
    """Papers keyed per minute; None over less than a minute (too short to say)."""
    return papers / minutes if minutes >= 1 and papers else None


def dashboard(ro: ElectionFile) -> Dashboard:
    desks = {desk.id: desk.name for desk in ro.desks()}
    owner = {(p.batch, p.entry_pass): p.desk for p in ro.desk_passes()}
    held = ro.held_passes()
    ruled = {(r.batch, r.number) for r in ro.rulings()}
    lines = []
    open_total = doubtful_total = 0
    sizes = ro.pass_sizes()
    unverified = []
    for batch in ro.batches():
        keyed_a, _ = sizes.get((batch.id, "A"), (0, frozenset()))
        keyed_b, _ = sizes.get((batch.id, "B"), (0, frozenset()))
        verified = batch.state in (BatchState.VERIFIED, BatchState.VERIFIED_BY_IMPORT)
        differences = None
        if verified:
            differences = 0
        else:
            unverified.append(batch.label)
            if keyed_a and keyed_a == keyed_b:
                # Only a batch being checked has its papers read, to compare its passes.
                check = verification(batch.label, ro.papers(batch.id, EntryPass.A),
                                     ro.papers(batch.id, EntryPass.B),
                                     ro.settled_numbers(batch.id), batch.hand_count)
                differences = len(check.unsettled)
        counted = "settled" if batch.state is BatchState.VERIFIED and (
            batch.id, "settled") in sizes else "A"  # as the store's counted_pass reads
        flagged = sizes.get((batch.id, counted), (0, frozenset()))[1]
        doubtful = sum(1 for number in flagged if (batch.id, number) not in ruled)
        open_total += differences or 0
        doubtful_total += doubtful
        lines.append(BatchLine(batch.label, batch.hand_count,
                               _state(batch.state, keyed_a, keyed_b, differences),
                               desks.get(owner.get((batch.id, "A"), 0), ""),
                               desks.get(owner.get((batch.id, "B"), 0), ""),
                               keyed_a, keyed_b, differences, doubtful))
    desk_lines = []
    hands = {batch.id: batch.hand_count for batch in ro.batches()}
    packs = ro.packs()
    for desk_id, name in desks.items():
        mine = [key for key, who in owner.items() if who == desk_id]
        brought = [held[key] for key in mine if key in held]
        papers = sum(p.papers for p in brought)
        minutes = sum(minutes_between(p.first_keyed, p.last_keyed) for p in brought)
        left: int | None = 0
        for batch_id, which in mine:
            hand = hands.get(batch_id)
            got = held[batch_id, which].papers if (batch_id, which) in held else 0
            if hand is None:
                left = None
                break
            left += max(0, hand - got)
        desk_lines.append(DeskLine(name, len(mine), len(brought), papers, left,
                                   per_minute(papers, minutes),
                                   sum(1 for p in packs if p.desk == desk_id)))
    missing = [f"pass {which} of {label!r}" for (batch_id, which), _ in owner.items()
               if (batch_id, which) not in held
               for label in [next(b.label for b in ro.batches() if b.id == batch_id)]]
    # What `ElectionFile.final_count_blockers` says, from what is read here already.
    blockers = ([f"batch {unverified[0]!r} is not verified"] if unverified else []) + (
        ["a doubtful paper is not yet ruled"] if doubtful_total else []) + (
        [] if lines else ["there are no batches of papers yet"])
    checklist = (
        CheckItem(not missing, "every desk's passes are imported" if not missing else
                  f"passes not yet imported: {', '.join(missing[:4])}"
                  + (f" and {len(missing) - 4} more" if len(missing) > 4 else "")),
        CheckItem(all(line.keyed_a and line.keyed_b for line in lines
                      if line.state != BatchState.VERIFIED_BY_IMPORT.value) and bool(lines),
                  "every batch keyed twice"),
        CheckItem(open_total == 0, "no difference open" if open_total == 0 else
                  f"{open_total} difference{'s' if open_total != 1 else ''} to settle"),
        CheckItem(doubtful_total == 0, "every doubtful paper ruled" if doubtful_total == 0
                  else f"{doubtful_total} doubtful paper{'s' if doubtful_total != 1 else ''} "
                  "to rule on"),
        CheckItem(not unverified, "every batch verified" if not unverified else
                  f"{len(unverified)} batch{'es' if len(unverified) != 1 else ''} to verify"),
        CheckItem(not blockers, "ready to count and certify" if not blockers else
                  f"not ready: {blockers[0]}"),
    )
    return Dashboard(tuple(lines), tuple(desk_lines), checklist)


def _state(state: BatchState, a: object, b: object, differences: int | None) -> str:
    """Where a batch stands, in words, as its passes stand."""
    if state in (BatchState.VERIFIED, BatchState.VERIFIED_BY_IMPORT):
        return state.value
    if a and b:
        if differences is None:
            return "keyed twice: the passes differ in length"
        return "keyed twice: to verify" if not differences else \
            "keyed twice: differences to settle"
    if a or b:
        return f"pass {'A' if a else 'B'} keyed"
    return "open"


def dashboard_text(board: Dashboard) -> str:
    """The dashboard as plain text, for the command line."""
    out = ["Batch        Hand  Pass A (desk)          Pass B (desk)          Diff  Doubt  State"]
    for line in board.batches:
        hand = "?" if line.hand_count is None else str(line.hand_count)
        diff = "—" if line.open_differences is None else str(line.open_differences)
        out.append(f"{line.label[:12]:<12} {hand:>4}  {line.keyed_a:>4} {line.desk_a[:16]:<17} "
                   f"{line.keyed_b:>4} {line.desk_b[:16]:<17} {diff:>4}  {line.doubtful:>5}  "
                   f"{line.state}")
    out.append("")
    out.append("Desk              Passes in  Papers in  Left  Per minute  To finish")
    for desk in board.desks:
        left = "?" if desk.papers_left is None else str(desk.papers_left)
        out.append(f"{desk.name[:17]:<17} {desk.passes_in:>4}/{desk.passes:<4} "
                   f"{desk.papers_in:>9}  {left:>4}  {desk.rate_words():>10}  "
                   f"{desk.finish_words()}")
    out.append("")
    for item in board.checklist:
        out.append(f"[{'x' if item.done else ' '}] {item.words}")
    return "\n".join(out)
