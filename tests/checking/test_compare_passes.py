"""Two keyings of a batch compared paper by paper: marks and flags alike, matched by number."""

from __future__ import annotations

from dataclasses import dataclass, replace

from hypothesis import given, settings
from hypothesis import strategies as st

from countdesk.checking import compare_passes, verification
from countdesk.papers import CROSS, Marks, Rejection

NAMES = ("Adebayo", "Byrne", "Chowdhury")


@dataclass(frozen=True)
class Keyed:
    number: int
    marks: Marks
    rejected: Rejection | None = None
    doubtful: bool = False


def batch(*marks: Marks) -> list[Keyed]:
    return [Keyed(n, m) for n, m in enumerate(marks, 1)]


ONE = ((1,), (2,), ())
TWO = ((2,), (1,), (3,))


def test_agreeing_passes_have_no_differences():
    assert compare_passes(batch(ONE, TWO), batch(ONE, TWO)) == ()


def test_a_different_number_names_the_box_and_both_readings():
    (found,) = compare_passes(batch(ONE, TWO), batch(ONE, ((2,), (1,), (4,))))
    assert found.number == 2 and found.boxes == (2,)
    assert found.describe(NAMES) == "box 3 (Chowdhury): A 3, B 4"


def test_a_missing_box_and_a_cross_are_differences():
    (found,) = compare_passes(batch(((1,), (2,), (CROSS,))), batch(((1,), (), ())))
    assert found.boxes == (1, 2)
    assert found.describe(NAMES) == "box 2 (Byrne): A 2, B blank; box 3 (Chowdhury): A x, B blank"


def test_many_differing_boxes_are_listed_by_number():
    (found,) = compare_passes(batch(((1,), (2,), (3,))), batch(((2,), (3,), (1,))))
    assert found.describe(NAMES) == "3 boxes: 1, 2, 3"


def test_flags_differ_as_marks_do():
    a = batch(ONE, TWO)
    b = [a[0], replace(a[1], doubtful=True)]
    b[0] = replace(b[0], rejected=Rejection.IDENTIFYING_MARK)
    first, second = compare_passes(a, b)
    assert first.rejected_differs and first.boxes == ()
    assert first.describe(NAMES) == "rejected: A no, B identifying mark"
    assert second.doubtful_differs and second.describe(NAMES) == "doubtful in B only"


def test_a_paper_in_one_pass_only_is_a_difference():
    (found,) = compare_passes(batch(ONE, TWO), batch(ONE))
    assert found.one_sided and found.number == 2
    assert found.describe(NAMES) == "keyed in pass A only"


def test_a_skipped_paper_shows_every_later_paper_as_different():
    a = batch(ONE, TWO, ONE, TWO)
    b = batch(ONE, ONE, TWO)  # paper 2 skipped
    assert [d.number for d in compare_passes(a, b)] == [2, 3, 4]


def test_verification_needs_pass_b_equal_lengths_and_settled_differences():
    a = batch(ONE, TWO)
    assert verification("Box 1", a, [], set(), 2).problems == (
        "batch 'Box 1' has not been keyed a second time (pass B)",)
    assert "2 papers in pass A but 1 in pass B" in verification(
        "Box 1", a, a[:1], set(), 2).problems[0]
    b = batch(ONE, ONE)
    check = verification("Box 1", a, b, set(), 2)
    assert check.unsettled == (2,) and not check.ready
    assert check.problems == ("batch 'Box 1' has 1 difference not yet settled (paper 2)",)
    assert verification("Box 1", a, b, {2}, 2).ready


def test_a_count_that_differs_from_the_hand_count_is_said():
    a = batch(ONE, TWO)
    check = verification("Box 1", a, a, set(), 3)
    assert check.problems == ()
    assert check.count_mismatch == "batch 'Box 1' has 2 papers keyed but a hand count of 3"
    assert verification("Box 1", a, a, set(), None).count_mismatch == (
        "batch 'Box 1' has 2 papers keyed and no hand count")


box = st.lists(st.integers(1, 4), max_size=2).map(tuple)
paper_marks = st.tuples(box, box, box)
keyed = st.builds(Keyed, st.just(0), paper_marks, st.none() | st.sampled_from(Rejection),
                  st.booleans())
passes = st.lists(keyed, max_size=12).map(lambda papers: [replace(p, number=n) for n, p in
                                                          enumerate(papers, 1)])


@settings(max_examples=150, deadline=None)
@given(passes, passes)
def test_a_paper_differs_exactly_when_its_two_keyings_are_not_the_same(a, b):
    found = {d.number: d for d in compare_passes(a, b)}
    for number in range(1, max(len(a), len(b)) + 1):
        first = a[number - 1] if number <= len(a) else None
        second = b[number - 1] if number <= len(b) else None
        assert (number in found) == (first != second)
    assert compare_passes(b, a) == tuple(
        replace(d, a=d.b, b=d.a) for d in compare_passes(a, b))
