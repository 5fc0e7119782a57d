"""The count-day dashboard: each batch's desks and passes, each desk's pace, the checklist."""

from __future__ import annotations

from pathlib import Path

from hall import export_all, key_desks, make_hall, settle_and_verify
from ro_key import SIGNER

from countdesk.app.dashboard import DeskLine, dashboard, minutes_between, per_minute
from countdesk.app.exchange import import_pack
from countdesk.store.election_file import ElectionFile


def test_the_dashboard_follows_the_count_day(tmp_path: Path) -> None:
    hall = make_hall(tmp_path / "hall")
    with ElectionFile.open(hall.ro_path) as ro:
        board = dashboard(ro)
        assert [(b.label, b.desk_a, b.desk_b, b.keyed_a, b.keyed_b) for b in board.batches] \
            == [("Box 1", "Desk 1", "Desk 2", 0, 0), ("Box 2", "Desk 2", "Desk 3", 0, 0),
                ("Box 3", "Desk 3", "Desk 4", 0, 0), ("Box 4", "Desk 4", "Desk 1", 0, 0)]
        assert [(d.name, d.passes, d.passes_in, d.papers_left) for d in board.desks] == [
            (f"Desk {n}", 2, 0, 24) for n in range(1, 5)]
        assert not board.ready
        assert board.checklist[0].words.startswith("passes not yet imported: pass A of")
        assert board.checklist[-1].done == (not ro.final_count_blockers())
    key_desks(hall)
    packs = export_all(hall, tmp_path / "stick")
    with ElectionFile.open(hall.ro_path) as ro:
        import_pack(ro, packs["Desk 1"], "Rita", SIGNER)
        board = dashboard(ro)
        first = board.batches[0]
        assert (first.keyed_a, first.keyed_b, first.open_differences) == (12, 0, None)
        assert first.keyed_words == "A 12/12 · B 0/12"
        desk1 = board.desks[0]
        assert (desk1.passes_in, desk1.papers_in, desk1.papers_left, desk1.packs) == \
            (2, 24, 0, 1)
        assert desk1.finish_words() == "done"
        for name in ("Desk 2", "Desk 3", "Desk 4"):
            import_pack(ro, packs[name], "Rita", SIGNER)
        board = dashboard(ro)
        assert [b.open_differences for b in board.batches] == [2, 2, 2, 2]  # a box, a flag
        assert [b.doubtful for b in board.batches] == [0, 0, 0, 0]  # pass A flags none
        assert [item.done for item in board.checklist] == [True, True, False, True, False,
                                                           False]
        assert board.checklist[2].words == "8 differences to settle"
        assert board.checklist[-1].done == (not ro.final_count_blockers())
        settle_and_verify(ro)
        board = dashboard(ro)
        assert board.ready, board.checklist
        assert not ro.final_count_blockers()
        assert board.checklist[-1].words == "ready to count and certify"


def test_a_desks_pace_is_from_its_keying_times_never_the_clock() -> None:
    minutes = minutes_between("2026-05-01T10:00:00+00:00", "2026-05-01T10:30:00+00:00")
    assert minutes == 30
    assert per_minute(120, minutes) == 4
    assert per_minute(10, 0.5) is None  # too short to say
    assert minutes_between("", "2026-05-01T10:30:00+00:00") == 0
    desk = DeskLine("Desk 1", 2, 1, 120, 60, 4.0, 1)
    assert desk.minutes_left == 15 and desk.finish_words() == "about 15 min"
    assert DeskLine("Desk 2", 2, 0, 0, 60, None, 0).finish_words() == "—"


def test_a_pace_from_keying_times_that_do_not_compare_is_not_said_never_a_crash() -> None:
    # A pack's times are the desk's; one without its offset cannot be set against one with.
    assert minutes_between("2026-05-01T10:00:00", "2026-05-01T10:30:00+00:00") == 0
    assert minutes_between("2026-05-01T10:00:00+00:00", "2026-05-01T10:30:00") == 0
    assert minutes_between("2026-05-01T10:00:00", "2026-05-01T10:30:00") == 30
    assert minutes_between("noon", "2026-05-01T10:30:00+00:00") == 0
