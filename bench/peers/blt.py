"""A plain BLT reader for the peer counters (run in the peers' own Python, without CountDesk).

It reads what bench/synthetic.py writes: `candidates seats`, `weight c1 c2 … 0` lines, `0`,
quoted names and a title. Identical rankings are added up, which is how both peers take
their ballots, so the peers are timed on the input they are built for.
"""

from __future__ import annotations

from collections import Counter


def read(path: str) -> tuple[list[str], int, Counter[tuple[int, ...]]]:
    with open(path, encoding="utf-8") as handle:
        lines = handle.read().split("\n")
    candidates, seats = (int(t) for t in lines[0].split()[:2])
    rankings: Counter[tuple[int, ...]] = Counter()
    index = 1
    while lines[index].split()[0] != "0":
        tokens = lines[index].split()
        rankings[tuple(int(t) - 1 for t in tokens[1:-1])] += int(tokens[0])
        index += 1
    names = [line.strip().strip('"') for line in lines[index + 1 : index + 1 + candidates]]
    return names, seats, rankings
