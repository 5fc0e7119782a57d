"""The stage table of a Result, as every sheet shows it: candidates down, stages across.

One place computes what each cell holds (a stage's change and its total), each candidate's
mark, each stage's decision in words, the transfers of each stage and the changes of the
quota, so the terminal sheet, the PDF, the workbook and the Results page show the same
figures. Nothing here recounts: every figure comes from the Result.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from countdesk.count.result import Result, Stage, StageKind, figure

NON_TRANSFERABLE = "Non-transferable"
LOSS_BY_FRACTIONS = "Loss by fractions"
TOTAL = "Total"
ELECTED_MARK = "✓"
EXCLUDED_MARK = "✗"


@dataclass(frozen=True)
class Cell:
    change: Decimal | None  # None at the first stage, which has no change
    total: Decimal


@dataclass(frozen=True)
class Column:
    stage: Stage
    heading: str  # "Stage 3"
    label: str  # "Surplus Ann Manford", "Excl. Ian Macleod +2", "First prefs"
    cells: tuple[Cell, ...]  # one per row of the table
    decision: str = ""  # what was decided at the stage, in a few words


@dataclass(frozen=True)
class StageTable:
    rows: tuple[str, ...]  # the candidates, then the non-transferable, loss and total rows
    candidate_rows: int
    columns: tuple[Column, ...]


def stage_label(stage: Stage) -> str:
    """A short heading for a stage: whose papers moved (the name as entered: a last word
    alone can be shared, or not the name a person goes by), and how."""
    if not stage.subjects:
        return "First prefs" if stage.kind is StageKind.FIRST_PREFERENCES else "Election"
    kind = "Surplus" if stage.kind is StageKind.SURPLUS else "Excl."
    label = f"{kind} {stage.subjects[0]}"
    if len(stage.subjects) > 1:
        label += f" +{len(stage.subjects) - 1}"
    return label


def stage_table(result: Result) -> StageTable:
    rows = (*result.candidates, NON_TRANSFERABLE, LOSS_BY_FRACTIONS, TOTAL)
    columns = []
    before: Stage | None = None
    kept: tuple[str, ...] = ()  # those last named as kept in the count
    for stage in result.stages:
        totals = (*stage.totals, stage.non_transferable, stage.loss_by_fractions,
                  sum(stage.totals, Decimal(0)) + stage.non_transferable
                  + stage.loss_by_fractions)
        if before is None:
            changes: tuple[Decimal | None, ...] = (None,) * len(totals)
        else:
            changes = (*stage.transfers,
                       stage.non_transferable - before.non_transferable,
                       stage.loss_by_fractions - before.loss_by_fractions,
                       None)
        cells = tuple(Cell(change, total) for change, total in zip(changes, totals,
                                                                   strict=True))
        columns.append(Column(stage, f"Stage {stage.number}", stage_label(stage), cells,
                              stage_decision(stage, kept)))
        before = stage
        kept = stage.guarded or kept
    return StageTable(rows, len(result.candidates), tuple(columns))


def stage_decision(stage: Stage, kept: tuple[str, ...] = ()) -> str:
    """What the stage decided, for the foot of its column: "✓ Ann Lee. ✗ Bob Chen."; those
    kept in the count by the quota rules are named when they change from ``kept``."""
    doomed = set(stage.doomed)
    parts = []
    if stage.elected:
        parts.append(f"{ELECTED_MARK} {', '.join(stage.elected)}")
    excluded = [name for name in stage.excluded if name not in doomed]
    if excluded:
        parts.append(f"{EXCLUDED_MARK} {', '.join(excluded)}")
    ruled_out = [name for name in stage.excluded if name in doomed]
    if ruled_out:
        parts.append(f"{EXCLUDED_MARK} by the quota rules: {', '.join(ruled_out)}")
    if stage.guarded and stage.guarded != kept:
        parts.append(f"kept in the count: {', '.join(stage.guarded)}")
    return ". ".join(parts) + "." if parts else ""


def candidate_marks(result: Result) -> dict[str, str]:
    """Each candidate's mark on the sheet: ✓ and order of election, or ✗ when excluded."""
    marks = {name: f"{ELECTED_MARK}{n}" for n, name in enumerate(result.elected, 1)}
    marks.update({name: EXCLUDED_MARK for name in result.excluded if name not in marks})
    return marks


def signed_figure(value: Decimal | None) -> str:
    """A stage's change: "+12.00000", "-3.10000", or nothing when there was none."""
    if value is None or value == 0:
        return ""
    return format(value, "+f")


@dataclass(frozen=True)
class Transfer:
    """Where one stage's papers went: from whose votes, to whom, and what was lost."""

    stage: Stage
    moved: Decimal  # the votes taken from the stage's subjects
    received: tuple[tuple[str, Decimal], ...]  # each candidate who gained, most first
    non_transferable: Decimal  # this stage's
    loss_by_fractions: Decimal  # this stage's


def transfers(result: Result) -> list[Transfer]:
    """Every stage that moved papers, with where they went."""
    found = []
    index = {name: c for c, name in enumerate(result.candidates)}
    for before, stage in pairwise(result.stages):
        if not stage.subjects:
            continue
        moved = -sum((stage.transfers[index[name]] for name in stage.subjects), Decimal(0))
        gained = sorted(((name, change) for name, change in zip(result.candidates,
                                                                stage.transfers, strict=True)
                         if change > 0), key=lambda pair: -pair[1])
        found.append(Transfer(stage, moved, tuple(gained),
                              stage.non_transferable - before.non_transferable,
                              stage.loss_by_fractions - before.loss_by_fractions))
    return found


@dataclass(frozen=True)
class ThresholdChange:
    stage: str
    threshold: str  # the quota in force at the stage (a lower threshold is in `why`)
    why: str


def threshold_changes(result: Result) -> list[ThresholdChange]:
    """Each change of the quota in force, and each election below it (ERS97 5.4.9, or the
    last places filled by those left standing), in words."""
    found = []
    for before, stage in pairwise(result.stages):
        if stage.quota != before.quota:
            active = result.valid_votes - stage.non_transferable
            found.append(ThresholdChange(stage.number, figure(stage.quota), (
                f"recalculated from the votes still active: {figure(active)} of the "
                f"{figure(result.valid_votes)} valid votes, the rest non-transferable"
                + (" (5.4.8: no one had yet been deemed elected)"
                   if result.rules_key == "ers97" else ""))))
        for name in stage.elected:
            vote = stage.totals[result.candidates.index(name)]
            if vote >= stage.quota:
                continue
            if stage.kind is StageKind.ELECTION:
                why = (f"{name} elected with {figure(vote)}, below the quota: one of those "
                       "left standing when as many remained as places to fill")
            else:
                stated = [note for note in stage.notes if note.startswith(name)]
                why = stated[0] if stated else (f"{name} elected with {figure(vote)}, below "
                                                "the quota")
            found.append(ThresholdChange(stage.number, figure(stage.quota), _sentence(why)))
    return found


def stage_notes(result: Result) -> list[tuple[str, str]]:
    """(stage, words) of every tie decision, quota-rule action and note, where it happened;
    the stage is "" for what concerns the whole count."""
    lines = [(stage.number, " ".join(_sentence(text) for text in (stage.action, *stage.notes)))
             for stage in result.stages if stage.notes]
    lines += [(tie.stage, tie.describe()) for tie in result.ties
              if not any(tie.describe() in text for _, text in lines)]
    lines += [("", note) for note in result.notes]
    lines += [("", f"{part.label}: {part.seats} places, stages {part.first_stage}–"
                   f"{part.last_stage}, elected {', '.join(part.elected) or 'none'}.")
              for part in result.parts]
    return lines


def decisions(result: Result) -> list[str]:
    """Every tie decision, quota-rule action and note, in words, at the stage it happened."""
    return [f"Stage {stage}: {text}" if stage and not text.startswith("Stage ") else text
            for stage, text in stage_notes(result)]


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith(".") else text + "."
