"""What a teller types becomes the marks written on the paper, in either keying mode."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from countdesk.keying import (
    KeyingError,
    box_from_text,
    box_text,
    marks_from_boxes,
    marks_from_order,
    order_text,
)
from countdesk.papers import CROSS


@pytest.mark.parametrize(
    ("typed", "box"),
    [("", ()), (" ", ()), ("3", (3,)), ("12", (12,)), ("x", (CROSS,)), ("X", (CROSS,)),
     ("1,3", (1, 3)), ("2,", (2,)), ("x,2", (CROSS, 2))],
)
def test_a_box_holds_what_was_written(typed, box):
    assert box_from_text(typed) == box


@pytest.mark.parametrize(("typed", "reason"), [("0", "0 is not a preference"),
                                               ("a", "not a mark"), ("1..2", "not a mark")])
def test_a_box_refuses_what_cannot_be_a_mark(typed, reason):
    with pytest.raises(KeyingError, match=reason):
        box_from_text(typed)


def test_order_of_preference_gives_each_position_its_number():
    assert marks_from_order("4 5 2", 6) == ((), (3,), (), (1,), (2,), ())
    assert marks_from_order("4+5+2", 6) == marks_from_order("4.5.2", 6)
    assert marks_from_order(" 4  5 ", 6) == marks_from_order("4 5", 6)
    assert marks_from_order("x3", 4) == ((), (), (CROSS,), ())
    assert marks_from_order("3x", 4) == ((), (), (CROSS,), ())
    assert marks_from_order("2 1 2", 3) == ((2,), (1, 3), ())  # position 2 marked twice
    assert marks_from_order("", 3) == ((), (), ())


@pytest.mark.parametrize(("typed", "reason"), [("7", "no position 7 on this paper"),
                                               ("0", "no position 0"), ("2a", "not a ballot")])
def test_order_of_preference_refuses_positions_not_on_the_paper(typed, reason):
    with pytest.raises(KeyingError, match=reason):
        marks_from_order(typed, 6)


def test_a_stored_paper_is_shown_again_in_order_when_it_can_be():
    assert order_text(marks_from_order("4 5 2", 6)) == "4 5 2"
    assert order_text(marks_from_order("x3", 4)) == "x3"
    assert order_text(marks_from_boxes(["1", "", "3"])) is None  # a gap: only as written
    assert order_text(marks_from_boxes(["1", "1"])) is None  # a repeat: only as written


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.integers(1, 12), st.just("x")), max_size=10))
def test_box_text_round_trips(box_values):
    box = tuple(CROSS if v == "x" else v for v in box_values)
    assert box_from_text(box_text(box)) == box


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(1, 9), max_size=9, unique=True))
def test_order_text_round_trips(positions):
    marks = marks_from_order(" ".join(map(str, positions)), 9)
    assert marks_from_order(order_text(marks) or "", 9) == marks
