"""Write the synthetic quota-rule samples in resources/samples/ (seeded: the same files every
time). Run: .venv/bin/python tests/count_constraints/make_samples.py

Each voter ranks candidates by popularity plus personal noise (a Plackett–Luce draw with
`random.Random(seed)`), and stops after a random number of preferences. Men are made a
little more popular, so that without the quota rules too few women are elected.
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"

FIRST_WOMEN = ["Aisha", "Beth", "Carys", "Deepa", "Eilidh", "Fatima", "Grace", "Hannah",
               "Ifeoma", "Jess", "Kirsty", "Lena", "Maya", "Nia", "Olivia", "Priya", "Rosa",
               "Sian", "Tamsin", "Uma", "Vera", "Wendy", "Yasmin", "Zara", "Amira", "Bryony",
               "Chloe", "Dana", "Erin", "Freya"]
FIRST_MEN = ["Adam", "Ben", "Callum", "Dev", "Ewan", "Femi", "Gareth", "Hamza", "Ian",
             "Jamal", "Kieran", "Liam", "Marcus", "Nikhil", "Owen", "Pete", "Rhys", "Sam",
             "Tariq", "Umar", "Victor", "Will", "Yusuf", "Zak", "Alun", "Bilal", "Connor",
             "Dylan", "Emeka", "Finn", "Gavin", "Harry", "Imran", "Joe", "Kofi"]
SURNAMES = ["Ahmed", "Baker", "Campbell", "Davies", "Evans", "Fraser", "Ghosh", "Hughes",
            "Iqbal", "Jones", "Khan", "Lewis", "Morgan", "Nowak", "Okafor", "Patel", "Quinn",
            "Roberts", "Singh", "Taylor", "Usman", "Vaughan", "Walker", "Young", "Zielinski",
            "Adeyemi", "Bell", "Clarke", "Doyle", "Ellis", "Fox", "Grant", "Hall", "Ito",
            "Jenkins", "Kaur", "Lloyd", "Murray", "Nash", "Owusu", "Price", "Reid", "Shah",
            "Thomas", "Upton", "Ward", "Yates", "Ali", "Brown", "Cole", "Dunn", "Ford",
            "Green", "Hill", "Irwin", "James", "Kelly", "Lee", "Mills", "Noor", "Osei"]


@dataclass(frozen=True)
class Dimension:
    name: str
    group: str  # the group with a minimum
    other: str
    share: float  # how many candidates are in ``group``
    minimum: int
    popularity: float  # added to the group's candidates' popularity (negative: less)


def candidates(rnd: random.Random, size: int, dims: list[Dimension]
               ) -> tuple[list[str], list[list[bool]], list[float]]:
    women = FIRST_WOMEN[:]
    men = FIRST_MEN[:]
    surnames = SURNAMES[:]
    rnd.shuffle(women)
    rnd.shuffle(men)
    rnd.shuffle(surnames)
    names, member, popularity = [], [], []
    for c in range(size):
        inside = [rnd.random() < d.share for d in dims]
        pool = women if inside[0] else men
        first = pool[sum(1 for m in member if m[0] == inside[0]) % len(pool)]
        names.append(f"{first} {surnames[c]}")
        member.append(inside)
        popularity.append(rnd.gauss(0, 1) + sum(d.popularity for d, i in zip(dims, inside,
                                                                              strict=True) if i))
    return names, member, popularity


def ballots(rnd: random.Random, papers: int, popularity: list[float]) -> list[list[int]]:
    result = []
    for _ in range(papers):
        keys = sorted(range(len(popularity)),
                      key=lambda c: -(popularity[c] + rnd.gauss(0, 1.2)))
        result.append(keys[:rnd.randint(3, 15)])
    return result


def write(stem: str, title: str, seats: int, size: int, papers: int, dims: list[Dimension],
          seed: int) -> None:
    rnd = random.Random(seed)
    names, member, popularity = candidates(rnd, size, dims)
    lines = [f"{size} {seats}"]
    for ranking in ballots(rnd, papers, popularity):
        lines.append("1 " + " ".join(str(c + 1) for c in ranking) + " 0")
    lines.append("0")
    lines += [f'"{name}"' for name in names]
    lines.append(f'"{title}"')
    (SAMPLES / f"{stem}.blt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    groups = []
    for d, dim in enumerate(dims):
        inside = [str(c + 1) for c in range(size) if member[c][d]]
        outside = [str(c + 1) for c in range(size) if not member[c][d]]
        groups.append(f'"{dim.name}" "{dim.group}" {dim.minimum} {size} {" ".join(inside)}')
        groups.append(f'"{dim.name}" "{dim.other}" 0 {size} {" ".join(outside)}')
    (SAMPLES / f"{stem}.con").write_text("\n".join(groups) + "\n", encoding="utf-8")


def main() -> int:
    write("conference_committee_2026", "National Conference 2026: Executive Committee",
          seats=20, size=45, papers=800,
          dims=[Dimension("Gender", "Women", "Men", 0.45, 10, -0.45)], seed=2026)
    write("national_network_2026", "Campaign Network 2026: National Committee",
          seats=26, size=60, papers=1200,
          dims=[Dimension("Gender", "Women", "Men", 0.45, 13, -0.2),
                Dimension("Ethnicity", "BAME members", "White members", 0.25, 6, -0.3),
                Dimension("Disability", "Disabled members", "Non-disabled members", 0.12, 3,
                          -0.4),
                Dimension("Sexuality", "LGBT+ members", "Heterosexual members", 0.12, 3,
                          -0.3),
                Dimension("Age", "Under-30s", "Members 30 and over", 0.12, 3, -0.5)],
          seed=63)
    return 0


if __name__ == "__main__":
    sys.exit(main())
