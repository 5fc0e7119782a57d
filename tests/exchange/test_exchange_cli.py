"""The command line of keying on several laptops: `countdesk desk`, `pack`, `import-pack` and
`dashboard`, on real files, as the RO and the desks would type them."""

from __future__ import annotations

from pathlib import Path

import pytest
from hall import hall_setup
from ro_key import PASSPHRASE_FILE, as_ro

from countdesk.cli import main
from countdesk.store.election_file import ElectionFile, EntryPass, Paper

PAPER = ((1,), (2,), (), (), (), ())
OTHER = ((2,), (1,), (), (), (), ())


@pytest.fixture
def ro_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    path = tmp_path / "ro.countdesk"
    with ElectionFile.create(path, hall_setup(), "Rita") as ro:
        ro.add_batch("Box 1", 2, "Rita")
        ro.add_batch("Box 2", 2, "Rita")
        as_ro(ro)
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def key(path: Path, batch: int, which: EntryPass, teller: str, papers: list) -> None:
    with ElectionFile.open(path) as desk:
        for number, marks in enumerate(papers, 1):
            desk.save_paper(Paper(batch, which, number, marks, None, False, teller))


def test_desk_files_packs_and_their_import_from_the_command_line(
        ro_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    code, out, _ = run(capsys, "desk", ro_path, "--name", "Desk 1", "--keys", "Box 1:A",
                       "--keys", "Box 2:B", "-o", tmp_path / "d1.countdesk", "--by", "Rita",
                       "--passphrase-file", PASSPHRASE_FILE)
    assert code == 0 and "desk 'Desk 1' keys Box 1:A, Box 2:B" in out
    code, _, _ = run(capsys, "desk", ro_path, "--name", "Desk 2", "--keys", "Box 1:B",
                     "--keys", "Box 2:A", "-o", tmp_path / "d2.countdesk", "--passphrase-file",
                     PASSPHRASE_FILE)
    assert code == 0
    key(tmp_path / "d1.countdesk", 1, EntryPass.A, "Tom", [PAPER, PAPER])
    key(tmp_path / "d1.countdesk", 2, EntryPass.B, "Tom", [PAPER, OTHER])
    key(tmp_path / "d2.countdesk", 1, EntryPass.B, "Tia", [PAPER, OTHER])
    key(tmp_path / "d2.countdesk", 2, EntryPass.A, "Tia", [PAPER, PAPER])
    code, out, _ = run(capsys, "pack", tmp_path / "d1.countdesk", "-o", stick)
    assert code == 0 and "pass A of 'Box 1' (2 papers), pass B of 'Box 2' (2 papers)" in out
    code, _, _ = run(capsys, "pack", tmp_path / "d2.countdesk", "-o", stick)
    assert code == 0
    packs = sorted(stick.iterdir())
    assert len(packs) == 2
    code, out, err = run(capsys, "import-pack", ro_path, *packs, "--passphrase-file",
                         PASSPHRASE_FILE)
    assert code == 0 and err == "" and out.count("Imported ") == 2
    code, out, err = run(capsys, "import-pack", ro_path, packs[0], "--passphrase-file",
                         PASSPHRASE_FILE)
    assert code == 1 and out == ""
    assert err.startswith("countdesk: refused (imported): ") and "imported already" in err
    code, out, _ = run(capsys, "dashboard", ro_path)
    assert code == 0
    assert "Box 1" in out and "Desk 1" in out and "[x] every desk's passes are imported" in out
    assert "[ ] 2 differences to settle" in out
    code, out, _ = run(capsys, "check", ro_path)
    assert code == 0


def test_the_command_line_refuses_in_one_line(ro_path: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "desk", ro_path, "--name", "Desk 1", "--keys", "Box 9:A",
                       "-o", tmp_path / "d.countdesk", "--passphrase-file", PASSPHRASE_FILE)
    assert code == 1 and "has no batch 'Box 9'" in err and err.count("\n") == 1
    code, _, err = run(capsys, "desk", ro_path, "--name", "Desk 1", "--keys", "Box 1:A",
                       "--keys", "Box 1:B", "-o", tmp_path / "d.countdesk",
                       "--passphrase-file", PASSPHRASE_FILE)
    assert code == 1 and "would key both passes of batch 'Box 1'" in err
    code, _, _ = run(capsys, "desk", ro_path, "--name", "Desk 1", "--keys", "Box 1:A",
                       "--keys", "Box 1:B", "--leave", "Box 1", "one laptop left", "-o",
                       tmp_path / "d.countdesk", "--passphrase-file", PASSPHRASE_FILE)
    assert code == 0
    code, _, err = run(capsys, "pack", tmp_path / "d.countdesk", "-o", tmp_path)
    assert code == 1 and "has keyed no paper yet" in err
    code, _, err = run(capsys, "pack", ro_path, "-o", tmp_path)
    assert code == 1 and "is not a desk file" in err
    broken = tmp_path / "broken.countdesk-pack"
    broken.write_text("not a pack\n", encoding="utf-8")
    code, _, err = run(capsys, "import-pack", ro_path, broken, "--passphrase-file",
                       PASSPHRASE_FILE)
    assert code == 1 and "refused (damaged)" in err and err.count("\n") == 1


def test_a_replacement_needs_a_reason_on_the_command_line(
        ro_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "desk", ro_path, "--name", "Desk 1", "--keys", "Box 1:A", "-o",
               tmp_path / "d.countdesk", "--passphrase-file", PASSPHRASE_FILE)[0] == 0
    key(tmp_path / "d.countdesk", 1, EntryPass.A, "Tom", [PAPER])
    code, _, err = run(capsys, "pack", tmp_path / "d.countdesk", "-o", tmp_path)
    assert code == 1 and "no pass keyed to its hand count yet" in err
    assert run(capsys, "pack", tmp_path / "d.countdesk", "-o", tmp_path / "1.countdesk-pack",
               "--unfinished")[0] == 0
    with ElectionFile.open(tmp_path / "d.countdesk") as desk:
        desk.save_paper(Paper(1, EntryPass.A, 2, OTHER, None, False, "Tom"))
    assert run(capsys, "pack", tmp_path / "d.countdesk", "-o", tmp_path / "2.countdesk-pack"
               )[0] == 0
    args = ["--passphrase-file", PASSPHRASE_FILE]
    assert run(capsys, "import-pack", ro_path, tmp_path / "1.countdesk-pack", *args)[0] == 0
    code, _, err = run(capsys, "import-pack", ro_path, tmp_path / "2.countdesk-pack", *args)
    assert code == 1 and "refused (replace)" in err
    code, out, _ = run(capsys, "import-pack", ro_path, tmp_path / "2.countdesk-pack", *args,
                       "--reason", "paper 2 was under the table")
    assert code == 0 and "replaced: pass A of 'Box 1' (2 papers)" in out


def test_a_pass_is_taken_back_on_the_command_line(ro_path: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--passphrase-file", PASSPHRASE_FILE]
    assert run(capsys, "desk", ro_path, "--name", "Desk 1", "--keys", "Box 1:A", "-o",
               tmp_path / "d.countdesk", *args)[0] == 0
    code, out, _ = run(capsys, "take-back", ro_path, "Box 1:A", "--reason", "laptop failed",
                       *args)
    assert code == 0 and "taken back from 'Desk 1'" in out
    code, _, err = run(capsys, "take-back", ro_path, "Box 1:A", "--reason", "again", *args)
    assert code == 1 and "is no desk's to take back" in err
    assert run(capsys, "desk", ro_path, "--name", "Desk 2", "--keys", "Box 1:A", "-o",
               tmp_path / "e.countdesk", *args)[0] == 0
