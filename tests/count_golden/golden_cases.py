"""The golden counts: every reference election, conference election and sample under every
rule set, and what each gives, whole (every stage, every note), as `countdesk count --format
json` prints it.

Each case is one file in tests/data/golden, NAME.RULES.json (NAME.RULES.VARIANT.json for a
case counted with options other than the defaults). test_golden.py counts each again and
compares the text exactly; make_golden.py writes them. They were written from the code as it
stood before the rule-set registry (issue 23) and are changed only on purpose: a count that
gives another result must say why in the commit that rewrites its file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from countdesk.cli.count import json_text
from countdesk.count.rulesets import rule_sets
from countdesk.counting import CountOptions, input_from_files, run_count

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "data" / "golden"
FOLDERS = (ROOT / "tests" / "data" / "elections", ROOT / "tests" / "data" / "conference",
           ROOT / "resources" / "samples", GOLDEN / "inputs")
RULES = tuple(rules.key for rules in rule_sets())  # as registered when first imported


@dataclass(frozen=True)
class Case:
    blt: Path
    rules: str
    variant: str = ""  # "" for the rule set's defaults
    precision: int | None = None
    quota: str | None = None
    quota_method: str = "guard-doom"

    @property
    def constraints(self) -> Path | None:
        con = self.blt.with_suffix(".con")
        return con if con.is_file() else None

    @property
    def name(self) -> str:
        return ".".join(part for part in (self.blt.stem, self.rules, self.variant) if part)

    @property
    def golden(self) -> Path:
        return GOLDEN / f"{self.name}.json"

    def options(self) -> CountOptions:
        settings = {name: value for name, value in (("precision", self.precision),
                                                    ("quota", self.quota)) if value is not None}
        return CountOptions(self.rules, settings, self.quota_method)

    def count(self) -> str:
        """The whole result, as `countdesk count --format json` prints it."""
        counted = input_from_files(self.blt, self.constraints)
        return json_text(run_count(counted, self.options()).to_json())


def _cases() -> list[Case]:
    ballots = sorted(blt for folder in FOLDERS for blt in folder.glob("*.blt"))
    cases = [Case(blt, rules) for blt in ballots for rules in RULES]
    # Beyond each rule set's defaults: WIGM's other quota and precision, and quota rules kept
    # by separate counts (where the minimums leave room for them).
    for blt in ballots:
        if blt.stem in ("scot2017_eilean_siar_ward1", "conference_45c_20s_seed11",
                        "withdrawn_and_equal_preferences"):
            cases.append(Case(blt, "wigm", "hare-2", precision=2, quota="hare"))
            cases.append(Case(blt, "wigm", "droop-0", precision=0, quota="droop"))
        if blt.stem in ("conference_committee_2026", "quota_rules_and_ties"):
            cases += [Case(blt, rules, "separate", quota_method="separate") for rules in RULES]
    return cases


CASES = tuple(_cases())
