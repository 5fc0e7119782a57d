"""Reading OpenSTV 1.7's CSV result sheets (candidates down, stages across)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path


@dataclass(frozen=True)
class SheetStage:
    totals: dict[str, Decimal]  # an excluded candidate ("-" on the sheet) is 0
    excluded: frozenset[str]  # everyone shown "-" at this stage
    non_transferable: Decimal


@dataclass(frozen=True)
class Sheet:
    quota: Decimal
    stages: tuple[SheetStage, ...]  # stage 1 (first preferences) first
    elected: frozenset[str]


def read_sheet(path: Path) -> Sheet:
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = list(csv.reader(lines, skipinitialspace=True))
    quota = next(Decimal(row[1]) for row in rows if row and row[0] == "Quota")
    start = next(i for i, row in enumerate(rows) if row and row[0] == "Candidates") + 1
    cells: dict[str, list[str]] = {}
    elected: set[str] = set()
    for row in rows[start:]:
        if row[0] == "Totals":
            break
        count = (len(row) - 2) // 2  # a change and a total for every stage after the first
        cells[row[0]] = [row[1].strip() or "0", *row[3::2][:count]]
        if row[-1] == "Elected":
            elected.add(row[0])
    exhausted = cells.pop("Non-transferable")
    stages = []
    for i, nt in enumerate(exhausted):
        column = {name: values[i] for name, values in cells.items()}
        stages.append(SheetStage(
            totals={n: Decimal(0) if v == "-" else Decimal(v) for n, v in column.items()},
            excluded=frozenset(n for n, v in column.items() if v == "-"),
            non_transferable=Decimal(nt)))
    return Sheet(quota, tuple(stages), frozenset(elected))
