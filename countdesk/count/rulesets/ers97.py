"""ERS97: the Electoral Reform Society's rules, 1997 (the engine is count/ers97.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from countdesk.count.rulesets import RuleSet, Settings, register

if TYPE_CHECKING:
    from countdesk.count.contest import Contest
    from countdesk.count.lots import LotPolicy
    from countdesk.count.quota_keeping import QuotaKeeping
    from countdesk.count.result import Result


def count(contest: Contest, settings: Settings, lots: LotPolicy,
          quota_rules: QuotaKeeping) -> Result:
    from countdesk.count.ers97 import count_ers97

    return count_ers97(contest, lots, quota_rules)


RULE_SET = register(RuleSet(key="ers97", label="ERS97 (ERS rules, 1997)", short_name="ERS97",
                            precision=2, count=count))
