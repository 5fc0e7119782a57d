"""The first stage's quick way (every candidate continuing, every ranking naming one) leaves
the papers exactly as sending every group the general way does: the same votes, parcels,
positions and values, and the same Moved."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from countdesk.count.contest import Contest
from countdesk.count.parcels import Papers


@st.composite
def contests(draw: st.DrawFn) -> Contest:
    size = draw(st.integers(1, 6))
    ranking = st.lists(st.integers(0, size - 1), min_size=1, max_size=size, unique=True)
    papers = draw(st.lists(st.tuples(st.integers(1, 5), ranking.map(tuple)), max_size=40))
    return Contest("T", tuple(f"C{c}" for c in range(size)), 1, tuple(papers))


def state(papers: Papers) -> tuple:
    return (papers.votes, [[(p.stage, p.value, p.groups) for p in held]
                           for held in papers.parcels],
            papers.position, papers.value, papers.exhausted, papers.loss)


@settings(max_examples=200, deadline=None)
@given(contests(), st.sampled_from([1, 10**5, 10**9]))
def test_first_preferences_as_sending_every_group(contest: Contest, one: int) -> None:
    quick, general = Papers(contest, one), Papers(contest, one)
    moved = quick.first_preferences("1")
    expected = general.send(range(len(general.rankings)), "1")
    assert moved == expected and list(moved.gained) == list(expected.gained)
    assert state(quick) == state(general)
