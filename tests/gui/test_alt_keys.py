"""On every page, each Alt key belongs to one control: Alt and a letter never does two things."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget
from ro_key import as_ro
from teller_keys import CTRL, press

from countdesk.app.election_count import count_election
from countdesk.election import Candidate, ElectionSetup
from countdesk.store.election_file import BatchState, ElectionFile, EntryPass, Paper

RO = "Mary Quinn"


def alt_keys(window) -> Counter[str]:
    """The Alt keys of what is on screen: menus, page tabs, buttons, and labels of a field."""
    texts = [action.text() for action in window.menuBar().actions()]
    texts += [window.pages.tabText(i) for i in range(window.pages.count())]
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QAbstractButton) or (
                isinstance(widget, QLabel) and widget.buddy() is not None):
            texts.append(widget.text())
    keys = (QKeySequence.mnemonic(text).toString() for text in texts)
    return Counter(key for key in keys if key)


def test_each_alt_key_of_each_page_belongs_to_one_control(window, qtbot, tmp_path):
    path = tmp_path / "treasurer.countdesk"
    setup = ElectionSetup("Treasurer", 1, (Candidate("Ann"), Candidate("Bob")),
                          returning_officer=RO, tellers=("Tom", "Tia"))
    with ElectionFile.create(path, setup, RO) as election:
        batch = election.add_batch("Box 1", 1, RO)
        for entry_pass, teller in ((EntryPass.A, "Tom"), (EntryPass.B, "Tia")):
            election.save_paper(Paper(batch, entry_pass, 1, ((1,), ()), None, False, teller))
        election.set_batch_state(batch, BatchState.KEYED_ONCE, "Tom")
        count_election(election, by=RO, provisional=True, record=True,
                       authority=as_ro(election))
    assert window.open_election(path)
    window.batches_page.teller.setCurrentText("Tom")
    window.start_keying(batch, EntryPass.A)
    for number in range(1, window.pages.count() + 1):  # every page, the Desks page too
        press(qtbot, getattr(Qt.Key, f"Key_{number}"), CTRL)
        page = window.pages.currentWidget()
        assert page is window.pages.widget(number - 1)
        twice = sorted(key for key, times in alt_keys(window).items() if times > 1)
        assert twice == [], f"{page.TITLE}: {twice}"
