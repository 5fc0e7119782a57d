"""The stage table of a Result, as every sheet shows it: candidates down, stages across.

One place computes what each cell holds (a stage's change and its total), so the terminal
sheet, the PDF, the workbook and the Results page show the same figures. Nothing here
recounts: every figure comes from the Result.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from countdesk.count.result import Result, Stage

NON_TRANSFERABLE = "Non-transferable"
LOSS_BY_FRACTIONS = "Loss by fractions"
TOTAL = "Total"


@dataclass(frozen=True)
class Cell:
    change: Decimal | None  # None at the first stage, which has no change
    total: Decimal


@dataclass(frozen=True)
class Column:
    stage: Stage
    heading: str  # "Stage 3"
    label: str  # "Surplus Manford", "Excl. Macleod +2", "First prefs"
    cells: tuple[Cell, ...]  # one per row of the table


@dataclass(frozen=True)
class StageTable:
    rows: tuple[str, ...]  # the candidates, then the non-transferable, loss and total rows
    candidate_rows: int
    columns: tuple[Column, ...]


def stage_label(stage: Stage) -> str:
    """A short heading for a stage: whose papers moved, and how."""
    if not stage.subjects:
        return "First prefs" if stage.kind.value == "first preferences" else "Election"
    kind = "Surplus" if stage.kind.value == "surplus" else "Excl."
    label = f"{kind} {stage.subjects[0].split()[-1]}"
    if len(stage.subjects) > 1:
        label += f" +{len(stage.subjects) - 1}"
    return label


def stage_table(result: Result) -> StageTable:
    rows = (*result.candidates, NON_TRANSFERABLE, LOSS_BY_FRACTIONS, TOTAL)
    columns = []
    before: Stage | None = None
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
        columns.append(Column(stage, f"Stage {stage.number}", stage_label(stage), cells))
        before = stage
    return StageTable(rows, len(result.candidates), tuple(columns))


def signed_figure(value: Decimal | None) -> str:
    """A stage's change: "+12.00000", "-3.10000", or nothing when there was none."""
    if value is None or value == 0:
        return ""
    return format(value, "+f")


def decisions(result: Result) -> list[str]:
    """Every tie decision, quota-rule action and note, in words, at the stage it happened."""
    lines = [" ".join(_sentence(text) for text in (f"Stage {stage.number}: {stage.action}",
                                                   *stage.notes))
             for stage in result.stages if stage.notes]
    lines += [tie.describe() for tie in result.ties
              if not any(tie.describe() in line for line in lines)]
    lines += list(result.notes)
    lines += [f"{part.label}: {part.seats} places, stages {part.first_stage}–"
              f"{part.last_stage}, elected {', '.join(part.elected) or 'none'}."
              for part in result.parts]
    return lines


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith(".") else text + "."
