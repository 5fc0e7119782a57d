"""How close each decision was, beside what the papers in question could move: a doubtful
paper that could change the last place is flagged, with the batch to recount; a count no
plausible change could move is not."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from pypdf import PdfReader
from ro_key import as_ro

from countdesk.app.closeness import BatchDoubts, closeness, papers_in_question
from countdesk.app.election_count import count_election
from countdesk.app.records import CountRecord
from countdesk.app.sheets import results_json_for, sheet_for
from countdesk.election import Candidate, ElectionSetup
from countdesk.store.election_file import BatchState, ElectionFile, EntryPass, Paper

RO = "Mary Quinn"
TELLER = "Imran Shah"
NAMES = ("Ann Lee", "Bob Chen", "Cat Diaz")
ANN, BOB, CAT = ((1,), (), ()), ((), (1,), ()), ((), (), (1,))


def election(path: Path, boxes: dict[str, list[tuple[tuple[int, ...], ...]]]) -> Path:
    """One place, Scottish STV; the first paper of Box 1 is doubtful, ruled valid."""
    setup = ElectionSetup("Treasurer", 1, tuple(Candidate(n) for n in NAMES), rules="scottish",
                          returning_officer=RO, tellers=(TELLER,))
    with ElectionFile.create(path, setup, RO) as made:
        for label, papers in boxes.items():
            batch = made.add_batch(label, len(papers), RO)
            for number, marks in enumerate(papers, 1):
                doubtful = label == "Box 1" and number == 1
                made.save_paper(Paper(batch, EntryPass.A, number, marks, None, doubtful, TELLER))
            if label == "Box 1":
                made.record_ruling(batch, 1, RO, authority=as_ro(made))
            made.set_batch_state(batch, BatchState.VERIFIED, RO, authority=as_ro(made))
    return path


def test_one_doubtful_paper_that_could_change_the_last_place_is_flagged(tmp_path: Path) -> None:
    # Ann 5, Bob 4, Cat 2: Cat and then Bob are excluded; Ann takes the place by one vote,
    # and the doubtful paper (one of Ann's) could move that margin by two.
    path = election(tmp_path / "close.countdesk", {"Box 1": [ANN] * 3 + [BOB] * 2 + [CAT],
                                                   "Box 2": [ANN] * 2 + [BOB] * 2 + [CAT]})
    with ElectionFile.open(path) as opened:
        count = count_election(opened, by=RO, record=True)
    assert count.record.doubts == (BatchDoubts("Box 1", 6, 1, 0, 0),
                                   BatchDoubts("Box 2", 5, 0, 0, 0))
    found = closeness(count.result, count.record.doubts)
    last = found.decisions[0]
    assert (last.kind, last.margin, last.swing, last.close) == ("the last place", Decimal(1), 2,
                                                                True)
    assert "Ann Lee took the last place, 1.00000 ahead of Bob Chen" in last.decision
    assert last.recount == ("Box 1 (6 papers)",)  # Box 2 holds no paper in question
    assert found.in_question == ("Box 1: 6 papers; 1 doubtful",)

    text = " ".join(" ".join(page.extract_text().split())
                    for page in PdfReader(_written(tmp_path, sheet_for(count, RO))).pages)
    assert "closer than the 2 votes the papers in question could move" in text
    assert "CLOSE Box 1 (6 papers)" in text
    stated = json.loads(results_json_for(count))["closeness"]
    assert stated["decisions"][0] == {
        "stage": last.stage, "kind": "the last place", "decision": last.decision,
        "margin": "1.00000", "swing": 2, "close": True, "recount": ["Box 1 (6 papers)"]}


def test_a_count_no_plausible_change_could_move_is_not_flagged(tmp_path: Path) -> None:
    # Ann 12 of 17 papers: elected at once, 3 over the quota of 9 and 9 ahead of Bob.
    path = election(tmp_path / "clear.countdesk", {"Box 1": [ANN] * 6 + [BOB] + [CAT],
                                                   "Box 2": [ANN] * 6 + [BOB] * 2 + [CAT]})
    with ElectionFile.open(path) as opened:
        count = count_election(opened, by=RO, record=True)
    found = closeness(count.result, count.record.doubts)
    assert [(d.kind, d.margin) for d in found.decisions] == [
        ("the last place", Decimal(9)), ("election", Decimal(3))]
    assert not any(d.close for d in found.decisions)
    text = " ".join(page.extract_text() for page in
                    PdfReader(_written(tmp_path, sheet_for(count, RO))).pages)
    assert "CLOSE" not in text
    assert "No decision was as close as the papers in question could move." in " ".join(
        text.split())


def test_differences_between_the_keyings_and_a_short_hand_count_are_in_question(
        tmp_path: Path) -> None:
    """Paper 2 was keyed differently in the two passes (settled by the RO) and the box held
    one paper more than was keyed."""
    setup = ElectionSetup("Treasurer", 1, tuple(Candidate(n) for n in NAMES), rules="scottish",
                          returning_officer=RO, tellers=(TELLER, "Sam Teller"))
    with ElectionFile.create(tmp_path / "keyed.countdesk", setup, RO) as made:
        batch = made.add_batch("Box 7", 4, RO)
        for number, (first, second) in enumerate([(ANN, ANN), (BOB, CAT), (CAT, CAT)], 1):
            made.save_paper(Paper(batch, EntryPass.A, number, first, None, False, TELLER))
            made.save_paper(Paper(batch, EntryPass.B, number, second, None, False,
                                  "Sam Teller"))
        made.settle_paper(Paper(batch, EntryPass.SETTLED, 2, BOB, None, False, TELLER), RO,
                          "take pass A", authority=as_ro(made))
        made.verify_batch(batch, RO, reason="one paper was found blank and set aside",
                          authority=as_ro(made))
        (doubts,) = papers_in_question(made)
    assert doubts == BatchDoubts("Box 7", 3, 0, 1, 1)
    assert doubts.swing == 3
    assert doubts.describe() == ("Box 7: 3 papers; 1 difference between the keyings, "
                                 "1 paper fewer keyed than hand-counted")


def test_a_record_keeps_the_papers_in_question_and_an_older_one_reads_without_them() -> None:
    record = CountRecord(doubts=(BatchDoubts("Box 1", 120, 2, 1, -1),))
    assert CountRecord.from_json(record.to_json()) == record
    older = json.loads(record.to_json())
    del older["doubts"], older["quota_groups"]
    read = CountRecord.from_json(json.dumps(older))
    assert read.doubts is None and read.quota_groups == ()


def _written(folder: Path, pdf: bytes) -> Path:
    path = folder / "sheet.pdf"
    path.write_bytes(pdf)
    return path
