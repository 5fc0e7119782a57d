"""How a paper is read: one row per rule of COUNTING.md → "Ballot papers"."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from countdesk.election import LoneCross
from countdesk.papers import (
    CROSS,
    Marks,
    Rejection,
    apply_ruling,
    read_marks,
    read_ranking,
    ruled_reading,
)

NAMES = ("Adebayo", "Byrne", "Chowdhury", "Okafor", "Patel", "Quinn")
FIRST = LoneCross.FIRST_PREFERENCE
INVALID = LoneCross.INVALID


def boxes(*written: object) -> Marks:
    """Marks for a six-candidate paper: None blank, an int, "x" a cross, a tuple two marks."""
    def box(value: object) -> tuple:
        if value is None:
            return ()
        if value == "x":
            return (CROSS,)
        if isinstance(value, tuple):
            return tuple(CROSS if v == "x" else v for v in value)
        return (value,)

    padded = list(written) + [None] * (len(NAMES) - len(written))
    return tuple(box(v) for v in padded)


# (what is written box by box, lone-cross setup, preferences read, rejection, stop wording)
CASES = [
    ("in full", boxes(3, 1, 2, 4, 6, 5), FIRST, (1, 2, 0, 3, 5, 4), None, ""),
    ("first preference only", boxes(None, None, 1), FIRST, (2,), None, ""),
    ("blank paper", boxes(), FIRST, (), Rejection.UNMARKED, ""),
    ("no 1", boxes(2, 3), FIRST, (), Rejection.NO_FIRST_PREFERENCE, ""),
    ("two 1s", boxes(1, 1, 2), FIRST, (), Rejection.SEVERAL_FIRST_PREFERENCES, ""),
    ("gap: 1 2 4", boxes(1, 2, 4), FIRST, (0, 1), None, "no preference 3"),
    ("repeat: 1 2 3 3", boxes(1, 2, 3, 3), FIRST, (0, 1), None, "2 boxes marked 3"),
    ("repeat at 2", boxes(1, 2, 2, 3), FIRST, (0,), None, "2 boxes marked 2"),
    ("a candidate marked twice", boxes((1, 3), 2, None, 4), FIRST, (0, 1, 3), None, ""),
    ("lone cross, read as first", boxes(None, "x"), FIRST, (1,), None, ""),
    ("lone cross, ruled invalid", boxes(None, "x"), INVALID, (), Rejection.LONE_CROSS, ""),
    ("lone cross then numbers", boxes("x", 2, 3), FIRST, (), Rejection.UNCERTAIN, ""),
    ("a cross in one box, a 2 in another", boxes("x", None, 2), FIRST, (), Rejection.UNCERTAIN,
     ""),
    ("cross beside numbers, invalid", boxes("x", 2), INVALID, (), Rejection.UNCERTAIN, ""),
    ("two crosses", boxes("x", "x"), FIRST, (), Rejection.SEVERAL_FIRST_PREFERENCES, ""),
    ("cross and a 1", boxes("x", 1), FIRST, (), Rejection.UNCERTAIN, ""),
    ("cross and number in one box", boxes(("x", 2)), FIRST, (), Rejection.UNCERTAIN, ""),
]


@pytest.mark.parametrize(
    ("marks", "lone_cross", "preferences", "rejected", "stop"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_reading_a_paper(marks, lone_cross, preferences, rejected, stop):
    reading = read_marks(marks, lone_cross)
    assert reading.preferences == preferences
    assert reading.rejected is rejected
    assert stop in reading.stop
    assert bool(reading.stop) == bool(stop)


@pytest.mark.parametrize(("marks", "lone_cross", "preferences"), [
    (boxes("x", None, 2), FIRST, (0, 2)),  # the RO judges the cross a 1
    (boxes("x", 2, 3), INVALID, (0, 1, 2)),
    (boxes(None, "x"), INVALID, (1,)),  # a lone cross the RO rules valid counts
])
def test_a_cross_beside_numbers_counts_only_when_the_returning_officer_rules_it_valid(
        marks, lone_cross, preferences):
    assert read_marks(marks, lone_cross).rejected is not None
    assert ruled_reading(marks, lone_cross).preferences == preferences
    assert ruled_reading(marks, lone_cross, valid_up_to=1).preferences == preferences[:1]
    assert ruled_reading(marks, lone_cross, rejected=Rejection.UNCERTAIN).rejected is (
        Rejection.UNCERTAIN)


@pytest.mark.parametrize("marks", [boxes("x", 1), boxes("x", "x", 2), boxes(("x", 2))])
def test_a_ruling_cannot_make_a_cross_beside_a_1_or_two_crosses_count(marks):
    assert ruled_reading(marks, FIRST).rejected is not None


def test_the_teller_sees_the_reading_in_words():
    reading = read_marks(boxes(None, 3, None, 1, 2, 4, 4), FIRST)
    assert reading.describe(NAMES) == "1 Okafor · 2 Patel · 3 Byrne — stops: 2 boxes marked 4"
    rejected = read_marks(boxes(1, 1), FIRST)
    assert rejected.describe(NAMES) == (
        "Rejected: first preference for more than one candidate"
    )


def test_a_mark_passed_over_is_said():
    reading = read_marks(boxes((1, 3), 2, None, 4), FIRST)
    assert reading.notes(NAMES) == ["Adebayo marked again at 3: ignored"]


# BLT rankings: each rank a tuple of candidates (several where the file joined them with =).
RANKING_CASES = [
    ("in order", [(2,), (0,), (1,)], (2, 0, 1), None, ""),
    ("empty", [], (), Rejection.UNMARKED, ""),
    ("equal first", [(0, 2), (1,)], (), Rejection.SEVERAL_FIRST_PREFERENCES, ""),
    ("equal later stops there", [(0,), (1, 2), (3,)], (0,), None, "share preference 2"),
    ("candidate again later is passed over", [(0,), (1,), (0,), (2,)], (0, 1, 2), None, ""),
    ("a rank of one repeated name and one new", [(0,), (0, 1)], (0, 1), None, ""),
]


@pytest.mark.parametrize(
    ("ranks", "preferences", "rejected", "stop"),
    [case[1:] for case in RANKING_CASES],
    ids=[case[0] for case in RANKING_CASES],
)
def test_reading_a_ranking(ranks, preferences, rejected, stop):
    reading = read_ranking(ranks)
    assert reading.preferences == preferences
    assert reading.rejected is rejected
    assert stop in reading.stop


def test_rulings_change_the_reading_not_the_marks():
    marks = boxes(1, 2, 3, 4)
    reading = read_marks(marks, FIRST)
    assert apply_ruling(reading, valid_up_to=2).preferences == (0, 1)
    assert "ruled valid up to preference 2" in apply_ruling(reading, valid_up_to=2).stop
    rejected = apply_ruling(reading, rejected=Rejection.IDENTIFYING_MARK)
    assert rejected.rejected is Rejection.IDENTIFYING_MARK and not rejected.preferences
    assert apply_ruling(reading) == reading
    assert read_marks(marks, FIRST) == reading


mark_strategy = st.one_of(st.integers(1, 8), st.just(CROSS))
marks_strategy = st.lists(
    st.lists(mark_strategy, max_size=2).map(tuple), min_size=1, max_size=8
).map(tuple)


@settings(max_examples=300, deadline=None)
@given(marks=marks_strategy, lone_cross=st.sampled_from(list(LoneCross)))
def test_every_paper_reads_as_valid_preferences_or_a_rejection(marks, lone_cross):
    reading = read_marks(marks, lone_cross)
    if reading.valid:
        assert reading.preferences, "a valid paper has a first preference"
        assert len(set(reading.preferences)) == len(reading.preferences)
        assert all(0 <= c < len(marks) for c in reading.preferences)
    else:
        assert reading.preferences == ()
    assert read_marks(marks, lone_cross) == reading
