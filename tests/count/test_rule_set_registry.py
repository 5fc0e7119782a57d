"""A rule set is one module registered in one place: one registered here, by this test alone,
is offered by `countdesk count --help`, counts from the command line, appears on the Setup
page with its option and is counted by the self-test, with no other edit anywhere."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from countdesk.cli import main
from countdesk.count.contest import Contest, group_rankings
from countdesk.count.lots import LotPolicy
from countdesk.count.quota_keeping import QuotaKeeping
from countdesk.count.result import Result, StageKind
from countdesk.count.rulesets import Option, RuleSet, Settings, register, rule_sets, unregister
from countdesk.count.stages import Draft, result
from countdesk.count.values import Fixed
from countdesk.selftest import default_inputs
from countdesk.selftest.checks import sample_counts

ROOT = Path(__file__).resolve().parents[2]
EILEAN = ROOT / "resources" / "samples" / "eilean_siar_2017_ward1.blt"
FIXED = Fixed(0)
LEAST = Option("least", "&Least vote", "the fewest first preferences that can elect",
               default=0, shown="at least {} first preferences", minimum=0, maximum=10**6)


def first_past_the_post(contest: Contest, settings: Settings, lots: LotPolicy,
                        quota_rules: QuotaKeeping) -> Result:
    """The places go to the most first preferences (ties in ballot-paper order), among
    those with at least the ``least`` vote: one stage, nothing transferred."""
    votes = [0] * len(contest.candidates)
    for ranking, papers in group_rankings(contest.papers, contest.withdrawn).items():
        if ranking:
            votes[ranking[0]] += papers
    standing = [c for c in range(len(votes)) if c not in contest.withdrawn]
    order = sorted(standing, key=lambda c: (-votes[c], c))
    elected = [c for c in order[:contest.seats] if votes[c] >= int(settings["least"])]
    draft = Draft("1", StageKind.FIRST_PREFERENCES, "First preferences counted",
                  elected=[contest.candidates[c] for c in elected], totals=tuple(votes))
    return result(contest, FIXED, ("First past the post", "fptp", ()), [draft], quota=0,
                  elected=elected, excluded=[c for c in order if c not in elected],
                  left_over=[], ties=[], lots=lots, quota_rules=quota_rules, notes=[],
                  withdrawn_note="")


FPTP = RuleSet(key="fptp", label="First past the post (a test's)", short_name="FPTP",
               precision=0, count=first_past_the_post, options=(LEAST,))


@pytest.fixture
def registered() -> Iterator[RuleSet]:
    register(FPTP)
    yield FPTP
    unregister(FPTP.key)


def test_count_help_offers_it_and_its_option(registered, capsys) -> None:
    with pytest.raises(SystemExit) as done:
        main(["count", "--help"])
    text = capsys.readouterr().out
    assert done.value.code == 0
    assert "fptp" in text and "--least" in text and "BLT file, fptp: the fewest" in text


def test_the_command_line_counts_by_it(registered, capsys) -> None:
    assert main(["count", str(EILEAN), "--rules", "fptp", "--least", "300",
                 "--format", "json"]) == 0
    counted = json.loads(capsys.readouterr().out)
    assert counted["rules"]["key"] == "fptp"
    assert counted["options"] == {"rules": "fptp", "precision": None, "quota": None,
                                  "least": 300, "quota_method": "guard-doom",
                                  "shortfall": None}
    assert 0 < len(counted["elected"]) <= counted["seats"]


def test_the_setup_page_offers_it_with_its_option(registered, qtbot) -> None:
    from countdesk.gui.setup_page import SetupPage

    page = SetupPage()
    qtbot.addWidget(page)
    keys = [page.rules.itemData(i) for i in range(page.rules.count())]
    assert keys == [rules.key for rules in rule_sets()] and "fptp" in keys
    least = page.rule_options["least"]
    page.rules.setCurrentIndex(keys.index("wigm"))
    assert not least.isEnabled() and page.rule_options["precision"].isEnabled()
    page.rules.setCurrentIndex(keys.index("fptp"))
    assert least.isEnabled() and not page.rule_options["precision"].isEnabled()
    least.setValue(120)
    assert page._fields()["rule_options"] == (("least", "120"),)


def test_the_self_test_counts_the_samples_by_it(registered, tmp_path) -> None:
    inputs = default_inputs()
    expected = json.loads(inputs.expected.read_text(encoding="utf-8"))
    eilean = expected["samples"][EILEAN.name]["winners"]
    eilean["fptp"] = eilean["scottish"]  # the same four: they led on first preferences
    path = tmp_path / "expected.json"
    path.write_text(json.dumps(expected), encoding="utf-8")
    inputs = dataclasses.replace(inputs, samples=(EILEAN,), expected=path)
    lines = [line.text() for line in sample_counts(inputs)]
    assert [line for line in lines if "under fptp" in line] == [
        "ok   count eilean_siar_2017_ward1 under fptp: elected Donald Manford, Iain Archie "
        "MacNeil, Paul Francis Steele, Calum Macmillan, as expected"]
    assert all(line.startswith("ok") for line in lines)


def test_a_second_rule_set_of_the_same_key_is_refused(registered) -> None:
    from countdesk.errors import CountDeskError

    with pytest.raises(CountDeskError, match="already registered"):
        register(FPTP)
