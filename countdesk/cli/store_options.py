"""Options shared by the commands that write an election file."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path


def add_by(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--by", metavar="NAME", default=_user(),
                        help="who is doing this, for the audit log (default: your login name)")


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "command line"


def add_passphrase(parser: argparse.ArgumentParser, why: str) -> None:
    parser.add_argument("--passphrase-file", type=Path, metavar="FILE",
                        help=f"a file whose first line is the returning officer's passphrase "
                        f"({why}); without it CountDesk asks at the terminal")


def passphrase(args: argparse.Namespace, new: bool = False) -> str:
    """The RO's passphrase: from --passphrase-file, or asked at the terminal (twice, for a
    new one); refused when there is neither."""
    from countdesk.errors import CountDeskError

    if args.passphrase_file is not None:
        try:
            lines = args.passphrase_file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as error:
            raise CountDeskError(f"{args.passphrase_file} cannot be read ({error})") from None
        return lines[0] if lines else ""
    if not sys.stdin.isatty():
        raise CountDeskError("this needs the returning officer's passphrase: give "
                             "--passphrase-file FILE")
    given = getpass.getpass("Returning officer's passphrase: ")
    if new and getpass.getpass("The same passphrase again: ") != given:
        raise CountDeskError("the two passphrases differ")
    return given
