"""A Result as text for a terminal (an ERS-style sheet) and as CSV. Renders, decides nothing.

The text sheet has candidates down and stages across, each stage a transfer column and a
total column; stages that would not fit in the width are wrapped into further blocks, each
repeating the candidates' names.
"""

from __future__ import annotations

import csv
import io

from countdesk.count.result import Result, figure
from countdesk.count.table import signed_figure, stage_table

WIDTH = 100
NAME_LIMIT = 28
LABELS = {"ballots_sha256": "Ballots (SHA-256 of the canonical BLT)",
          "constraints_sha256": "Quota rules (SHA-256 of the constraint file)"}


def _heading(result: Result) -> list[str]:
    lines = []
    if result.provisional:
        lines.append("PROVISIONAL COUNT: not every batch is verified and every doubtful "
                     "paper ruled")
    lines += [
        result.title,
        f"Rules: {result.rules}",
        *[f"  {key}: {value}" for key, value in result.parameters],
        f"Places: {result.seats}    Valid votes: {figure(result.valid_votes)}    "
        f"Quota: {figure(result.quota)}",
    ]
    lines += [f"{LABELS[key]}: {value}" for key, value in result.extra if key in LABELS]
    return lines


def text_sheet(result: Result) -> str:
    table = stage_table(result)
    rows = [name[:NAME_LIMIT] for name in table.rows]
    name_width = max(len(r) for r in rows) + 1
    # Every figure gets the width of the widest, so 9-place Meek values never run together.
    cell = 2 + max([len(signed_figure(c.change)) for column in table.columns
                    for c in column.cells] + [len(figure(c.total)) for column in table.columns
                                              for c in column.cells])
    blocks: list[list[int]] = [[]]
    used = name_width
    for index in range(len(table.columns)):
        width = cell if index == 0 else 2 * cell
        if blocks[-1] and used + width > WIDTH:
            blocks.append([])
            used = name_width
        blocks[-1].append(index)
        used += width
    lines = _heading(result)
    for block in blocks:
        lines.append("")
        head = [" " * name_width, " " * name_width]
        for index in block:
            column = table.columns[index]
            width = cell if index == 0 else 2 * cell
            head[0] += f"{column.heading:>{width}}"
            head[1] += f"{column.label[:width - 1]:>{width}}"
        lines += [h.rstrip() for h in head]
        for row, label in enumerate(rows):
            line = f"{label:<{name_width}}"
            for index in block:
                value = table.columns[index].cells[row]
                if index:
                    line += f"{signed_figure(value.change):>{cell}}"
                line += f"{figure(value.total):>{cell}}"
            lines.append(line.rstrip())
    lines.append("")
    lines += _stage_notes(result)
    lines += _outcome(result)
    return "\n".join(lines) + "\n"


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
    """What was counted and under which rules (a row each: title, rules and their
    parameters, places, valid votes, quota, fingerprints), a blank row, then the stage
    table: one row per candidate, one column per stage (totals), then the extra rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if result.provisional:
        writer.writerow(["PROVISIONAL COUNT"])
    writer.writerow(["Title", result.title])
    writer.writerow(["Rules", result.rules])
    for key, value in result.parameters:
        writer.writerow(["Rules: " + key, value])
    writer.writerow(["Places", result.seats])
    writer.writerow(["Valid votes", figure(result.valid_votes)])
    writer.writerow(["Final quota", figure(result.quota)])
    writer.writerows([LABELS[key], value] for key, value in result.extra if key in LABELS)
    writer.writerow([])
    writer.writerow(["Candidate", *[f"Stage {s.number}" for s in result.stages]])
    writer.writerow(["Action", *[s.action for s in result.stages]])
    for index, name in enumerate(result.candidates):
        writer.writerow([name, *[figure(s.totals[index]) for s in result.stages]])
    writer.writerow(["Non-transferable", *[figure(s.non_transferable) for s in result.stages]])
    writer.writerow(["Loss by fractions", *[figure(s.loss_by_fractions) for s in result.stages]])
    writer.writerow(["Quota", *[figure(s.quota) for s in result.stages]])
    writer.writerow(["Elected", *["; ".join(s.elected) for s in result.stages]])
    writer.writerow(["Excluded", *["; ".join(s.excluded) for s in result.stages]])
    return out.getvalue()
