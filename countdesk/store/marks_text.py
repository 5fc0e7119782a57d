"""The canonical text form of a paper's marks, as stored in the election file.

One field per box, in ballot-paper order, separated by ``|``; within a box the marks as
written, separated by ``,``: a number in decimal, or ``X`` for a cross or tick. An empty box
is an empty field. So a paper marked 1 beside the first candidate, nothing beside the second,
a cross beside the third and both 2 and 4 beside the fourth is ``1||X|2,4``.
The form is one-to-one: every `Marks` value has exactly one text and back.
"""

from __future__ import annotations

from countdesk.papers import CROSS, Box, Cross, Marks
from countdesk.store.errors import StoreError

# The boxes of nearly every paper, by their text: reading 100k papers of 40 boxes is then a
# look-up per box (it was 3 s of every page that reads all the papers).
_COMMON_BOXES: dict[str, Box] = {"": (), "X": (CROSS,), **{str(n): (n,) for n in range(1, 1000)}}


def marks_to_text(marks: Marks) -> str:
    if not marks:
        raise StoreError("a paper needs one box per candidate; these marks have no boxes")
    return "|".join(",".join(_mark_text(mark) for mark in box) for box in marks)


def marks_from_text(text: str) -> Marks:
    fields = text.split("|")
    try:  # nearly every box is empty, one number or a cross: looked up, not parsed
        return tuple(map(_COMMON_BOXES.__getitem__, fields))
    except KeyError:
        return tuple(_box(field, text) for field in fields)


def _mark_text(mark: int | Cross) -> str:
    if mark is CROSS:
        return "X"
    if isinstance(mark, bool) or not isinstance(mark, int) or mark < 1:
        raise StoreError(f"a box holds numbers from 1 or a cross, not {mark!r}")
    return str(mark)


def _box(field: str, text: str) -> Box:
    if not field:
        return ()
    box: list[int | Cross] = []
    for part in field.split(","):
        if part == "X":
            box.append(CROSS)
        elif part.isascii() and part.isdigit() and not part.startswith("0"):
            box.append(int(part))
        else:
            raise StoreError(f"the stored marks {text!r} are damaged: {part!r} is not a mark")
    return tuple(box)
