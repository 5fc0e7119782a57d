"""A small setup file for `countdesk new`: JSON (``.json``) or TOML (``.toml``), same keys.

    title, seats                          required
    organisation, date, venue, rules, tie_policy, returning_officer    text
    lone_cross: "first-preference" | "invalid";  shortfall: "lower" | "refuse"
    rule_options: {name: value}
    candidates: ["Name", {name, affiliation, groups: {dimension: group}, withdrawn}, ...]
    limits: [{dimension, group, minimum, maximum}]     (no maximum: leave it out)
    tellers, scrutineers: ["Name", ...]
"""

from __future__ import annotations

import json
import sys
import tomllib
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

from countdesk.election import Candidate, ElectionSetup, GroupLimit, LoneCross, ShortfallPolicy
from countdesk.errors import InputError, SetupError

Choice = TypeVar("Choice", bound=Enum)
_TEXT_KEYS = ("organisation", "date", "venue", "rules", "tie_policy", "returning_officer")
# A setup file is a few kilobytes; these bounds keep a file that is not one from taking the
# decoders' time and memory.
MAX_SETUP_BYTES = 1_000_000
LONGEST_TOML_LINE = 4_000
_KEYS = {"title", "seats", "lone_cross", "shortfall", "rule_options", "candidates", "limits",
         "tellers", "scrutineers", *_TEXT_KEYS}


def read_setup_file(path: str | Path) -> ElectionSetup:
    path = Path(path)
    source = str(path)
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_SETUP_BYTES + 1)
    except OSError as error:
        raise InputError(source, None, error.strerror or str(error)) from error
    if len(raw) > MAX_SETUP_BYTES:
        raise InputError(source, None, f"a setup file holds at most {MAX_SETUP_BYTES:,} bytes: "
                                       "is this the setup?")
    is_toml = path.suffix.lower() == ".toml"
    try:
        text = raw.decode("utf-8-sig")
        if is_toml:
            _refuse_long_lines(text, source)
        data = tomllib.loads(text) if is_toml else json.loads(text)
    except UnicodeDecodeError as error:
        raise InputError(source, None, "the file is not UTF-8 text") from error
    except json.JSONDecodeError as error:
        raise InputError(source, error.lineno, f"not valid JSON: {error.msg}") from error
    except tomllib.TOMLDecodeError as error:
        raise InputError(source, None, f"not valid TOML: {error}") from error
    except RecursionError:
        raise InputError(source, None, "its lists or tables are nested too deeply") from None
    except ValueError:
        # What the decoders leave to int(), which refuses numbers of too many digits.
        raise InputError(source, None, f"a number in it has more than "
                                       f"{sys.get_int_max_str_digits():,} digits") from None
    try:
        return setup_from_dict(data)
    except (SetupError, TypeError, ValueError, KeyError) as error:
        raise InputError(source, None, _reason(error)) from error


def _refuse_long_lines(text: str, source: str) -> None:
    """tomllib takes time and memory growing with the square of a dotted key's length (a.b.c
    …): a line as long as a setup's lines ever are keeps that small."""
    for number, line in enumerate(text.split("\n"), 1):
        if len(line) > LONGEST_TOML_LINE:
            raise InputError(source, number, f"the line is {len(line):,} characters long: "
                                             f"a setup file's lines hold at most "
                                             f"{LONGEST_TOML_LINE:,}")


def setup_from_dict(data: Any) -> ElectionSetup:
    if not isinstance(data, dict):
        raise ValueError("the setup should be a table of keys and values")
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise ValueError(f"unknown key {unknown[0]!r}")
    for key in ("title", "seats"):
        if key not in data:
            raise ValueError(f"the key {key!r} is missing")
    return ElectionSetup(
        title=_text(data, "title"),
        seats=_whole(data["seats"], "seats"),
        candidates=tuple(_candidate(entry) for entry in _list(data, "candidates")),
        limits=tuple(_limit(entry) for entry in _list(data, "limits")),
        rule_options=tuple((str(k), str(v)) for k, v in _table(data, "rule_options").items()),
        lone_cross=_choice(LoneCross, data, "lone_cross", LoneCross.FIRST_PREFERENCE),
        shortfall=_choice(ShortfallPolicy, data, "shortfall", ShortfallPolicy.LOWER),
        tellers=tuple(_name(n, "a teller") for n in _list(data, "tellers")),
        scrutineers=tuple(_name(n, "a scrutineer") for n in _list(data, "scrutineers")),
        **{key: _text(data, key) for key in _TEXT_KEYS if key in data},
    )


def _candidate(entry: Any) -> Candidate:
    if isinstance(entry, str):
        return Candidate(entry)
    if not isinstance(entry, dict) or not set(entry) <= {"name", "affiliation", "groups",
                                                          "withdrawn"}:
        raise ValueError("a candidate is a name, or a table of name, affiliation, groups "
                         "and withdrawn")
    groups = _table(entry, "groups")
    return Candidate(
        name=_text(entry, "name"), affiliation=str(entry.get("affiliation", "")),
        groups=tuple((str(d), str(g)) for d, g in groups.items()),
        withdrawn=entry.get("withdrawn", False) is True,
    )


def _limit(entry: Any) -> GroupLimit:
    if not isinstance(entry, dict) or not set(entry) <= {"dimension", "group", "minimum",
                                                          "maximum"}:
        raise ValueError("a limit is a table of dimension, group, minimum and maximum")
    maximum = entry.get("maximum")
    return GroupLimit(_text(entry, "dimension"), _text(entry, "group"),
                      _whole(entry.get("minimum", 0), "a minimum"),
                      None if maximum is None else _whole(maximum, "a maximum"))


def _choice(kind: type[Choice], data: dict[str, Any], key: str, default: Choice) -> Choice:
    value = data.get(key, default.value)
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(repr(choice.value) for choice in kind)
        raise ValueError(f"{key!r} should be one of {allowed}, not {value!r}") from None


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str):
        raise ValueError(f"{key!r} should be text")
    return value


def _name(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{what} should be named by text")
    return value


def _whole(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{what} should be a whole number, not {value!r}")
    return value


def _list(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise ValueError(f"{key!r} should be a list")
    return value


def _table(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise ValueError(f"{key!r} should be a table of names and values")
    return value


def _reason(error: Exception) -> str:
    if isinstance(error, KeyError):
        return f"the key {error.args[0]!r} is missing"
    return str(error)
