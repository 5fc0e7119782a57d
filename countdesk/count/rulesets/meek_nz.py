"""Meek STV by New Zealand's rules (Local Electoral Regulations 2001, Sch. 1A; the engine is
count/meek.py)."""

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
    from countdesk.count.meek_rules import MEEK_NZ

    return count_meek(contest, MEEK_NZ, lots, quota_rules)


RULE_SET = register(RuleSet(key="meek-nz", label="Meek (New Zealand rules)", short_name="Meek",
                            precision=9, count=count))
