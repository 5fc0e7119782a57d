"""Time counting the quota-rule samples as a whole process, under every rule set.

Run: .venv/bin/python tests/count_constraints/bench_samples.py [repeats]
Prints the best of ``repeats`` (default 3) wall-clock times, in seconds, with and without
the constraint file. Not a test: timings depend on the machine.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from countdesk.count.rulesets import rule_sets

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "resources" / "samples"
RULES = tuple(rules.key for rules in rule_sets())


def best(argv: list[str], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    print(f"{'sample':28} {'rules':9} {'with rules':>10} {'without':>8}")
    for stem in ("conference_committee_2026", "national_network_2026"):
        blt, con = SAMPLES / f"{stem}.blt", SAMPLES / f"{stem}.con"
        for rules in RULES:
            count = [sys.executable, "-m", "countdesk", "count", str(blt), "--rules", rules,
                     "--format", "json"]
            with_rules = best([*count, "--constraints", str(con)], repeats)
            without = best(count, repeats)
            print(f"{stem:28} {rules:9} {with_rules:10.2f} {without:8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
