"""A newcomer practises: the practice election opens with its boxes unkeyed, its printed papers
key as they read, and the returning officer's guide is in the app, to read and to print."""

from __future__ import annotations

from pypdf import PdfReader
from PySide6.QtCore import Qt
from teller_keys import CTRL, focused, press, type_text

from countdesk.gui.practice import read_practice
from countdesk.keying import marks_from_boxes
from countdesk.store.election_file import ElectionFile, EntryPass


def test_the_practice_election_opens_unkeyed_and_its_papers_key_as_printed(window, qtbot):
    practice = read_practice()
    window.practice_action.trigger()
    election = window.election
    assert election is not None and election.setup() == practice.setup
    assert [(b.label, b.hand_count) for b in election.batches()] == [
        (box.label, box.hand_count) for box in practice.boxes]
    assert not election.keying_started()
    assert window.pages.currentWidget() is window.batches_page
    assert "Help → Practice papers" in window.statusBar().currentMessage()

    printed = window.show_practice_papers()
    text = printed.browser.toPlainText()
    for box in practice.boxes:
        assert f"{box.label} — hand count {box.hand_count}" in text
    printed.close()

    box = practice.boxes[1]  # the box with a blank paper, two 1s, a doubtful one, and 1,3
    batch = election.batches()[1].id
    window.batches_page.teller.setCurrentText(practice.setup.tellers[0])
    window.start_keying(batch, EntryPass.A)
    for paper in box.papers:
        assert focused() is window.keying_page.boxes[0]
        for position, written in enumerate(paper.boxes):
            type_text(qtbot, written)
            if position < len(paper.boxes) - 1:
                press(qtbot, Qt.Key.Key_Down)
        if "Ctrl+D" in paper.note:
            press(qtbot, Qt.Key.Key_D, CTRL)
        press(qtbot, Qt.Key.Key_Return)
        if not any(paper.boxes):
            press(qtbot, Qt.Key.Key_Return)  # a blank paper: Enter twice
    press(qtbot, Qt.Key.Key_E, CTRL)
    assert f"{len(box.papers)} papers keyed but the hand count is {box.hand_count}" in \
        window.message.text()
    path = election.path
    window.close_election()
    with ElectionFile.open(path) as stored:
        keyed = stored.papers(batch, EntryPass.A)
    assert [p.marks for p in keyed] == [marks_from_boxes(paper.boxes) for paper in box.papers]
    assert [p.doubtful for p in keyed] == ["Ctrl+D" in paper.note for paper in box.papers]


def test_the_guide_is_in_the_app_and_prints_as_a_pdf(window, tmp_path):
    dialog = window.show_guide()
    text = dialog.browser.toPlainText()
    for part in ("Setting up", "Assigning tellers", "The day, step by step",
                 "What each state means", "When a count does not balance",
                 "keyed twice: differences to settle, then verify"):
        assert part in text, part
    dialog.save_pdf(tmp_path / "guide.pdf")
    printed = " ".join(page.extract_text() for page in PdfReader(tmp_path / "guide.pdf").pages)
    assert "When a count does not balance" in " ".join(printed.split())
    dialog.close()
