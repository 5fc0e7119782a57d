"""An election's setup refuses what cannot be counted, saying why in words."""

from __future__ import annotations

import pytest

from countdesk.election import Candidate, ElectionSetup, GroupLimit, duplicate_names
from countdesk.errors import SetupError


def setup(**changes) -> ElectionSetup:
    fields = {
        "title": "Coordinating Committee",
        "seats": 2,
        "candidates": (
            Candidate("Grace Okafor", groups=(("Gender", "Women"),)),
            Candidate("Seán Byrne", groups=(("Gender", "Men"),)),
            Candidate("Anjali Patel", groups=(("Gender", "Women"),)),
        ),
        "limits": (GroupLimit("Gender", "Women", minimum=1, maximum=2),),
    }
    fields.update(changes)
    return ElectionSetup(**fields)


def test_a_sound_setup_is_accepted():
    election = setup()
    assert election.names == ("Grace Okafor", "Seán Byrne", "Anjali Patel")
    assert election.index_of("Anjali Patel") == 2
    assert election.candidates[0].group_in("Gender") == "Women"


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"title": " "}, "no title"),
        ({"seats": 0}, "seats must be at least 1"),
        ({"candidates": ()}, "no candidates"),
        (
            {"candidates": (Candidate("Grace Okafor"), Candidate("grace okafor "))},
            "two candidates are called 'Grace Okafor'",
        ),
        ({"limits": (GroupLimit("Gender", "Women", 2, 1),)}, "minimum 2 above its maximum 1"),
        ({"limits": (GroupLimit("Gender", "Women", 3),)}, "minimum 3 above the 2 seats"),
        ({"limits": (GroupLimit("Gender", "Women", -1),)}, "negative minimum"),
    ],
)
def test_an_uncountable_setup_is_refused_in_words(changes, reason):
    with pytest.raises(SetupError, match=reason):
        setup(**changes)


def test_duplicate_names_ignore_case_and_spaces():
    assert duplicate_names(["Ann Lee", "Bo", " ann lee", "ANN LEE"]) == ["Ann Lee"]
    assert duplicate_names(["Ann", "Bo"]) == []
