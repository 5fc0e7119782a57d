"""`countdesk --self-test` passes on this install, and fails, naming the problem, when a
count elects someone other than the recorded winners or a font is missing."""

from __future__ import annotations

import dataclasses
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from countdesk.selftest import SelfTestInputs, default_inputs, run_self_test

EILEAN_SIAR = "eilean_siar_2017_ward1.blt"
OFFICIAL = {"Donald Manford", "Calum Macmillan", "Iain Archie MacNeil", "Paul Francis Steele"}


def eilean_siar_only() -> SelfTestInputs:
    inputs = default_inputs()
    return dataclasses.replace(
        inputs, samples=tuple(s for s in inputs.samples if s.name == EILEAN_SIAR))


def run(inputs: SelfTestInputs) -> tuple[int, list[str]]:
    out = io.StringIO()
    status = run_self_test(inputs, out)
    return status, out.getvalue().splitlines()


def test_the_self_test_passes_as_installed():
    done = subprocess.run([sys.executable, "-m", "countdesk", "--self-test"],
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "QT_QPA_PLATFORM": ""})
    lines = done.stdout.splitlines()
    assert done.returncode == 0, done.stdout + done.stderr
    assert lines and all(line.startswith("ok   ") for line in lines)
    scottish = next(line for line in lines
                    if line.startswith("ok   count eilean_siar_2017_ward1 under scottish:"))
    assert all(name in scottish for name in OFFICIAL)
    assert sum(" under " in line for line in lines) == 5 * len(default_inputs().samples)
    assert any(line.startswith("ok   printers") for line in lines)


def test_the_recorded_winners_for_eilean_siar_under_scottish_stv_are_the_official_ones():
    recorded = json.loads(default_inputs().expected.read_text(encoding="utf-8"))
    assert set(recorded["samples"][EILEAN_SIAR]["winners"]["scottish"]) == OFFICIAL


def test_a_wrong_expected_winner_fails_the_self_test_naming_it(tmp_path: Path):
    inputs = eilean_siar_only()
    recorded = json.loads(inputs.expected.read_text(encoding="utf-8"))
    winners = recorded["samples"][EILEAN_SIAR]["winners"]
    winners["scottish"] = [name for name in winners["scottish"]
                           if name != "Paul Francis Steele"] + ["Nobody Real"]
    expected = tmp_path / "expected.json"
    expected.write_text(json.dumps(recorded), encoding="utf-8")

    status, lines = run(dataclasses.replace(inputs, expected=expected))

    assert status != 0
    assert ("FAIL count eilean_siar_2017_ward1 under scottish: expected Nobody Real but the "
            "count elected Paul Francis Steele instead") in lines
    assert lines[-1] == "FAIL self-test: 1 check(s) failed"
    assert "ok   count eilean_siar_2017_ward1 under wigm" in "\n".join(lines)


def test_a_sample_with_no_recorded_winners_fails_the_self_test(tmp_path: Path):
    expected = tmp_path / "expected.json"
    expected.write_text(json.dumps({"samples": {}}), encoding="utf-8")

    status, lines = run(dataclasses.replace(eilean_siar_only(), expected=expected))

    assert status != 0
    assert ("FAIL count eilean_siar_2017_ward1 under meek: no expected winners recorded in "
            "expected.json") in lines


def test_a_missing_font_fails_the_self_test_naming_it(tmp_path: Path):
    inputs = eilean_siar_only()
    missing = tmp_path / "fonts" / "DejaVuSans-Bold.ttf"

    status, lines = run(dataclasses.replace(inputs, fonts=(inputs.fonts[0], missing)))

    assert status != 0
    assert f"FAIL font DejaVuSans-Bold.ttf: missing ({missing})" in lines
    assert [line for line in lines if line.startswith("FAIL")] == [
        f"FAIL font DejaVuSans-Bold.ttf: missing ({missing})",
        "FAIL self-test: 1 check(s) failed",
    ]


def test_a_count_the_app_refuses_fails_the_self_test_with_its_reason(tmp_path: Path):
    inputs = eilean_siar_only()
    sample = tmp_path / EILEAN_SIAR
    shutil.copy(inputs.samples[0], sample)
    sample.with_suffix(".con").write_text('"Gender" "Women" 9 4 1 2\n', encoding="utf-8")

    status, lines = run(dataclasses.replace(inputs, samples=(sample,)))

    assert status != 0
    refused = [line for line in lines if line.startswith("FAIL count eilean_siar_2017_ward1")]
    assert len(refused) == 5  # every rule set, each named
    assert all(f"{sample.with_suffix('.con')}, line 1:" in line for line in refused)
    assert "ok   result sheet carries the count's Result: the same as the count" in lines
