"""A keying session killed mid-batch loses no paper whose save had returned."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

from keying_session import CANDIDATES, boxes_for

from countdesk.election import Candidate, ElectionSetup
from countdesk.keying import marks_from_boxes
from countdesk.store.check import check_election
from countdesk.store.election_file import ElectionFile, EntryPass

SESSION = Path(__file__).with_name("keying_session.py")
KILLS = 6


def test_killing_the_app_mid_batch_loses_no_saved_paper(tmp_path):
    path = tmp_path / "crash.countdesk"
    setup = ElectionSetup("Crash", 2, tuple(Candidate(f"C{i}") for i in range(CANDIDATES)),
                          tellers=("Crash Test",))
    with ElectionFile.create(path, setup, "RO") as election:
        batch = election.add_batch("Box 1", None, "RO")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    draw = random.Random(20261124)
    confirmed: set[int] = set()
    for _ in range(KILLS):
        session = subprocess.Popen([sys.executable, str(SESSION), str(path), str(batch)],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   env=env)
        assert session.stdout is not None
        wanted = draw.randint(1, 25)
        for _ in range(wanted):
            line = session.stdout.readline()
            assert line, session.stderr.read() if session.stderr else "the session stopped"
            confirmed.add(int(line))
        session.send_signal(signal.SIGKILL)
        session.wait()
        session.stdout.close()
        session.stderr.close()  # type: ignore[union-attr]
        with ElectionFile.open(path) as election:  # a dead process's lock does not block
            stored = {p.number: p for p in election.papers(batch, EntryPass.A)}
        for number in confirmed:
            assert stored[number].marks == marks_from_boxes(boxes_for(number)), number
        assert sorted(stored) == list(range(1, len(stored) + 1)), "no gaps in the numbers"
    assert len(confirmed) >= KILLS
    assert check_election(path).problems == ()
