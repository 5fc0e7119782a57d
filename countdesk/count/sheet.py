"""A Result as text for a terminal (an ERS-style sheet) and as CSV. Renders, decides nothing.

The text sheet has candidates down and stages across, each stage a transfer column and a
total column; stages that would not fit in the width are wrapped into further blocks, each
repeating the candidates' names.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from countdesk.count.result import Result, Stage

WIDTH = 100
NAME_LIMIT = 28
LABELS = {"ballots_sha256": "Ballots (SHA-256 of the canonical BLT)",
          "constraints_sha256": "Quota rules (SHA-256 of the constraint file)"}


def _number(value: Decimal, signed: bool = False) -> str:
    if signed and value == 0:
        return ""
    return f"{value:+}" if signed else str(value)


def _heading(result: Result) -> list[str]:
    lines = []
    if result.provisional:
        lines.append("PROVISIONAL COUNT: not every batch is verified and every doubtful "
                     "paper ruled")
    lines += [
        result.title,
        f"Rules: {result.rules}",
        *[f"  {key}: {value}" for key, value in result.parameters],
        f"Places: {result.seats}    Valid votes: {result.valid_votes}    "
        f"Quota: {result.quota}",
    ]
    lines += [f"{LABELS[key]}: {value}" for key, value in result.extra if key in LABELS]
    return lines


def _stage_label(stage: Stage) -> str:
    if not stage.subjects:
        return "First prefs" if stage.number == "1" else "Election"
    kind = "Surplus" if stage.kind.value == "surplus" else "Excl."
    return f"{kind} {stage.subjects[0].split()[-1]}"


def _blocks(result: Result, name_width: int) -> list[list[int]]:
    """Stage indices per block, so that each block fits in WIDTH columns."""
    blocks: list[list[int]] = [[]]
    used = name_width
    for index, _ in enumerate(result.stages):
        columns = 13 if index == 0 else 26
        if blocks[-1] and used + columns > WIDTH:
            blocks.append([])
            used = name_width
        blocks[-1].append(index)
        used += columns
    return blocks


def text_sheet(result: Result) -> str:
    names = [name[:NAME_LIMIT] for name in result.candidates]
    rows = [*names, "Non-transferable", "Loss by fractions", "Total"]
    name_width = max(len(r) for r in rows) + 1
    lines = _heading(result)
    for block in _blocks(result, name_width):
        lines.append("")
        head = [" " * name_width, " " * name_width]
        for index in block:
            stage = result.stages[index]
            if index:
                head[0] += f"{'Stage ' + stage.number:>26}"
                head[1] += f"{_stage_label(stage)[:25]:>26}"
            else:
                head[0] += f"{'Stage 1':>13}"
                head[1] += f"{_stage_label(stage)[:12]:>13}"
        lines += [h.rstrip() for h in head]
        for row, label in enumerate(rows):
            line = f"{label:<{name_width}}"
            for index in block:
                stage = result.stages[index]
                value, change = _row_values(result, stage, row)
                if index:
                    line += f"{_number(change, signed=True):>13}"
                line += f"{_number(value):>13}"
            lines.append(line.rstrip())
    lines.append("")
    lines += _stage_notes(result)
    lines += _outcome(result)
    return "\n".join(lines) + "\n"


def _row_values(result: Result, stage: Stage, row: int) -> tuple[Decimal, Decimal]:
    count = len(result.candidates)
    index = result.stages.index(stage)
    before = result.stages[index - 1] if index else None
    if row < count:
        return stage.totals[row], stage.transfers[row]
    if row == count:
        was = before.non_transferable if before else Decimal(0)
        return stage.non_transferable, stage.non_transferable - was
    if row == count + 1:
        was = before.loss_by_fractions if before else Decimal(0)
        return stage.loss_by_fractions, stage.loss_by_fractions - was
    total = sum(stage.totals, Decimal(0)) + stage.non_transferable + stage.loss_by_fractions
    return total, Decimal(0)


def _stage_notes(result: Result) -> list[str]:
    lines = []
    for stage in result.stages:
        lines.append(f"Stage {stage.number}: {stage.action}.")
        lines += [f"  {note}" for note in stage.notes]
    return lines


def _outcome(result: Result) -> list[str]:
    lines = ["", "Elected, in order: " + (", ".join(result.elected) or "nobody")]
    if result.excluded:
        left = set(result.left_over)
        lines.append("Excluded, in order: " + ", ".join(
            f"{name} (left over)" if name in left else name for name in result.excluded))
    if result.ties:
        lines.append("Ties:")
        lines += [f"  {tie.describe()}" for tie in result.ties]
    lines += result.notes
    if result.provisional:
        lines.append("PROVISIONAL COUNT")
    return lines


def csv_sheet(result: Result) -> str:
    """One row per candidate, one column per stage (totals), then the extra rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if result.provisional:
        writer.writerow(["PROVISIONAL COUNT"])
    writer.writerow(["Candidate", *[f"Stage {s.number}" for s in result.stages]])
    writer.writerow(["Action", *[s.action for s in result.stages]])
    for index, name in enumerate(result.candidates):
        writer.writerow([name, *[str(s.totals[index]) for s in result.stages]])
    writer.writerow(["Non-transferable", *[str(s.non_transferable) for s in result.stages]])
    writer.writerow(["Loss by fractions", *[str(s.loss_by_fractions) for s in result.stages]])
    writer.writerow(["Quota", *[str(s.quota) for s in result.stages]])
    writer.writerow(["Elected", *["; ".join(s.elected) for s in result.stages]])
    writer.writerow(["Excluded", *["; ".join(s.excluded) for s in result.stages]])
    return out.getvalue()
