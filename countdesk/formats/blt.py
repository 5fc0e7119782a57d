"""BLT ballot files (Hill, Wichmann & Woodall): read strictly, write plainly, and the canonical
BLT whose SHA-256 is the fingerprint printed on a result (COUNTING.md).

A file is read whole or refused whole: any error names the file, the line and what is wrong.
The reader keeps every ballot line as a Ballot, in file order, with its weight as given
(identical lines share one Ballot).
"""

from __future__ import annotations

import functools
import gc
import hashlib
import itertools
import operator
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from operator import itemgetter
from pathlib import Path

from countdesk.ballots import Ballot, BallotSet, WeightedReadings
from countdesk.count.contest import Contest, Paper, counted_paper
from countdesk.election import duplicate_names, name_problem, title_problem
from countdesk.errors import CountDeskError, InputError
from countdesk.formats.text import quoted, read_text, split_lines, whole_number, words

# Numbers up to this are looked up in a table on the hot path; larger ones are read carefully.
FAST_NUMBERS = 1000
# The most papers one ballot line, and all of a file's lines together, may stand for: far
# beyond any real election, and small enough that every count's exact arithmetic stays quick.
MAX_PAPERS = 10**15


def read_blt(path: str | Path) -> BallotSet:
    """Read a BLT file (UTF-8)."""
    return parse_blt(read_text(path), str(path))


def parse_blt(text: str, source: str) -> BallotSet:
    """Read BLT text; `source` names it in error messages."""
    lines = split_lines(text)
    number = _next_content(lines, 0)
    if number == len(lines):
        raise InputError(source, 1, "the file is empty: it should begin with `candidates seats`")
    candidates, seats, withdrawn = _header(lines[number], source, number + 1)
    number, withdrawn_more = _withdrawn_lines(lines, number + 1, candidates, source)
    # Ballots create no reference cycles; without this pause the cycle collector would run
    # again and again over a million new ballots, and reading would take half as long again.
    collecting = gc.isenabled()
    gc.disable()
    try:
        ballots, end = _ballots(lines, number, candidates, source)
    finally:
        if collecting:
            gc.enable()
    names, title = _names_and_title(lines, end, candidates, source)
    read = BallotSet(title, seats, names, ballots, frozenset(withdrawn + withdrawn_more))
    if read.paper_count > MAX_PAPERS:
        raise InputError(
            source, None,
            f"the ballots' weights add up to {read.paper_count:,} papers, more than a file may "
            f"hold: at most {MAX_PAPERS:,} (10^15)",
        )
    return read


def read_blt_contest(path: str | Path, seats: int | None = None) -> Contest:
    """``Contest.from_ballots(read_blt(path), seats)``, read in one pass (see
    parse_blt_contest)."""
    return parse_blt_contest(read_text(path), str(path), seats)


def read_blt_papers(path: str | Path,
                    seats: int | None = None) -> tuple[Contest, WeightedReadings]:
    """read_blt_contest's Contest, and its readings (``Contest.readings()``) with the canonical
    BLT's lines already known for the papers read in place, so that the fingerprint is written
    from the same pass."""
    return _parse_contest(read_text(path), str(path), seats)


def parse_blt_contest(text: str, source: str, seats: int | None = None) -> Contest:
    """``Contest.from_ballots(parse_blt(text, source), seats)``, exactly, refusals and all, but
    with each distinct ballot line read once straight into its counted paper: the common line
    (a small weight, then one distinct candidate at each rank, then 0) is read in place; any
    other goes through the careful reader (`_ballot`) and the general reading
    (`counted_paper`), line by line in file order as parse_blt reads them, so that what is
    refused, and where, and why, is word for word the same."""
    return _parse_contest(text, source, seats)[0]


def _parse_contest(text: str, source: str,
                   seats: int | None) -> tuple[Contest, WeightedReadings]:
    lines = split_lines(text)
    number = _next_content(lines, 0)
    if number == len(lines):
        raise InputError(source, 1, "the file is empty: it should begin with `candidates seats`")
    candidates, seats_given, withdrawn = _header(lines[number], source, number + 1)
    number, withdrawn_more = _withdrawn_lines(lines, number + 1, candidates, source)
    collecting = gc.isenabled()
    gc.disable()
    try:
        gone = frozenset(withdrawn + withdrawn_more)
        papers, end, total, known, groups = _papers(lines, number, candidates, source, gone)
    finally:
        if collecting:
            gc.enable()
    names, title = _names_and_title(lines, end, candidates, source)
    valid = None
    if total is None:  # every line read in place and counted: every paper is valid
        total = valid = sum(map(itemgetter(0), papers))
    if total > MAX_PAPERS:
        raise InputError(
            source, None,
            f"the ballots' weights add up to {total:,} papers, more than a file may "
            f"hold: at most {MAX_PAPERS:,} (10^15)",
        )
    contest = Contest(title=title, candidates=names,
                      seats=seats_given if seats is None else seats, papers=tuple(papers),
                      withdrawn=gone, papers_checked=True)
    contest.__dict__["groups"] = groups  # where cached_property keeps them
    if valid is not None:
        contest.__dict__["valid_papers"] = valid
    return contest, WeightedReadings(contest.papers, known)


def _papers(
    lines: list[str], start: int, candidates: int, source: str, withdrawn: frozenset[int]
) -> tuple[list[Paper], int, int | None, list[str | None], dict[tuple[int, ...], int]]:
    """The counted papers of the ballot lines from `start` up to the `0` line, in order (one
    shared tuple per distinct line, as Contest.from_ballots gives them); the index of the `0`
    line; the papers all the lines stand for, rejected ones too (what parse_blt's MAX_PAPERS
    check adds up), or None when no line was read carefully; the canonical BLT line of each
    paper, where known (WeightedReadings.lines); and the papers grouped as
    count.contest.group_rankings(papers, withdrawn) groups them."""
    read = ended = None
    # Most files end their ballots with a line "0": the distinct lines before the first such
    # line are read once each, in order of first appearance. If any is refused, or ends the
    # ballots itself, the lines are read again one by one in file order, which says where.
    try:
        end = lines.index("0", start)
    except ValueError:
        end = -1
    if end >= 0:
        copies = Counter(lines[start:end])
        try:
            read, rejected, careful, ended = _read_lines(
                zip(itertools.repeat(0), copies), candidates, source)
        except InputError:
            read = None
        if ended is not None:
            read = None
    if read is None:
        read, rejected, careful, ended = _read_lines(
            enumerate(itertools.islice(lines, start, None), start), candidates, source)
        if ended is None:
            raise InputError(
                source, _last_line(lines), "the file ends before the `0` line that ends the "
                "ballots"
            )
        end = ended
        copies = Counter(lines[start:end])
    ballot_lines = lines[start:end]
    papers = list(map(read.__getitem__, ballot_lines))
    paper_lines = ballot_lines
    if not all(papers):  # blank or comment lines, or papers that do not count
        paper_lines = list(itertools.compress(ballot_lines, papers))
        papers = list(filter(None, papers))
    known = _canonical_lines(read, careful, paper_lines)
    groups = _groups(read, copies, withdrawn)
    if not careful:
        return papers, end, None, known, groups
    total = sum(map(itemgetter(0), papers))
    if rejected:
        total += sum(rejected[line] * copies[line] for line in rejected)
    return papers, end, total, known, groups


def _read_lines(
    numbered: Iterable[tuple[int, str]], candidates: int, source: str
) -> tuple[dict[str, Paper | tuple[()] | None], dict[str, int], set[str], int | None]:
    """Read (line number - 1, line) pairs until the `0` line: each distinct line's paper
    (None for a blank or comment line, () for a paper that does not count), the weight of each
    line that does not count, the lines read carefully, and the index of the `0` line (None:
    not reached)."""
    single = {str(k): (k - 1,) for k in range(1, min(candidates, FAST_NUMBERS) + 1)}
    table = {text: ranks[0] for text, ranks in single.items()}
    number = table.__getitem__
    weights = {str(k): k for k in range(1, FAST_NUMBERS + 1)}
    read: dict[str, Paper | tuple[()] | None] = {}
    rejected: dict[str, int] = {}
    careful: set[str] = set()
    for index, line in numbered:
        if line in read:
            continue
        tokens = (line[: line.index("#")] if "#" in line else line).split()
        if tokens and tokens[-1] == "0" and (first := tokens[0]) in weights:
            inner = tokens[1:-1]
            try:
                # itemgetter of several keys gives a tuple, of one key the value alone
                preferences = (itemgetter(*inner)(table) if len(inner) > 1
                               else tuple(map(number, inner)))
            except KeyError:
                pass
            else:
                if preferences and len(set(preferences)) == len(preferences):
                    read[line] = (weights[first], preferences)
                    continue
        ballot = _ballot(line, single, weights, candidates, source, index + 1)
        if ballot is _END:
            return read, rejected, careful, index
        if ballot is None:
            read[line] = None
            continue
        careful.add(line)
        paper = counted_paper(ballot)
        read[line] = paper or ()
        if paper is None:
            rejected[line] = ballot.weight
    return read, rejected, careful, None


# What may stand between the tokens of a line read in place that is already canonical.
_NOT_CANONICAL = ("#", "  ", "\n ", " \n", "\t", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f")


def _canonical_lines(read: dict[str, Paper | tuple[()] | None], careful: set[str],
                     paper_lines: list[str]) -> list[str | None]:
    """The canonical BLT line (no line end) of each paper, given the line it was read from
    (WeightedReadings.lines): None for a line read carefully. A line read in place has
    tokens that are each a key of the reader's tables, a number as str() writes it, so its
    tokens one space apart are its canonical line; and a line of plain ASCII with single
    spaces between tokens, none at either end, and no comment, is that already. All the
    distinct lines are looked at at once; only if some line is not so is each rewritten."""
    if not careful:
        every = "\n".join(read)
        if (not every or (every.isascii() and every[0] != " " and every[-1] != " "
                and not any(map(every.__contains__, _NOT_CANONICAL)))):
            return paper_lines  # type: ignore[return-value]
    canonical = {line: None if line in careful else " ".join(_content(line).split())
                 for line, paper in read.items() if paper}
    return list(map(canonical.__getitem__, paper_lines))


def _groups(read: dict[str, Paper | tuple[()] | None], copies: Counter[str],
            withdrawn: frozenset[int]) -> dict[tuple[int, ...], int]:
    """group_rankings(papers, withdrawn) of the papers read: each distinct line is one paper
    object, and `copies` (a Counter, in order of first appearance) says how many lines it
    stands for; grouped by ranking in order of the ranking's first paper."""
    read_papers = list(map(read.__getitem__, copies))  # one for each distinct line
    counts = list(itertools.compress(copies.values(), read_papers))
    distinct = list(filter(None, read_papers))  # the lines that are papers that count
    if not withdrawn:
        # The common case, no two distinct lines read the same: one group for each.
        groups = dict(zip(map(itemgetter(1), distinct),
                          map(operator.mul, map(itemgetter(0), distinct), counts), strict=True))
        if len(groups) == len(distinct):
            return groups
    groups = {}
    for (weight, preferences), count in zip(distinct, counts, strict=True):
        if withdrawn and any(c in withdrawn for c in preferences):
            preferences = tuple(c for c in preferences if c not in withdrawn)
        groups[preferences] = groups.get(preferences, 0) + weight * count
    return groups


def _content(line: str) -> str:
    """The line without its # comment (ballot lines hold no quotes, so # always starts one)."""
    cut = line.find("#")
    return line if cut < 0 else line[:cut]


def _next_content(lines: list[str], start: int) -> int:
    """Index of the first line from `start` that is not blank or a comment."""
    number = start
    while number < len(lines) and not _content(lines[number]).split():
        number += 1
    return number


def _header(line: str, source: str, number: int) -> tuple[int, int, list[int]]:
    tokens = _content(line).split()
    if len(tokens) < 2:
        raise InputError(
            source, number, "the first line should give the number of candidates and of seats"
        )
    candidates = whole_number(tokens[0])
    seats = whole_number(tokens[1])
    if candidates is None:
        raise InputError(
            source, number, f"the number of candidates should be a whole number, not {tokens[0]!r}"
        )
    if seats is None:
        raise InputError(
            source, number, f"the number of seats should be a whole number, not {tokens[1]!r}"
        )
    if candidates < 1:
        raise InputError(source, number, "the election must have at least one candidate")
    if seats < 1:
        raise InputError(source, number, f"seats must be at least 1, not {seats}")
    if seats > candidates:
        raise InputError(
            source,
            number,
            f"{seats} seats but only {candidates} candidates: the first line is `candidates seats`",
        )
    return candidates, seats, _withdrawn(tokens[2:], candidates, source, number)


def _withdrawn(tokens: list[str], candidates: int, source: str, number: int) -> list[int]:
    withdrawn = []
    for token in tokens:
        candidate = whole_number(token[1:]) if token.startswith("-") else None
        if candidate is None:
            raise InputError(
                source,
                number,
                f"{token!r} on the withdrawn line: "
                "withdrawn candidates are written as negative numbers, like -2 -5",
            )
        if not 1 <= candidate <= candidates:
            raise InputError(
                source,
                number,
                f"withdrawn candidate {candidate} is not one of the {candidates} candidates",
            )
        withdrawn.append(candidate - 1)
    return withdrawn


def _withdrawn_lines(
    lines: list[str], start: int, candidates: int, source: str
) -> tuple[int, list[int]]:
    """Read withdrawn lines (negative numbers) after the first; return where ballots start."""
    withdrawn: list[int] = []
    number = _next_content(lines, start)
    while number < len(lines) and lines[number].lstrip().startswith("-"):
        tokens = _content(lines[number]).split()
        withdrawn += _withdrawn(tokens, candidates, source, number + 1)
        number = _next_content(lines, number + 1)
    return number, withdrawn


def _ballots(
    lines: list[str], start: int, candidates: int, source: str
) -> tuple[tuple[Ballot, ...], int]:
    """Read ballot lines up to the `0` line; return them and the index of the `0` line."""
    # Large files repeat the same few lines (a short ranking, written the same way) again and
    # again: each distinct line is read once and its Ballot, which is immutable, shared.
    single = {str(k): (k - 1,) for k in range(1, min(candidates, FAST_NUMBERS) + 1)}
    weights = {str(k): k for k in range(1, FAST_NUMBERS + 1)}
    read: dict[str, Ballot | None] = {}  # None: a blank or comment line
    ballots: list[Ballot] = []
    append = ballots.append
    for index in range(start, len(lines)):
        line = lines[index]
        ballot = read.get(line, _UNREAD)
        if ballot is _UNREAD:
            ballot = _ballot(line, single, weights, candidates, source, index + 1)
            if ballot is _END:
                return tuple(ballots), index
            read[line] = ballot
        if ballot is not None:
            append(ballot)
    raise InputError(
        source, _last_line(lines), "the file ends before the `0` line that ends the ballots"
    )


# What _ballot returns for the `0` line, and what a line not yet read maps to.
_END = Ballot(0, ())
_UNREAD = Ballot(0, ())


def _ballot(line: str, single: dict[str, tuple[int]], weights: dict[str, int],
            candidates: int, source: str, number: int) -> Ballot | None:
    """One line of the ballots: a Ballot, None for a blank or comment line, or _END."""
    text = line
    if "#" in text:
        text = text[: text.index("#")]
    tokens = text.split()
    if not tokens:
        return None
    first = tokens[0]
    if first == "0":
        if len(tokens) > 1 and not tokens[1].startswith('"'):
            raise InputError(source, number, "a ballot's weight must be at least 1, not 0")
        return _END
    # The common case: a small weight, then tokens each naming one candidate, then 0; anything
    # else (ballot IDs, `=`, mistakes) goes through the careful reader, which explains refusals.
    if tokens[-1] == "0" and first in weights:
        try:
            return Ballot(weights[first], tuple(map(single.__getitem__, tokens[1:-1])))
        except KeyError:
            pass
    return _careful_ballot(line, candidates, source, number)


def _last_line(lines: list[str]) -> int:
    """The number of the file's last line (a final line end does not start another)."""
    return len(lines) - 1 if len(lines) > 1 and not lines[-1] else len(lines)


def _careful_ballot(line: str, candidates: int, source: str, number: int) -> Ballot:
    """Read one ballot line slowly, refusing anything doubtful with the reason."""
    label = ""
    body = line.lstrip()
    if all(token.startswith("-") for token in _content(body).split()):
        raise InputError(
            source, number, "withdrawn candidates must be listed before the first ballot"
        )
    if body.startswith("("):
        close = body.find(")")
        if close < 0:
            raise InputError(source, number, "a ballot ID opened with ( is never closed")
        label = body[1:close].strip()
        body = body[close + 1 :]
    tokens = _content(body).split()
    if not tokens:
        raise InputError(source, number, "a ballot ID with no ballot after it")
    if tokens[0].startswith('"'):
        raise InputError(
            source, number, "candidate names begin before the `0` line that ends the ballots"
        )
    weight = _weight(tokens[0], source, number)
    if tokens[-1] != "0":
        raise InputError(
            source, number, f"the ballot does not end with 0 (it ends with {tokens[-1]!r})"
        )
    ranks = tuple(_rank(token, candidates, source, number) for token in tokens[1:-1])
    return Ballot(weight, ranks, label)


def _weight(token: str, source: str, number: int) -> int:
    if not (token.isascii() and token.isdigit()):
        if token.lstrip("-").replace(".", "", 1).isdigit():
            reason = f"a ballot's weight must be a positive whole number, not {token}"
        else:
            reason = f"the weight {token!r} is not a number"
        raise InputError(source, number, reason)
    digits = len(token.lstrip("0"))
    if digits > 30:  # not given to int(), which refuses more than 4300 digits
        raise InputError(source, number, _too_heavy(f"a weight of {digits} digits"))
    weight = int(token)
    if weight == 0:
        raise InputError(source, number, "a ballot's weight must be at least 1, not 0")
    if weight > MAX_PAPERS:
        raise InputError(source, number, _too_heavy(f"the weight {weight:,}"))
    return weight


def _too_heavy(what: str) -> str:
    return f"{what} is more than a ballot line may carry: at most {MAX_PAPERS:,} (10^15) papers"


def _rank(token: str, candidates: int, source: str, number: int) -> tuple[int, ...]:
    """One preference: a candidate number, or several joined by `=`."""
    rank = []
    for part in token.split("="):
        candidate = whole_number(part)
        if candidate is None:
            if part.startswith("-") and part[1:].isascii() and part[1:].isdigit():
                reason = f"preference {part} is negative: candidates are numbered from 1"
            elif part.isascii() and part.isdigit():
                reason = f"preference {part} names a candidate, but there are only {candidates}"
            else:
                reason = f"preference {token!r} is not a candidate number"
            raise InputError(source, number, reason)
        if candidate == 0:
            raise InputError(
                source, number, "a 0 inside the ballot: only the last number of a ballot is 0"
            )
        if candidate > candidates:
            raise InputError(
                source,
                number,
                f"preference {candidate} names candidate {candidate}, "
                f"but there are only {candidates} candidates",
            )
        rank.append(candidate - 1)
    return tuple(rank)


def _names_and_title(
    lines: list[str], end: int, candidates: int, source: str
) -> tuple[tuple[str, ...], str]:
    """Read the names and the title that follow the `0` line at index `end`."""
    names: list[str] = []
    name_lines: list[int] = []
    title: str | None = None
    for index in range(end, len(lines)):
        line = lines[index].lstrip()[1:] if index == end else lines[index]
        found = words(line, source, index + 1)
        if len(found) > 1 and not all(is_quoted for _, is_quoted in found):
            if all(w.replace("=", "").isdigit() for w, _ in found):
                reason = f"this looks like a ballot, but the ballots ended at line {end + 1}"
            else:
                reason = "unquoted names must stand alone on their line: put quotes round a name"
            raise InputError(source, index + 1, reason)
        for word, _ in found:
            if len(names) < candidates:
                what = f"candidate {len(names) + 1}"
                if not word.strip():
                    raise InputError(source, index + 1, f"{what} has no name")
                _refuse(name_problem(word, what), source, index + 1)
                names.append(word)
                name_lines.append(index + 1)
            elif title is None:
                if not word.strip():
                    raise InputError(source, index + 1, "the title is blank")
                _refuse(title_problem(word), source, index + 1)
                title = word
            else:
                raise InputError(
                    source,
                    index + 1,
                    f"more text after the title {title!r}: {word!r} "
                    f"(is there a name too many for the {candidates} candidates?)",
                )
    if len(names) < candidates:
        raise InputError(
            source,
            _last_line(lines),
            f"the file ends after {len(names)} of the {candidates} candidate names, with no title",
        )
    if title is None:
        raise InputError(
            source,
            _last_line(lines),
            f"the file ends before the title (expected {candidates} "
            "names, then the title: is a name or the title missing?)",
        )
    _refuse_duplicates(names, name_lines, source)
    return tuple(names), title


def _refuse(problem: str | None, source: str, number: int) -> None:
    if problem is not None:
        raise InputError(source, number, problem)


def _refuse_duplicates(names: list[str], name_lines: list[int], source: str) -> None:
    duplicates = duplicate_names(names)
    if not duplicates:
        return
    key = duplicates[0].strip().casefold()
    second = [i for i, name in enumerate(names) if name.strip().casefold() == key][1]
    raise InputError(
        source,
        name_lines[second],
        f"two candidates are called {duplicates[0]!r}: names must be unique",
    )


def write_blt(ballots: BallotSet) -> str:
    """Plain BLT that Droop, OpenSTV and OpenTally read: no comments or IDs, LF line ends."""
    out = [f"{len(ballots.candidates)} {ballots.seats}"]
    if ballots.withdrawn:
        out.append(" ".join(f"-{c + 1}" for c in sorted(ballots.withdrawn)))
    for number, ballot in enumerate(ballots.ballots, 1):
        if not all(ballot.ranks):
            raise CountDeskError(f"ballot {number} has a preference naming no candidate")
        ranks = " ".join("=".join(str(c + 1) for c in rank) for rank in ballot.ranks)
        out.append(f"{ballot.weight} {ranks} 0" if ranks else f"{ballot.weight} 0")
    out.append("0")
    out += _names_block(ballots.candidates, ballots.title)
    return "\n".join(out) + "\n"


def _names_block(candidates: Sequence[str], title: str) -> list[str]:
    lines = [quoted(name, f"candidate {number}") for number, name in enumerate(candidates, 1)]
    lines.append(quoted(title, "the title"))
    return lines


# What a canonical BLT is written from: one reading per counted paper, in order, or the papers
# with their weights (a weight w standing for w papers in a row that read the same).
Readings = Iterable[tuple[int, ...]] | WeightedReadings


def canonical_blt(
    title: str,
    candidates: Sequence[str],
    seats: int,
    withdrawn: Iterable[int],
    readings: Readings,
) -> bytes:
    """The ballots behind a result (COUNTING.md): the counted papers in the order given, each
    run of consecutive papers that read the same as one line whose weight is the run's
    length, giving the reading (0-based candidate indices, written from 1). Papers alone or
    with weights, split into runs or merged, the same papers in the same order give the same
    bytes."""
    return "".join(_canonical_parts(title, candidates, seats, withdrawn, readings)).encode()


def canonical_blt_sha256(
    title: str,
    candidates: Sequence[str],
    seats: int,
    withdrawn: Iterable[int],
    readings: Readings,
) -> str:
    """fingerprint(canonical_blt(...)), hashed part by part: a million papers' BLT is never
    held whole in memory."""
    digest = hashlib.sha256()
    for part in _canonical_parts(title, candidates, seats, withdrawn, readings):
        digest.update(part.encode())
    return digest.hexdigest()


# Ballot lines are hashed this many at a time: few calls into hashlib, little memory.
_LINES_PER_PART = 8192


def _canonical_parts(
    title: str,
    candidates: Sequence[str],
    seats: int,
    withdrawn: Iterable[int],
    readings: Readings,
) -> Iterator[str]:
    """canonical_blt's text in parts, each ending with a line end."""
    yield f"{len(candidates)} {seats}\n"
    gone = sorted(set(withdrawn))
    if gone:
        yield " ".join(f"-{c + 1}" for c in gone) + "\n"
    number = {c: str(c + 1) for c in range(len(candidates))}.__getitem__

    def line(run: Paper) -> str:
        weight, reading = run
        try:
            return " ".join([str(weight), *map(number, reading), "0\n"])
        except KeyError as error:
            raise CountDeskError(
                f"a reading names candidate index {error.args[0]}, "
                f"not one of the {len(candidates)} candidates"
            ) from None

    if isinstance(readings, WeightedReadings):
        yield from _weighted_lines(readings, line)
    else:
        # Large files repeat the same lines: each one is written once.
        lines = map(functools.cache(line), _runs(zip(itertools.repeat(1), readings)))
        while part := "".join(itertools.islice(lines, _LINES_PER_PART)):
            yield part
    yield "0\n"
    yield "\n".join(_names_block(candidates, title)) + "\n"


def _weighted_lines(readings: WeightedReadings, line: Callable[[Paper], str]) -> Iterator[str]:
    """The canonical lines of `_runs(readings.papers)`, each with its line end. Each paper's
    line is taken from readings.lines or written once for each distinct paper object; only
    where consecutive papers read the same is a run's weight added up."""
    papers = readings.papers
    texts: list[str | None] = ([None] * len(papers) if readings.lines is None
                               else list(readings.lines))  # no line end
    if readings.lightest == 0:  # papers of weight 0 are no papers at all (see _runs)
        texts = list(itertools.compress(texts, map(itemgetter(0), papers)))
        papers = [paper for paper in papers if paper[0]]
    if None in texts:
        written: dict[int, str] = {}
        for index in itertools.compress(range(len(texts)), map(operator.not_, texts)):
            paper = papers[index]
            text = written.get(id(paper))
            if text is None:
                text = written[id(paper)] = line(paper)[:-1]
            texts[index] = text
    chosen = list(map(itemgetter(1), papers))
    same = list(map(operator.eq, chosen[1:], chosen[:-1]))  # same[i]: paper i+1 reads as i
    end = 0
    while True:
        try:
            first = same.index(True, end)  # papers first, first + 1, … form one run
        except ValueError:
            break
        end = first
        while end < len(same) and same[end]:
            end += 1
        weight = sum(map(itemgetter(0), papers[first : end + 1]))
        texts[first] = f"{weight} {texts[first].partition(' ')[2]}"
        texts[first + 1 : end + 1] = [""] * (end - first)  # "": left out below
    lines = filter(None, texts)
    while part := "\n".join(itertools.islice(lines, _LINES_PER_PART)):
        yield part + "\n"


def _runs(papers: Iterable[Paper]) -> Iterator[Paper]:
    """Each run of consecutive papers that read the same, as (how many papers, the reading);
    papers of weight 0 are no papers at all."""
    run: Paper | None = None
    for paper in papers:
        if run is not None and paper[1] == run[1]:
            run = (run[0] + paper[0], run[1])
        elif paper[0]:
            if run is not None:
                yield run
            run = paper
    if run is not None:
        yield run


def fingerprint(data: bytes) -> str:
    """The hex SHA-256 of exactly these bytes."""
    return hashlib.sha256(data).hexdigest()
