"""Options shared by the commands that write an election file."""

from __future__ import annotations

import argparse
import getpass


def add_by(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--by", metavar="NAME", default=_user(),
                        help="who is doing this, for the audit log (default: your login name)")


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "command line"
