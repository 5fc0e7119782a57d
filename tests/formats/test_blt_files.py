"""BLT files as users bring them: the reference elections, conference files, the extensions."""

from __future__ import annotations

import hashlib
import itertools
import json
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from countdesk.ballots import Ballot, BallotSet
from countdesk.errors import CountDeskError, InputError
from countdesk.formats.blt import canonical_blt, fingerprint, parse_blt, read_blt, write_blt

DATA = Path(__file__).resolve().parent.parent / "data"
REFERENCE = sorted((DATA / "elections").glob("*.blt"))
CONFERENCE = sorted((DATA / "conference").glob("*.blt"))


def test_the_reference_data_is_there() -> None:
    assert len(REFERENCE) >= 20
    assert len(CONFERENCE) == 3


def papers(ballots: BallotSet) -> list[tuple[int, ...]]:
    """One reading per counted paper (a ballot of weight w is w papers)."""
    return [prefs for weight, prefs in ballots.counted() for _ in range(weight)]


@pytest.mark.parametrize("path", REFERENCE + CONFERENCE, ids=lambda p: p.stem)
def test_a_file_reads_and_writes_back_to_the_same_ballots(path: Path) -> None:
    ballots = read_blt(path)
    assert ballots.ballots and ballots.candidates and ballots.title
    again = parse_blt(write_blt(ballots), "written")
    assert again == ballots


@pytest.mark.parametrize("path", REFERENCE + CONFERENCE, ids=lambda p: p.stem)
def test_canonical_blt_is_the_same_bytes_every_time(path: Path) -> None:
    ballots = read_blt(path)
    args = (ballots.title, ballots.candidates, ballots.seats, ballots.withdrawn)
    first = canonical_blt(*args, papers(ballots))
    second = canonical_blt(*args, papers(read_blt(path)))
    assert first == second
    assert fingerprint(first) == fingerprint(second)


@pytest.mark.parametrize("path", REFERENCE, ids=lambda p: p.stem)
def test_canonical_blt_first_preferences_match_the_official_result(path: Path) -> None:
    ballots = read_blt(path)
    official = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    canonical = canonical_blt(
        ballots.title, ballots.candidates, ballots.seats, ballots.withdrawn, papers(ballots)
    )
    reread = parse_blt(canonical.decode("utf-8"), "canonical")
    lines = reread.ballots
    # Each line is a run of papers that read the same: the next line reads differently.
    assert all(b.ranks != after.ranks for b, after in itertools.pairwise(lines))
    if "valid_votes" in official:
        assert reread.paper_count == official["valid_votes"]
    assert [c["name"] for c in official["candidates"]] == list(ballots.candidates)
    if official.get("stages"):
        firsts: Counter[str] = Counter()
        for ballot in lines:
            firsts[reread.candidates[ballot.ranks[0][0]]] += ballot.weight
        totals = official["stages"][0]["totals"]
        assert {name: Decimal(firsts[name]) for name in totals} == {
            name: Decimal(total) for name, total in totals.items()
        }


def test_dublin_north_reads_every_ballot_line_as_given() -> None:
    ballots = read_blt(DATA / "elections" / "ie2002_dublin_north.blt")
    assert (len(ballots.candidates), ballots.seats) == (12, 4)
    assert ballots.ballots[0] == Ballot(800, ((11,), (5,), (3,)))
    assert sum(b.weight for b in ballots.ballots) == 43942
    assert ballots.candidates[-1] == "G.V. Wright"


EVERYTHING = (
    "\ufeff# exported by hand\r\n"
    "5 2 # five candidates, two seats\r\n"
    "\r\n"
    "-2\r\n"
    "-5 -2\r\n"
    "(A1) 3 1 3 4 0\r\n"
    "(paper 2) 1 1=3 4 0  # equal preferences\r\n"
    "2 4 0\r\n"
    "1 0\r\n"
    "# a comment between ballots\r\n"
    "0\r\n"
    '"Siân Llŷr"\r\n'
    "Łukasz\r\n"
    '"Αλέξανδρος Παπαδόπουλος" "Żaneta Wójcik-Źrebiec"\r\n'
    '"Candidate #5"  # a hash inside quotes is part of the name\r\n'
    '"Etholiad y Pwyllgor — Komitet — Επιτροπή"\r\n'
)


def test_every_listed_extension_reads() -> None:
    ballots = parse_blt(EVERYTHING, "everything.blt")
    assert ballots.seats == 2
    assert ballots.withdrawn == frozenset({1, 4})
    assert ballots.candidates == (
        "Siân Llŷr",
        "Łukasz",
        "Αλέξανδρος Παπαδόπουλος",
        "Żaneta Wójcik-Źrebiec",
        "Candidate #5",
    )
    assert ballots.title == "Etholiad y Pwyllgor — Komitet — Επιτροπή"
    assert ballots.ballots == (
        Ballot(3, ((0,), (2,), (3,)), "A1"),
        Ballot(1, ((0, 2), (3,)), "paper 2"),
        Ballot(2, ((3,),)),
        Ballot(1, ()),
    )


def test_an_empty_ballot_reads_as_an_unmarked_paper() -> None:
    ballots = parse_blt(EVERYTHING, "everything.blt")
    assert not ballots.ballots[-1].reading().valid
    # "1=3" first is rejected too (first preference for two candidates): two ballots count.
    assert [weight for weight, _ in ballots.counted()] == [3, 2]


def test_names_may_share_the_zero_line_and_an_unquoted_title() -> None:
    ballots = parse_blt('2 1\n1 2 0\n0 "Ann" "Bob"\nElection\n', "t.blt")
    assert ballots.candidates == ("Ann", "Bob")
    assert ballots.title == "Election"


def test_withdrawn_candidates_may_follow_the_header_on_its_line() -> None:
    assert parse_blt('2 1 -2\n1 1 0\n0\n"A"\n"B"\n"T"\n', "t.blt").withdrawn == {1}


def test_plain_blt_is_exactly_what_droop_and_openstv_read() -> None:
    ballots = BallotSet(
        "Title",
        1,
        ("Adam", "Basil", "Charlotte"),
        (Ballot(3, ((0,), (2,)), "x"), Ballot(2, ((1, 2), (0,))), Ballot(1, ())),
        frozenset({2, 1}),
    )
    assert write_blt(ballots) == (
        '3 1\n-2 -3\n3 1 3 0\n2 2=3 1 0\n1 0\n0\n"Adam"\n"Basil"\n"Charlotte"\n"Title"\n'
    )


def test_canonical_blt_bytes_are_as_counting_md_defines() -> None:
    data = canonical_blt("Rhondda Branch", ("Siân", "Bob", "Cy"), 2, [2], [(1, 0), (0,), (1,)])
    assert (
        data
        == ('3 2\n-3\n1 2 1 0\n1 1 0\n1 2 0\n0\n"Siân"\n"Bob"\n"Cy"\n"Rhondda Branch"\n').encode()
    )
    assert fingerprint(data) == hashlib.sha256(data).hexdigest()


def test_canonical_blt_keeps_the_order_given_and_groups_nothing() -> None:
    data = canonical_blt("T", ("A", "B"), 1, [], [(0,), (1,), (0,)])
    assert data.split(b"\n")[1:4] == [b"1 1 0", b"1 2 0", b"1 1 0"]


def test_canonical_blt_refuses_a_reading_naming_no_candidate() -> None:
    with pytest.raises(CountDeskError, match="candidate index 2"):
        canonical_blt("T", ("A", "B"), 1, [], [(2,)])


def test_a_name_with_a_quote_cannot_be_written() -> None:
    ballots = BallotSet("T", 1, ("Ann", 'Bob "the Builder"'), ())
    with pytest.raises(CountDeskError, match="candidate 2") as error:
        write_blt(ballots)
    assert "Bob" in str(error.value)


def test_a_file_that_is_not_utf8_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.blt"
    path.write_bytes('2 1\n1 1 0\n0\n"Siân"\n"Bob"\n"T"\n'.encode("latin-1"))
    with pytest.raises(InputError) as error:
        read_blt(path)
    assert error.value.line == 4
    assert "UTF-8" in str(error.value)
    assert str(path) in str(error.value)


def test_a_missing_file_is_refused_plainly(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot be read"):
        read_blt(tmp_path / "nowhere.blt")


def test_a_file_reads_from_disk_as_it_parses(tmp_path: Path) -> None:
    path = tmp_path / "e.blt"
    path.write_text(EVERYTHING, encoding="utf-8", newline="")
    assert read_blt(path) == parse_blt(EVERYTHING, "other name")
