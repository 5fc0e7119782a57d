"""Keying a long paper: keystrokes per paper, and Enter → the next empty paper at 100k papers.

    python bench/keying.py [--papers 100000] [--keyed 300] [--folder DIR]

First, the keystrokes a teller needs for a 40-candidate paper marked 1, 2, 3 in boxes 36–38,
each way of reaching box 36 keyed through the real Keying page (offscreen Qt, a window of
1366×740, keys sent to the focused widget) and the saved paper checked: ↓ alone (all there
was before column jumps), End then ↑, → between columns then ↓, and / with the box's number.

Then the latency: builds the election in DIR (default: a temporary folder on this machine's
disk; point it at a USB stick to measure one), imports the existing papers as one batch, keys
papers into a new batch through the real Keying page and times each Enter until the next
empty paper is on screen. Prints the median, 90th and 99th percentiles, and the disk's own
fsync time measured in the same run for comparison.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from countdesk.app.ballot_files import import_ballots
from countdesk.election import Candidate, ElectionSetup
from countdesk.gui.main_window import MainWindow
from countdesk.store.election_file import ElectionFile, EntryPass

CANDIDATES = 40
WINDOW = (1366, 740)  # a 1366×768 screen, less the desktop's panel
MARKED = {35: "1", 36: "2", 37: "3"}  # boxes 36–38, counted from 0


def write_blt(path: Path, papers: int) -> None:
    draw = random.Random(7)
    lines = [f"{CANDIDATES} 10"]
    for _ in range(papers):
        ranking = draw.sample(range(1, CANDIDATES + 1), draw.randint(1, 8))
        lines.append("1 " + " ".join(map(str, ranking)) + " 0")
    lines += ["0", *[f'"Candidate {i}"' for i in range(1, CANDIDATES + 1)], '"Bench"']
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def fsync_ms(folder: Path, times: int = 50) -> float:
    probe = folder / "fsync.probe"
    samples = []
    with open(probe, "wb") as handle:
        for _ in range(times):
            handle.write(b"x" * 4096)
            started = time.perf_counter()
            handle.flush()
            os.fsync(handle.fileno())
            samples.append((time.perf_counter() - started) * 1000)
    probe.unlink()
    return statistics.median(samples)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def ways_to_box_36(rows_per_column: int) -> dict[str, list[Qt.Key]]:
    """The keys that take the teller from box 1 to box 36, each way the page offers."""
    column, row = divmod(35, rows_per_column)
    return {
        "↓ alone": [Qt.Key.Key_Down] * 35,
        "End then ↑": [Qt.Key.Key_End, *[Qt.Key.Key_Up] * (CANDIDATES - 36)],
        "→ between columns then ↓": [Qt.Key.Key_Right] * column + [Qt.Key.Key_Down] * row,
        "/ and the box's number": [Qt.Key.Key_Slash, Qt.Key.Key_3, Qt.Key.Key_6,
                                   Qt.Key.Key_Enter],
    }


def keystrokes(folder: Path) -> dict[str, int]:
    """Each way's keystrokes for the paper marked in boxes 36–38, the paper saved each time."""
    path = folder / "keystrokes.countdesk"
    for leftover in folder.glob("keystrokes.countdesk*"):
        leftover.unlink()
    setup = ElectionSetup("Keystrokes", 10, tuple(Candidate(f"Candidate {n}")
                                                  for n in range(1, CANDIDATES + 1)),
                          tellers=("Bench",))
    with ElectionFile.create(path, setup, "bench") as election:
        batch = election.add_batch("Box 1", None, "bench")
    window = MainWindow()
    window.resize(*WINDOW)
    window.show()
    QTest.qWaitForWindowExposed(window)
    window.open_election(path)
    window.batches_page.teller.setCurrentText("Bench")
    window.start_keying(batch, EntryPass.A)
    QApplication.processEvents()
    keying = window.keying_page
    marks = [Qt.Key.Key_1, Qt.Key.Key_Down, Qt.Key.Key_2, Qt.Key.Key_Down, Qt.Key.Key_3,
             Qt.Key.Key_Enter]
    counted: dict[str, int] = {}
    for way, keys in ways_to_box_36(keying.rows_per_column).items():
        number = keying.number
        for key in [*keys, *marks]:
            QTest.keyClick(QApplication.focusWidget(), key)
        assert keying.last_saved.text() == f"Saved paper {number}.", (way, keying.last_saved.text())
        counted[way] = len(keys) + len(marks)
    assert window.election is not None
    expected = tuple((int(MARKED[i]),) if i in MARKED else () for i in range(CANDIDATES))
    assert [p.marks for p in window.election.papers(batch, EntryPass.A)] == [expected] * len(
        counted)
    window.close_election()
    window.close()
    return counted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--keyed", type=int, default=300)
    parser.add_argument("--folder", type=Path)
    args = parser.parse_args()
    folder = args.folder or Path(tempfile.mkdtemp(prefix="countdesk-bench-"))
    app = QApplication(sys.argv[:1])
    counted = keystrokes(folder)
    print(f"a {CANDIDATES}-candidate paper marked 1 2 3 in boxes 36–38, keystrokes per paper "
          "(the marks and Enter included): "
          + "; ".join(f"{way}: {keys}" for way, keys in counted.items()))
    blt, path = folder / "existing.blt", folder / "bench.countdesk"
    for leftover in folder.glob("bench.countdesk*"):
        leftover.unlink()
    write_blt(blt, args.papers)
    started = time.perf_counter()
    import_ballots(blt, path, "bench", lambda: "bench passphrase", tellers=("Bench",)).close()
    print(f"imported {args.papers} papers in {time.perf_counter() - started:.1f} s")
    with ElectionFile.open(path) as election:
        batch = election.add_batch("Box 2", args.keyed, "bench")

    window = MainWindow()
    window.resize(*WINDOW)
    window.show()
    QTest.qWaitForWindowExposed(window)
    window.open_election(path)
    window.batches_page.teller.setCurrentText("Bench")
    window.start_keying(batch, EntryPass.A)
    keying = window.keying_page
    draw = random.Random(11)
    timings: list[float] = []
    for number in range(1, args.keyed + 1):
        for position in draw.sample(range(CANDIDATES), 3):
            keying.boxes[position].setText(str(len([t for t in keying.boxes if t.text()]) + 1))
        keying.boxes[0].setFocus()
        started = time.perf_counter()
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        app.processEvents()
        timings.append((time.perf_counter() - started) * 1000)
        assert keying.number == number + 1 and not any(b.text() for b in keying.boxes)
    window.close_election()
    print(f"keyed {args.keyed} papers into an election holding {args.papers}: "
          f"Enter → next empty paper median {statistics.median(timings):.1f} ms, "
          f"p90 {percentile(timings, 0.9):.1f} ms, p99 {percentile(timings, 0.99):.1f} ms")
    print(f"this disk's fsync of 4 KiB: median {fsync_ms(folder):.2f} ms (each save waits "
          "for the disk; run with --folder on a USB stick to measure one)")


if __name__ == "__main__":
    main()
