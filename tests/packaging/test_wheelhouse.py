"""Offline install from source: fill a wheelhouse, then, with the network removed, install
CountDesk from it into a fresh virtual environment and run its self-test."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from offline_run import clean_env, offline, require_unshare

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.bundle


def test_a_wheelhouse_installs_and_passes_the_self_test_with_no_network(tmp_path: Path,
                                                                        capsys):
    require_unshare()
    wheelhouse = tmp_path / "wheelhouse"
    filled = subprocess.run(
        ["bash", str(ROOT / "packaging" / "wheelhouse.sh"), "--out", str(wheelhouse)],
        env={**os.environ, "PYTHON": sys.executable},
        capture_output=True, text=True, timeout=1200)
    assert filled.returncode == 0, filled.stderr
    env_dir = tmp_path / "countdesk-env"
    venv.create(env_dir, with_pip=True)
    elsewhere = tmp_path / "elsewhere"  # not the source tree, which could be imported instead
    elsewhere.mkdir()
    env = clean_env()

    no_network = offline([env_dir / "bin" / "python", "-c",
                          "import socket; print(socket.if_nameindex())"], elsewhere, env)
    assert no_network.stdout.strip() == "[(1, 'lo')]", "unshare -n left a network interface"

    installed = offline([env_dir / "bin" / "pip", "install", "--no-index", "--find-links",
                         wheelhouse, "countdesk"], elsewhere, env)
    assert installed.returncode == 0, installed.stdout + installed.stderr

    tested = offline([env_dir / "bin" / "countdesk", "--self-test"], elsewhere, env)
    assert tested.returncode == 0, tested.stdout + tested.stderr
    lines = tested.stdout.splitlines()
    assert all(line.startswith("ok   ") for line in lines)
    assert f"resources in {env_dir}" in lines[0], "the self-test must run the installed copy"
    wheels = sorted(path.name for path in wheelhouse.glob("*.whl"))
    size = sum(path.stat().st_size for path in wheelhouse.glob("*.whl"))
    with capsys.disabled():
        print(f"\nwheelhouse: {len(wheels)} wheels, {size / 2**20:.0f} MiB: {', '.join(wheels)}")
        print(tested.stdout)
