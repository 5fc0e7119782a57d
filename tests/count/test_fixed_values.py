"""Every figure on a sheet is a scaled integer written out exactly, with all its places."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from countdesk.count.result import figure
from countdesk.count.values import Fixed


@given(st.integers(-(10**60), 10**60), st.integers(0, 12))
def test_a_figure_is_written_exactly_with_every_decimal_place(value: int, places: int) -> None:
    written = figure(Fixed(places).decimal(value))
    whole, _, fraction = written.partition(".")
    assert len(fraction) == places and whole.lstrip("-").isdigit()
    assert int(written.replace(".", "")) == value  # exact: no digit of a large total lost
