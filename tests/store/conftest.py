"""Election files in tmp_path: the real SQLite store, never a mock of it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from countdesk.election import Candidate, ElectionSetup, GroupLimit, LoneCross
from countdesk.store.election_file import ElectionFile

KEYER = Path(__file__).with_name("keyer.py")


def make_setup() -> ElectionSetup:
    return ElectionSetup(
        title="Branch committee",
        seats=2,
        candidates=(
            Candidate("Ann Smith", "Red", (("Gender", "Women"),)),
            Candidate("Bob Jones", "Blue", (("Gender", "Men"),)),
            Candidate("Cat Patel", "", (("Gender", "Women"),)),
        ),
        organisation="Union", date="2026-05-01", venue="Hall",
        limits=(GroupLimit("Gender", "Women", 1, None), GroupLimit("Gender", "Men", 0, 1)),
        rule_options=(("precision", "2"),),
        lone_cross=LoneCross.INVALID,
        returning_officer="Rita",
        tellers=("Tom", "Tia"), scrutineers=("Sam",),
    )


@pytest.fixture
def setup() -> ElectionSetup:
    return make_setup()


@pytest.fixture
def election_path(tmp_path: Path, setup: ElectionSetup) -> Path:
    path = tmp_path / "branch.countdesk"
    ElectionFile.create(path, setup, "Rita").close()
    return path


@pytest.fixture
def election(election_path: Path) -> Iterator[ElectionFile]:
    with ElectionFile.open(election_path) as opened:
        yield opened


def start_keyer(path: Path, *arguments: str) -> subprocess.Popen[str]:
    """A real process keying papers into ``path``: see keyer.py."""
    return subprocess.Popen([sys.executable, str(KEYER), str(path), *arguments],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
