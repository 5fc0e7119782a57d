"""ERS97's arithmetic and its choice of whom to exclude, apart from the stage loop (ers97.py).

Every value is an integer in hundredths of a vote (the rules work to two decimal places).
Paragraph numbers are those of the Electoral Reform Society's rules, 3rd edition (1997).
"""

from __future__ import annotations

from collections.abc import Sequence

from countdesk.count.values import Fixed

FIXED = Fixed(2)
ONE = FIXED.one

NAME = ("ERS97 STV (Electoral Reform Society, How to conduct an election by the Single "
        "Transferable Vote, 3rd edition 1997)")

PARAMETERS = (
    ("precision", "2 decimal places; transfer values truncated, the remainder lost as the "
                  "non-transferable difference (5.3.7–5.3.9)"),
    ("quota", "total valid vote ÷ (places + 1) to 2 decimal places, plus 0.01 if not exact "
              "(5.1.6); recalculated without the non-transferable vote after each exclusion "
              "batch until someone is deemed elected (5.4.8)"),
    ("election", "at least the quota, or the total active vote ÷ (places unfilled + 1) "
                 "(5.1.7, 5.3.13, 5.4.9), in descending order of votes"),
    ("transfers", "a first-stage surplus from all the candidate's papers, a later one from "
                  "the last batch received; exclusions batch by batch in descending order of "
                  "transfer value, each a sub-stage; surpluses deferred and candidates "
                  "excluded together as 5.2.2 and 5.2.5 allow"),
    ("ties", "the first stage or the earliest later point (sub-stages count) where they "
             "differed, then by lot (5.2.3, 5.2.5, 5.6.2)"),
)


def ceil_div(a: int, b: int) -> int:
    return -(-a // b)


def quota(votes: int, seats: int) -> int:
    """5.1.6: ``votes`` (scaled) ÷ (seats + 1) to 2 dp; if not exact, drop the rest, add 0.01."""
    return ceil_div(votes, seats + 1)


def threshold(active: int, places_left: int) -> int:
    """5.1.7 (b): the total active vote ÷ (places unfilled + 1), rounded up to 0.01 (a vote
    in hundredths reaches a value exactly when it reaches that value rounded up), and at
    least 0.01 so that a candidate with no votes is never deemed elected by it."""
    return max(1, ceil_div(active, places_left + 1))


def transfer_value(surplus: int, transferable_papers: int) -> int:
    """5.3.7: the surplus ÷ the number of transferable papers, to 2 dp, remainder ignored."""
    return surplus // transferable_papers


def excludable(votes: Sequence[int], deferred: int, most: int) -> int:
    """How many of the lowest candidates (``votes`` sorted ascending) 5.2.5 lets us exclude
    together, given the total of the deferred surpluses: the largest k ≤ ``most`` whose
    votes plus the deferred surpluses do not exceed the vote of the candidate next above.
    0 when no such group exists (then the single lowest is excluded, its tie broken).

    Our reading: a group never ends inside a set of candidates with equal votes — a
    candidate with the same vote is not "next above" — so equal candidates go together.
    With ``deferred`` the surpluses awaiting transfer, the same test is 5.2.2's: the
    surpluses are deferred exactly when this is not 0 (k = 1 is 5.2.2 (a), k ≥ 2 is (b)).
    """
    best = 0
    running = deferred
    for k in range(1, min(most, len(votes) - 1) + 1):
        running += votes[k - 1]
        if votes[k] == votes[k - 1]:
            continue
        if running <= votes[k]:
            best = k
    return best
