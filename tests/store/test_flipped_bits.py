"""One flipped bit anywhere in the election file's table definitions: every command says so
in one line, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from countdesk.cli import main
from countdesk.errors import CountDeskError
from countdesk.store.election_file import ElectionFile


def schema_text_offsets(data: bytes) -> list[int]:
    """Every 37th byte of each CREATE statement SQLite keeps in the file."""
    offsets: list[int] = []
    start = data.find(b"CREATE ")
    while start != -1:
        offsets += range(start, start + 150, 37)
        start = data.find(b"CREATE ", start + 150)
    return offsets


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("good") / "good.countdesk"
    assert main(["new", str(path), "--title", "T", "--seats", "1", "--candidate", "Ann",
                 "--candidate", "Bob"]) == 0
    return path.read_bytes()


@pytest.mark.parametrize("bit", [0x80, 0x01])
def test_a_flipped_bit_in_the_schema_is_refused_in_one_line(
        good: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str], bit: int) -> None:
    capsys.readouterr()
    offsets = schema_text_offsets(good)
    assert len(offsets) > 20
    for offset in offsets:
        damaged = bytearray(good)
        damaged[offset] ^= bit
        path = tmp_path / f"flipped{offset}.countdesk"
        path.write_bytes(bytes(damaged))
        for command in ("check", "count"):
            code = main([command, str(path)])
            _, err = capsys.readouterr()
            assert code in (0, 1), (offset, command)
            if code:
                assert err.count("\n") == 1 and err.startswith("countdesk: "), (offset, err)
        try:
            ElectionFile.open(path).close()
        except CountDeskError as error:
            assert "\n" not in str(error)
