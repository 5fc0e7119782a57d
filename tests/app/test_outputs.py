"""Every file CountDesk writes is whole or absent, never over an input, never over a file
unless asked."""

from __future__ import annotations

from pathlib import Path

import pytest
from ro_key import PASSPHRASE_FILE

from countdesk.app.output import write_output
from countdesk.cli import main
from countdesk.errors import CountDeskError
from countdesk.store.election_file import ElectionFile

GLASGOW = Path(__file__).parents[1] / "data" / "elections" / "scot2017_glasgow_ward16.blt"


def refused(capsys: pytest.CaptureFixture[str], *argv: object) -> str:
    assert main([str(a) for a in argv]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and "Traceback" not in err
    return err


def test_an_output_never_overwrites_an_input_of_the_same_command(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    ballots = tmp_path / "x.blt"
    ballots.write_bytes(GLASGOW.read_bytes())
    for flag in ("--blt", "--pdf", "--xlsx"):
        for force in ([], ["--force"]):
            error = refused(capsys, "count", ballots, "--rules", "scottish", flag, ballots,
                            *force)
            assert "is also an input of this command" in error
    assert ballots.read_bytes() == GLASGOW.read_bytes()
    link = tmp_path / "same.blt"
    link.hardlink_to(ballots)
    assert "is also an input" in refused(capsys, "count", ballots, "--blt", link, "--force")


def test_an_existing_file_is_replaced_only_with_force(capsys: pytest.CaptureFixture[str],
                                                      tmp_path: Path) -> None:
    election = tmp_path / "glasgow.countdesk"
    assert main(["import", "--passphrase-file", PASSPHRASE_FILE,
                 str(GLASGOW), "-o", str(election), "--rules", "scottish"]) == 0
    capsys.readouterr()
    existing = tmp_path / "kept.txt"
    existing.write_text("the minutes")
    assert "already exists" in refused(capsys, "export", election, "-o", existing)
    assert "already exists" in refused(capsys, "count", GLASGOW, "--pdf", existing)
    assert "already exists" in refused(capsys, "count", election, "--record", "--pdf", existing)
    assert existing.read_text() == "the minutes"
    with ElectionFile.open(election) as opened:
        assert opened.counts() == ()  # refused before the count was kept
    assert main(["export", str(election), "-o", str(existing), "--force"]) == 0
    assert existing.read_bytes().startswith(b"11 4\n")


def test_a_missing_folder_or_a_failed_write_is_one_line_and_leaves_nothing(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    for flag in ("--xlsx", "--pdf", "--blt"):
        error = refused(capsys, "count", GLASGOW, "--rules", "scottish", flag,
                        tmp_path / "missing" / "out")
        assert "the folder" in error and "does not exist" in error

    def half_then_fail(path: Path) -> None:
        path.write_bytes(b"half a sheet")
        raise OSError(28, "No space left on device")

    target = tmp_path / "sheet.pdf"
    with pytest.raises(CountDeskError, match="could not be written"):
        write_output(target, half_then_fail)
    assert list(tmp_path.iterdir()) == []


def test_a_sheet_of_an_election_file_is_made_from_a_kept_count(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    election = tmp_path / "glasgow.countdesk"
    assert main(["import", "--passphrase-file", PASSPHRASE_FILE,
                 str(GLASGOW), "-o", str(election), "--rules", "scottish"]) == 0
    capsys.readouterr()
    assert "--record" in refused(capsys, "count", election, "--pdf", tmp_path / "s.pdf")
    assert not (tmp_path / "s.pdf").exists()
    assert "holds no count" in refused(capsys, "sheet", election, "--pdf", tmp_path / "s.pdf")
