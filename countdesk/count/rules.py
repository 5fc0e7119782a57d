"""Rule sets: what happens at each stage, apart from how numbers are rounded (values.py).

A Gregory rule set (Scottish STV, weighted inclusive Gregory) moves all of an elected
candidate's papers at a reduced value and all of an excluded candidate's papers at their
value, one candidate at a time. Rules that differ (ERS97's last parcel, bulk exclusion,
sub-stages by value; Meek's keep values) are counted by their own modules from the same
`Papers` state and produce the same `Result`.
"""

from __future__ import annotations

from dataclasses import dataclass

from countdesk.count.values import Fixed
from countdesk.errors import SetupError

QUOTAS = ("droop", "hare")


@dataclass(frozen=True)
class GregoryRules:
    key: str  # the CLI name
    name: str  # for the sheet
    places: int
    quota_kind: str  # "droop" (whole number) or "hare"

    def __post_init__(self) -> None:
        if not 0 <= self.places <= 12:
            raise SetupError(f"precision must be 0 to 12 decimal places, not {self.places}")
        if self.quota_kind not in QUOTAS:
            raise SetupError(f"the quota must be droop or hare, not {self.quota_kind!r}")

    @property
    def fixed(self) -> Fixed:
        return Fixed(self.places)

    def quota(self, valid_papers: int, seats: int) -> int:
        """The quota, scaled.

        Droop is the whole-number form of SSI 2007/42 rule 46: valid ÷ (seats + 1), fractions
        ignored, plus 1. Hare is valid ÷ seats, rounded *up* to the precision, so that no one
        is elected with less than a Hare quota.
        """
        one = self.fixed.one
        if self.quota_kind == "droop":
            return (valid_papers // (seats + 1) + 1) * one
        return -(-valid_papers * one // seats)

    def transfer_value(self, value: int, surplus: int, total: int) -> int:
        """A paper's new value (SSI 2007/42 rule 48(3)): surplus × its value ÷ the candidate's
        total, to the precision, remainder ignored, paper by paper."""
        return self.fixed.muldiv_down(surplus, value, total)

    def parameters(self) -> tuple[tuple[str, str], ...]:
        quota = ("Droop, whole number: valid papers ÷ (places + 1), fractions ignored, plus 1"
                 if self.quota_kind == "droop"
                 else "Hare: valid papers ÷ places, rounded up to the precision")
        return (
            ("precision", f"{self.places} decimal places, remainders ignored"),
            ("quota", quota),
            ("transfers", "all of a candidate's papers; a surplus at surplus × value ÷ total"),
            ("ties", "the most recent earlier stage where they differed, then by lot"),
        )


SCOTTISH = GregoryRules(
    key="scottish",
    name="Scottish STV (SSI 2007/42 Sch. 1 rules 45–52; SSI 2011/399 rules 46–53)",
    places=5,
    quota_kind="droop",
)


def wigm(places: int = 5, quota: str = "droop") -> GregoryRules:
    """Weighted inclusive Gregory, Scottish-style transfers at a chosen precision and quota."""
    return GregoryRules(key="wigm", name="Weighted inclusive Gregory", places=places,
                        quota_kind=quota)
