"""Run a command with the network removed for that process (`unshare -n`: a network
namespace of its own, with no interface but a loopback that is down). Where that is not
permitted the test fails, saying why: "no network" must be proved, never assumed."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest

# Root may make a network namespace; anyone else needs a user namespace around it (-r).
UNSHARE = ("unshare", "-n") if os.geteuid() == 0 else ("unshare", "-r", "-n")


def require_unshare() -> None:
    """Fail the test, with the reason, unless this machine lets us remove the network."""
    if shutil.which("unshare") is None:
        pytest.fail("unshare (util-linux) is not installed: cannot prove the install works "
                    "with no network")
    tried = subprocess.run([*UNSHARE, "true"], capture_output=True, text=True)
    if tried.returncode != 0:
        pytest.fail(f"{' '.join(UNSHARE)} is not permitted here (run as root or allow "
                    f"unprivileged user namespaces): {tried.stderr.strip()}")


def clean_env(**extra: str) -> dict[str, str]:
    """This environment without pip's settings (its find-links and indexes could reach wheels
    outside the wheelhouse) and without a display, plus ``extra``."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("PIP_", "PYTHON", "QT_", "VIRTUAL_ENV"))
           and key not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["PIP_CONFIG_FILE"] = os.devnull  # pip reads no configuration file at all
    return {**env, **extra}


def offline(command: Sequence[str | Path], cwd: Path, env: dict[str, str],
            timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """Run ``command`` with no network."""
    return subprocess.run([*UNSHARE, *map(str, command)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout)
