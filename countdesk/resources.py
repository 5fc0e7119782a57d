"""Find the files that ship inside the package: fonts, icons, sample elections.

The top-level ``resources/`` folder is mapped into the wheel as ``countdesk/resources`` (see
pyproject.toml), so one lookup serves an editable install, a wheel and the app bundle.
"""

from __future__ import annotations

from importlib import resources as importlib_resources
from pathlib import Path

FONT_REGULAR = "fonts/DejaVuSans.ttf"
FONT_BOLD = "fonts/DejaVuSans-Bold.ttf"
FONT_FAMILY = "DejaVu Sans"


def resource_root() -> Path:
    """The folder that holds CountDesk's resources, wherever CountDesk is installed."""
    packaged = Path(str(importlib_resources.files("countdesk"))) / "resources"
    if packaged.is_dir():
        return packaged
    source_tree = Path(__file__).resolve().parent.parent / "resources"
    if source_tree.is_dir():
        return source_tree
    raise FileNotFoundError(
        f"CountDesk's resources are missing: looked in {packaged} and {source_tree}"
    )


def resource_path(relative: str) -> Path:
    """The path of one resource, e.g. ``resource_path(FONT_REGULAR)``; refuses a missing one."""
    path = resource_root() / relative
    if not path.is_file():
        raise FileNotFoundError(f"CountDesk's resource {relative} is missing ({path})")
    return path


def sample_elections() -> list[Path]:
    """The bundled sample elections (BLT files), by name."""
    return sorted((resource_root() / "samples").glob("*.blt"))
