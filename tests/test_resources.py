"""The bundled font and sample elections are found wherever CountDesk is installed."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
import venv
from pathlib import Path

import pytest

from countdesk.resources import FONT_BOLD, FONT_REGULAR, resource_path, sample_elections

ROOT = Path(__file__).resolve().parent.parent
TRUETYPE_MAGIC = b"\x00\x01\x00\x00"

CHECK_RESOURCES = textwrap.dedent(
    """
    from countdesk.resources import FONT_BOLD, FONT_REGULAR, resource_path, sample_elections
    for font in (FONT_REGULAR, FONT_BOLD):
        assert resource_path(font).read_bytes()[:4] == b"\\x00\\x01\\x00\\x00", font
    (sample,) = [path for path in sample_elections() if path.name.startswith("eilean_siar")]
    print(resource_path(FONT_REGULAR))
    print(sample.name, sample.read_text(encoding="utf-8").splitlines()[0])
    """
)


def test_font_and_samples_load_from_this_install():
    for font in (FONT_REGULAR, FONT_BOLD):
        assert resource_path(font).read_bytes()[:4] == TRUETYPE_MAGIC
    names = [path.name for path in sample_elections()]
    assert "eilean_siar_2017_ward1.blt" in names


def test_a_missing_resource_is_named():
    with pytest.raises(FileNotFoundError, match=re.escape("fonts/NoSuchFont.ttf")):
        resource_path("fonts/NoSuchFont.ttf")


@pytest.mark.slow
def test_font_and_samples_load_from_an_installed_wheel(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "-q", "-w", str(wheels), str(ROOT)],
        check=True, capture_output=True,
    )
    (wheel,) = wheels.glob("countdesk-*.whl")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True, capture_output=True,
    )
    # Run from an empty folder so that the source tree cannot be imported by accident.
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    shown = subprocess.run(
        [str(python), "-c", CHECK_RESOURCES],
        check=True, capture_output=True, text=True, cwd=outside,
    ).stdout.splitlines()
    assert Path(shown[0]).is_relative_to(env_dir), "the font must come from the wheel"
    assert shown[1] == "eilean_siar_2017_ward1.blt 8 4"
