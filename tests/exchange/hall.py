"""A count hall in tests: the RO's election file, desk files for teller laptops, the papers
each desk keys, and their batch packs; all real election files in a temporary folder."""

from __future__ import annotations

import random
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ro_key import SIGNER, as_ro

from countdesk.app.exchange import export_pack, make_desk_file
from countdesk.election import Candidate, ElectionSetup
from countdesk.papers import Marks
from countdesk.store.election_file import ElectionFile, EntryPass, Paper

CANDIDATES = 6
TELLERS = ("Tom", "Tia", "Ravi", "Rosa", "Kim", "Kofi", "Lee", "Lin")


def hall_setup(title: str = "Regional committee") -> ElectionSetup:
    return ElectionSetup(
        title=title, seats=2,
        candidates=tuple(Candidate(name) for name in (
            "Ann Smith", "Bob Jones", "Cat Patel", "Dan Okafor", "Eve Byrne", "Fay Quinn")),
        returning_officer="Rita", tellers=TELLERS, scrutineers=("Sam",))


def paper_marks(rng: random.Random) -> Marks:
    """A paper as written: a ranking of some candidates, box by box."""
    ranked = rng.sample(range(CANDIDATES), rng.randint(1, CANDIDATES))
    boxes: list[tuple[int, ...]] = [() for _ in range(CANDIDATES)]
    for preference, candidate in enumerate(ranked, 1):
        boxes[candidate] = (preference,)
    return tuple(boxes)


@dataclass
class Keyed:
    """What one pass of a batch holds: its papers as the teller keyed them."""

    label: str
    entry_pass: str
    teller: str
    papers: list[tuple[Marks, bool]]  # (marks, doubtful)


@dataclass
class Hall:
    """Four desks key five batches: batch i's pass A on desk i, its pass B on desk i + 1, by
    that desk's teller; every pass B differs from pass A somewhere."""

    folder: Path
    ro_path: Path
    desk_paths: dict[str, Path] = field(default_factory=dict)
    keyed: list[Keyed] = field(default_factory=list)
    batches: dict[str, int] = field(default_factory=dict)  # label -> hand count

    def desk_teller(self, desk: int) -> str:
        return TELLERS[desk - 1]


def make_hall(folder: Path, batches: int = 4, papers: int = 12, seed: int = 20) -> Hall:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    hall = Hall(folder, folder / "ro.countdesk")
    desks = 4
    with ElectionFile.create(hall.ro_path, hall_setup(), "Rita") as ro:
        ids = {}
        for number in range(1, batches + 1):
            label = f"Box {number}"
            ids[label] = ro.add_batch(label, papers, "Rita")
            hall.batches[label] = papers
        for desk in range(1, desks + 1):
            passes = []
            for number in range(1, batches + 1):
                if (number - 1) % desks + 1 == desk:
                    passes.append((ids[f"Box {number}"], "A"))
                if number % desks + 1 == desk:
                    passes.append((ids[f"Box {number}"], "B"))
            path = folder / f"desk{desk}.countdesk"
            make_desk_file(ro, path, f"Desk {desk}", passes, "Rita", as_ro(ro))
            hall.desk_paths[f"Desk {desk}"] = path
    for number in range(1, batches + 1):
        label = f"Box {number}"
        first = [(paper_marks(rng), False) for _ in range(papers)]
        second = list(first)
        # Pass B differs: a box keyed otherwise, and a paper flagged doubtful.
        changed = rng.randrange(papers)
        marks = list(second[changed][0])
        marks[0] = (9,) if marks[0] != (9,) else (8,)
        second[changed] = (tuple(marks), False)
        doubtful = (changed + 1) % papers
        second[doubtful] = (second[doubtful][0], True)
        desk_a = (number - 1) % desks + 1
        desk_b = number % desks + 1
        hall.keyed.append(Keyed(label, "A", hall.desk_teller(desk_a), first))
        hall.keyed.append(Keyed(label, "B", hall.desk_teller(desk_b), second))
    return hall


def key_pass(election: ElectionFile, keyed: Keyed) -> None:
    batch = next(b.id for b in election.batches() if b.label == keyed.label)
    for number, (marks, doubtful) in enumerate(keyed.papers, 1):
        election.save_paper(Paper(batch, EntryPass(keyed.entry_pass), number, marks, None,
                                  doubtful, keyed.teller))


def key_desks(hall: Hall) -> None:
    """Each desk keys its passes in its own desk file."""
    for path in hall.desk_paths.values():
        with ElectionFile.open(path) as desk:
            mine = desk.this_desk()
            assert mine is not None
            for keyed in hall.keyed:
                if (keyed.label, keyed.entry_pass) in mine.passes:
                    key_pass(desk, keyed)


def export_all(hall: Hall, into: Path) -> dict[str, Path]:
    into.mkdir(parents=True, exist_ok=True)
    packs = {}
    for name, path in hall.desk_paths.items():
        with ElectionFile.open(path) as desk:
            packs[name] = export_pack(desk, into)
    return packs


def one_laptop(hall: Hall, path: Path) -> Path:
    """The same papers keyed on one laptop: the same setup, batches and passes."""
    with ElectionFile.create(path, hall_setup(), "Rita") as election:
        for label, hand in hall.batches.items():
            election.add_batch(label, hand, "Rita")
        for keyed in hall.keyed:
            key_pass(election, keyed)
    return path


def settle_and_verify(election: ElectionFile, by: str = "Rita") -> None:
    """The RO settles every difference by pass A (the paper says so), rules every doubtful
    paper valid, and verifies every batch."""
    from countdesk.checking import compare_passes

    authority = as_ro(election)
    for batch in election.batches():
        first = election.papers(batch.id, EntryPass.A)
        for difference in compare_passes(first, election.papers(batch.id, EntryPass.B)):
            paper = first[difference.number - 1]
            election.settle_paper(Paper(batch.id, EntryPass.SETTLED, paper.number, paper.marks,
                                        paper.rejected, paper.doubtful, paper.teller),
                                  by, "take pass A", authority)
        election.verify_batch(batch.id, by, authority=authority)
        for paper in election.counted_pass(batch.id):
            if paper.doubtful:
                election.record_ruling(batch.id, paper.number, by, authority=authority)


def copy_of(path: Path, into: Path) -> Path:
    into.mkdir(parents=True, exist_ok=True)
    target = into / path.name
    shutil.copy(path, target)
    return target


def contents(election: ElectionFile) -> dict[str, object]:
    """What the file holds, whatever order it was written in: each pass's papers, the desks,
    their passes, and the packs imported with the passes they brought."""
    labels = {b.id: b.label for b in election.batches()}
    desks = {d.id: d.name for d in election.desks()}
    packs = {p.id: p.fingerprint for p in election.packs()}
    return {
        "batches": sorted((b.label, b.hand_count, b.state.value) for b in election.batches()),
        "papers": sorted(
            (labels[b], which.value, p.number, repr(p.marks), str(p.rejected), p.doubtful,
             p.teller)
            for b in labels for which in EntryPass for p in election.papers(b, which)),
        "desks": sorted(desks.values()),
        "desk passes": sorted((desks[p.desk], labels[p.batch], p.entry_pass)
                              for p in election.desk_passes()),
        "packs": sorted(packs.values()),
        "pack passes": sorted((packs[p.pack], labels[p.batch], p.entry_pass, p.papers,
                               p.sha256) for p in election.pack_passes()),
    }


def signer() -> object:
    return SIGNER


def shuffled(items: Sequence[Path], rng: random.Random) -> list[Path]:
    chosen = list(items)
    rng.shuffle(chosen)
    return chosen
