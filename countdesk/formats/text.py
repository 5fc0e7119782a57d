"""What BLT and constraint files share: UTF-8 text, lines, quoted words, whole numbers."""

from __future__ import annotations

from pathlib import Path

from countdesk.errors import CountDeskError, InputError

# Characters that end a line for some reader (str.splitlines): a quoted word cannot hold one.
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
# Longer digit strings are refused before int() sees them (Python caps int() at 4300 digits).
MAX_DIGITS = 18


def read_text(path: str | Path) -> str:
    """The file's text; refused whole if it cannot be read or is not UTF-8."""
    source = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise InputError(source, None, f"cannot be read ({error.strerror or error})") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        byte = data[error.start]
        raise InputError(
            source, line, f"is not UTF-8 text (byte 0x{byte:02x}): save it as UTF-8"
        ) from None


def split_lines(text: str) -> list[str]:
    """The lines of a text, a UTF-8 byte-order mark and CR or CRLF line ends tolerated."""
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.split("\n")


def whole_number(token: str) -> int | None:
    """The token as a whole number (plain ASCII digits only), or None."""
    if token.isascii() and token.isdigit() and len(token) <= MAX_DIGITS:
        return int(token)
    return None


def words(line: str, source: str, number: int) -> list[tuple[str, bool]]:
    """Split a line into (word, quoted) pairs: "quoted text" or bare words, up to a # comment."""
    found: list[tuple[str, bool]] = []
    i, end = 0, len(line)
    while i < end:
        char = line[i]
        if char.isspace():
            i += 1
        elif char == "#":
            break
        elif char == '"':
            close = line.find('"', i + 1)
            if close < 0:
                raise InputError(source, number, "a quote is opened but never closed")
            after = line[close + 1 : close + 2]
            if after and not after.isspace() and after != "#":
                raise InputError(
                    source,
                    number,
                    f"text straight after the closing quote of {line[i : close + 1]}",
                )
            found.append((line[i + 1 : close], True))
            i = close + 1
        else:
            start = i
            while i < end and not line[i].isspace() and line[i] != "#":
                if line[i] == '"':
                    raise InputError(
                        source,
                        number,
                        f"a quote inside the word {line[start : i + 1]}…: "
                        "put the whole text in quotes",
                    )
                i += 1
            found.append((line[start:i], False))
    return found


def quoted(text: str, what: str) -> str:
    """The text in double quotes; refused if it is blank or holds a quote or a line break."""
    if not text.strip():
        raise CountDeskError(f"{what} is blank, and a file cannot hold a blank name")
    if '"' in text:
        raise CountDeskError(
            f"{what} {text!r} contains a double quote, which these files cannot hold"
        )
    if any(char in LINE_BREAKS for char in text):
        raise CountDeskError(
            f"{what} {text!r} contains a line break, which these files cannot hold"
        )
    return f'"{text}"'
