"""Scottish STV: SSI 2007/42 as amended by SSI 2011/399 (the engine is count/gregory.py)."""

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
    from countdesk.count.gregory import count_gregory
    from countdesk.count.rules import SCOTTISH

    return count_gregory(contest, SCOTTISH, lots, quota_rules)


RULE_SET = register(RuleSet(key="scottish", label="Scottish STV (2007/2011)",
                            short_name="Scottish STV", precision=5, count=count))
