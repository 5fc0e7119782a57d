"""Batch packs at conference size: 800 papers of 40 candidates, keyed twice on four desks.

    python bench/packs.py [--papers 800] [--candidates 40] [--desks 4] [--folder DIR]

Makes the RO's file with 8 batches, a desk file per desk (batch i's pass A on desk i mod n,
its pass B on the next desk), keys every paper into the desk files (the store's save_paper,
as the Keying page does), exports each desk's pack and imports them all into the RO's file.
Prints the time of each step per desk, the packs' sizes, and the dashboard's time.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "tests"))

from ro_key import as_ro  # the tests' RO key: one scrypt, not one per run

from countdesk.app.dashboard import dashboard
from countdesk.app.exchange import export_pack, import_pack, make_desk_file
from countdesk.election import Candidate, ElectionSetup
from countdesk.store.election_file import ElectionFile, EntryPass, Paper

BATCHES = 8


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=800)
    parser.add_argument("--candidates", type=int, default=40)
    parser.add_argument("--desks", type=int, default=4)
    parser.add_argument("--folder", type=Path)
    args = parser.parse_args()
    folder = args.folder or Path(tempfile.mkdtemp(prefix="countdesk-packs-"))
    rng = random.Random(800)
    tellers = tuple(f"Teller {n}" for n in range(1, args.desks + 1))
    setup = ElectionSetup(title="National committee", seats=20,
                          candidates=tuple(Candidate(f"Candidate {n:02d}")
                                           for n in range(1, args.candidates + 1)),
                          returning_officer="Rita", tellers=tellers)
    per_batch = args.papers // BATCHES
    ro_path = folder / "ro.countdesk"
    papers = {}
    with ElectionFile.create(ro_path, setup, "Rita") as ro:
        authority = as_ro(ro)
        ids = [ro.add_batch(f"Box {n}", per_batch, "Rita") for n in range(1, BATCHES + 1)]
        for desk in range(args.desks):
            passes = [(ids[i], "A") for i in range(BATCHES) if i % args.desks == desk]
            passes += [(ids[i], "B") for i in range(BATCHES) if (i + 1) % args.desks == desk]
            make_desk_file(ro, folder / f"desk{desk + 1}.countdesk", f"Desk {desk + 1}",
                           passes, "Rita", authority)
    for i in range(BATCHES):
        papers[i] = []
        for _ in range(per_batch):
            boxes: list[tuple[int, ...]] = [() for _ in range(args.candidates)]
            for preference, candidate in enumerate(rng.sample(range(args.candidates),
                                                              rng.randint(1, 12)), 1):
                boxes[candidate] = (preference,)
            papers[i].append(tuple(boxes))
    packs = []
    for desk in range(args.desks):
        path = folder / f"desk{desk + 1}.countdesk"
        start = time.perf_counter()
        with ElectionFile.open(path) as opened:
            keyed = 0
            for i in range(BATCHES):
                for which in ("A", "B"):
                    if (f"Box {i + 1}", which) not in opened.this_desk().passes:
                        continue
                    batch = next(b.id for b in opened.batches() if b.label == f"Box {i + 1}")
                    for number, marks in enumerate(papers[i], 1):
                        opened.save_paper(Paper(batch, EntryPass(which), number, marks, None,
                                                False, tellers[desk]))
                        keyed += 1
            keying = time.perf_counter() - start
            start = time.perf_counter()
            pack = export_pack(opened, folder)
            export = time.perf_counter() - start
        packs.append(pack)
        print(f"Desk {desk + 1}: keyed {keyed} papers in {keying:.1f} s "
              f"({keying / keyed * 1000:.1f} ms a paper, each saved to disk); pack made in "
              f"{export * 1000:.0f} ms, {pack.stat().st_size / 1024:.0f} KiB")
    with ElectionFile.open(ro_path) as ro:
        total = 0.0
        for pack in packs:
            start = time.perf_counter()
            plan = import_pack(ro, pack, "Rita", as_ro(ro))
            took = time.perf_counter() - start
            total += took
            print(f"import {pack.name}: {sum(p.papers for p in plan.passes)} papers in "
                  f"{took * 1000:.0f} ms")
        start = time.perf_counter()
        board = dashboard(ro)
        shown = time.perf_counter() - start
        held = sum(ro.paper_count(b.id, which) for b in ro.batches()
                   for which in (EntryPass.A, EntryPass.B))
        start = time.perf_counter()
        clean = ro.check().clean
        checked = time.perf_counter() - start
    print(f"all {len(packs)} packs imported in {total:.2f} s: the RO's file holds {held} "
          f"papers ({2 * per_batch * BATCHES} keyed); dashboard in {shown * 1000:.0f} ms "
          f"({len(board.batches)} batches); check {'clean' if clean else 'NOT CLEAN'} in "
          f"{checked:.2f} s")


if __name__ == "__main__":
    main()
