"""Real processes: killed while saving, holding the lock, copied from while keying."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
from pathlib import Path

import pytest
from conftest import start_keyer

from countdesk.cli import main
from countdesk.store.check import check_election
from countdesk.store.election_file import ElectionFile, EntryPass
from countdesk.store.errors import StoreError

pytestmark = pytest.mark.slow


def add_batch(path: Path) -> None:
    with ElectionFile.open(path) as election:
        election.add_batch("Box 1", None, "Rita")


def read_numbers(keyer: subprocess.Popen[str], how_many: int) -> list[int]:
    """Wait until the keyer has opened the file and saved ``how_many`` papers."""
    assert keyer.stdout is not None
    line = keyer.stdout.readline()
    assert line == "open\n", line + (keyer.stderr.read() if keyer.stderr else "")
    return [int(keyer.stdout.readline()) for _ in range(how_many)]


def kill(keyer: subprocess.Popen[str]) -> list[int]:
    """SIGKILL the keyer; the numbers it had printed (saves that returned) before it died."""
    keyer.send_signal(signal.SIGKILL)
    rest, _ = keyer.communicate()
    return [int(line) for line in rest.split()]


def test_every_paper_whose_save_returned_survives_sigkill(election_path: Path) -> None:
    add_batch(election_path)
    rng = random.Random(20260501)
    promised: list[int] = []
    for _ in range(15):
        keyer = start_keyer(election_path)
        promised += read_numbers(keyer, rng.randint(1, 25))
        promised += kill(keyer)
        with ElectionFile.open(election_path) as election:
            kept = {paper.number for paper in election.papers(1, EntryPass.A)}
        assert set(promised) <= kept
        assert kept == set(range(1, len(kept) + 1))  # no gaps, no half papers
    report = check_election(election_path)
    assert report.problems == ()
    assert len(promised) >= 15


def test_a_second_process_is_refused_until_the_first_dies(election_path: Path) -> None:
    add_batch(election_path)
    keyer = start_keyer(election_path)
    read_numbers(keyer, 1)
    try:
        second = start_keyer(election_path)
        _, error = second.communicate()
        assert second.returncode != 0
        assert "branch.countdesk is already open in another copy of CountDesk" in error
        with pytest.raises(StoreError, match=r"branch\.countdesk is already open"):
            ElectionFile.open(election_path)
    finally:
        kill(keyer)
    with ElectionFile.open(election_path) as election:
        assert election.papers(1, EntryPass.A)


def test_every_other_name_of_the_file_is_refused_while_it_is_held(
        election_path: Path, tmp_path: Path) -> None:
    """The lock is on the file itself: a hard link or a symbolic link is the same file."""
    add_batch(election_path)
    hard = tmp_path / "elsewhere" / "hard.countdesk"
    hard.parent.mkdir()
    os.link(election_path, hard)
    soft = tmp_path / "soft.countdesk"
    soft.symlink_to(election_path)
    keyer = start_keyer(election_path)
    try:
        saved = read_numbers(keyer, 3)
        for other in (hard, soft):
            second = start_keyer(other)
            _, error = second.communicate(timeout=60)
            assert second.returncode != 0
            assert "is already open in another copy of CountDesk" in error
            with pytest.raises(StoreError, match="is already open"):
                ElectionFile.open(other)
    finally:
        saved += kill(keyer)
    with ElectionFile.open(hard) as election:
        kept = [p.number for p in election.papers(1, EntryPass.A)]
    assert set(saved) <= set(kept) and kept == list(range(1, len(kept) + 1))


def test_a_plain_copy_of_the_file_alone_while_papers_are_keyed_holds_every_saved_paper(
        election_path: Path, tmp_path: Path) -> None:
    """What people do with a file manager: copy the one file onto a USB stick."""
    add_batch(election_path)
    keyer = start_keyer(election_path)
    copies: list[tuple[Path, list[int]]] = []
    try:
        saved = read_numbers(keyer, 3)
        for n in range(4):
            copy = tmp_path / f"copy{n}.countdesk"
            shutil.copyfile(election_path, copy)  # the main file alone, nothing beside it
            copies.append((copy, list(saved)))
            saved += read_numbers_more(keyer, 5)
    finally:
        kill(keyer)
    for copy, saved_before in copies:
        assert check_election(copy).problems == ()
        with ElectionFile.open(copy) as election:
            numbers = [paper.number for paper in election.papers(1, EntryPass.A)]
        assert set(saved_before) <= set(numbers)
        assert numbers == list(range(1, len(numbers) + 1))


def test_countdesk_copy_of_a_file_in_use_says_to_copy_it_from_the_window(
        election_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add_batch(election_path)
    keyer = start_keyer(election_path)
    try:
        read_numbers(keyer, 1)
        assert main(["copy", str(election_path), str(tmp_path / "copy.countdesk")]) == 1
    finally:
        kill(keyer)
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "Save a copy" in error
    assert not (tmp_path / "copy.countdesk").exists()
    assert main(["copy", str(election_path), str(tmp_path / "copy.countdesk")]) == 0
    assert check_election(tmp_path / "copy.countdesk").problems == ()


def read_numbers_more(keyer: subprocess.Popen[str], how_many: int) -> list[int]:
    assert keyer.stdout is not None
    return [int(keyer.stdout.readline()) for _ in range(how_many)]


def test_a_full_disk_refuses_the_save_in_words_and_loses_nothing(election_path: Path) -> None:
    add_batch(election_path)
    keyer = start_keyer(election_path, "--disk-full")
    out, error = keyer.communicate(timeout=60)
    assert keyer.returncode == 0, error
    lines = out.splitlines()
    assert lines[0] == "open"
    refusal = lines[-1]
    assert refusal.startswith("refused: branch.countdesk: paper ")
    assert "could not be saved (the disk is full" in refusal or "is it full" in refusal
    assert "everything saved before is safe" in refusal
    saved = [int(line) for line in lines[1:-1]]
    assert len(saved) >= 5
    with ElectionFile.open(election_path) as election:
        kept = [paper.number for paper in election.papers(1, EntryPass.A)]
    assert kept == saved
    assert check_election(election_path).problems == ()
