"""A large Meek tree is distributed with numpy, in int64 or, where a product might not fit,
in arrays of Python integers: both give every golden Meek count exactly, as the lists do."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from countdesk.count import meek_tree

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "count_golden"))
from golden_cases import CASES

MEEK = [case for case in CASES if case.rules in ("meek", "meek-nz")]


@pytest.mark.parametrize("int64_limit", [meek_tree.INT64_LIMIT, 0], ids=["int64", "objects"])
@pytest.mark.parametrize("case", MEEK, ids=[case.name for case in MEEK])
def test_numpy_gives_the_golden_meek_count(case, int64_limit, monkeypatch) -> None:
    monkeypatch.setattr(meek_tree, "ARRAY_NODES", 0)  # every tree, however small
    monkeypatch.setattr(meek_tree, "INT64_LIMIT", int64_limit)
    assert case.count() == case.golden.read_text(encoding="utf-8")
