#!/usr/bin/env bash
# Build the CountDesk app bundle (one folder) for the OS this runs on, from
# packaging/countdesk.spec. PyInstaller cannot build for another OS: build on each.
#
# Usage: packaging/build_bundle.sh [DIST]   (default: dist; the bundle is DIST/countdesk)
# Needs: pip install -e '.[packaging]' in the Python given by $PYTHON (default: .venv's).
# On Linux the folder also gets countdesk.desktop and countdesk.svg, for the menu
# (packaging/README.md says how to install them).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
if [ -x "$root/.venv/bin/python" ]; then default_python="$root/.venv/bin/python"
else default_python="$root/.venv/Scripts/python.exe"; fi
python="${PYTHON:-$default_python}"
dist="$(mkdir -p "${1:-$root/dist}" && cd "${1:-$root/dist}" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$python" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$dist" --workpath "$work" "$root/packaging/countdesk.spec"

case "$(uname -s)" in
    Linux) cp "$root/packaging/countdesk.desktop" "$root/packaging/countdesk.svg" \
               "$dist/countdesk/" ;;
esac
echo "build_bundle.sh: $dist/countdesk, $(du -sh "$dist/countdesk" | cut -f1)"
