"""What a teller types, turned into a paper's marks as written (and back, for corrections).

Two ways of keying one paper:
- *as written*: one box per candidate in ballot-paper order, holding what the voter wrote:
  a number, ``x`` for a cross or tick, or nothing; two numbers in one box are typed ``1,3``;
- *in order of preference*: the ballot positions in the order of the voter's numbers,
  separated by spaces, ``+`` or ``.`` (the numeric keypad has no space bar): ``4 5 2`` means
  position 4 has 1, position 5 has 2, position 2 has 3. ``x4`` (or ``4x``) is a cross at
  position 4. A position typed twice gives its box two numbers, as the voter wrote them.

Pure domain: no Qt here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from countdesk.errors import CountDeskError
from countdesk.papers import CROSS, Box, Mark, Marks

BOX_TEXT = re.compile(r"^(?:[0-9]{1,3}|[xX])(?:,(?:[0-9]{1,3}|[xX]))*,?$")
ORDER_SEPARATORS = re.compile(r"[ +.]+")
CROSS_TOKEN = re.compile(r"^(?:[xX]([0-9]+)|([0-9]+)[xX])$")


class KeyingError(CountDeskError):
    """Something typed that cannot be a mark on this paper, said so the teller can fix it."""


def box_from_text(text: str) -> Box:
    """``""`` → nothing, ``"3"`` → 3, ``"x"`` → a cross, ``"1,3"`` → two numbers."""
    text = text.strip()
    if not text:
        return ()
    if not BOX_TEXT.match(text):
        raise KeyingError(f"{text!r} is not a mark: type a number, or x for a cross")
    marks: list[Mark] = []
    for part in text.rstrip(",").split(","):
        if part in ("x", "X"):
            marks.append(CROSS)
        elif int(part) == 0:
            raise KeyingError("0 is not a preference: leave the box blank")
        else:
            marks.append(int(part))
    return tuple(marks)


def box_text(box: Box) -> str:
    return ",".join("x" if mark is CROSS else str(mark) for mark in box)


def marks_from_boxes(texts: Sequence[str]) -> Marks:
    return tuple(box_from_text(text) for text in texts)


def marks_from_order(text: str, size: int) -> Marks:
    """Marks from ballot positions typed in order of preference (see the module's doc)."""
    boxes: list[list[Mark]] = [[] for _ in range(size)]
    preference = 0
    for token in ORDER_SEPARATORS.split(text.strip()):
        if not token:
            continue
        cross = CROSS_TOKEN.match(token)
        if cross:
            position = int(cross.group(1) or cross.group(2))
        elif token.isdigit():
            position = int(token)
        else:
            raise KeyingError(f"{token!r} is not a ballot position: type the number printed "
                              "beside the name")
        if not 1 <= position <= size:
            raise KeyingError(f"there is no position {position} on this paper "
                              f"(it has {size} names)")
        if cross:
            boxes[position - 1].append(CROSS)
        else:
            preference += 1
            boxes[position - 1].append(preference)
    return tuple(tuple(box) for box in boxes)


def order_text(marks: Marks) -> str | None:
    """The order-of-preference text that gives these marks, or None when none can.

    Only papers whose numbers run 1, 2, 3… without gaps or repeats (and crosses) can be
    shown in that mode; any other paper is corrected as written.
    """
    by_number: dict[int, int] = {}
    crosses: list[str] = []
    for position, box in enumerate(marks, 1):
        for mark in box:
            if mark is CROSS:
                crosses.append(f"x{position}")
            elif mark in by_number:
                return None
            else:
                by_number[int(mark)] = position  # type: ignore[arg-type]
    if sorted(by_number) != list(range(1, len(by_number) + 1)):
        return None
    order = [str(by_number[n]) for n in sorted(by_number)]
    return " ".join(crosses + order)
