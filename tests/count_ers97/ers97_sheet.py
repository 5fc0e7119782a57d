"""Reading OpenSTV 1.7's ERS97 result sheets (CSV: candidates down, stages across)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path


@dataclass(frozen=True)
class Sheet:
    seats: int
    valid: Decimal
    quota: Decimal
    candidates: tuple[str, ...]
    subjects: tuple[str, ...]  # per stage after the first: "Surplus of X", "Exclusion of A+B"
    totals: tuple[dict[str, Decimal], ...]  # stage 1 first; "-" (excluded) is 0
    non_transferable: tuple[Decimal, ...]  # exhausted papers and loss by fractions together
    elected: frozenset[str]


def read_sheet(path: Path) -> Sheet:
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines(), skipinitialspace=True))
    header = {row[0].strip(): row[1] for row in rows if len(row) >= 2 and row[0].strip()}
    start = next(i for i, row in enumerate(rows) if row and row[0].strip() == "Candidates")
    kinds = rows[start - 1][2::2]
    subjects = tuple(f"{kind} {name}".strip()
                     for kind, name in zip(kinds, rows[start][2::2], strict=False))
    names: list[str] = []
    columns: list[list[Decimal]] = []
    exhausted: list[Decimal] = []
    elected: set[str] = set()
    stages = 1 + len(subjects)
    for row in rows[start + 1:]:
        name = row[0].strip()
        if name == "Totals":
            break
        values = [Decimal(row[1].strip() or "0")]
        values += [Decimal(0) if cell.strip() in ("-", "") else Decimal(cell)
                   for cell in row[3:2 * stages + 1:2]]
        if row[-1] == "Elected":
            elected.add(name)
        if name == "Non-transferable":
            exhausted = values
        else:
            names.append(name)
            columns.append(values)
    totals = tuple({n: col[i] for n, col in zip(names, columns, strict=True)}
                   for i in range(stages))
    return Sheet(int(header["Number to be elected"]), Decimal(header["Valid votes"]),
                 Decimal(header["Quota"]), tuple(names), subjects, totals, tuple(exhausted),
                 frozenset(elected))
