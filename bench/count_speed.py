"""Count speed: `countdesk count FILE --rules R --format json` timed as a whole process, beside
peer counters measured in the same run.

    python bench/synthetic.py /tmp/cdbench                  # the elections, once
    python bench/count_speed.py /tmp/cdbench --peer-python /tmp/peers/bin/python

Each BLT file in the folder is counted under every rule set, several times; the table gives
the median wall time, the quickest run (on a shared machine the steadiest figure) and the
largest peak resident memory of the process. The peers run in their own Python (a separate
virtualenv: they are never CountDesk's dependencies):

    python -m venv /tmp/peers && /tmp/peers/bin/pip install stvpoll votekit

stvpoll's Scottish STV stands beside Scottish STV and ERS97 (no ERS97 counter is on PyPI);
votekit's FastSTV (inclusive Gregory, in floating point) beside WIGM and Meek (no Meek
counter is on PyPI). A peer that is not installed is reported as missing and ours still run.
The peers get their ballots already grouped (bench/peers/blt.py), the form they take.

Every command runs once untimed first, with Python's compiled bytecode cached (in a
temporary folder, whatever PYTHONDONTWRITEBYTECODE says): an installed CountDesk, like an
installed peer, starts from compiled modules, not from source.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

RULES = ("scottish", "ers97", "wigm", "meek", "meek-nz")
PEERS_FOLDER = Path(__file__).resolve().parent / "peers"
# rule set -> (peer label, script): the peer that counts most nearly as the rule set does
PEER_FOR = {
    "scottish": ("stvpoll ScottishSTV", "stvpoll_count.py"),
    "ers97": ("stvpoll ScottishSTV", "stvpoll_count.py"),
    "wigm": ("votekit FastSTV", "votekit_count.py"),
    "meek": ("votekit FastSTV", "votekit_count.py"),
    "meek-nz": ("votekit FastSTV", "votekit_count.py"),
}
PEER_MODULE = {"stvpoll_count.py": "stvpoll", "votekit_count.py": "votekit"}
PEER_LABEL = {script: label for label, script in PEER_FOR.values()}
# Issue 23's targets, whole process: (papers, candidates) -> {rule set: seconds}.
TIME_TARGETS = {
    (2_000, 60): dict.fromkeys(RULES, 0.1),  # a conference election, every rule set
    (100_000, 40): {"scottish": 0.3, "ers97": 0.3, "meek": 1.0, "meek-nz": 1.0},
}
MEMORY_TARGET = (1_000_000, 300.0)  # papers, peak MB: every rule set
PEER_GOAL = 10.0  # beyond the targets: this many times the fastest peer, every rule set
# Why "same elected" can say no: the peers do not count by the same rules.
SAME_ELECTED_NOTES = (
    "same elected: the matching peer's winners beside ours; a 'no' is not a fault of either",
    "count:",
    "  stvpoll's ScottishSTV departs from SSI 2007/42 when several candidates reach the quota",
    "  in one round: it moves as one elected candidate's surplus the papers of another elected",
    "  candidate that rank them next, sends papers on to elected candidates, rounds transfer",
    "  values half-even instead of truncating (rules 48(2), 48(3)), and takes every surplus of",
    "  the round before looking at the quota again (rule 49(1)). Patched to follow rules 48(2)",
    "  and 48(3), it matched CountDesk stage by stage and elected what CountDesk elects in 13 of",
    "  16 disagreements found in 420 small synthetic elections, and on the 1M-paper file.",
    "  votekit's FastSTV is inclusive Gregory in floating point: beside ERS97 and Meek it is a",
    "  speed peer only.",
)


@dataclass(frozen=True)
class Timing:
    seconds: float | None  # median wall time; None when it failed or ran out of time
    best: float  # the quickest run: on a machine shared with others, the steadiest figure
    cpu: float  # median user + system time: steadier than wall time on a busy machine
    peak_mb: float
    elected: frozenset[str] | None
    problem: str = ""


# Children may cache bytecode (see above), outside the source tree.
CHILD_ENV = {name: value for name, value in os.environ.items()
             if name != "PYTHONDONTWRITEBYTECODE"}
CHILD_ENV["PYTHONPYCACHEPREFIX"] = os.path.join(tempfile.gettempdir(), "count_speed_pycache")


def run_once(command: list[str],
             timeout: float) -> tuple[float, float, float, str, str, int]:
    """Run a command; its wall time, CPU time, peak resident memory (MB), stdout, stderr and
    exit code.

    os.wait4 gives this child's own resource use, where RUSAGE_CHILDREN would give the
    largest of all children so far."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                   env=CHILD_ENV)
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                _, status, usage = os.wait4(process.pid, 0)
                process.returncode = -9
                return timeout, timeout, usage.ru_maxrss / 1024, "", "timed out", -9
            time.sleep(0.002)
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return (elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
                out.read().decode("utf-8", "replace"),
                err.read().decode("utf-8", "replace"), process.returncode)


def measure(command: list[str], repeats: int, timeout: float) -> Timing:
    times: list[float] = []
    cpu: list[float] = []
    peak = 0.0
    elected: frozenset[str] | None = None
    run_once(command, timeout)  # untimed: fills the bytecode cache
    for _ in range(repeats):
        seconds, cpu_seconds, peak_mb, out, err, code = run_once(command, timeout)
        peak = max(peak, peak_mb)
        if code != 0:
            problem = "timed out" if code == -9 else (err.strip().splitlines() or ["failed"])[-1]
            return Timing(None, seconds, cpu_seconds, peak, None, problem)
        times.append(seconds)
        cpu.append(cpu_seconds)
        if elected is None:
            try:
                elected = frozenset(json.loads(out)["elected"])
            except (ValueError, KeyError, TypeError):
                elected = None
    return Timing(statistics.median(times), min(times), statistics.median(cpu), peak, elected)


def ours_command(countdesk: list[str], path: Path, rules: str) -> list[str]:
    return [*countdesk, "count", str(path), "--rules", rules, "--format", "json"]


def peer_available(python: str | None, module: str) -> str:
    """Why the peer cannot run, or "" when it can."""
    if python is None:
        return "no --peer-python given"
    found = subprocess.run([python, "-c", f"import {module}"], capture_output=True)
    return "" if found.returncode == 0 else f"{module} is not installed in {python}"


def papers_in(path: Path) -> int:
    """Papers in a BLT file of weighted lines (as bench/synthetic.py writes)."""
    total = 0
    with path.open(encoding="utf-8") as handle:
        next(handle)
        for line in handle:
            first = line.split(maxsplit=1)[0] if line.strip() else ""
            if first == "0":
                break
            if first:
                total += int(first)
    return total


def seconds_text(timing: Timing | None) -> str:
    if timing is None:
        return "-"
    return timing.problem[:30] if timing.seconds is None else f"{timing.seconds:.3f}"


def candidates_in(path: Path) -> int:
    with path.open(encoding="utf-8") as handle:
        return int(handle.readline().split()[0])


@dataclass(frozen=True)
class Row:
    """One count of one file, ours beside the peers measured on the same file."""

    papers: int
    candidates: int
    rules: str
    ours: Timing
    peers: dict[str, Timing]  # script -> timing

    def fastest_peer(self) -> tuple[str, Timing] | None:
        done = [(script, t) for script, t in self.peers.items() if t.seconds is not None]
        return min(done, key=lambda found: found[1].seconds or 0.0, default=None)

    def ratio(self, peer: Timing | None) -> str:
        if peer is None or not self.ours.seconds:
            return "-"
        if peer.seconds is not None:
            return f"{peer.seconds / self.ours.seconds:.1f}x"
        return f">{peer.best / self.ours.seconds:.0f}x" if peer.problem == "timed out" else "-"


def targets(rows: list[Row]) -> list[str]:
    """Each target of issue 23 with this run's figure, and whether it is met."""
    lines = []
    for (papers, candidates), limits in TIME_TARGETS.items():
        for rules, limit in limits.items():
            row = next((r for r in rows if (r.papers, r.candidates, r.rules)
                        == (papers, candidates, rules)), None)
            what = f"{papers:,} papers, {candidates} cand., {rules}: whole process < {limit:g} s"
            if row is None or row.ours.seconds is None:
                lines.append(f"  {what:<60} not measured in this run")
                continue
            met = "met" if row.ours.seconds < limit else "NOT met"
            lines.append(f"  {what:<60} median {row.ours.seconds:.3f} s, quickest "
                         f"{row.ours.best:.3f} s: {met}")
    papers, limit = MEMORY_TARGET
    for row in (r for r in rows if r.papers == papers):
        what = f"{papers:,} papers, {row.rules}: peak memory < {limit:g} MB"
        met = "met" if row.ours.peak_mb < limit else "NOT met"
        lines.append(f"  {what:<60} {row.ours.peak_mb:.0f} MB: {met}")
    if not any(r.papers == papers for r in rows):
        what = f"{papers:,} papers: peak memory < {limit:g} MB"
        lines.append(f"  {what:<60} not measured in this run")
    for rules in dict.fromkeys(r.rules for r in rows):
        ratios = []
        for row in (r for r in rows if r.rules == rules):
            fastest = row.fastest_peer()
            if fastest is not None and row.ours.seconds:
                ratios.append((fastest[1].seconds / row.ours.seconds,  # type: ignore[operator]
                               f"{row.papers:,}: {row.ratio(fastest[1])} "
                               f"{PEER_LABEL[fastest[0]]}"))
        what = f"goal, {rules}: {PEER_GOAL:g}x the fastest peer at every size"
        if not ratios:
            lines.append(f"  {what:<60} no peer measured")
            continue
        met = "met" if min(ratio for ratio, _ in ratios) >= PEER_GOAL else "NOT met"
        lines.append(f"  {what:<60} {'; '.join(text for _, text in ratios)}: {met}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="BLT files, e.g. from bench/synthetic.py")
    parser.add_argument("--rules", default=",".join(RULES),
                        help="comma-separated rule sets (default: all)")
    parser.add_argument("--repeats", type=int, default=5, help="runs per figure (median)")
    parser.add_argument("--large-repeats", type=int, default=3,
                        help="runs per figure for files of 500k papers or more")
    parser.add_argument("--peer-python", help="the Python of a venv holding stvpoll/votekit")
    parser.add_argument("--peer-repeats", type=int, default=3)
    parser.add_argument("--peer-timeout", type=float, default=120.0,
                        help="seconds before a peer run is given up")
    parser.add_argument("--max-papers", type=int, help="leave out larger files")
    parser.add_argument("--countdesk", default=None,
                        help="the command that runs CountDesk (default: this Python's "
                        "`countdesk` script, or `python -m countdesk`)")
    args = parser.parse_args()

    script = Path(sys.executable).with_name("countdesk")
    countdesk = (args.countdesk.split() if args.countdesk
                 else [str(script)] if script.exists() else [sys.executable, "-m", "countdesk"])
    rule_sets = [r for r in args.rules.split(",") if r]
    files = sorted(((papers_in(p), p) for p in args.folder.glob("*.blt")), key=lambda f: f[0])
    if args.max_papers is not None:
        files = [(n, p) for n, p in files if n <= args.max_papers]
    if not files:
        sys.exit(f"no BLT files in {args.folder}: make some with bench/synthetic.py")
    missing = {script: peer_available(args.peer_python, module)
               for script, module in PEER_MODULE.items()}
    for script, why in missing.items():
        if why:
            print(f"peer {PEER_MODULE[script]}: missing ({why}); CountDesk is still measured",
                  file=sys.stderr)

    header = (f"{'file':<38} {'rules':<9} {'ours s':>8} {'best s':>7} {'cpu s':>6} {'ours MB':>8} "
              f"{'target':>7} {'peer':<21} {'peer s':>9} {'peer MB':>8} {'peer/ours':>9} "
              f"{'fastest/ours':>12} {'same elected':>12}")
    print(header)
    print("-" * len(header))
    rows: list[Row] = []
    for papers, path in files:
        repeats = args.large_repeats if papers >= 500_000 else args.repeats
        candidates = candidates_in(path)
        peers = {script: measure([args.peer_python, str(PEERS_FOLDER / script), str(path)],
                                 1 if papers >= 500_000 else args.peer_repeats,
                                 args.peer_timeout)
                 for script, why in missing.items() if not why}
        for rules in rule_sets:
            ours = measure(ours_command(countdesk, path, rules), repeats, timeout=600)
            row = Row(papers, candidates, rules, ours, peers)
            rows.append(row)
            label, peer_script = PEER_FOR[rules]
            peer = peers.get(peer_script)
            if peer is None:
                label = f"({PEER_MODULE[peer_script]} missing)"
            fastest = row.fastest_peer()
            same = "-"
            if peer is not None and peer.elected is not None and ours.elected is not None:
                same = "yes" if peer.elected == ours.elected else "no"
            target = TIME_TARGETS.get((papers, candidates), {}).get(rules)
            print(f"{path.name:<38} {rules:<9} {seconds_text(ours):>8} {ours.best:>7.3f} "
                  f"{ours.cpu:>6.2f} {ours.peak_mb:>8.1f} "
                  f"{'' if target is None else f'<{target:g}':>7} {label:<21} "
                  f"{seconds_text(peer):>9} "
                  f"{'-' if peer is None else f'{peer.peak_mb:.1f}':>8} "
                  f"{row.ratio(peer):>9} "
                  f"{row.ratio(None if fastest is None else fastest[1]):>12} {same:>12}",
                  flush=True)
    print()
    print("Issue 23's targets, from this run (medians; a shared machine moves them):")
    print("\n".join(targets(rows)))
    print()
    print("\n".join(SAME_ELECTED_NOTES))


if __name__ == "__main__":
    main()
