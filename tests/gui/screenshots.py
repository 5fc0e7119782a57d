"""Screenshots of every page of the window, with a 60-candidate election, for a person to look at.

Run under an X server the size of the laptop's screen, once as it is and once at 125%:

    xvfb-run -s "-screen 0 1366x768x24" python tests/gui/screenshots.py shots/100
    QT_SCALE_FACTOR=1.25 xvfb-run -s "-screen 0 1366x768x24" python tests/gui/screenshots.py \
        shots/125

It builds an election in a temporary folder (the national network sample's 60 candidates and
quota rules, some given long names; its 1,200 papers imported, a box keyed twice with two
differences, a box keyed once with a doubtful paper, a count kept), opens it in the window,
walks every page (and the keys, lot, guide and practice papers dialogs), and saves the whole
screen of each with ImageMagick's `import -window root` as OUTDIR/NN-page.png.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from countdesk.app.ballot_files import import_ballots, ranking_to_marks
from countdesk.app.election_count import prepare_count, record_count
from countdesk.count.lots import LotNeeded
from countdesk.formats.blt import read_blt
from countdesk.gui.count_page import LotDialog
from countdesk.gui.fonts import register_bundled_font
from countdesk.gui.main_window import MainWindow
from countdesk.gui.roles import PassphraseDialog
from countdesk.resources import resource_path
from countdesk.store.election_file import BatchState, EntryPass, Paper

SAMPLE = "samples/national_network_2026"
RO = "Mary Quinn"
TELLERS = ("Imran Shah", "Grace Okafor")
PASSPHRASE = "screenshots passphrase"
LONG_NAMES = {0: "Siobhán Nic a' Bhriain", 5: "Oluwaseun Adeyemi-Fitzgerald",
              11: "Aleksandra Wiśniewska-Kowalczyk", 36: "Seán Ó Súilleabháin"}


def build(folder: Path) -> tuple[Path, int]:
    """The election file, and the id of the box left for keying."""
    path = folder / "national_network.countdesk"
    ballots = read_blt(resource_path(f"{SAMPLE}.blt"))
    election = import_ballots(resource_path(f"{SAMPLE}.blt"), path, RO, lambda: PASSPHRASE,
                              resource_path(f"{SAMPLE}.con"), tellers=TELLERS)
    with election:
        ro = election.unlock(PASSPHRASE)
        setup = election.setup()
        candidates = tuple(replace(c, name=LONG_NAMES.get(i, c.name))
                           for i, c in enumerate(setup.candidates))
        election.update_setup(replace(setup, candidates=candidates, returning_officer=RO,
                                      organisation="National Campaign Network"),
                              RO, "names as on the paper", ro)
        size = len(candidates)
        marks = [ranking_to_marks(b.ranks, size) for b in ballots.ballots[:40]]
        twice = election.add_batch("Box 2", 20, RO)
        for number, paper in enumerate(marks[:20], 1):
            election.save_paper(Paper(twice, EntryPass.A, number, paper, None, number == 4,
                                      "Imran Shah"))
            if number == 7:  # pass B misreads a box far down the paper
                paper = tuple(((9,) if i == 52 else box) for i, box in enumerate(paper))
            if number == 12:
                paper = paper[1:] + paper[:1]
            election.save_paper(Paper(twice, EntryPass.B, number, paper, None, number == 4,
                                      "Grace Okafor"))
        once = election.add_batch("Box 3", 20, RO)
        for number, paper in enumerate(marks[20:35], 1):
            election.save_paper(Paper(once, EntryPass.A, number, paper, None, number == 3,
                                      "Imran Shah"))
        election.set_batch_state(once, BatchState.KEYED_ONCE, "Imran Shah")
        election.record_ruling(once, 3, RO, valid_up_to=2, authority=ro)
        keying = election.add_batch("Box 4", 25, RO)
        prepared = prepare_count(election, provisional=True)
        try:
            result = prepared.run()
        except LotNeeded:
            result = prepared.run(seed=1)
        record_count(election, prepared, result, RO, ro)
    return path, keying


def give_passphrase() -> None:
    """The returning officer at the desk: any passphrase dialog is answered."""
    dialog = QApplication.activeModalWidget()
    if isinstance(dialog, PassphraseDialog):  # typed and Enter, so that it unlocks the key
        dialog.passphrase.setText(PASSPHRASE)
        if dialog.new:
            dialog.again.setText(PASSPHRASE)
        QTest.keyClick(dialog.passphrase, Qt.Key.Key_Return)


def shoot(folder: Path, name: str) -> None:
    app = QApplication.instance()
    for _ in range(5):
        app.processEvents()
        QTest.qWait(60)
    subprocess.run(["import", "-window", "root", str(folder / f"{name}.png")], check=True)
    print(folder / f"{name}.png", flush=True)


def type_keys(text: str) -> None:
    QTest.keyClicks(QApplication.focusWidget(), text)


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(QApplication.focusWidget(), key, modifier)


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    app.setFont(register_bundled_font())
    path, keying_batch = build(Path(tempfile.mkdtemp(prefix="countdesk-shots-")))
    ro = QTimer()
    ro.timeout.connect(give_passphrase)
    ro.start(50)
    window = MainWindow()
    window.show()
    QTest.qWaitForWindowExposed(window)
    window.activateWindow()
    if not QTest.qWaitForWindowActive(window):
        raise SystemExit("the window never became active: is an X server running?")
    window.open_election(path)
    ctrl = Qt.KeyboardModifier.ControlModifier
    press(Qt.Key.Key_1, ctrl)
    window.setup_page.candidates_view.setFocus()
    press(Qt.Key.Key_End, ctrl)
    press(Qt.Key.Key_Home)  # the last candidate, name first
    shoot(out, "01-setup")
    press(Qt.Key.Key_2, ctrl)
    shoot(out, "02-batches")
    window.batches_page.teller.setCurrentText("Imran Shah")
    window.start_keying(keying_batch, EntryPass.A)
    for box in ("2", "", "", "1", "", "", "3", "", "", "4", "", "", "5"):
        if box:
            type_keys(box)
        press(Qt.Key.Key_Down)
    shoot(out, "03-keying")
    window.keying_page.discard_unsaved()
    window.start_keying(keying_batch, EntryPass.A)
    press(Qt.Key.Key_4, ctrl)
    shoot(out, "04-differences")
    type_keys("k")
    shoot(out, "05-differences-key-again")
    press(Qt.Key.Key_Escape)
    press(Qt.Key.Key_5, ctrl)
    shoot(out, "06-rulings")
    press(Qt.Key.Key_6, ctrl)
    shoot(out, "07-count")
    press(Qt.Key.Key_7, ctrl)
    shoot(out, "08-results")
    for _ in range(len(window.results_page.model.table.rows)):  # by keys, to the last row
        press(Qt.Key.Key_Down)
    shoot(out, "09-results-end-of-table")
    keys = window.show_keys()
    shoot(out, "10-keys")
    keys.close()
    press(Qt.Key.Key_6, ctrl)
    tie = LotNeeded("12", "exclusion", ("Zak Khan", "Siobhán Nic a' Bhriain"))
    lot = LotDialog(window.count_page, tie, RO)
    lot.show()
    shoot(out, "11-lot")
    lot.close()
    guide = window.show_guide()
    shoot(out, "12-guide")
    guide.close()
    papers = window.show_practice_papers()
    shoot(out, "13-practice-papers")
    papers.close()
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QWidget) and widget is not window and widget.isVisible():
            widget.close()
    window.close_election()


if __name__ == "__main__":
    main()
