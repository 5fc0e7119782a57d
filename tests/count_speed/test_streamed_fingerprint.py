"""The fingerprint printed on a result is hashed part by part; it must be the SHA-256 of
exactly canonical_blt's bytes, however many papers and whatever the names."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from countdesk.count.contest import Contest
from countdesk.errors import CountDeskError
from countdesk.formats.blt import canonical_blt, canonical_blt_sha256, read_blt

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"

names = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"),
                              blacklist_characters='"\x1c\x1d\x1e\x85'),
                min_size=1, max_size=12).filter(str.strip)


@st.composite
def elections(draw: st.DrawFn) -> tuple:
    candidates = draw(st.lists(names, min_size=1, max_size=8, unique=True))
    size = len(candidates)
    rankings = st.lists(st.integers(0, size - 1), max_size=size, unique=True).map(tuple)
    pool = draw(st.lists(rankings, min_size=1, max_size=6))
    # Many papers drawn from a few rankings: shared lines, and sometimes more than one part.
    papers = draw(st.lists(st.sampled_from(pool), max_size=20_000))
    withdrawn = draw(st.sets(st.integers(0, size - 1), max_size=size))
    title = draw(names)
    seats = draw(st.integers(1, size))
    return title, tuple(candidates), seats, withdrawn, papers


@settings(max_examples=60, deadline=None)
@given(elections())
def test_the_streamed_digest_is_the_digest_of_canonical_blt(election: tuple) -> None:
    expected = hashlib.sha256(canonical_blt(*election)).hexdigest()
    assert canonical_blt_sha256(*election) == expected


def test_a_million_short_papers_hash_as_one_piece() -> None:
    papers = [(0,), (1, 0), (), (2, 1, 0)] * 250_000
    election = ("Big", ("Ann", "Bob", "Cy"), 2, [], papers)
    assert canonical_blt_sha256(*election) == hashlib.sha256(
        canonical_blt(*election)).hexdigest()


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.blt")), ids=lambda p: p.name)
def test_a_files_papers_in_order_give_the_same_digest(path: Path) -> None:
    contest = Contest.from_ballots(read_blt(path))
    expanded = [prefs for weight, prefs in contest.papers for _ in range(weight)]
    args = (contest.title, contest.candidates, contest.seats, contest.withdrawn)
    assert list(contest.readings()) == expanded
    assert canonical_blt_sha256(*args, contest.readings()) == hashlib.sha256(
        canonical_blt(*args, expanded)).hexdigest()


def test_a_reading_naming_no_candidate_is_refused_in_words() -> None:
    with pytest.raises(CountDeskError, match="candidate index 5, not one of the 2"):
        canonical_blt_sha256("T", ("A", "B"), 1, [], [(0,), (5,)])
