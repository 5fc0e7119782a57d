"""A BLT line may stand for a million million papers: every rule set counts it, and its
fingerprint is written from the lines, never paper by paper. An election file keeps papers
one by one, so importing such a file is refused before any file is made."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from ro_key import PASSPHRASE_FILE

from countdesk.cli import main
from countdesk.count.rulesets import rule_sets

TRILLION = 10**12
# 2 places; Ann's papers name only her, so her surplus goes nowhere; Cat's go on to Bob.
BIG_BLT = (
    f"4 2\n{TRILLION} 1 0\n{6 * TRILLION // 10} 2 1 0\n{5 * TRILLION // 10} 3 2 0\n3 4 3 0\n0\n"
    '"Ann"\n"Bob"\n"Cat"\n"Dan"\n"Big weights"\n'
)
FIRST_PREFERENCES = {"Ann": 10**12, "Bob": 6 * 10**11, "Cat": 5 * 10**11, "Dan": 3}


@pytest.fixture
def big(tmp_path: Path) -> Path:
    path = tmp_path / "big.blt"
    path.write_text(BIG_BLT, encoding="utf-8")
    return path


@pytest.mark.parametrize("rules", [rules.key for rules in rule_sets()])
def test_a_weight_of_a_million_million_counts_under_every_rule_set(
    capsys: pytest.CaptureFixture[str], big: Path, tmp_path: Path, rules: str
) -> None:
    canonical = tmp_path / "canonical.blt"
    code = main(["count", str(big), "--rules", rules, "--format", "json",
                 "--blt", str(canonical)])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert result["elected"] == ["Ann", "Bob"]
    first = {name: int(value.split(".")[0]) for name, value in
             result["stages"][0]["totals"].items()}
    assert first == FIRST_PREFERENCES
    # The canonical BLT of these papers is the file itself: no line holds two runs.
    assert canonical.read_bytes() == BIG_BLT.encode()
    assert result["ballots_sha256"] == hashlib.sha256(BIG_BLT.encode()).hexdigest()


def test_a_weight_beyond_10_to_the_15_is_refused_in_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "heavy.blt"
    path.write_text('3 1\n1000000000000000000 1 2 0\n0\n"A"\n"B"\n"C"\n"t"\n', encoding="utf-8")
    assert main(["count", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (f"countdesk: {path}, line 2: the weight 1,000,000,000,000,000,000 is more "
                   "than a ballot line may carry: at most 1,000,000,000,000,000 (10^15) papers\n")


def test_importing_more_papers_than_an_election_file_keeps_is_refused_before_any_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "heavy.blt"
    path.write_text('3 1\n1000000000 1 2 0\n1 2 0\n0\n"A"\n"B"\n"C"\n"t"\n', encoding="utf-8")
    election = tmp_path / "heavy.countdesk"
    assert main(["import", "--passphrase-file", PASSPHRASE_FILE,
                 str(path), "-o", str(election), "--by", "Teller"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (f"countdesk: {path}: its ballots stand for 1,000,000,001 papers, more than "
                   "the 10,000,000 an election file keeps: count the BLT file directly with "
                   f"`countdesk count {path}`\n")
    assert list(tmp_path.iterdir()) == [path]
