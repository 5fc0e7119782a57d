"""Table models for checking: a batch's differences, doubtful papers, the ballot-paper account;
and the one numbering of the reasons a paper is rejected, which the Keying, Differences and
Rulings pages all show and take as keys."""

from __future__ import annotations

from dataclasses import dataclass

from countdesk.account import AccountLine
from countdesk.checking import Difference
from countdesk.gui.rows_model import RowsModel
from countdesk.papers import Reading, Rejection
from countdesk.store.election_file import Paper, Ruling

# Each reason's number is its place in the domain's order, on every page that offers reasons.
REASON_NUMBERS: dict[Rejection, int] = {reason: number for number, reason in
                                        enumerate(Rejection, 1)}


def numbered_reason(reason: Rejection) -> str:
    """A reason as a list offers it: "6  Identifying mark"."""
    return f"{REASON_NUMBERS[reason]}  {reason.label}"


@dataclass(frozen=True)
class DifferenceRow:
    difference: Difference
    what: str  # what differs, in words
    settled: str  # how the RO settled it ("" while unsettled)


class DifferencesModel(RowsModel[DifferenceRow]):
    HEADERS = ("Paper", "What differs", "Settled")

    def cells(self, row: DifferenceRow) -> tuple[str, ...]:
        return (str(row.difference.number), row.what, row.settled or "✗ not yet")

    def numeric(self) -> frozenset[int]:
        return frozenset({0})


def ruling_words(ruling: Ruling | None) -> str:
    if ruling is None:
        return "✗ not yet ruled"
    if ruling.rejected is not None:
        return f"rejected: {ruling.rejected.value} ({ruling.by})"
    if ruling.valid_up_to is not None:
        return f"valid up to preference {ruling.valid_up_to} ({ruling.by})"
    return f"valid ({ruling.by})"


@dataclass(frozen=True)
class DoubtfulRow:
    batch_label: str
    paper: Paper
    before: Reading  # as keyed, before any ruling
    ruling: Ruling | None
    after: Reading
    names: tuple[str, ...]


class DoubtfulModel(RowsModel[DoubtfulRow]):
    """The doubtful papers; their readings, long, are shown beside the list."""

    HEADERS = ("Batch", "Paper", "Ruling")

    def cells(self, row: DoubtfulRow) -> tuple[str, ...]:
        return (row.batch_label, str(row.paper.number), ruling_words(row.ruling))

    def numeric(self) -> frozenset[int]:
        return frozenset({1})


# Headers on two lines where long, so that the account fits a 1366-pixel screen at 125%.
SHORT_REASONS = {
    Rejection.UNMARKED: "Unmarked",
    Rejection.NO_FIRST_PREFERENCE: "No 1st",
    Rejection.SEVERAL_FIRST_PREFERENCES: "Several\n1st",
    Rejection.UNCERTAIN: "Uncertain",
    Rejection.LONE_CROSS: "Lone\ncross",
    Rejection.IDENTIFYING_MARK: "Identifying\nmark",
    Rejection.NO_OFFICIAL_MARK: "No official\nmark",
}


class AccountModel(RowsModel[AccountLine]):
    """The ballot-paper account: one row per batch, then the total."""

    HEADERS = ("Batch", "Received", "Keyed", "Valid", "Rejected",
               *(SHORT_REASONS[reason] for reason in Rejection), "Not\nruled")
    TIPS = ("", "Papers received: the hand count", "Papers keyed (the pass that counts)",
            "Valid papers", "Rejected papers, all reasons",
            *(f"Rejected: {reason.value}" for reason in Rejection),
            "Doubtful papers not yet ruled on")

    def cells(self, row: AccountLine) -> tuple[str, ...]:
        label = row.label if row.verified else f"{row.label} (provisional)"
        received = "—" if row.received is None else str(row.received)
        return (label, received, str(row.keyed), str(row.valid), str(row.rejected_total),
                *(str(count) for _, count in row.rejected), str(row.unruled))

    def numeric(self) -> frozenset[int]:
        return frozenset(range(1, len(self.HEADERS)))

    def emphasised(self, row: AccountLine) -> bool:
        return row is self.rows[-1]  # the total
