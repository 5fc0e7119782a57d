"""The app bundle: built from packaging/countdesk.spec into a temporary folder, it holds the
fonts, the samples and Qt's print support, passes its self-test with the network removed,
and opens its main window (start-up time and size are reported, not asserted: they depend on
the machine)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from offline_run import UNSHARE, clean_env, offline, require_unshare

from countdesk.selftest.startup import SHOWN

ROOT = Path(__file__).resolve().parents[2]
STARTS = 3

pytestmark = pytest.mark.bundle


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    started = time.perf_counter()
    built = subprocess.run(
        ["bash", str(ROOT / "packaging" / "build_bundle.sh"), str(dist)],
        env={**os.environ, "PYTHON": sys.executable}, capture_output=True, text=True,
        timeout=1800)
    assert built.returncode == 0, built.stdout + built.stderr
    print(f"\nbundle built in {time.perf_counter() - started:.0f} s")
    return dist / "countdesk"


@pytest.fixture(scope="module")
def display() -> Iterator[dict[str, str]]:
    """A virtual X display if Xvfb is here (start-up then includes a real window system's
    round trips), else the offscreen platform, which the report names."""
    if shutil.which("Xvfb") is None:
        yield {"QT_QPA_PLATFORM": "offscreen"}
        return
    server = subprocess.Popen(["Xvfb", "-displayfd", "1", "-nolisten", "tcp", "-screen", "0",
                               "1366x768x24"], stdout=subprocess.PIPE, text=True)
    assert server.stdout is not None
    with server, server.stdout:
        number = server.stdout.readline().strip()
        try:
            yield {"DISPLAY": f":{number}", "QT_QPA_PLATFORM": "xcb"}
        finally:
            server.terminate()


def test_the_bundle_holds_the_fonts_the_samples_and_qt_print_support(bundle: Path):
    inside = bundle / "_internal"
    resources = inside / "countdesk" / "resources"
    assert (bundle / "countdesk").is_file()
    for name in ("fonts/DejaVuSans.ttf", "fonts/DejaVuSans-Bold.ttf",
                 "fonts/LICENSE-DejaVu.txt", "samples/eilean_siar_2017_ward1.blt",
                 "samples/expected.json"):
        assert (resources / name).is_file(), name
    plugins = inside / "PySide6" / "Qt" / "plugins"
    for plugin in ("platforms/libqxcb.so", "platforms/libqwayland.so",
                   "platforms/libqoffscreen.so", "printsupport/libcupsprintersupport.so"):
        assert (plugins / plugin).is_file(), plugin
    assert (inside / "PySide6" / "QtPrintSupport.abi3.so").is_file()
    assert not (inside / "PySide6" / "QtNetwork.abi3.so").exists(), "unused Qt modules left in"
    assert (bundle / "countdesk.desktop").is_file()


def test_the_bundle_passes_its_self_test_with_no_network(bundle: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]):
    require_unshare()
    tested = offline([bundle / "countdesk", "--self-test"], tmp_path, clean_env())
    assert tested.returncode == 0, tested.stdout + tested.stderr
    lines = tested.stdout.splitlines()
    assert all(line.startswith("ok   ") for line in lines)
    assert "(app bundle)" in lines[0] and f"resources in {bundle}" in lines[0]
    size = sum(path.stat().st_size for path in bundle.rglob("*")
               if path.is_file() and not path.is_symlink())
    with capsys.disabled():
        print(f"\nbundle: {size / 2**20:.0f} MiB in {bundle}")
        print(tested.stdout)


def test_the_bundle_opens_its_main_window_with_no_network(bundle: Path, tmp_path: Path,
                                                         display: dict[str, str],
                                                         capsys: pytest.CaptureFixture[str]):
    require_unshare()
    env = clean_env(**display)
    seconds = []
    for _ in range(STARTS):
        started = time.perf_counter()
        app = subprocess.Popen([*UNSHARE, str(bundle / "countdesk"), "--startup-probe"],
                               cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
        assert app.stdout is not None
        line = app.stdout.readline().strip()
        seconds.append(time.perf_counter() - started)
        _, errors = app.communicate(timeout=120)
        assert line == SHOWN, errors
        assert app.returncode == 0, errors
    with capsys.disabled():
        print(f"\nstart-up, process start to main window painted ({display['QT_QPA_PLATFORM']}"
              f"): {', '.join(f'{s:.2f} s' for s in seconds)} (first start is cold)")
