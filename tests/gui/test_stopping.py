"""Stopped by the system, or with no screen at all, CountDesk says so and loses nothing saved.

SIGTERM (the laptop shutting down) and SIGHUP (its terminal closed) close the election as
Quit does, without asking: the Setup edits are saved when they can be, and what cannot be
saved is said on stderr. With no X and no Wayland, `countdesk` says why it opens no window.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from closing_session import NEW_TITLE, boxes_for

from countdesk.election import Candidate, ElectionSetup
from countdesk.keying import marks_from_boxes
from countdesk.store.check import check_election
from countdesk.store.election_file import ElectionFile, EntryPass

SESSION = Path(__file__).with_name("closing_session.py")
CANDIDATES = 5
PAPERS = 7
GENEROUS = 120  # seconds: only so that a hung app fails the test instead of hanging it

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


@pytest.mark.parametrize(("stop", "reason", "then"), [
    (signal.SIGTERM, "the RO misspelt the title", []),
    (getattr(signal, "SIGHUP", signal.SIGTERM), "", []),
    (signal.SIGTERM, "the RO misspelt the title", ["quit"]),  # while Quit asks its question
])
def test_a_stop_signal_closes_the_election_whole_and_the_app_exits_0(
        tmp_path, stop, reason, then):
    path = tmp_path / "signal.countdesk"
    setup = ElectionSetup("Steering Group", 2,
                          tuple(Candidate(f"Candidate {i}") for i in range(CANDIDATES)),
                          tellers=("Signal Test",))
    with ElectionFile.create(path, setup, "RO") as election:
        batch = election.add_batch("Box 1", None, "RO")
    session = subprocess.Popen(
        [sys.executable, str(SESSION), str(path), str(batch), str(PAPERS), reason, *then],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    try:
        assert session.stdout is not None
        ready = session.stdout.readline()
        assert ready == "ready\n", session.stderr.read() if session.stderr else ready
        session.send_signal(stop)
        _, stderr = session.communicate(timeout=GENEROUS)
    finally:
        session.kill()
    assert session.returncode == 0, stderr
    said = [line for line in stderr.splitlines() if line.startswith("countdesk: ")]
    assert any(f"Paper {PAPERS + 1}" in line and "not saved" in line for line in said), stderr
    if not reason:
        assert any("setup are not saved" in line and "reason" in line for line in said), stderr
    else:  # papers are keyed, so the change is the RO's, and nobody gave the passphrase
        assert any("setup are not saved" in line and "passphrase" in line
                   for line in said), stderr

    assert check_election(path).problems == ()
    with ElectionFile.open(path) as election:  # refused if the app had not let it go
        stored = election.papers(batch, EntryPass.A)
        title = election.setup().title
    assert [p.marks for p in stored] == [
        marks_from_boxes(boxes_for(number, CANDIDATES)) for number in range(1, PAPERS + 1)]
    assert title == "Steering Group" != NEW_TITLE


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X and Wayland are Linux's")
def test_with_no_screen_countdesk_says_so_in_one_line_and_exits_1():
    env = {name: value for name, value in os.environ.items()
           if name not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    done = subprocess.run([sys.executable, "-m", "countdesk"], capture_output=True, text=True,
                          env=env, timeout=GENEROUS)
    assert done.returncode == 1
    assert done.stdout == ""
    (line,) = done.stderr.splitlines()
    assert line.startswith("countdesk: ")
    assert "no screen" in line and "countdesk --help" in line
