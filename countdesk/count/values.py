"""How a count's numbers are kept and rounded: integers scaled to a number of decimal places.

A vote of 1 is ``Fixed.one`` (10**places). Every operation that can leave a remainder says
which way it goes; nothing here is a float, so every machine gives the same digits.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import MAX_PREC, Context, Decimal
from functools import cached_property


@dataclass(frozen=True)
class Fixed:
    """Fixed-point arithmetic at ``places`` decimal places."""

    places: int

    @cached_property
    def one(self) -> int:
        return 10**self.places

    def whole(self, n: int) -> int:
        """A whole number of votes, scaled."""
        return n * self.one

    def muldiv_down(self, a: int, b: int, c: int) -> int:
        """a × b ÷ c on scaled values (a, b, c all scaled), the remainder ignored."""
        return a * b // c

    def decimal(self, a: int) -> Decimal:
        """The exact decimal of a scaled value, written with all its places ("0.00000")."""
        return Decimal(a).scaleb(-self.places, _EXACT)


# Decimal's default context would round a result to 28 digits; this one never rounds.
_EXACT = Context(prec=MAX_PREC)
