#!/usr/bin/env bash
# Fill a wheelhouse: CountDesk's own wheel and every wheel it needs, for one platform and one
# Python, so that on a laptop that has never been online
#     python3 -m venv countdesk-env
#     countdesk-env/bin/pip install --no-index --find-links wheelhouse countdesk
# installs it. Run this on a machine with internet access (it reads PyPI); copy the folder to
# the USB stick.
#
# Usage: packaging/wheelhouse.sh [--target TARGET] [--python X.Y] [--out DIR]
#   --target  this-machine (default): wheels for the Python running this script, here
#             linux-x86_64:   manylinux x86_64, glibc 2.34 or newer (PySide6 6.10+ needs it:
#                             Debian 12, Ubuntu 22.04, Fedora 35, RHEL 9 and later)
#             windows-x86_64: 64-bit Windows 10 or 11
#             macos-arm64:    Apple silicon Macs; macos-x86_64: Intel Macs (macOS 13 or later)
#   --python  the target's Python, for a --target other than this-machine (default 3.11);
#             CPython 3.11 or newer. Pillow and charset-normalizer ship one wheel per Python
#             version: fill one wheelhouse per version the laptops have.
#   --out     the folder to fill (default: wheelhouse)
# The Python that runs pip is $PYTHON (default python3); pip 22 or newer.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
python="${PYTHON:-python3}"
target="this-machine"
version="3.11"
out="wheelhouse"
while [ $# -gt 0 ]; do
    case "$1" in
        --target) target="$2"; shift 2 ;;
        --python) version="$2"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        *) echo "wheelhouse.sh: unknown argument $1 (see the comment at the top)" >&2; exit 2 ;;
    esac
done

case "$target" in
    this-machine) platforms=() ;;
    linux-x86_64)
        platforms=(manylinux2014_x86_64)
        for minor in $(seq 17 34); do platforms+=("manylinux_2_${minor}_x86_64"); done ;;
    windows-x86_64) platforms=(win_amd64) ;;
    # pip widens a macOS tag to the older versions and to universal2 wheels itself.
    macos-arm64) platforms=(macosx_13_0_arm64) ;;
    macos-x86_64) platforms=(macosx_13_0_x86_64) ;;
    *) echo "wheelhouse.sh: unknown target $target" >&2; exit 2 ;;
esac

mkdir -p "$out"
"$python" -m pip wheel --quiet --no-deps --wheel-dir "$out" "$root"
wheel="$(ls -t "$out"/countdesk-*.whl | head -n 1)"
if [ ${#platforms[@]} -eq 0 ]; then
    "$python" -m pip download --quiet --only-binary=:all: --dest "$out" "$wheel"
else
    flags=()
    for tag in "${platforms[@]}"; do flags+=(--platform "$tag"); done
    "$python" -m pip download --quiet --only-binary=:all: --implementation cp \
        --python-version "$version" "${flags[@]}" --dest "$out" "$wheel"
fi
echo "wheelhouse.sh: $(ls "$out" | wc -l) wheels, $(du -sh "$out" | cut -f1), in $out for $target"
