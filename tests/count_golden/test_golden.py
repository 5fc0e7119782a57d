"""Every golden count gives, whole, the result written in its file (golden_cases.py): every
stage, every figure, every note and tie, the fingerprints and the options."""

from __future__ import annotations

import difflib

import pytest
from golden_cases import CASES, GOLDEN, Case


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_a_count_gives_its_golden_result(case: Case) -> None:
    expected = case.golden.read_text(encoding="utf-8")
    counted = case.count()
    if counted != expected:
        diff = difflib.unified_diff(expected.splitlines(), counted.splitlines(),
                                    "golden", "counted", lineterm="", n=0)
        pytest.fail(f"{case.name} differs from {case.golden.name}:\n"
                    + "\n".join(list(diff)[:40]))


def test_every_golden_file_is_a_case() -> None:
    """No file is left behind by a case taken away (it would go unchecked)."""
    assert {path.name for path in GOLDEN.glob("*.json")} == {case.golden.name for case in CASES}
