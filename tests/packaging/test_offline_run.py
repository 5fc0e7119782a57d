"""Where the network cannot be removed, the offline tests fail saying why, never skip."""

from __future__ import annotations

from pathlib import Path

import pytest
from offline_run import require_unshare


def test_a_refused_network_namespace_fails_the_test_with_the_reason(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    fake = tmp_path / "unshare"
    fake.write_text("#!/bin/sh\necho 'unshare: unshare failed: Operation not permitted' >&2\n"
                    "exit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))

    with pytest.raises(pytest.fail.Exception, match=r"not permitted here.*Operation not permitted"):
        require_unshare()


def test_a_missing_unshare_fails_the_test_with_the_reason(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PATH", str(tmp_path))

    with pytest.raises(pytest.fail.Exception, match=r"unshare \(util-linux\) is not installed"):
        require_unshare()
