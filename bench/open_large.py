"""Opening a large election: the check on open, the window's open, and each page as shown.

    python bench/open_large.py [--papers 100000] [--folder DIR]

Imports a seeded synthetic election (bench/synthetic.py: 40 candidates, 20 seats) of that
many papers into a new election file (one signed import, as `countdesk import` makes it),
then times, in this one run: the file's check as opening does it (the audit chain, every
row against its entry, the signatures, the schema, the anchor), the whole of the window's
File → Open (offscreen Qt), and showing each page after it. Prints seconds for each and the
ratio of the open to the check alone, so a page that reads every paper on open shows up.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import write_election

from countdesk.app.ballot_files import import_ballots
from countdesk.app.integrity import check_file
from countdesk.store.election_file import ElectionFile


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--folder", type=Path)
    args = parser.parse_args()
    folder = args.folder or Path(tempfile.mkdtemp(prefix="countdesk-open-"))
    os.environ["XDG_STATE_HOME"] = str(folder / "state")  # this run's anchors only
    os.environ["XDG_CONFIG_HOME"] = str(folder / "config")
    blt = write_election(folder, args.papers, 40, 20, seed=7)
    path = folder / "large.countdesk"
    for leftover in folder.glob("large.countdesk*"):
        leftover.unlink()
    started = time.perf_counter()
    import_ballots(blt, path, "bench", lambda: "bench passphrase").close()
    print(f"imported {args.papers} papers in {time.perf_counter() - started:.1f} s")

    with ElectionFile.open(path) as election:
        started = time.perf_counter()
        integrity = check_file(election)
        checked = time.perf_counter() - started
    assert integrity.sound, integrity.problems
    print(f"check on open: {checked:.2f} s")

    from PySide6.QtWidgets import QApplication

    from countdesk.gui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    window = MainWindow()
    window.resize(1366, 740)
    window.show()
    started = time.perf_counter()
    assert window.open_election(path)
    opened = time.perf_counter() - started
    print(f"File → Open in the window: {opened:.2f} s ({opened / checked:.1f}× the check)")
    for number in range(1, window.pages.count() + 1):
        started = time.perf_counter()
        window.show_page(number)
        app.processEvents()
        print(f"  page {number} ({window.pages.tabText(number - 1).replace('&', '')}): "
              f"{time.perf_counter() - started:.2f} s")
    window.close_election()


if __name__ == "__main__":
    main()
