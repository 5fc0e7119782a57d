"""The RO prepares an election on the Setup page by keyboard alone; the file holds it all."""

from __future__ import annotations

from passphrase import giving_passphrase
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from ro_key import as_ro
from teller_keys import focused, press, tab, type_text

from countdesk.election import Candidate, ElectionSetup, GroupLimit, LoneCross
from countdesk.gui.setup_models import CandidateRow, CandidatesModel, LimitsModel
from countdesk.papers import CROSS
from countdesk.store.election_file import ElectionFile, EntryPass, Paper

WOMEN_MINIMUM = 10
NORTH_MINIMUM = 4


def candidate_name(number: int) -> str:
    accent = " Ó Súilleabháin" if number % 9 == 0 else ""
    return f"Candidate {number:02d}{accent}"


def test_an_election_is_set_up_by_keyboard_alone_and_reopens_with_every_value(
        window, qtbot, tmp_path):
    path = tmp_path / "committee.countdesk"
    window.start_new(path)
    page = window.setup_page
    assert focused() is page.title

    type_text(qtbot, "Coordinating Committee")
    tab(qtbot)
    type_text(qtbot, "Grassroots Network")
    tab(qtbot)
    type_text(qtbot, "14 March 2027")
    tab(qtbot)
    type_text(qtbot, "Conference Hall B")
    tab(qtbot)
    assert focused() is page.seats
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, "20")
    tab(qtbot)
    assert focused() is page.rules
    type_text(qtbot, "S")  # Scottish STV, found by its first letter
    tab(qtbot)  # precision and quota are only for the generic rules: skipped
    assert focused() is page.tie_policy
    tab(qtbot)
    assert focused() is page.lone_cross
    type_text(qtbot, "R")  # a lone cross is rejected
    tab(qtbot, 2)
    assert focused() is page.returning_officer
    type_text(qtbot, "Mary Quinn")
    tab(qtbot)
    type_text(qtbot, "Imran Shah")
    press(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, "Rina Chowdhury")
    tab(qtbot)
    type_text(qtbot, "Funmi Adebayo")
    tab(qtbot)

    assert focused() is page.new_dimension
    type_text(qtbot, "Gender")
    for group, minimum in (("Women", WOMEN_MINIMUM), ("Men", 0)):
        tab(qtbot) if focused() is page.new_dimension else None
        assert focused() is page.new_group
        type_text(qtbot, group)
        tab(qtbot)
        press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        type_text(qtbot, str(minimum))
        tab(qtbot)
        press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Backtab)
    assert focused() is page.new_dimension
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, "Region")
    for group, minimum in (("North", NORTH_MINIMUM), ("South", 0)):
        tab(qtbot) if focused() is page.new_dimension else None
        type_text(qtbot, group)
        tab(qtbot)
        press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        type_text(qtbot, str(minimum))
        tab(qtbot)
        press(qtbot, Qt.Key.Key_Return)

    press(qtbot, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    assert focused() is page.new_name
    for number in range(1, 46):
        type_text(qtbot, candidate_name(number))
        tab(qtbot)
        type_text(qtbot, "Unite" if number % 2 else "")
        tab(qtbot)
        type_text(qtbot, "Women" if number % 2 else "Men")
        tab(qtbot)
        type_text(qtbot, "North" if number % 3 == 0 else "South")
        press(qtbot, Qt.Key.Key_Return)
        assert focused() is page.new_name
    assert page.problems() == []

    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert path.is_file()
    window.close_election()

    with ElectionFile.open(path) as stored:
        setup = stored.setup()
    assert setup.title == "Coordinating Committee"
    assert setup.organisation == "Grassroots Network"
    assert setup.date == "14 March 2027"
    assert setup.venue == "Conference Hall B"
    assert setup.seats == 20
    assert setup.rules == "scottish"
    assert setup.lone_cross is LoneCross.INVALID
    assert setup.returning_officer == "Mary Quinn"
    assert setup.tellers == ("Imran Shah", "Rina Chowdhury")
    assert setup.scrutineers == ("Funmi Adebayo",)
    assert setup.limits == (
        GroupLimit("Gender", "Women", WOMEN_MINIMUM, None),
        GroupLimit("Gender", "Men", 0, None),
        GroupLimit("Region", "North", NORTH_MINIMUM, None),
        GroupLimit("Region", "South", 0, None),
    )
    assert len(setup.candidates) == 45
    for number, candidate in enumerate(setup.candidates, 1):
        assert candidate.name == candidate_name(number)
        assert candidate.affiliation == ("Unite" if number % 2 else "")
        assert candidate.group_in("Gender") == ("Women" if number % 2 else "Men")
        assert candidate.group_in("Region") == ("North" if number % 3 == 0 else "South")

    assert window.open_election(path)
    assert window.setup_page.setup() == setup


def test_the_setup_page_says_what_cannot_be_counted_as_the_ro_types(window, qtbot, tmp_path):
    window.start_new(tmp_path / "e.countdesk")
    page = window.setup_page
    assert "needs a title" in " ".join(page.problems())
    for name in ("Ann Lee", "ann lee"):
        page.new_name.setText(name)
        page.add_candidate()
    assert "Two candidates are called 'Ann Lee'" in " ".join(page.problems())
    page.new_dimension.setText("Gender")
    page.new_group.setText("Women")
    page.new_minimum.setValue(3)
    page.add_group()
    assert "Gender: Women: minimum 3 is above the 1 seats" in " ".join(page.problems())
    window.save_setup()
    assert not (tmp_path / "e.countdesk").exists(), "an uncountable setup is not saved"


def test_a_change_after_keying_started_needs_a_reason_that_goes_into_the_audit_log(
        window, qtbot, tmp_path):
    path = tmp_path / "locked.countdesk"
    setup = ElectionSetup("Treasurer", 1, (Candidate("Ann Lee"), Candidate("Bo Chen")),
                          returning_officer="Mary Quinn", tellers=("Imran Shah",))
    with ElectionFile.create(path, setup, "Mary Quinn") as stored:
        as_ro(stored, "Mary Quinn")
        batch = stored.add_batch("Box 1", 10, "Mary Quinn")
        stored.save_paper(Paper(batch, EntryPass.A, 1, ((CROSS,), ()), None, False,
                                "Imran Shah"))
    assert window.open_election(path)
    assert window.pages.currentWidget() is window.batches_page, "keying goes on"
    press(qtbot, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    page = window.setup_page
    assert page.reason.isVisible()
    assert "Keying started" in window.state_label.text()

    page.title.setFocus()
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, "Honorary Treasurer")
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert focused() is page.reason, "saving without a reason asks for one"
    type_text(qtbot, "title misprinted on the agenda")
    with giving_passphrase(qtbot) as asked:  # a change once papers are keyed is the RO's
        press(qtbot, Qt.Key.Key_Return)
    assert asked == ["Returning officer"]
    window.close_election()

    with ElectionFile.open(path) as stored:
        assert stored.setup().title == "Honorary Treasurer"
        last = stored.audit_log()[-1]
    assert last.who == "Mary Quinn"
    assert "title misprinted on the agenda" in last.action


def test_the_candidates_table_keeps_qts_model_rules(qapp, qtmodeltester):
    candidates = CandidatesModel()
    candidates.load(
        (Candidate("Ann Lee", "Unite", (("Gender", "Women"),)), Candidate("Bo Chen")),
        ["Gender"],
    )
    qtmodeltester.check(candidates, force_py=True)
    candidates.add(CandidateRow("Cy"))
    candidates.move(2, -1)
    candidates.toggle_withdrawn(0)
    candidates.remove(0)
    qtmodeltester.check(candidates, force_py=True)
    assert [row.name for row in candidates.rows] == ["Cy", "Bo Chen"]


def test_the_limits_table_keeps_qts_model_rules(qapp, qtmodeltester):
    limits = LimitsModel()
    limits.load((GroupLimit("Gender", "Women", 2, 3), GroupLimit("Gender", "Men")))
    qtmodeltester.check(limits, force_py=True)
    limits.add(GroupLimit("Region", "North", 1))
    assert limits.setData(limits.index(2, 3), "4")
    limits.remove(0)
    qtmodeltester.check(limits, force_py=True)
    assert limits.limits == [GroupLimit("Gender", "Men"), GroupLimit("Region", "North", 1, 4)]


def test_candidates_are_moved_withdrawn_and_removed_by_keyboard(window, qtbot, tmp_path):
    window.start_new(tmp_path / "e.countdesk")
    page = window.setup_page
    for name in ("Ann", "Bob", "Cat"):
        page.new_name.setText(name)
        page.add_candidate()
    view = page.candidates_view
    view.setFocus()
    view.selectRow(2)
    press(qtbot, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    press(qtbot, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert [row.name for row in page.candidates.rows] == ["Cat", "Ann", "Bob"]
    press(qtbot, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert page.candidates.rows[0].withdrawn
    view.selectRow(2)
    press(qtbot, Qt.Key.Key_Delete)
    assert [row.name for row in page.candidates.rows] == ["Cat", "Ann"]


def test_f1_lists_the_keys_of_the_page_in_view(window, qtbot, tmp_path):
    window.start_new(tmp_path / "e.countdesk")
    press(qtbot, Qt.Key.Key_F1)
    dialogs = [w for w in QApplication.topLevelWidgets() if w.windowTitle() == "Keys — Setup"]
    assert dialogs and dialogs[0].isVisible()
    keys = [dialogs[0].table.item(row, 0).text() for row in range(dialogs[0].table.rowCount())]
    assert "Alt+↑ / Alt+↓" in keys and "Ctrl+S" in keys
    dialogs[0].close()


def test_a_copy_for_a_usb_stick_opens_with_the_same_setup(window, tmp_path):
    path = tmp_path / "e.countdesk"
    setup = ElectionSetup("Treasurer", 1, (Candidate("Ann Lee"), Candidate("Bo Chen")))
    ElectionFile.create(path, setup, "RO").close()
    assert window.open_election(path)
    (tmp_path / "stick").mkdir()
    window.save_copy(tmp_path / "stick" / "copy.countdesk")
    assert not window.message.isVisible(), window.message.text()
    window.close_election()
    with ElectionFile.open(tmp_path / "stick" / "copy.countdesk") as copied:
        assert copied.setup() == setup
    assert window.recent() == [str(path.resolve())]


def test_a_file_that_is_not_an_election_is_refused_in_words(window, tmp_path):
    bogus = tmp_path / "notes.countdesk"
    bogus.write_text("minutes of the last meeting", encoding="utf-8")
    assert not window.open_election(bogus)
    assert window.message.isVisible()
    assert "notes.countdesk" in window.message.text()
    assert window.election is None
