"""A 60-paper batch keyed twice by keyboard alone, its differences settled, its doubtful papers
ruled: the file then holds exactly the expected papers, rulings, states and audit entries, and
counts as the true papers do."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from questions import ESCAPE, answering, letter
from ro_key import as_ro
from teller_keys import ALT, CTRL, NAMES, Keyed, focused, key_as_written, press, tab, type_text

from countdesk.cli import main
from countdesk.election import Candidate, ElectionSetup, LoneCross
from countdesk.formats.blt import canonical_blt
from countdesk.papers import Rejection, apply_ruling, read_marks
from countdesk.store.check import check_election
from countdesk.store.election_file import BatchState, ElectionFile, EntryPass

pytestmark = pytest.mark.usefixtures("ro_present")  # the RO is at the desk

RO = "Mary Quinn"
TELLER_A = "Imran Shah"
TELLER_B = "Grace Okafor"


def truth() -> list[Keyed]:
    """What is written on the 60 papers (index 0 is paper 1)."""
    papers = []
    for n in range(60):
        boxes = [""] * len(NAMES)
        order = ((n * 5) % 8, (n * 3 + 1) % 8, (n + 6) % 8, (n * 7 + 2) % 8)
        preference = 0
        for position in order[: 2 + n % 3]:
            if not boxes[position]:
                preference += 1
                boxes[position] = str(preference)
        papers.append(Keyed(tuple(boxes)))
    papers[4] = Keyed((), rejected=Rejection.UNMARKED)  # blank: the teller rejects it
    papers[7] = Keyed(("2", "1", "3"), doubtful=True)  # initials in a corner
    papers[32] = Keyed(("1", "", "2", "3"), doubtful=True)  # a smudged 2 and 3
    return papers


def set_teller(qtbot, name: str, tabs: int) -> None:
    """The teller's name (Alt+T), then Tab on: once to the batch label, four to the list."""
    press(qtbot, Qt.Key.Key_T, ALT)  # the setup's tellers: ↑ ↓ pick one
    picker = focused()
    press(qtbot, Qt.Key.Key_Home)
    while picker.currentText() != name:
        press(qtbot, Qt.Key.Key_Down)
    tab(qtbot, tabs)


@pytest.fixture
def election_path(tmp_path):
    path = tmp_path / "conference.countdesk"
    setup = ElectionSetup("Steering Group", 3, tuple(Candidate(n) for n in NAMES),
                          lone_cross=LoneCross.FIRST_PREFERENCE, returning_officer=RO,
                          rules="scottish", tie_policy="rules-then-seed",
                          tellers=(TELLER_A, TELLER_B))
    with ElectionFile.create(path, setup, RO) as election:
        as_ro(election, RO)
    return path


def test_a_batch_keyed_twice_is_settled_ruled_verified_and_counted(
        window, qtbot, election_path, capsys):
    papers = truth()
    # Pass A's mistakes: paper 20 correct, paper 12 has a 4 for a 3, paper 33 flagged
    # doubtful (B did not), paper 52 misread.
    pass_a = list(papers)
    pass_a[11] = replace(papers[11], boxes=tuple("4" if b == "3" else b for b in papers[11].boxes))
    pass_a[51] = replace(papers[51], boxes=tuple("5" if b == "2" else b for b in papers[51].boxes))
    pass_b = list(papers)
    pass_b[19] = replace(papers[19], boxes=tuple("" if b == "2" else b for b in papers[19].boxes))
    pass_b[32] = replace(papers[32], doubtful=False)
    pass_b[51] = replace(papers[51], boxes=tuple("3" if b == "1" else b for b in papers[51].boxes))
    for index in (11, 19, 51):
        assert pass_a[index] != pass_b[index], index

    assert window.open_election(election_path)
    press(qtbot, Qt.Key.Key_2, CTRL)
    batches = window.batches_page
    set_teller(qtbot, TELLER_A, tabs=1)
    type_text(qtbot, "Box 1")
    tab(qtbot)
    press(qtbot, Qt.Key.Key_A, CTRL)
    type_text(qtbot, "60")
    press(qtbot, Qt.Key.Key_Return)
    tab(qtbot, 3)
    assert focused() is batches.view
    press(qtbot, Qt.Key.Key_Return)
    keying = window.keying_page
    assert keying.entry_pass is EntryPass.A and not keying.number_check.isVisible()
    for keyed in pass_a:
        key_as_written(qtbot, keyed)
    assert keying.keyed == 60
    press(qtbot, Qt.Key.Key_E, CTRL)
    assert window.pages.currentWidget() is batches

    # Pass B, blind, by a second teller: paper 30 keyed twice, paper 45 skipped.
    set_teller(qtbot, TELLER_B, tabs=4)
    assert focused() is batches.view
    press(qtbot, Qt.Key.Key_B, CTRL)
    assert keying.entry_pass is EntryPass.B and keying.number == 1
    assert keying.number_check.isVisible()
    assert keying.number_check.text().startswith("Paper number 1: check it is the number")
    assert all(box.text() == "" for box in keying.boxes)  # nothing of pass A is shown
    for keyed in pass_b[:30]:
        key_as_written(qtbot, keyed)
    key_as_written(qtbot, pass_b[29])  # paper 30 again, as paper 31
    assert keying.number_check.text().startswith("Paper number 32:")  # paper 31 in hand
    press(qtbot, Qt.Key.Key_PageUp)
    assert keying.number == 31 and keying.correcting
    with answering(qtbot, ESCAPE):  # asked first, in words; Esc keeps the paper
        press(qtbot, Qt.Key.Key_Delete, CTRL)
    assert keying.keyed == 31
    with answering(qtbot, letter(Qt.Key.Key_R)) as asked:
        press(qtbot, Qt.Key.Key_Delete, CTRL)
    assert asked == ["Remove paper 31 of pass B of Box 1?\nIts marks leave the file (the audit "
                     "log keeps that they were removed, and by whom). Only a paper keyed twice "
                     "should be removed."]
    assert keying.keyed == 30 and keying.number == 31
    assert keying.last_saved.text().startswith("Removed paper 31 (keyed twice)")
    for keyed in pass_b[30:44] + pass_b[45:50]:  # paper 45 skipped: 46-50 keyed as 45-49
        key_as_written(qtbot, keyed)
    assert keying.number == 50
    press(qtbot, Qt.Key.Key_G, CTRL)
    type_text(qtbot, "45")
    press(qtbot, Qt.Key.Key_Return)
    assert keying.number == 45 and keying.correcting
    press(qtbot, Qt.Key.Key_I, CTRL)
    assert keying.inserting and all(box.text() == "" for box in keying.boxes)
    assert "inserting paper 45" in keying.header.text()
    key_as_written(qtbot, pass_b[44])
    assert keying.last_saved.text().startswith("Inserted paper 45")
    assert keying.number == 51 and keying.keyed == 50
    for keyed in pass_b[50:]:
        key_as_written(qtbot, keyed)
    press(qtbot, Qt.Key.Key_E, CTRL)

    # The RO settles the differences: 12 take B, 20 take A, 33 take A, 52 key again.
    press(qtbot, Qt.Key.Key_4, CTRL)
    differences = window.differences_page
    assert window.pages.currentWidget() is differences and focused() is differences.view
    assert [row.difference.number for row in differences.model.rows] == [12, 20, 33, 52]
    assert "4 differences, 4 not settled" in differences.summary.text()
    assert differences.current().number == 12
    changed = [i for i, cell in enumerate(differences.a_cells) if cell.text().startswith("≠")]
    assert changed == list(differences.current().boxes) and len(changed) == 1
    assert differences.b_cells[changed[0]].text() == "≠ 3"
    assert differences.readings[0].text() != differences.readings[1].text()
    press(qtbot, Qt.Key.Key_V)  # too early
    assert window.message.isVisible() and "4 differences not yet settled" in \
        window.message.text()
    type_text(qtbot, "b")
    assert differences.current().number == 20
    type_text(qtbot, "a")
    assert differences.current().number == 33
    assert "doubtful" in differences.flag_labels[0].text()
    type_text(qtbot, "a")
    assert differences.current().number == 52
    type_text(qtbot, "k")  # the boxes both passes agree on are filled in
    differing = differences.current().boxes
    assert focused() is differences.again_boxes[differing[0]]
    for position in differing:  # the RO keys, from the paper, the boxes the passes differ on
        while focused() is not differences.again_boxes[position]:
            press(qtbot, Qt.Key.Key_Down)
        type_text(qtbot, ",".join(str(m) for m in papers[51].marks[position]))
    assert differences.readings[2].text() == read_marks(
        papers[51].marks, LoneCross.FIRST_PREFERENCE).describe(NAMES)
    press(qtbot, Qt.Key.Key_Return)
    assert focused() is differences.view
    assert [row.settled for row in differences.model.rows] == [
        "✓ pass B", "✓ pass A", "✓ pass A", "✓ keyed again"]
    type_text(qtbot, "v")
    assert "✓ verified" in differences.summary.text()

    # The RO rules on the doubtful papers: 8 rejected (identifying mark), 33 valid up to 1.
    press(qtbot, Qt.Key.Key_5, CTRL)
    rulings = window.rulings_page
    assert focused() is rulings.view
    assert [(r.batch_label, r.paper.number) for r in rulings.model.rows] == [
        ("Box 1", 8), ("Box 1", 33)]
    assert rulings.before.text() == "1 Byrne · 2 Adebayo · 3 Chowdhury"
    type_text(qtbot, "r")
    assert focused() is rulings.reasons
    type_text(qtbot, "6")
    assert rulings.current().paper.number == 33
    assert rulings.marks.text() == "1 Adebayo: 1 · 3 Chowdhury: 2 · 4 Okafor: 3 (other boxes blank)"
    type_text(qtbot, "u")
    assert focused() is rulings.up_to
    type_text(qtbot, "1")
    press(qtbot, Qt.Key.Key_Return)
    assert rulings.after.text() == "1 Adebayo — stops: ruled valid up to preference 1"
    assert rulings.model.rows[0].after.rejected is Rejection.IDENTIFYING_MARK
    assert "2 doubtful papers, 0 not yet ruled" in rulings.summary.text()

    # The ballot-paper account on screen.
    model = rulings.account
    total = [model.data(model.index(1, column)) for column in range(model.columnCount())]
    assert total == ["Total", "60", "60", "58", "2", "1", "0", "0", "0", "0", "1", "0", "0"]
    assert "(final)" in rulings.account_title.text()
    window.close_election()

    # What the file holds.
    expected_rulings = {8: (None, Rejection.IDENTIFYING_MARK), 33: (1, None)}
    with ElectionFile.open(election_path) as election:
        (batch,) = election.batches()
        assert batch.state is BatchState.VERIFIED
        settled = election.papers(batch.id, EntryPass.SETTLED)
        assert [p.number for p in settled] == list(range(1, 61))
        assert [(p.marks, p.rejected, p.doubtful) for p in settled] == [
            (k.marks, k.rejected, k.doubtful) for k in papers]
        tellers = [p.teller for p in settled]
        assert tellers[11] == TELLER_B and tellers[51] == RO
        assert set(tellers[:11] + tellers[12:51] + tellers[52:]) == {TELLER_A}
        assert [p.marks for p in election.papers(batch.id, EntryPass.B)] == [
            k.marks for k in pass_b]
        assert [(r.number, r.valid_up_to, r.rejected, r.by) for r in election.rulings()] == [
            (n, up_to, rejected, RO) for n, (up_to, rejected) in expected_rulings.items()]
        log = [(entry.who, entry.action) for entry in election.audit_log()]
        counted = election.counted_papers()
    settles = [entry for entry in log if entry[1].startswith("settle paper")]
    assert [entry for entry in settles if not entry[1].endswith("passes agree")] == [
        (RO, "settle paper 12 of batch 'Box 1': take pass B"),
        (RO, "settle paper 20 of batch 'Box 1': take pass A"),
        (RO, "settle paper 33 of batch 'Box 1': take pass A"),
        (RO, "settle paper 52 of batch 'Box 1': keyed again"),
    ]
    assert len(settles) == 60 and {who for who, _ in settles} == {RO}
    assert (TELLER_B, "insert skipped paper") in log
    assert (TELLER_B, "delete paper: keyed twice") in log
    assert log.count((TELLER_B, "key paper")) == 60  # 61 keyed, one of them removed later
    assert (RO, "batch 'Box 1' verified") in log
    assert (RO, "ruling on paper 8 of batch 'Box 1'") in log
    assert check_election(election_path).problems == ()
    assert main(["check", str(election_path)]) == 0
    capsys.readouterr()

    # Counted as the true papers read, with the rulings applied.
    readings = []
    for number, keyed in enumerate(papers, 1):
        if keyed.rejected is not None:
            continue
        reading = read_marks(keyed.marks, LoneCross.FIRST_PREFERENCE)
        if number in expected_rulings:
            reading = apply_ruling(reading, *expected_rulings[number])
        if reading.valid:
            readings.append(reading.preferences)
    assert [c.reading.preferences for c in counted if c.reading.valid] == readings
    blt = election_path.with_name("truth.blt")
    blt.write_bytes(canonical_blt("Steering Group", NAMES, 3, (), readings))
    assert main(["count", str(election_path), "--format", "json"]) == 0  # its setup's rules
    from_file = json.loads(capsys.readouterr().out)
    assert main(["count", str(blt), "--rules", "scottish", "--format", "json"]) == 0
    from_truth = json.loads(capsys.readouterr().out)
    assert from_file["provisional"] is False
    assert from_file["ballots_sha256"] == from_truth["ballots_sha256"]
    assert from_file["stages"] == from_truth["stages"]
    assert from_file["elected"] == from_truth["elected"] and len(from_file["elected"]) == 3
    assert {name: Decimal(v) for name, v in from_file["stages"][0]["totals"].items()} == {
        name: sum(1 for r in readings if r[0] == i) for i, name in enumerate(NAMES)}
