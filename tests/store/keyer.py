"""A teller in another process: opens an election file and keys papers into batch 1, pass A.

    python keyer.py FILE                 key papers forever, printing each number once saved
    python keyer.py FILE --disk-full     key 5 papers, then fill the disk: print the refusal

Printing happens only after `save_paper` has returned, and is flushed at once, so every number
the parent reads is a paper the store promised to keep.
"""

from __future__ import annotations

import resource
import signal
import sys
from itertools import count
from pathlib import Path

from countdesk.errors import CountDeskError
from countdesk.store.election_file import ElectionFile, EntryPass, Paper


def marks(number: int) -> tuple[tuple[int, ...], ...]:
    return ((1,), (number % 7 + 2,), ())


def main() -> None:
    path = Path(sys.argv[1])
    election = ElectionFile.open(path)
    print("open", flush=True)
    start = len(election.papers(1, EntryPass.A)) + 1
    if sys.argv[2:] == ["--disk-full"]:
        for number in range(start, start + 5):
            election.save_paper(Paper(1, EntryPass.A, number, marks(number), None, False, "Tom"))
            print(number, flush=True)
        # From here no file may grow beyond its size: as if the USB stick were full.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        journal = path.with_name(path.name + "-journal")
        sizes = [path.stat().st_size, journal.stat().st_size if journal.exists() else 0]
        limit = max(sizes) + 4096
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
        try:
            for number in count(start + 5):
                election.save_paper(Paper(1, EntryPass.A, number, marks(number), None, False,
                                          "Tom"))
                print(number, flush=True)
        except CountDeskError as error:
            print(f"refused: {error}", flush=True)
        return
    for number in count(start):
        election.save_paper(Paper(1, EntryPass.A, number, marks(number), None, False, "Tom"))
        print(number, flush=True)


if __name__ == "__main__":
    main()
