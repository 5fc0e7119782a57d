"""BLT files into an election file and back: the papers read exactly as the ballots did."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ro_key import PASSPHRASE_FILE

from countdesk.app.ballot_files import ranking_to_marks
from countdesk.cli import main
from countdesk.election import GroupLimit, LoneCross
from countdesk.formats.blt import canonical_blt, fingerprint, read_blt
from countdesk.papers import read_marks, read_ranking
from countdesk.store.check import check_election
from countdesk.store.election_file import BatchState, ElectionFile, EntryPass, Paper
from countdesk.store.errors import StoreError

ELECTIONS = Path(__file__).parents[1] / "data" / "elections"
SMALL = "scot2017_falkirk_ward6.blt"


def same_reading(ranks: tuple[tuple[int, ...], ...], candidates: int) -> None:
    expected = read_ranking(ranks)
    for lone_cross in LoneCross:
        found = read_marks(ranking_to_marks(ranks, candidates), lone_cross)
        assert (found.preferences, found.rejected) == (expected.preferences, expected.rejected)


@pytest.mark.parametrize("blt", sorted(p.name for p in ELECTIONS.glob("*.blt")))
def test_every_reference_ballot_reads_the_same_as_marks(blt: str) -> None:
    ballots = read_blt(ELECTIONS / blt)
    for ranks in {ballot.ranks for ballot in ballots.ballots}:
        same_reading(ranks, len(ballots.candidates))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.integers(0, 4), min_size=1, max_size=3).map(tuple), max_size=7))
def test_any_ranking_reads_the_same_as_marks(ranks: list[tuple[int, ...]]) -> None:
    # Repeated candidates and `=` (several at one rank) included.
    same_reading(tuple(ranks), 5)


def test_a_ranking_becomes_the_numbers_a_voter_writes() -> None:
    assert ranking_to_marks(((2,), (0,), (1, 3)), 4) == ((2,), (3,), (1,), (3,))
    assert ranking_to_marks(((0,), (0,), (1,)), 3) == ((1, 2), (3,), ())


def test_import_makes_one_batch_verified_by_import(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    source = ELECTIONS / SMALL
    election_path = tmp_path / "falkirk.countdesk"
    assert main(["import", "--passphrase-file", PASSPHRASE_FILE,
                 str(source), "-o", str(election_path), "--by", "Rita"]) == 0
    ballots = read_blt(source)
    digest = fingerprint(source.read_bytes())
    assert digest in capsys.readouterr().out
    with ElectionFile.open(election_path) as election:
        (batch,) = election.batches()
        papers = election.papers(batch.id, EntryPass.A)
        assert (batch.state, batch.source_name, batch.source_sha256) == (
            BatchState.VERIFIED_BY_IMPORT, SMALL, digest)
        assert batch.hand_count == len(papers) == sum(b.weight for b in ballots.ballots)
        setup = election.setup()
        assert (setup.title, setup.seats, setup.names) == (ballots.title, ballots.seats,
                                                           ballots.candidates)
        with pytest.raises(StoreError, match=r"was imported from scot2017_falkirk_ward6\.blt"):
            election.save_paper(Paper(batch.id, EntryPass.A, 1, papers[0].marks, None, False,
                                      "Tom"))
    assert check_election(election_path).problems == ()


def test_export_gives_the_ballots_behind_the_result(tmp_path: Path) -> None:
    source = ELECTIONS / "ie2002_dublin_north.blt"  # 44k papers: one transaction
    election_path = tmp_path / "dublin.countdesk"
    exported = tmp_path / "dublin.blt"
    assert main(["import", "--passphrase-file", PASSPHRASE_FILE,
                 str(source), "-o", str(election_path)]) == 0
    assert main(["export", str(election_path), "-o", str(exported)]) == 0
    ballots = read_blt(source)
    readings = [p for weight, p in ballots.counted() for _ in range(weight)]
    assert exported.read_bytes() == canonical_blt(ballots.title, ballots.candidates,
                                                  ballots.seats, ballots.withdrawn, readings)
    assert [p for weight, p in read_blt(exported).counted() for _ in range(weight)] == readings


def test_import_with_constraints_gives_candidates_their_groups(tmp_path: Path) -> None:
    blt = tmp_path / "small.blt"
    blt.write_text('3 2\n-2\n2 1 2 3 0\n1 3 1=2 0\n1 2 2 0\n0\n"Ann"\n"Bob"\n"Cat"\n"Small"\n',
                   encoding="utf-8")
    con = tmp_path / "small.con"
    con.write_text('"Gender" "Women" 1 2 1 3\n"Gender" "Men" 0 1 2\n', encoding="utf-8")
    election_path = tmp_path / "small.countdesk"
    assert main(["import", "--passphrase-file", PASSPHRASE_FILE,
                 str(blt), "--constraints", str(con), "-o",
                 str(election_path)]) == 0
    with ElectionFile.open(election_path) as election:
        setup = election.setup()
        assert [c.group_in("Gender") for c in setup.candidates] == ["Women", "Men", "Women"]
        assert [c.withdrawn for c in setup.candidates] == [False, True, False]
        assert setup.limits[0] == GroupLimit("Gender", "Women", 1, 2)
        readings = [c.reading for c in election.counted_papers()]
    assert [r.preferences for r in readings] == [(0, 1, 2), (0, 1, 2), (2,), (1,)]
    assert readings[2].stop  # Ann and Bob share preference 2: the paper stops there
    assert readings[3].notes  # Bob marked again: passed over, as in the ranking


@pytest.mark.parametrize(("content", "reason"), [
    ('2 1\n1 1 2 0\n0\n"Ann"\n"Ann"\n"T"\n', "Ann"),
    ('2 1\n1 1 3 0\n0\n"Ann"\n"Bob"\n"T"\n', "line 2"),
    ("not a ballot file\n", "line 1"),
])
def test_a_refused_import_leaves_no_file(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                         content: str, reason: str) -> None:
    blt = tmp_path / "bad.blt"
    blt.write_text(content, encoding="utf-8")
    election_path = tmp_path / "out" / "bad.countdesk"
    election_path.parent.mkdir()
    assert main(["import", "--passphrase-file", PASSPHRASE_FILE,
                 str(blt), "-o", str(election_path)]) == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and reason in error
    assert list(election_path.parent.iterdir()) == []


FULL_DISK_IMPORT = """
import resource, signal, sys
from countdesk.cli import main
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))
sys.exit(main(["import", "--passphrase-file", sys.argv[3], sys.argv[1], "-o", sys.argv[2]]))
"""


def test_an_import_that_fills_the_disk_leaves_no_file(tmp_path: Path) -> None:
    election_path = tmp_path / "out" / "dublin.countdesk"
    election_path.parent.mkdir()
    done = subprocess.run([sys.executable, "-c", FULL_DISK_IMPORT,
                           str(ELECTIONS / "ie2002_dublin_north.blt"), str(election_path),
                           PASSPHRASE_FILE],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr.startswith("countdesk: dublin.countdesk: the papers of "
                                  "ie2002_dublin_north.blt could not be saved (")
    assert done.stderr.count("\n") == 1
    assert list(election_path.parent.iterdir()) == []
