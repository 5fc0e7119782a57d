"""The fingerprint printed on a result is hashed part by part; it must be the SHA-256 of
exactly canonical_blt's bytes, however many papers, whatever their weights and whatever the
names. The canonical BLT writes each run of consecutive papers that read the same as one line
whose weight is the run's length, so the same papers in the same order give the same bytes
however they are split into lines."""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from countdesk.ballots import WeightedReadings
from countdesk.count.contest import Contest
from countdesk.errors import CountDeskError
from countdesk.formats.blt import canonical_blt, canonical_blt_sha256, parse_blt, read_blt

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"

names = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Zl", "Zp")),
                min_size=1, max_size=12).filter(lambda name: name.strip() and '"' not in name)
Paper = tuple[int, tuple[int, ...]]


@st.composite
def elections(draw: st.DrawFn) -> tuple:
    """(title, candidates, seats, withdrawn) and the papers, as (weight, reading), in order."""
    candidates = draw(st.lists(names, min_size=1, max_size=8, unique=True))
    size = len(candidates)
    rankings = st.lists(st.integers(0, size - 1), max_size=size, unique=True).map(tuple)
    pool = draw(st.lists(rankings, min_size=1, max_size=6))
    # Many papers drawn from a few rankings: runs, shared lines, and sometimes more than one
    # part; now and then a weight far beyond what could be listed paper by paper.
    weights = st.one_of(st.just(1), st.integers(0, 5), st.integers(1, 10**15))
    papers = draw(st.lists(st.tuples(weights, st.sampled_from(pool)), max_size=20_000))
    withdrawn = draw(st.sets(st.integers(0, size - 1), max_size=size))
    title = draw(names)
    seats = draw(st.integers(1, size))
    return (title, tuple(candidates), seats, withdrawn), papers


@settings(max_examples=60, deadline=None)
@given(elections())
def test_the_streamed_digest_is_the_digest_of_canonical_blt(election: tuple) -> None:
    args, papers = election
    expected = hashlib.sha256(canonical_blt(*args, WeightedReadings(papers))).hexdigest()
    assert canonical_blt_sha256(*args, WeightedReadings(papers)) == expected


def split(papers: list[Paper], where: random.Random) -> list[Paper]:
    """The same papers with lines of weight above 1 cut in two at random."""
    out: list[Paper] = []
    for weight, reading in papers:
        first = where.randrange(weight) if weight > 1 else 0
        out += [(first, reading), (weight - first, reading)] if first else [(weight, reading)]
    return out


def merged(papers: list[Paper]) -> list[Paper]:
    """The same papers with each run of lines that read the same made one line."""
    out: list[Paper] = []
    for weight, reading in papers:
        if out and out[-1][1] == reading:
            out[-1] = (out[-1][0] + weight, reading)
        elif weight:
            out.append((weight, reading))
    return out


@settings(max_examples=100, deadline=None)
@given(elections(), st.randoms(use_true_random=False))
def test_runs_split_or_merged_give_the_same_bytes(election: tuple, where: random.Random) -> None:
    args, papers = election
    expected = canonical_blt(*args, WeightedReadings(papers))
    assert canonical_blt(*args, WeightedReadings(split(papers, where))) == expected
    assert canonical_blt(*args, WeightedReadings(merged(papers))) == expected
    if sum(weight for weight, _ in papers) <= 50_000:
        one_by_one = [reading for weight, reading in papers for _ in range(weight)]
        assert canonical_blt(*args, one_by_one) == expected


def test_a_run_of_papers_is_one_line_whose_weight_is_its_length() -> None:
    args = ("T", ("Ann", "Bob", "Cy"), 1, ())
    expected = b'3 1\n2 1 2 0\n1 3 0\n3 1 2 0\n0\n"Ann"\n"Bob"\n"Cy"\n"T"\n'
    assert canonical_blt(*args, [(0, 1), (0, 1), (2,), (0, 1), (0, 1), (0, 1)]) == expected
    weighted = [(1, (0, 1)), (1, (0, 1)), (1, (2,)), (2, (0, 1)), (0, (2,)), (1, (0, 1))]
    assert canonical_blt(*args, WeightedReadings(weighted)) == expected
    assert canonical_blt(*args, WeightedReadings([(2, (0, 1)), (1, (2,)), (3, (0, 1))])) \
        == expected


def test_a_weight_of_a_million_million_is_written_as_it_is() -> None:
    text = '3 1\n1000000000000 1 2 0\n2 2 3 0\n1 3 0\n0\n"A"\n"B"\n"C"\n"t"\n'
    contest = Contest.from_ballots(parse_blt(text, "w.blt"))
    args = (contest.title, contest.candidates, contest.seats, contest.withdrawn)
    data = canonical_blt(*args, contest.readings())
    assert data == text.encode()
    assert canonical_blt_sha256(*args, contest.readings()) == hashlib.sha256(data).hexdigest()


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
    assert canonical_blt_sha256(*args, contest.readings()) == hashlib.sha256(
        canonical_blt(*args, expanded)).hexdigest()


def test_a_reading_naming_no_candidate_is_refused_in_words() -> None:
    with pytest.raises(CountDeskError, match="candidate index 5, not one of the 2"):
        canonical_blt_sha256("T", ("A", "B"), 1, [], [(0,), (5,)])


def test_a_negative_weight_is_refused_in_words() -> None:
    with pytest.raises(CountDeskError, match="negative weight"):
        canonical_blt_sha256("T", ("A", "B"), 1, [], WeightedReadings([(1, (0,)), (-1, (1,))]))
