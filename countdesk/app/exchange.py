"""One election keyed on several laptops with no network: desk files and batch packs.

The returning officer's laptop holds the election. For each teller laptop (a *desk*) it makes
a **desk file**: an election file with the same setup (which cannot be changed there), the
batches assigned to that desk, and the passes (A or B) the desk keys; never both passes of one
batch on one desk unless the RO allows it, with a reason (audited). A desk keys its passes as
on any laptop, then **exports a batch pack** to a folder or a USB stick; the RO's laptop
**imports** it. A pack is refused whole, with the reason, when it is damaged, from another
election or another desk file, imported already, or in conflict with what the RO's file holds;
nothing of it is imported then. A newer pack of a pass already imported replaces it only with
the RO's passphrase and a reason (audited).

A pack is a text file of JSON lines (``*.countdesk-pack``), so that a scrutineer can read it:

1. a header: ``{"countdesk": "batch pack", "version": 1, "election", "title", "desk",
   "made_at", "candidates", "head": {"seq", "hash"}, "passes": [...]}``, each pass with its
   batch label, pass, number of papers, SHA-256 (`pass_sha256`) and first and last keying
   time;
2. one line ``{"paper": {...}}`` for each paper, exactly as the desk file's row holds it
   (batch label, pass, number, marks as written box by box, rejected, doubtful, teller);
3. one line ``{"audit": {...}}`` for each entry of the desk file's audit log, the hash chain
   from the desk file's creation to ``head``;
4. a last line ``{"end": {"sha256": ...}}``: the SHA-256 of every byte before that line (the
   pack's fingerprint; ``head -n -1 PACK | sha256sum`` prints it).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from countdesk.app.output import write_output
from countdesk.errors import CountDeskError
from countdesk.papers import Rejection
from countdesk.store import audit
from countdesk.store.desks import IncomingPass, PackPass
from countdesk.store.election_file import (
    ElectionFile,
    EntryPass,
    Paper,
    ballot_order_change,
    now,
    remove_election_files,
)
from countdesk.store.errors import RoleError, StoreError
from countdesk.store.marks_text import marks_from_text, marks_to_text
from countdesk.store.signing import Signer

PACK_FORMAT = "batch pack"
PACK_VERSION = 1
PACK_SUFFIX = ".countdesk-pack"
PACK_LIMIT = 256 * 1024 * 1024  # bytes: far more than 10,000 papers of 100 candidates
PAPER_FIELDS = ("batch", "pass", "number", "marks", "rejected", "doubtful", "teller")


class PackRefused(CountDeskError):
    """A pack that cannot be imported, and why; ``kind`` is one of ``damaged``, ``foreign``
    (another election or desk file), ``imported`` (already), ``conflict`` and ``replace``
    (a newer pass of one held: the RO's passphrase and a reason replace it)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


# -- the RO's laptop: desk files ---------------------------------------------------------


def make_desk_file(ro: ElectionFile, path: str | Path, desk: str,
                   passes: Sequence[tuple[int, str]], by: str,
                   authority: Signer | None = None,
                   leave: Mapping[int, str] | None = None) -> Path:
    """Make the desk file of ``desk`` at ``path``, keying ``passes`` (batch id, "A" or "B"):
    the RO's act. ``leave`` gives the RO's reason for each batch whose both passes the desk
    keys. The desk file gets its name only once whole; if the RO's file cannot record the
    desk, the desk file is removed again."""
    path = Path(path)
    leave = dict(leave or {})
    refusal = ro.desk_refusal(desk, passes, leave)
    if refusal:
        raise StoreError(refusal)
    if authority is None:
        raise RoleError(f"desk {desk.strip()!r}: making a desk file is the returning "
                        "officer's, and needs the RO's passphrase")
    desk = desk.strip()
    batches = {batch.id: batch for batch in ro.batches()}
    labels = [(batches[batch_id].label, which) for batch_id, which in passes]

    def fill(made: ElectionFile) -> None:
        for batch_id in sorted({batch_id for batch_id, _ in passes}):
            made.add_batch(batches[batch_id].label, batches[batch_id].hand_count, by)
        made.make_desk_file(ro.identity(), desk, labels, by)

    with ElectionFile.create(path, ro.setup(), by, fill) as made:
        origin = made.audit_head()
    try:
        ro.add_desk(desk, passes, leave, origin, by, authority)
    except BaseException:
        remove_election_files(path)
        raise
    return path


# -- a desk: exporting a pack ---------------------------------------------------------------


def desk_state(desk_file: ElectionFile) -> str:
    """Where a desk stands, in words, for its window's status line; "" in the RO's file."""
    desk = desk_file.this_desk()
    if desk is None:
        return ""
    batches = {batch.label: batch for batch in desk_file.batches()}
    done = 0
    for label, which in desk.passes:
        batch = batches[label]
        keyed = desk_file.paper_count(batch.id, EntryPass(which))
        done += keyed > 0 and (batch.hand_count is None or keyed >= batch.hand_count)
    return f"Desk file of {desk.desk!r}: {done} of {len(desk.passes)} passes keyed · setup fixed"



def pass_sha256(papers: Sequence[Mapping[str, Any]]) -> str:
    """The SHA-256 of a pass's papers (each as the pack writes it), in number order."""
    ordered = sorted(papers, key=lambda paper: paper["number"])
    return hashlib.sha256(audit.canonical(
        [{key: paper[key] for key in PAPER_FIELDS} for paper in ordered]).encode()).hexdigest()


def pack_name(desk: str, seq: int) -> str:
    """A pack's file name: its desk, and the desk file's audit entry it was made at."""
    safe = re.sub(r"[^\w-]+", "-", desk).strip("-") or "desk"
    return f"{safe}-{seq:06d}{PACK_SUFFIX}"


def finished(keyed: int, hand_count: int | None) -> bool:
    """Whether a pass is keyed to its end: to its batch's hand count (or any paper, when the
    batch has none)."""
    return keyed > 0 and (hand_count is None or keyed >= hand_count)


def pack_passes(desk_file: ElectionFile) -> list[tuple[str, str, int, int | None]]:
    """The desk's passes as they stand: (batch label, pass, papers keyed, hand count)."""
    desk = desk_file.this_desk()
    if desk is None:
        raise CountDeskError(f"{desk_file.name} is not a desk file: a batch pack is made on a "
                             "teller's desk, from its desk file")
    batches = {batch.label: batch for batch in desk_file.batches()}
    return [(label, which, desk_file.paper_count(batches[label].id, EntryPass(which)),
             batches[label].hand_count) for label, which in sorted(desk.passes)]


def pack_bytes(desk_file: ElectionFile, unfinished: bool = False) -> bytes:
    """The pack of every pass the desk has keyed to its end (`finished`), as the file holds
    it now; with ``unfinished``, of every pass with any paper keyed. (A pass imported
    unfinished is replaced later only with the RO's passphrase and a reason.)"""
    standing = pack_passes(desk_file)
    desk = desk_file.this_desk()
    assert desk is not None
    log = desk_file.audit_log()
    labels = {batch.id: batch.label for batch in desk_file.batches()}
    ids = {label: batch_id for batch_id, label in labels.items()}
    papers: list[dict[str, Any]] = []
    passes: list[dict[str, Any]] = []
    times = _keying_times(log, labels)
    for label, which, count, hand in standing:
        if not (count and (unfinished or finished(count, hand))):
            continue
        keyed = [_paper_line(paper, label)
                 for paper in desk_file.papers(ids[label], EntryPass(which))]
        first, last = times.get((label, which), ("", ""))
        passes.append({"batch": label, "pass": which, "papers": len(keyed),
                       "sha256": pass_sha256(keyed), "first_keyed": first,
                       "last_keyed": last})
        papers += keyed
    if not passes:
        if not any(count for _, _, count, _ in standing):
            raise CountDeskError(f"{desk.desk!r} has keyed no paper yet: there is nothing to "
                                 "export")
        short = ", ".join(f"pass {which} of {label!r} has {count} of {hand}"
                          for label, which, count, hand in standing if count)
        raise CountDeskError(f"{desk.desk!r} has no pass keyed to its hand count yet ({short}):"
                             " finish one, or export the passes not finished too (the "
                             "returning officer then replaces them later, with a reason)")
    head = log[-1]
    header = {"countdesk": PACK_FORMAT, "version": PACK_VERSION, "election": desk.election,
              "title": desk_file.setup().title, "desk": desk.desk, "made_at": now(),
              "candidates": list(desk_file.setup().names),
              "head": {"seq": head.seq, "hash": head.hash}, "passes": passes}
    lines = [audit.canonical(header)]
    lines += [audit.canonical({"paper": paper}) for paper in papers]
    lines += [audit.canonical({"audit": _entry_line(entry)}) for entry in log]
    body = "".join(line + "\n" for line in lines).encode("utf-8")
    end = audit.canonical({"end": {"sha256": hashlib.sha256(body).hexdigest()}})
    return body + end.encode("utf-8") + b"\n"


def export_pack(desk_file: ElectionFile, destination: str | Path, force: bool = False,
                unfinished: bool = False) -> Path:
    """Write the desk's pack (`pack_bytes`) into the folder ``destination`` (named by
    `pack_name`), or to the file ``destination``; written whole or not at all."""
    data = pack_bytes(desk_file, unfinished)
    destination = Path(destination)
    if destination.is_dir():
        desk = desk_file.this_desk()
        assert desk is not None
        destination = destination / pack_name(desk.desk, desk_file.audit_head()[0])
    return write_output(destination, data, force=force, inputs=[desk_file.path])


def _paper_line(paper: Paper, label: str) -> dict[str, Any]:
    return {"batch": label, "pass": paper.entry_pass.value, "number": paper.number,
            "marks": marks_to_text(paper.marks),
            "rejected": None if paper.rejected is None else paper.rejected.value,
            "doubtful": int(paper.doubtful), "teller": paper.teller}


def _entry_line(entry: audit.AuditEntry) -> dict[str, Any]:
    return {"seq": entry.seq, "at": entry.at, "who": entry.who, "action": entry.action,
            "subject": entry.subject, "content": entry.content, "prev_hash": entry.prev_hash,
            "hash": entry.hash}


def _keying_times(log: Sequence[audit.AuditEntry], labels: Mapping[int, str]
                  ) -> dict[tuple[str, str], tuple[str, str]]:
    """The first and last time a paper of each (batch label, pass) was keyed, by the log."""
    times: dict[tuple[str, str], tuple[str, str]] = {}
    for entry in log:
        content = entry.content
        if not (entry.subject.startswith("paper ") and isinstance(content, dict)):
            continue
        key = (labels.get(content.get("batch"), ""), str(content.get("pass")))
        first, last = times.get(key, (entry.at, entry.at))
        times[key] = (min(first, entry.at), max(last, entry.at))
    return times


# -- the RO's laptop: reading and importing a pack -----------------------------------------


@dataclass(frozen=True)
class Pack:
    """A pack read and checked against itself: whole, its log unbroken, its papers the log's."""

    file_name: str
    fingerprint: str
    header: dict[str, Any]
    papers: tuple[dict[str, Any], ...]
    log: tuple[audit.AuditEntry, ...]

    @property
    def desk(self) -> str:
        return str(self.header["desk"])

    @property
    def head(self) -> tuple[int, str]:
        return int(self.header["head"]["seq"]), str(self.header["head"]["hash"])

    def passes(self) -> list[dict[str, Any]]:
        return list(self.header["passes"])

    def pass_papers(self, label: str, which: str) -> list[dict[str, Any]]:
        return sorted((p for p in self.papers if p["batch"] == label and p["pass"] == which),
                      key=lambda paper: paper["number"])

    def hash_at(self, seq: int) -> str:
        return self.log[seq - 1].hash if 1 <= seq <= len(self.log) else ""


def read_pack(path: str | Path) -> Pack:
    """Read a pack file and check it against itself; `PackRefused` (``damaged``) if not."""
    path = Path(path)
    name = path.name
    try:
        if path.stat().st_size > PACK_LIMIT:
            raise PackRefused("damaged", f"{name} is larger than any batch pack "
                              f"({PACK_LIMIT // (1024 * 1024)} MB): it is not a pack; "
                              "nothing of it was imported")
        data = path.read_bytes()
    except OSError as error:
        raise PackRefused("damaged", f"{name} cannot be read ({error.strerror or error}); "
                          "nothing of it was imported") from None
    return parse_pack(data, name)


def parse_pack(data: bytes, name: str) -> Pack:
    def damaged(why: str) -> PackRefused:
        return PackRefused("damaged", f"{name} is damaged or is not a CountDesk batch pack: "
                           f"{why}; nothing of it was imported")

    if not data.endswith(b"\n"):
        raise damaged("it does not end as a pack ends (cut short?)")
    cut = data.rstrip(b"\n").rfind(b"\n") + 1
    body, last = data[:cut], data[cut:]
    try:
        end = json.loads(last)
        fingerprint = str(end["end"]["sha256"])
    except (ValueError, KeyError, TypeError):
        raise damaged("its last line is not its fingerprint (cut short?)") from None
    if hashlib.sha256(body).hexdigest() != fingerprint:
        raise damaged("its contents do not match its fingerprint (it was changed or damaged "
                      "after it was made)")
    try:
        lines = [json.loads(line) for line in body.decode("utf-8").splitlines()]
    except (UnicodeDecodeError, ValueError) as error:
        raise damaged(f"a line is not JSON ({error})") from None
    if not lines or not isinstance(lines[0], dict) or lines[0].get("countdesk") != PACK_FORMAT:
        raise damaged("its first line is not a pack's header")
    header = lines[0]
    if header.get("version") != PACK_VERSION:
        raise PackRefused("damaged", f"{name} is a pack of version {header.get('version')}: "
                          f"this CountDesk reads version {PACK_VERSION}; nothing of it was "
                          "imported")
    try:
        problem = _header_problem(header)
        if problem:
            raise damaged(problem)
        papers, log = _pack_lines(lines[1:])
        pack = Pack(name, fingerprint, header, tuple(papers), tuple(log))
        problem = _self_check(pack)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as error:
        raise damaged(f"a line lacks what a pack holds ({error})") from None
    if problem:
        raise damaged(problem)
    return pack


HEADER_FIELDS: dict[str, type | tuple[type, ...]] = {
    "countdesk": str, "version": int, "election": str, "title": str, "desk": str,
    "made_at": str, "candidates": list, "head": dict, "passes": list}
PASS_FIELDS: dict[str, type | tuple[type, ...]] = {
    "batch": str, "pass": str, "papers": int, "sha256": str, "first_keyed": str,
    "last_keyed": str}
LINE_FIELDS: dict[str, type | tuple[type, ...]] = {
    "batch": str, "pass": str, "number": int, "marks": str, "rejected": (str, type(None)),
    "doubtful": int, "teller": str}


def _fields_problem(what: str, value: Any, fields: Mapping[str, type | tuple[type, ...]]
                    ) -> str:
    """Why ``value`` is not an object with exactly ``fields``, each of its type; "" if it is."""
    if not isinstance(value, dict) or set(value) != set(fields):
        return f"{what} does not hold {', '.join(sorted(fields))}"
    for key, kind in fields.items():
        if not isinstance(value[key], kind) or (kind is int and isinstance(value[key], bool)):
            return f"{what}: {key} is not what a pack holds there"
    return ""


def _header_problem(header: Mapping[str, Any]) -> str:
    problem = _fields_problem("its header", header, HEADER_FIELDS)
    if problem:
        return problem
    if not all(isinstance(name, str) for name in header["candidates"]):
        return "its header's candidates are not names"
    head = header["head"]
    if set(head) != {"seq", "hash"} or not isinstance(head["seq"], int) or not isinstance(
            head["hash"], str):
        return "its header's head is not an audit entry's number and hash"
    for summary in header["passes"]:
        problem = _fields_problem("a pass in its header", summary, PASS_FIELDS)
        if problem:
            return problem
        if summary["pass"] not in ("A", "B"):
            return f"its header names a pass {summary['pass']!r}"
        if summary["papers"] < 1:  # a desk packs only the passes it has keyed papers of
            return (f"its header names pass {summary['pass']} of batch "
                    f"{summary['batch']!r} with no paper")
    if not header["passes"]:
        return "its header names no pass"
    named = [(summary["batch"], summary["pass"]) for summary in header["passes"]]
    if len(set(named)) != len(named):
        return "its header names a pass twice"
    return ""


def _paper_problem(paper: Mapping[str, Any]) -> str:
    problem = _fields_problem("a paper", paper, LINE_FIELDS)
    if problem:
        return problem
    if paper["pass"] not in ("A", "B") or paper["number"] < 1:
        return f"a paper is numbered {paper['number']} in pass {paper['pass']!r}"
    if paper["rejected"] is not None and paper["rejected"] not in {r.value for r in Rejection}:
        return f"a paper is rejected for a reason CountDesk does not know ({paper['rejected']!r})"
    try:
        marks_from_text(paper["marks"])
    except CountDeskError as error:
        return f"a paper's marks cannot be read ({error})"
    return ""


def _pack_lines(lines: Sequence[Any]) -> tuple[list[dict[str, Any]], list[audit.AuditEntry]]:
    papers: list[dict[str, Any]] = []
    log: list[audit.AuditEntry] = []
    for line in lines:
        if not isinstance(line, dict):
            raise ValueError("a line is not an object")
        if set(line) == {"paper"}:
            paper = line["paper"]
            problem = _paper_problem(paper)
            if problem:
                raise ValueError(problem)
            papers.append(paper)
        elif set(line) == {"audit"}:
            entry = line["audit"]
            log.append(audit.AuditEntry(int(entry["seq"]), str(entry["at"]), str(entry["who"]),
                                        str(entry["action"]), str(entry["subject"]),
                                        entry["content"], str(entry["prev_hash"]),
                                        str(entry["hash"])))
        else:
            raise ValueError(f"a line holds {sorted(line)}")
    return papers, log


def _self_check(pack: Pack) -> str:
    """Why the pack contradicts itself, in words; "" when its parts agree: an unbroken audit
    chain ending at the header's head, the papers exactly those the log last recorded for
    the passes, each pass's count and SHA-256 those of its papers, and its first and last
    keying times those the log recorded."""
    problems = audit.chain_problems(list(pack.log))
    if problems:
        return f"its desk's audit log is broken ({problems[0]})"
    if not pack.log or (pack.log[-1].seq, pack.log[-1].hash) != pack.head:
        return "its audit log does not end at the entry its header names"
    labels: dict[int, str] = {}
    latest: dict[str, Any] = {}
    for entry in pack.log:
        latest[entry.subject] = entry.content
        if entry.subject.startswith("batch ") and isinstance(entry.content, dict):
            labels[int(entry.subject.split()[1])] = entry.content["label"]
    logged = sorted(
        ({**content, "batch": labels.get(content["batch"], "")} for subject, content
         in latest.items() if subject.startswith("paper ") and isinstance(content, dict)),
        key=lambda paper: (paper["batch"], paper["pass"], paper["number"]))
    passes = {(p["batch"], p["pass"]) for p in pack.passes()}
    logged = [paper for paper in logged if (paper["batch"], paper["pass"]) in passes]
    held = sorted(pack.papers, key=lambda paper: (paper["batch"], paper["pass"],
                                                  paper["number"]))
    if audit.canonical(logged) != audit.canonical(held):
        return "its papers are not those its desk's audit log recorded"
    for summary in pack.passes():
        papers = pack.pass_papers(summary["batch"], summary["pass"])
        if summary["papers"] != len(papers) or summary["sha256"] != pass_sha256(papers):
            return (f"pass {summary['pass']} of batch {summary['batch']!r} does not hold the "
                    "papers its header counts")
        if [paper["number"] for paper in papers] != list(range(1, len(papers) + 1)):
            return (f"the papers of pass {summary['pass']} of batch {summary['batch']!r} are "
                    f"not numbered 1 to {len(papers)}")
    # The dashboard reckons a desk's pace from these times: they must be the log's.
    times = _keying_times(pack.log, labels)
    for summary in pack.passes():
        if (summary["first_keyed"], summary["last_keyed"]) != times.get(
                (summary["batch"], summary["pass"]), ("", "")):
            return (f"the keying times of pass {summary['pass']} of batch "
                    f"{summary['batch']!r} are not those its desk's audit log recorded")
    return ""


@dataclass(frozen=True)
class PassPlan:
    label: str
    entry_pass: str
    papers: int
    how: str  # "new", "replace" or "unchanged"


@dataclass(frozen=True)
class ImportPlan:
    """What importing a pack would do, pass by pass (nothing is written yet)."""

    pack: Pack
    desk: int
    passes: tuple[PassPlan, ...]
    incoming: tuple[IncomingPass, ...] = field(repr=False)

    @property
    def replaces(self) -> tuple[PassPlan, ...]:
        return tuple(p for p in self.passes if p.how == "replace")

    def summary(self) -> str:
        words = []
        for how, said in (("new", "imported"), ("replace", "replaced"),
                          ("unchanged", "held already")):
            chosen = [f"pass {p.entry_pass} of {p.label!r} ({p.papers} papers)"
                      for p in self.passes if p.how == how]
            if chosen:
                words.append(f"{said}: {', '.join(chosen)}")
        return f"{self.pack.file_name} from {self.pack.desk!r}: " + "; ".join(words)


def plan_import(ro: ElectionFile, pack: Pack) -> ImportPlan:
    """Check a pack against the RO's file: `PackRefused` with the reason, or what importing it
    would do."""
    name = pack.file_name
    header = pack.header
    if ro.this_desk() is not None:
        raise PackRefused("conflict", f"{ro.name} is a desk file: packs are imported on the "
                          "returning officer's laptop; nothing of it was imported")
    if header["election"] != ro.identity():
        raise PackRefused("foreign", f"{name} is from another election ({header['title']!r}, "
                          f"{header['election']}), not this one ({ro.setup().title!r}): "
                          "nothing of it was imported")
    desk = next((d for d in ro.desks() if d.name == pack.desk), None)
    if desk is None:
        raise PackRefused("foreign", f"{name} is from desk {pack.desk!r}, which this election "
                          "has no desk file for: nothing of it was imported")
    if pack.hash_at(desk.origin_seq) != desk.origin_hash:
        raise PackRefused("foreign", f"{name} does not come from the desk file made for "
                          f"{pack.desk!r} (its audit log does not begin as that file's did): "
                          "nothing of it was imported")
    done = next((p for p in ro.packs() if p.fingerprint == pack.fingerprint), None)
    if done is not None:
        raise PackRefused("imported", f"{name} was imported already (pack {done.id}, made "
                          f"{done.made_at}): nothing of it was imported again")
    moved = ballot_order_change(ro.setup().names, tuple(header["candidates"]))
    if moved:
        raise PackRefused("conflict", f"{name} was keyed on a ballot paper that is not this "
                          f"election's ({moved}): nothing of it was imported")

    def conflict(why: str) -> PackRefused:
        return PackRefused("conflict", f"{name} conflicts with what this file holds: {why}; "
                           "nothing of it was imported")

    batches = {batch.label: batch for batch in ro.batches()}
    keys = {(p.batch, p.entry_pass): p.desk for p in ro.desk_passes()}
    desk_names = {d.id: d.name for d in ro.desks()}
    held = ro.held_passes()
    packs = {p.id: p for p in ro.packs()}
    plans: list[PassPlan] = []
    incoming: list[IncomingPass] = []
    for summary in pack.passes():
        label, which = str(summary["batch"]), str(summary["pass"])
        what = f"pass {which} of batch {label!r}"
        batch = batches.get(label)
        if batch is None:
            raise conflict(f"this election has no batch {label!r}")
        owner = keys.get((batch.id, which))
        if owner != desk.id:
            whose = "no desk" if owner is None else repr(desk_names[owner])
            raise conflict(f"{what} is keyed by {whose}, not by {pack.desk!r}")
        if batch.state.value in ("verified", "verified by import"):
            raise conflict(f"batch {label!r} is {batch.state.value}: its papers cannot change")
        before: PackPass | None = held.get((batch.id, which))
        papers = pack.pass_papers(label, which)
        how = "new"
        if before is None:
            if ro.paper_count(batch.id, EntryPass(which)):
                raise conflict(f"{what} was keyed on this laptop")
        elif before.sha256 == summary["sha256"]:
            how = "unchanged"
        else:
            was = packs[before.pack]
            if pack.head[0] <= was.desk_seq:
                raise conflict(f"{what} is older than the one imported from pack {was.id} "
                               f"({was.file_name})")
            if pack.hash_at(was.desk_seq) != was.desk_head:
                raise conflict(f"{what} comes from a copy of the desk file of {pack.desk!r} "
                               f"keyed apart from the one pack {was.id} ({was.file_name}) "
                               "came from")
            here = [_paper_line(paper, label)
                    for paper in ro.papers(batch.id, EntryPass(which))]
            if pass_sha256(here) != before.sha256:
                raise conflict(f"{what} was changed on this laptop since pack {was.id} "
                               f"({was.file_name}) brought it: replacing it would undo that")
            if ro.settled_numbers(batch.id) or any(r.batch == batch.id for r in ro.rulings()):
                raise conflict(f"differences or doubtful papers of batch {label!r} are "
                               "settled or ruled already: replacing a pass would undo that")
            how = "replace"
        plans.append(PassPlan(label, which, len(papers), how))
        if how != "unchanged":
            incoming.append(IncomingPass(
                batch.id, which, tuple(_paper(batch.id, paper) for paper in papers),
                str(summary["sha256"]), str(summary["first_keyed"]),
                str(summary["last_keyed"]), before if how == "replace" else None))
    if not incoming:
        raise PackRefused("imported", f"{name} holds nothing new: every pass in it was "
                          "imported already; nothing of it was imported again")
    return ImportPlan(pack, desk.id, tuple(plans), tuple(incoming))


def _paper(batch: int, line: Mapping[str, Any]) -> Paper:
    rejected = line["rejected"]
    return Paper(batch, EntryPass(line["pass"]), int(line["number"]),
                 marks_from_text(line["marks"]),
                 None if rejected is None else Rejection(rejected), bool(line["doubtful"]),
                 str(line["teller"]))


def import_pack(ro: ElectionFile, path: str | Path, by: str, authority: Signer | None = None,
                reason: str = "") -> ImportPlan:
    """Import the pack at ``path`` into the RO's file, all of it or nothing: the RO's act
    (``authority``). A pass that replaces one imported earlier also needs ``reason``."""
    pack = read_pack(path)
    plan = plan_import(ro, pack)
    if plan.replaces and not reason.strip():
        replaced = ", ".join(f"pass {p.entry_pass} of {p.label!r}" for p in plan.replaces)
        raise PackRefused("replace", f"{pack.file_name} holds a newer {replaced} than the one "
                          "imported: replacing it needs the returning officer's passphrase "
                          "and a reason; nothing of it was imported")
    if authority is None:
        raise RoleError(f"importing {pack.file_name} is the returning officer's, and needs "
                        "the RO's passphrase")
    incoming = [replace(p, reason=reason.strip()) if p.replaces is not None else p
                for p in plan.incoming]
    try:
        ro.import_pack(plan.desk, pack.fingerprint, str(pack.header["made_at"]), pack.head,
                       pack.file_name, incoming, by, authority)
    except RoleError:
        raise
    except StoreError as error:
        raise PackRefused("conflict", f"{pack.file_name} cannot be imported: {error}; "
                          "nothing of it was imported") from None
    return plan
