"""Meek STV by Algorithm 123 (Hill, Wichmann & Woodall, 1987; the engine is count/meek.py)."""

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
    from countdesk.count.meek import count_meek
    from countdesk.count.meek_rules import MEEK

    return count_meek(contest, MEEK, lots, quota_rules)


RULE_SET = register(RuleSet(key="meek", label="Meek (Algorithm 123)", short_name="Meek",
                            precision=9, count=count))
