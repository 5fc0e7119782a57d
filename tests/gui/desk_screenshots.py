"""Screenshots of the Desks page (dashboard, desk files, import, a desk's export), for a person
to look at, with the national network sample's 60 candidates keyed on four desks.

    xvfb-run -s "-screen 0 1366x768x24" python tests/gui/desk_screenshots.py shots/desks

It builds, in a temporary folder, the RO's election with eight boxes of 30 papers and four
desk files (box i's pass A on desk i, its pass B on the next desk), keys the desks' passes
(desk 4 only half of its own; keying times set 12 seconds a paper, so that each desk has a
pace to show), exports their packs to a "stick" with a damaged copy of one, and a foreign
pack; then opens the RO's file in the window, imports the stick, and walks the page's parts,
and last opens desk 4's file as its laptop would, and exports its pack. Each screen is saved
with ImageMagick's `import -window root` as OUTDIR/NN-name.png.
"""

from __future__ import annotations

import random
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from screenshots import shoot

from countdesk.app.exchange import export_pack, make_desk_file
from countdesk.election import ElectionSetup
from countdesk.formats.blt import read_blt
from countdesk.gui.fonts import register_bundled_font
from countdesk.gui.main_window import MainWindow
from countdesk.gui.roles import PassphraseDialog
from countdesk.resources import resource_path
from countdesk.store import election_file
from countdesk.store.election_file import ElectionFile, EntryPass, Paper
from countdesk.store.signing import new_key

SAMPLE = "samples/national_network_2026"
RO = "Mary Quinn"
TELLERS = ("Imran Shah", "Grace Okafor", "Sean Byrne", "Rina Chowdhury")
PASSPHRASE = "screenshots passphrase"
BOXES = 8
PAPERS = 30


class Clock:
    """The keying times: 12 seconds a paper from 10:00, as a desk keys at its pace."""

    def __init__(self) -> None:
        self.at = datetime(2026, 5, 16, 10, 0, tzinfo=UTC)

    def __call__(self) -> str:
        self.at += timedelta(seconds=12)
        return self.at.isoformat(timespec="seconds")


def build(folder: Path) -> tuple[Path, Path, Path]:
    """The RO's file, the stick with the packs, and desk 4's file."""
    from countdesk.election import Candidate

    ballots = read_blt(resource_path(f"{SAMPLE}.blt"))
    names = ballots.candidates
    setup = ElectionSetup("National Committee", 26, tuple(Candidate(n) for n in names),
                          organisation="National Campaign Network", returning_officer=RO,
                          tellers=TELLERS)
    ro_path = folder / "national.countdesk"
    stick = folder / "stick"
    stick.mkdir()
    rng = random.Random(16)
    sealed, signer = new_key(PASSPHRASE)
    with ElectionFile.create(ro_path, setup, RO) as ro:
        ro.set_ro_key(sealed, RO)
        ids = [ro.add_batch(f"Box {n}", PAPERS, RO) for n in range(1, BOXES + 1)]
        for desk in range(4):
            passes = [(ids[i], "A") for i in range(BOXES) if i % 4 == desk]
            passes += [(ids[i], "B") for i in range(BOXES) if (i + 1) % 4 == desk]
            make_desk_file(ro, folder / f"Desk {desk + 1}.countdesk", f"Desk {desk + 1}",
                           passes, RO, signer)
    papers = {}
    for i in range(BOXES):
        papers[i] = []
        for _ in range(PAPERS):
            boxes: list[tuple[int, ...]] = [() for _ in names]
            for preference, candidate in enumerate(rng.sample(range(len(names)),
                                                              rng.randint(1, 9)), 1):
                boxes[candidate] = (preference,)
            papers[i].append(tuple(boxes))
    real_now = election_file.now
    try:
        for desk in range(4):
            election_file.now = Clock()
            with ElectionFile.open(folder / f"Desk {desk + 1}.countdesk") as opened:
                mine = opened.this_desk().passes
                for i in range(BOXES):
                    for which in ("A", "B"):
                        if (f"Box {i + 1}", which) not in mine:
                            continue
                        batch = next(b.id for b in opened.batches()
                                     if b.label == f"Box {i + 1}")
                        keyed = list(papers[i])
                        if which == "B" and i in (1, 4):  # a box keyed otherwise
                            marks = list(keyed[7])
                            marks[3] = (9,)
                            keyed[7] = tuple(marks)
                        if desk == 3 and which == "A":
                            keyed = keyed[:PAPERS // 2]  # desk 4 is still keying
                        for number, marks in enumerate(keyed, 1):
                            opened.save_paper(Paper(batch, EntryPass(which), number, marks,
                                                    None, which == "A" and number == 12,
                                                    TELLERS[desk]))
                if desk < 3:
                    export_pack(opened, stick)
    finally:
        election_file.now = real_now
    damaged = stick / "Desk-2-copied-badly.countdesk-pack"
    data = bytearray(next(stick.glob("Desk-2-*")).read_bytes())
    data[len(data) // 3] ^= 0x20
    damaged.write_bytes(bytes(data))
    return ro_path, stick, folder / "Desk 4.countdesk"


def give_passphrase() -> None:
    """The returning officer at the desk: any passphrase dialog is answered."""
    dialog = QApplication.activeModalWidget()
    if isinstance(dialog, PassphraseDialog):
        dialog.passphrase.setText(PASSPHRASE)
        dialog._try()


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    app.setFont(register_bundled_font())
    folder = Path(tempfile.mkdtemp(prefix="countdesk-desk-shots-"))
    ro_path, stick, desk4 = build(folder)
    ro = QTimer()
    ro.timeout.connect(give_passphrase)
    ro.start(50)
    window = MainWindow()
    window.show()
    QTest.qWaitForWindowExposed(window)
    window.activateWindow()
    if not QTest.qWaitForWindowActive(window):
        raise SystemExit("the window never became active: is an X server running?")
    window.open_election(ro_path)
    QTest.keyClick(window, Qt.Key.Key_8, Qt.KeyboardModifier.ControlModifier)
    page = window.desks_page
    page.show_part(page.importer)
    page.importer.path.setText(str(stick))
    page.importer.path.setFocus()
    QTest.keyClick(page.importer.path, Qt.Key.Key_Return)
    shoot(out, "01-import")
    page.show_part(page.dashboard)
    page.refresh()
    shoot(out, "02-dashboard")
    # A fifth desk for the last laptop: a box added, its pass A ticked.
    window.election.add_batch("Box 9 (late post)", 12, RO)
    page.show_part(page.desk_file)
    page.refresh()
    part = page.desk_file
    part.passes.setFocus()
    part.passes.setCurrentCell(part.passes.rowCount() - 1, 2)
    QTest.keyClick(part.passes, Qt.Key.Key_Space)
    part.path.setText(str(folder / "Desk 5.countdesk"))
    shoot(out, "03-desk-file")
    window.close_election()
    window.open_election(desk4)
    QTest.keyClick(window, Qt.Key.Key_8, Qt.KeyboardModifier.ControlModifier)
    window.desks_page.exporter.folder.setText(str(stick))
    window.desks_page.exporter.folder.setFocus()
    QTest.keyClick(window.desks_page.exporter.folder, Qt.Key.Key_Return)
    shoot(out, "04-export")
    window.close_election()
    window.close()


if __name__ == "__main__":
    main()
