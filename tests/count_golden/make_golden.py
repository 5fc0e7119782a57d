"""Write the golden counts (golden_cases.py) into tests/data/golden, one file a count.

    .venv/bin/python tests/count_golden/make_golden.py [NAME ...]

With names (e.g. ``ties_by_lot.meek``), only those; otherwise every case. A golden file is
rewritten only on purpose: say in the commit why the count now gives another result.
"""

from __future__ import annotations

import sys

from golden_cases import CASES, GOLDEN


def main(names: list[str]) -> None:
    chosen = [case for case in CASES if not names or case.name in names]
    unknown = set(names) - {case.name for case in chosen}
    if unknown:
        sys.exit(f"no golden case called {', '.join(sorted(unknown))}")
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for case in chosen:
        case.golden.write_text(case.count(), encoding="utf-8", newline="\n")
        print(case.golden.relative_to(GOLDEN.parents[2]))


if __name__ == "__main__":
    main(sys.argv[1:])
