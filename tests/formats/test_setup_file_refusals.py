"""`countdesk new --setup FILE`: a file that is no setup, however it is built, is refused in
one line naming the file and the reason, and leaves no election file."""

from __future__ import annotations

from pathlib import Path

import pytest

from countdesk.cli import main

DEEP = "[" * 100_000 + "]" * 100_000
CASES = [
    # (what is wrong, file name, text, the reason)
    ("JSON nested deeply", "setup.json", '{"title": "T", "seats": 1, "rule_options": {"a": '
     + DEEP + "}}", "its lists or tables are nested too deeply"),
    ("a JSON number of 5000 digits", "setup.json", '{"title": "T", "seats": ' + "9" * 5000 + "}",
     "a number in it has more than 4,300 digits"),
    ("TOML nested deeply", "setup.toml", 'title = "T"\nseats = 1\n[rule_options]\na = '
     + "[" * 1500 + "]" * 1500 + "\n", "its lists or tables are nested too deeply"),
    ("a TOML number of 5000 digits", "setup.toml", 'title = "T"\nseats = ' + "9" * 5000 + "\n",
     "line 2: the line is 5,008 characters long: a setup file's lines hold at most 4,000"),
    ("a TOML dotted key 100,000 deep", "setup.toml", 'title = "T"\nseats = 1\na' + ".a" * 100_000
     + " = 1\n", "line 3: the line is 200,005 characters long"),
    ("a file far larger than a setup", "setup.json", " " * 2_000_000,
     "a setup file holds at most 1,000,000 bytes: is this the setup?"),
]


@pytest.mark.parametrize(("name", "text", "reason"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_a_setup_file_that_no_decoder_should_take_is_refused_in_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, text: str, reason: str
) -> None:
    setup = tmp_path / name
    setup.write_text(text, encoding="utf-8")
    code = main(["new", str(tmp_path / "agm.countdesk"), "--setup", str(setup)])
    out, err = capsys.readouterr()
    assert (code, out) == (1, "")
    assert err.startswith(f"countdesk: {setup}") and reason in err
    assert err.count("\n") == 1 and err.endswith("\n")
    assert list(tmp_path.iterdir()) == [setup]


def test_a_setup_file_of_ordinary_depth_and_numbers_is_read(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    setup = tmp_path / "setup.toml"
    setup.write_text('title = "AGM"\nseats = 2\ncandidates = ["Ann", "Bob", "Cat"]\n'
                     "[rule_options]\nprecision = 5\n", encoding="utf-8")
    assert main(["new", str(tmp_path / "agm.countdesk"), "--setup", str(setup)]) == 0
    assert capsys.readouterr().err == ""
