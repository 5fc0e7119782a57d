"""Seeded synthetic elections for the count benchmark, written as BLT files.

    python bench/synthetic.py OUT_FOLDER [--seed 7] [--suite standard]
    python bench/synthetic.py OUT_FOLDER --papers 50000 --candidates 30 --seats 10

The same seed and sizes always give byte-identical files. Voters lean to a faction (a
party with a slate), rank some of its candidates first in an order close to the slate's
popularity, and some go on to other factions; how far each voter goes is drawn so that
many papers rank only one to three candidates and some rank many. That gives the count
realistic transfers: surpluses mostly stay within a faction, exclusions spread out.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import random
from dataclasses import dataclass
from pathlib import Path

# (papers, candidates): the sizes of issue 7's targets, 20 seats each.
STANDARD_SUITE = ((2_000, 60), (10_000, 40), (100_000, 40), (1_000_000, 40))
SEATS = 20
# Probability of stopping after each further preference, by how many have been given:
# a third stop after one, then fewer; the tail ranks long.
STOP_AFTER = (0.0, 0.34, 0.28, 0.22, 0.18, 0.15, 0.12, 0.1, 0.09, 0.08)
STOP_LATER = 0.07
LEAVE_FACTION = 0.25  # chance, after each preference within the faction, of moving on


@dataclass(frozen=True)
class Faction:
    members: tuple[int, ...]  # candidate indices, most popular first
    popularity: tuple[float, ...]  # cumulative weights of the members, for bisect


def file_name(papers: int, candidates: int, seats: int) -> str:
    return f"synthetic-{papers}p-{candidates}c-{seats}s.blt"


def factions_for(rng: random.Random, candidates: int) -> tuple[list[Faction], list[float]]:
    """Split the candidates into slates with uneven support; return them and the cumulative
    share of voters leaning to each."""
    count = max(2, min(7, candidates // 6))
    order = list(range(candidates))
    rng.shuffle(order)
    cuts = sorted(rng.sample(range(1, candidates), count - 1))
    factions = []
    for start, end in itertools.pairwise([0, *cuts, candidates]):
        members = tuple(order[start:end])
        weights = [rng.paretovariate(1.3) for _ in members]
        weights.sort(reverse=True)
        factions.append(Faction(members, tuple(itertools.accumulate(weights))))
    shares = [rng.uniform(0.3, 1.0) ** 2 for _ in factions]
    return factions, list(itertools.accumulate(shares))


def _pick(rng: random.Random, cumulative: tuple[float, ...] | list[float]) -> int:
    return bisect.bisect(cumulative, rng.random() * cumulative[-1])


def ballot(rng: random.Random, factions: list[Faction], shares: list[float],
           candidates: int) -> list[int]:
    """One voter's preferences (0-based), best first."""
    wanted = 1
    while wanted < candidates:
        stop = STOP_AFTER[wanted] if wanted < len(STOP_AFTER) else STOP_LATER
        if rng.random() < stop:
            break
        wanted += 1
    ranked: list[int] = []
    seen: set[int] = set()
    faction = factions[_pick(rng, shares)]
    tried = 0
    while len(ranked) < wanted and tried < 4 * candidates:
        tried += 1
        if len(ranked) >= len(faction.members) or (ranked and rng.random() < LEAVE_FACTION):
            faction = factions[_pick(rng, shares)]
        c = faction.members[_pick(rng, faction.popularity)]
        if c not in seen:
            seen.add(c)
            ranked.append(c)
    return ranked


def write_election(folder: Path, papers: int, candidates: int, seats: int, seed: int) -> Path:
    """Write one synthetic election as BLT (one weight-1 line per paper); return its path."""
    rng = random.Random(f"{seed}:{papers}:{candidates}:{seats}")
    factions, shares = factions_for(rng, candidates)
    path = folder / file_name(papers, candidates, seats)
    numbers = [str(c + 1) for c in range(candidates)]
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write(f"{candidates} {seats}\n")
        chunk: list[str] = []
        for _ in range(papers):
            ranks = " ".join([numbers[c] for c in ballot(rng, factions, shares, candidates)])
            chunk.append(f"1 {ranks} 0\n")
            if len(chunk) == 10_000:
                out.write("".join(chunk))
                chunk.clear()
        out.write("".join(chunk))
        out.write("0\n")
        for c in range(candidates):
            out.write(f'"Candidate {c + 1:02d}"\n')
        out.write(f'"Synthetic election: {papers} papers, {candidates} candidates, '
                  f'{seats} seats, seed {seed}"\n')
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="where to write the BLT files")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--papers", type=int, help="one election of this many papers")
    parser.add_argument("--candidates", type=int, default=40)
    parser.add_argument("--seats", type=int, default=SEATS)
    parser.add_argument("--max-papers", type=int, default=None,
                        help="standard suite: leave out elections larger than this")
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    if args.papers is not None:
        sizes = [(args.papers, args.candidates)]
    else:
        sizes = [(p, c) for p, c in STANDARD_SUITE
                 if args.max_papers is None or p <= args.max_papers]
    for papers, candidates in sizes:
        print(write_election(args.folder, papers, candidates, args.seats, args.seed))


if __name__ == "__main__":
    main()
