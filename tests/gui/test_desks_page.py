"""The Desks page, used as the returning officer and a desk's tellers would: by keyboard, on
real election files; each test checks the file itself afterwards."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication
from ro_key import as_ro

from countdesk.app.exchange import export_pack, make_desk_file
from countdesk.election import Candidate, ElectionSetup
from countdesk.gui.main_window import MainWindow
from countdesk.store.election_file import ElectionFile, EntryPass, Paper

PAPER = ((1,), (2,), ())
OTHER = ((2,), (1,), ())


def setup() -> ElectionSetup:
    return ElectionSetup("Branch committee", 1, (Candidate("Ann"), Candidate("Bob"),
                                                 Candidate("Cat")),
                         returning_officer="Rita", tellers=("Tom", "Tia"))


@pytest.fixture
def ro_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    path = tmp_path / "ro.countdesk"
    with ElectionFile.create(path, setup(), "Rita") as ro:
        ro.add_batch("Box 1", 2, "Rita")
        ro.add_batch("Box 2", 2, "Rita")
        as_ro(ro)
    return path


def desks_page(qtbot, window: MainWindow):  # type: ignore[no-untyped-def]
    qtbot.keyClick(window, Qt.Key.Key_8, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.desks_page
    return window.desks_page


def tick(qtbot, table, row: int, column: int) -> None:  # type: ignore[no-untyped-def]
    table.setFocus()
    table.setCurrentCell(row, column)
    qtbot.keyClick(table, Qt.Key.Key_Space)


def test_the_ro_makes_a_desk_file_by_keyboard(qtbot, window: MainWindow, ro_path: Path,
                                              tmp_path: Path, ro_present: None) -> None:
    assert window.open_election(ro_path)
    page = desks_page(qtbot, window)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageDown,
                   Qt.KeyboardModifier.ControlModifier)
    part = page.desk_file
    assert page.parts.currentWidget() is part
    assert part.name.text() == "Desk 1"
    keys = window.show_keys()  # F1: the page's keys, then the window's
    shown = [keys.table.item(row, 0).text() for row in range(keys.table.rowCount())]
    assert "Ctrl+Enter" in shown and "Ctrl+1 … Ctrl+8" in shown
    keys.close()
    tick(qtbot, part.passes, 0, 2)  # Box 1, pass A
    tick(qtbot, part.passes, 1, 3)  # Box 2, pass B
    assert part.chosen() == [(1, "A"), (2, "B")]
    part.path.setFocus()
    qtbot.keyClicks(part.path, str(tmp_path / "desk1.countdesk"))
    qtbot.keyClick(part.path, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "Desk file of 'Desk 1' made" in window.statusBar().currentMessage()
    # Box 1's pass A is Desk 1's now: the next desk cannot tick it.
    assert part.passes.item(0, 2).text() == "on Desk 1"
    assert part.name.text() == "Desk 2"
    window.close_election()
    with ElectionFile.open(ro_path) as ro:
        assert [d.name for d in ro.desks()] == ["Desk 1"]
        assert [(p.batch, p.entry_pass) for p in ro.desk_passes()] == [(1, "A"), (2, "B")]
        assert ro.check().clean
    with ElectionFile.open(tmp_path / "desk1.countdesk") as desk:
        assert desk.this_desk().passes == (("Box 1", "A"), ("Box 2", "B"))


def test_both_passes_on_one_desk_need_a_reason_and_the_ro(qtbot, window: MainWindow,
                                                          ro_path: Path, tmp_path: Path
                                                          ) -> None:
    assert window.open_election(ro_path)
    page = desks_page(qtbot, window)
    page.show_part(page.desk_file)
    part = page.desk_file
    tick(qtbot, part.passes, 0, 2)
    tick(qtbot, part.passes, 0, 3)
    qtbot.keyClicks(part.path, str(tmp_path / "d.countdesk"))
    qtbot.keyClick(part.path, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "would key both passes of batch 'Box 1'" in window.message.text()
    qtbot.keyClicks(part.leave, "the last laptop")
    # No RO at the desk: the passphrase dialog is cancelled, and nothing is made.
    qtbot.keyClick(part.path, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "Making a desk file is the returning officer's" in window.message.text()
    assert not (tmp_path / "d.countdesk").exists()
    assert window.election.desks() == ()


def test_a_desk_exports_its_pack_and_the_ro_imports_it(qtbot, window: MainWindow,
                                                       ro_path: Path, tmp_path: Path,
                                                       ro_present: None) -> None:
    with ElectionFile.open(ro_path) as ro:
        make_desk_file(ro, tmp_path / "d1.countdesk", "Desk 1", [(1, "A"), (2, "B")],
                       "Rita", as_ro(ro))
        make_desk_file(ro, tmp_path / "d2.countdesk", "Desk 2", [(1, "B"), (2, "A")],
                       "Rita", as_ro(ro))
    with ElectionFile.open(tmp_path / "d2.countdesk") as desk:
        for number, marks in enumerate((PAPER, OTHER), 1):
            desk.save_paper(Paper(1, EntryPass.B, number, marks, None, False, "Tia"))
    stick = tmp_path / "stick"
    stick.mkdir()
    # Desk 1's laptop: the desk file opens on its own Desks page, with export alone.
    assert window.open_election(tmp_path / "d1.countdesk")
    for number, marks in enumerate((PAPER, PAPER), 1):
        window.election.save_paper(Paper(1, EntryPass.A, number, marks, None, False, "Tom"))
    page = desks_page(qtbot, window)
    assert page.parts.count() == 1 and page.parts.currentWidget() is page.exporter
    assert "This laptop is 'Desk 1'" in page.exporter.who.text()
    window._show_state()
    assert window.state_label.text().startswith("Desk file of 'Desk 1': 1 of 2 passes keyed")
    assert page.exporter.passes.item(0, 2).text() == "2 of 2"
    assert page.exporter.passes.item(0, 3).text() == "yes"
    assert page.exporter.passes.item(1, 3).text() == "nothing keyed"
    qtbot.keyClicks(page.exporter.folder, str(stick))
    qtbot.keyClick(page.exporter.folder, Qt.Key.Key_Return)
    packs = sorted(stick.iterdir())
    assert len(packs) == 1 and "SHA-256" in page.exporter.fingerprint.text()
    window.close_election()
    with ElectionFile.open(tmp_path / "d2.countdesk") as desk:
        export_pack(desk, stick)
    damaged = stick / "damaged.countdesk-pack"
    damaged.write_bytes(packs[0].read_bytes()[:-10])
    # The RO's laptop: every pack on the stick, at once.
    assert window.open_election(ro_path)
    page = desks_page(qtbot, window)
    page.show_part(page.importer)
    qtbot.keyClicks(page.importer.path, str(stick))
    qtbot.keyClick(page.importer.path, Qt.Key.Key_Return)
    outcomes = [page.importer.outcomes.item(i).text()
                for i in range(page.importer.outcomes.count())]
    assert sum(line.startswith("✓ ") for line in outcomes) == 2
    assert [line for line in outcomes if line.startswith("✗ ")] == [
        next(line for line in outcomes if "damaged.countdesk-pack" in line)]
    assert "2 packs imported, 1 refused" in window.statusBar().currentMessage()
    # Again: each is refused whole, as imported already (or damaged).
    qtbot.keyClick(page.importer.path, Qt.Key.Key_Return)
    assert page.importer.outcomes.count() == 6
    assert "was imported already" in page.importer.outcomes.item(0).text() + \
        page.importer.outcomes.item(1).text()
    page.show_part(page.dashboard)
    lines = page.dashboard.batches.rows
    assert [(b.label, b.keyed_a, b.keyed_b, b.open_differences) for b in lines] == [
        ("Box 1", 2, 2, 1), ("Box 2", 0, 0, None)]
    checks = [page.dashboard.checklist.item(i).text()
              for i in range(page.dashboard.checklist.count())]
    assert "✗  1 difference to settle" in checks
    assert page.dashboard.ready.text() == "Not ready to certify yet."
    window.close_election()
    with ElectionFile.open(ro_path) as ro:
        assert len(ro.packs()) == 2 and ro.check().clean
        assert [p.marks for p in ro.papers(1, EntryPass.A)] == [PAPER, PAPER]
        assert [p.marks for p in ro.papers(1, EntryPass.B)] == [PAPER, OTHER]


def test_importing_without_the_ro_imports_nothing(qtbot, window: MainWindow, ro_path: Path,
                                                  tmp_path: Path) -> None:
    with ElectionFile.open(ro_path) as ro:
        make_desk_file(ro, tmp_path / "d1.countdesk", "Desk 1", [(1, "A")], "Rita",
                       as_ro(ro))
    with ElectionFile.open(tmp_path / "d1.countdesk") as desk:
        desk.save_paper(Paper(1, EntryPass.A, 1, PAPER, None, False, "Tom"))
        pack = export_pack(desk, tmp_path, unfinished=True)
    assert window.open_election(ro_path)
    page = desks_page(qtbot, window)
    page.show_part(page.importer)
    qtbot.keyClicks(page.importer.path, str(pack))
    qtbot.keyClick(page.importer.path, Qt.Key.Key_Return)
    assert "Importing a pack is the returning officer's" in window.message.text()
    assert window.election.packs() == ()
    assert QApplication.activeModalWidget() is None



def test_each_alt_key_of_each_part_belongs_to_one_control(qtbot, window: MainWindow,
                                                          ro_path: Path, tmp_path: Path
                                                          ) -> None:
    from test_alt_keys import alt_keys

    with ElectionFile.open(ro_path) as ro:
        make_desk_file(ro, tmp_path / "d1.countdesk", "Desk 1", [(1, "A")], "Rita",
                       as_ro(ro))
    for path in (ro_path, tmp_path / "d1.countdesk"):
        assert window.open_election(path)
        page = desks_page(qtbot, window)
        for index in range(page.parts.count()):
            page.parts.setCurrentIndex(index)
            keys = alt_keys(window)
            keys.update(QKeySequence.mnemonic(page.parts.tabText(i)).toString()
                        for i in range(page.parts.count()))
            twice = sorted(key for key, times in keys.items() if times > 1)
            assert twice == [], f"{page.parts.tabText(index)}: {twice}"
        window.close_election()


def test_a_newer_pack_replaces_a_pass_only_with_a_reason(qtbot, window: MainWindow,
                                                         ro_path: Path, tmp_path: Path,
                                                         ro_present: None) -> None:
    with ElectionFile.open(ro_path) as ro:
        make_desk_file(ro, tmp_path / "d1.countdesk", "Desk 1", [(1, "A")], "Rita",
                       as_ro(ro))
    with ElectionFile.open(tmp_path / "d1.countdesk") as desk:
        desk.save_paper(Paper(1, EntryPass.A, 1, PAPER, None, False, "Tom"))
        older = export_pack(desk, tmp_path / "older.countdesk-pack", unfinished=True)
        desk.save_paper(Paper(1, EntryPass.A, 2, OTHER, None, False, "Tom"))
        newer = export_pack(desk, tmp_path / "newer.countdesk-pack")
    assert window.open_election(ro_path)
    page = desks_page(qtbot, window)
    page.show_part(page.importer)
    field = page.importer.path
    for pack in (older, newer):
        field.clear()
        qtbot.keyClicks(field, str(pack))
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert page.importer.outcomes.item(0).text().startswith("✗ Refused (replace): ")
    assert window.election.paper_count(1, EntryPass.A) == 1
    qtbot.keyClicks(page.importer.reason, "paper 2 was found under the table")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert "replaced: pass A of 'Box 1' (2 papers)" in page.importer.outcomes.item(0).text()
    assert page.importer.reason.text() == ""
    window.close_election()
    with ElectionFile.open(ro_path) as ro:
        assert [p.marks for p in ro.papers(1, EntryPass.A)] == [PAPER, OTHER]
        assert any("paper 2 was found under the table" in e.action for e in ro.audit_log())
        assert ro.check().clean


def test_a_desk_sends_an_unfinished_pass_only_when_ticked(qtbot, window: MainWindow,
                                                         ro_path: Path, tmp_path: Path) -> None:
    with ElectionFile.open(ro_path) as ro:
        make_desk_file(ro, tmp_path / "d1.countdesk", "Desk 1", [(1, "A")], "Rita",
                       as_ro(ro))
    assert window.open_election(tmp_path / "d1.countdesk")
    window.election.save_paper(Paper(1, EntryPass.A, 1, PAPER, None, False, "Tom"))
    page = desks_page(qtbot, window)
    exporter = page.exporter
    assert exporter.passes.item(0, 3).text() == "not yet"
    qtbot.keyClicks(exporter.folder, str(tmp_path))
    qtbot.keyClick(exporter.folder, Qt.Key.Key_Return)
    assert "no pass keyed to its hand count yet" in window.message.text()
    assert list(tmp_path.glob("*.countdesk-pack")) == []
    qtbot.keyClick(exporter.folder, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(exporter.unfinished.isChecked, timeout=2000)  # Alt clicks after a blink
    assert exporter.passes.item(0, 3).text() == "yes, unfinished"
    exporter.folder.setFocus()
    qtbot.keyClick(exporter.folder, Qt.Key.Key_Return)
    assert len(list(tmp_path.glob("*.countdesk-pack"))) == 1


def test_the_ro_takes_a_pass_back_from_a_failed_laptop(qtbot, window: MainWindow,
                                                       ro_path: Path, tmp_path: Path,
                                                       ro_present: None) -> None:
    with ElectionFile.open(ro_path) as ro:
        make_desk_file(ro, tmp_path / "d1.countdesk", "Desk 1", [(1, "A")], "Rita",
                       as_ro(ro))
    assert window.open_election(ro_path)
    page = desks_page(qtbot, window)
    page.show_part(page.desk_file)
    part = page.desk_file
    assert part.passes.item(0, 2).text() == "on Desk 1"
    qtbot.keyClick(part.take_back_reason, Qt.Key.Key_Return)
    assert "Select the pass to take back" in window.message.text()
    part.passes.setFocus()
    part.passes.setCurrentCell(0, 2)
    part.take_back_reason.setFocus()
    qtbot.keyClicks(part.take_back_reason, "its battery died")
    qtbot.keyClick(part.take_back_reason, Qt.Key.Key_Return)
    assert "taken back from 'Desk 1'" in window.statusBar().currentMessage()
    assert part.passes.item(0, 2).text() == "pass A"
    window.close_election()
    with ElectionFile.open(ro_path) as ro:
        assert ro.desk_passes() == ()
        assert any("its battery died" in e.action for e in ro.audit_log())
        assert ro.check().clean


def test_on_a_desk_file_the_setup_is_shown_read_only(qtbot, window: MainWindow, ro_path: Path,
                                                     tmp_path: Path) -> None:
    """A teller at a desk sees the setup but cannot edit it: no field takes a key, and a
    withdrawal says why it is refused; the desk file's setup is unchanged."""
    with ElectionFile.open(ro_path) as ro:
        make_desk_file(ro, tmp_path / "d1.countdesk", "Desk 1", [(1, "A")], "Rita",
                       as_ro(ro))
    assert window.open_election(tmp_path / "d1.countdesk")
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    page = window.setup_page
    assert page.lock_notice.text().startswith("Read-only: this is the desk file of 'Desk 1'")
    assert not page.title.isEnabled() and not page.save_button.isEnabled()
    page.candidates_view.setFocus()
    page.candidates_view.setCurrentIndex(page.candidates.index(0, 0))
    qtbot.keyClick(page.candidates_view, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert "cannot be changed here" in window.message.text()
    qtbot.keyClicks(page.candidates_view, "Zed")  # no editor opens on a key
    assert page.candidates_view.state() is not page.candidates_view.State.EditingState
    window.close_election()
    with ElectionFile.open(tmp_path / "d1.countdesk") as desk:
        assert desk.setup() == setup()


def test_the_ro_file_s_setup_stays_editable(qtbot, window: MainWindow, ro_path: Path) -> None:
    assert window.open_election(ro_path)
    assert window.setup_page.title.isEnabled()
    assert not window.setup_page.lock_notice.text().startswith("Read-only")
