"""Weighted inclusive Gregory: Scottish-style transfers at a chosen precision and quota (the
engine is count/gregory.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from countdesk.count.rulesets import Option, RuleSet, Settings, register

if TYPE_CHECKING:
    from countdesk.count.contest import Contest
    from countdesk.count.lots import LotPolicy
    from countdesk.count.quota_keeping import QuotaKeeping
    from countdesk.count.result import Result

PRECISION = Option("precision", "Decimal &places", "decimal places of every value",
                   default=5, shown="{} decimal places", minimum=0, maximum=12)
QUOTA = Option("quota", "&Quota", "the quota, droop (the whole-number form) or hare",
               default="droop", shown="{} quota", choices=(("droop", "Droop"), ("hare", "Hare")))


def count(contest: Contest, settings: Settings, lots: LotPolicy,
          quota_rules: QuotaKeeping) -> Result:
    from countdesk.count.gregory import count_gregory
    from countdesk.count.rules import wigm

    rules = wigm(int(settings["precision"]), str(settings["quota"]))
    return count_gregory(contest, rules, lots, quota_rules)


RULE_SET = register(RuleSet(key="wigm", label="Weighted inclusive Gregory", short_name="WIGM",
                            precision=None, count=count, options=(PRECISION, QUOTA)))
