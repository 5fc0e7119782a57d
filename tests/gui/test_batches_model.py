"""The batches table keeps Qt's model rules as batches are added, keyed and verified."""

from __future__ import annotations

from ro_key import as_ro

from countdesk.gui.batches_page import BatchesModel, BatchRow
from countdesk.store.election_file import Batch, BatchState


def row(batch_id: int, state: BatchState, keyed: int, hand: int | None = 10) -> BatchRow:
    return BatchRow(Batch(batch_id, f"Box {batch_id}", hand, state), keyed, 0)


def test_rows_are_added_updated_and_cleared_in_place(qapp, qtmodeltester):
    model = BatchesModel()
    qtmodeltester.check(model, force_py=True)
    model.refresh([row(1, BatchState.OPEN, 0)])
    model.refresh([row(1, BatchState.OPEN, 4), row(2, BatchState.OPEN, 0, None)])
    model.refresh([row(1, BatchState.KEYED_ONCE, 9), row(2, BatchState.OPEN, 1, None)])
    assert model.index(0, 4).data() == ("keyed once: pass B to key — count mismatch (9 keyed, "
                                        "hand count 10)")
    assert model.index(1, 1).data() == ""
    model.refresh([])
    assert model.rowCount() == 0


def test_a_verified_batch_cannot_be_opened_for_keying(window, qtbot, tmp_path):
    from PySide6.QtCore import Qt

    from countdesk.election import Candidate, ElectionSetup
    from countdesk.store.election_file import ElectionFile

    path = tmp_path / "e.countdesk"
    with ElectionFile.create(path, ElectionSetup("T", 1, (Candidate("A"), Candidate("B")),
                                                 tellers=("Imran Shah",)),
                             "RO") as election:
        batch = election.add_batch("Box 1", 0, "RO")
        election.set_batch_state(batch, BatchState.VERIFIED, "RO", as_ro(election))
    assert window.open_election(path)
    page = window.batches_page
    page.teller.setCurrentText("Imran Shah")
    page.view.selectRow(0)
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is page
    assert "is verified: its papers can no longer be keyed" in window.message.text()
