"""A BLT file counted straight from disk is read in one pass (formats.blt.read_blt_papers):
each distinct common line straight into its counted paper and its canonical BLT line. What
the count sees must be exactly what the careful path gives, `Contest.from_ballots(parse_blt())`
with the fingerprint written from the papers alone: the same papers in the same order (shared
as the careful path shares them), grouped by ranking as the count groups them, the same places
and withdrawn candidates, the same canonical
BLT bytes and SHA-256, and for a file that is refused, the same refusal word for word (file,
line and reason)."""

from __future__ import annotations

import hashlib
import itertools

from hypothesis import example, given, settings
from hypothesis import strategies as st

from countdesk.ballots import WeightedReadings
from countdesk.count.contest import Contest, group_rankings
from countdesk.errors import CountDeskError
from countdesk.formats.blt import (
    _parse_contest,
    _runs,
    canonical_blt,
    canonical_blt_sha256,
    parse_blt,
    parse_blt_contest,
)

SOURCE = "votes.blt"


def rarely(draw: st.DrawFn, odds: int) -> bool:
    """True about once in odds + 1 draws (a middle value: Hypothesis favours the ends)."""
    return draw(st.integers(0, odds)) == odds // 2


@st.composite
def ballot_lines(draw: st.DrawFn, candidates: int) -> str:
    """One line of the ballots: mostly the common case, now and then anything a file holds."""
    weight = draw(st.sampled_from(["1", "1", "1", "1", "2", "3", "999", "1000", "1001", "17"]))
    if rarely(draw, 20):
        weight = draw(st.sampled_from(["0", "01", "-1", "1.5", "x", "10000000000000000",
                                       "999999999999999", '"A"', "(7)", "-2"]))
    number = st.integers(1, candidates).map(str)
    odd = st.one_of(st.builds(lambda a, b: f"{a}={b}", number, number),
                    st.sampled_from(["0", "-1", str(candidates + 1), "x", "1=", "０", "2.0"]))
    ranks = draw(st.lists(number, min_size=0 if rarely(draw, 8) else 1,
                          max_size=candidates + 1))
    if rarely(draw, 6):  # a candidate named twice
        ranks.insert(draw(st.integers(0, len(ranks))), draw(number))
    if rarely(draw, 8):  # `=`, or a mistake
        ranks.insert(draw(st.integers(0, len(ranks))), draw(odd))
    end = [] if rarely(draw, 30) else ["0"]
    space = " " if draw(st.booleans()) else draw(st.sampled_from(["  ", "\t", " \u00a0"]))
    line = space.join([weight, *ranks, *end])
    if rarely(draw, 10):
        line = f"({draw(st.sampled_from(['b1', 'x y', '', '7']))}) " + line
    if rarely(draw, 10):
        line = draw(st.sampled_from(["  ", "\t"])) + line
    if rarely(draw, 8):
        line += draw(st.sampled_from([" # note", "#", "  ", "\t# 1 2 0"]))
    return line


@st.composite
def blt_texts(draw: st.DrawFn) -> str:
    candidates = draw(st.integers(1, 6))
    seats = draw(st.integers(1, candidates))
    header = f"{candidates} {seats}"
    withdrawn = draw(st.lists(st.integers(1, candidates), max_size=2))
    if withdrawn and draw(st.booleans()):
        header += " " + " ".join(f"-{c}" for c in withdrawn)
    out = [header]
    if withdrawn and draw(st.booleans()):
        out.append(" ".join(f"-{c}" for c in withdrawn))
    pool = draw(st.lists(ballot_lines(candidates) | st.sampled_from(["", "# comment", "  "]),
                         min_size=1, max_size=8))
    # Many lines drawn from a few: repeated lines, runs of papers that read the same.
    out += draw(st.lists(st.sampled_from(pool), min_size=draw(st.integers(1, 30)),
                        max_size=40))
    if not rarely(draw, 40):
        out.append(draw(st.sampled_from(["0", "0", " 0 # end", '0 "C1"'])))
    names = [f'"C{c}"' for c in range(1, candidates + 1)]
    if rarely(draw, 40):
        names.append(draw(st.sampled_from(['"C1"', "1 2 0", '"C9"'])))
    if out[-1].startswith('0 "'):
        names = names[1:]
    out += names
    if not rarely(draw, 40):
        out.append('"The title"')
    text = "\n".join(out)
    if rarely(draw, 5):
        text = text.replace("\n", "\r\n")
    return text + draw(st.sampled_from(["\n", "", "\n\n"]))


def careful(text: str, seats: int | None) -> tuple[Contest, bytes, str] | str:
    """Contest.from_ballots(parse_blt()) and its canonical BLT written from the papers alone,
    or the refusal."""
    try:
        contest = Contest.from_ballots(parse_blt(text, SOURCE), seats)
    except CountDeskError as error:
        return f"{type(error).__name__}: {error}"
    readings = contest.readings()
    args = (contest.title, contest.candidates, contest.seats, contest.withdrawn, readings)
    return contest, canonical_blt(*args), canonical_blt_sha256(*args)


def one_pass(text: str, seats: int | None) -> tuple[Contest, bytes, str] | str:
    try:
        contest, readings = _parse_contest(text, SOURCE, seats)
    except CountDeskError as error:
        return f"{type(error).__name__}: {error}"
    assert readings.papers is contest.papers
    args = (contest.title, contest.candidates, contest.seats, contest.withdrawn, readings)
    return contest, canonical_blt(*args), canonical_blt_sha256(*args)


def sharing(papers: tuple) -> list[int]:
    """Which papers are one object: the index of each paper's first copy."""
    first: dict[int, int] = {}
    return [first.setdefault(id(paper), index) for index, paper in enumerate(papers)]


@settings(max_examples=600, deadline=None)
@given(blt_texts(), st.none() | st.integers(0, 3))
@example("2 1\n1 1 2 0\n1 1 2 0\n2 1 2 0\n1 2 0\n1 1  2 0\n0\n\"A\"\n\"B\"\n\"T\"\n", None)
@example("2 1\n1 1 1 0\n1 0\n(x) 1 2 0\n1 1=2 0\n0\n\"A\"\n\"B\"\n\"T\"\n", None)
@example("2 1\n1 2 0\n1 3 0\n0\n\"A\"\n\"B\"\n\"T\"\n", None)
# A line with a space at its start or its end, first or last of those read in place.
@example(" 2 1\n 1 2 0\n1 1 0\n0\n\"A\"\n\"B\"\n\"T\"\n", None)
@example("2 1\n1 2 0\n1 1 0 \n0\n\"A\"\n\"B\"\n\"T\"\n", None)
# The ballots end before the first line that is "0" alone.
@example("2 1\n1 1 0\n0 # end\n0\n\"A\"\n\"B\"\n\"T\"\n", None)
@example("2 1\n1 1 0\n0 \"A\"\n\"B\"\n\"T\"\n0\n", None)
# Papers that do not count still count towards the most a file may hold.
@example("2 1\n999999999999999 0\n1 1 0\n999999999999999 1=2 0\n0\n\"A\"\n\"B\"\n\"T\"\n", None)
@example("2 1\n999999999999999 1 0\n1 2 0\n999999999999999 0\n0\n\"A\"\n\"B\"\n\"T\"\n", 1)
def test_one_pass_reads_and_refuses_as_the_careful_path(text: str, seats: int | None) -> None:
    expected = careful(text, seats)
    got = one_pass(text, seats)
    if isinstance(expected, str):
        assert got == expected
        return
    assert not isinstance(got, str), got
    contest, blt, sha256 = got
    assert contest == expected[0]
    assert contest.papers == expected[0].papers and contest.seats == expected[0].seats
    assert sharing(contest.papers) == sharing(expected[0].papers)
    assert contest.valid_papers == sum(weight for weight, _ in expected[0].papers)
    # The groups the count starts from, made by the reader: as the count would make them.
    assert list(contest.groups.items()) == list(
        group_rankings(expected[0].papers, expected[0].withdrawn).items())
    assert (blt, sha256) == expected[1:]
    assert hashlib.sha256(blt).hexdigest() == sha256
    assert parse_blt_contest(text, SOURCE, seats) == contest


def reference_lines(papers: list[tuple[int, tuple[int, ...]]]) -> str:
    """The canonical ballot lines as they were first written: run by run (`_runs`)."""
    return "".join(" ".join([str(weight), *(str(c + 1) for c in reading), "0\n"])
                   for weight, reading in _runs(papers))


@st.composite
def weighted(draw: st.DrawFn) -> tuple[list[tuple[int, tuple[int, ...]]], list[str | None]]:
    """Papers with weights (0 too), some one shared object, some equal copies; and canonical
    lines known for some of them, in step with the papers, as a reader gives them."""
    rankings = st.lists(st.integers(0, 4), min_size=1, max_size=5, unique=True).map(tuple)
    pool = draw(st.lists(st.tuples(st.sampled_from([0, 1, 1, 1, 2, 10**15]), rankings),
                         min_size=1, max_size=5))
    papers = [paper if draw(st.booleans()) else (paper[0], tuple(paper[1]))
              for paper in draw(st.lists(st.sampled_from(pool), max_size=60))]
    known = [" ".join([str(paper[0]), *(str(c + 1) for c in paper[1]), "0"])
             if draw(st.booleans()) else None for paper in papers]
    return papers, known


@settings(max_examples=300, deadline=None)
@given(weighted())
def test_the_fingerprint_lines_are_the_runs_lines(drawn: tuple) -> None:
    papers, known = drawn
    names = tuple(f"C{c}" for c in range(5))
    expected = (f"5 2\n{reference_lines(papers)}0\n"
                + "".join(f'"{name}"\n' for name in names) + '"T"\n').encode()
    for lines in (None, known):
        readings = WeightedReadings(papers, lines)
        assert canonical_blt("T", names, 2, (), readings) == expected
        assert canonical_blt_sha256("T", names, 2, (), readings) == \
            hashlib.sha256(expected).hexdigest()
    plain = list(itertools.chain.from_iterable(itertools.repeat(reading, weight)
                                               for weight, reading in papers if weight < 3))
    ones = [(1, reading) for reading in plain]
    assert canonical_blt("T", names, 2, (), plain) == canonical_blt(
        "T", names, 2, (), WeightedReadings(ones))
