"""The command line, and the GUI's launcher. No logic of its own: each command hands over.

Commands live in their own modules (``countdesk/cli/<name>.py``), each with ``HELP``,
``add_arguments(parser)`` and ``run(args) -> int``. They import Qt, reportlab and openpyxl
only inside ``run`` and only when asked for, and only the command asked for is loaded, so
that ``countdesk count`` starts fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path

from countdesk import __version__
from countdesk.errors import CountDeskError

COMMANDS: dict[str, str] = {  # name -> module
    "count": "countdesk.cli.count",
    "sheet": "countdesk.cli.sheet",
    "new": "countdesk.cli.new_election",
    "import": "countdesk.cli.import_blt",
    "export": "countdesk.cli.export_blt",
    "copy": "countdesk.cli.copy_election",
    "check": "countdesk.cli.check_election",
    "verify": "countdesk.cli.verify",
    "desk": "countdesk.cli.desk_file",
    "pack": "countdesk.cli.pack",
    "import-pack": "countdesk.cli.import_pack",
    "take-back": "countdesk.cli.take_back",
    "dashboard": "countdesk.cli.dashboard",
}


def build_parser(only: str | None = None, election_file: bool = False
                 ) -> tuple[argparse.ArgumentParser, dict[str, object]]:
    """The parser, with every command, or with only the command ``only``; with
    ``election_file``, with no command but the election file the window opens."""
    parser = argparse.ArgumentParser(
        prog="countdesk",
        usage="%(prog)s [-h] [--version] [--self-test] [--sample] [ELECTION.countdesk | "
              "COMMAND ...]",
        description="Count paper ballots by the Single Transferable Vote. "
        "With no command, opens the CountDesk window, on ELECTION.countdesk if given.",
    )
    parser.add_argument("--version", action="version", version=f"CountDesk {__version__}")
    parser.add_argument("--self-test", action="store_true",
                        help="check this install offline (counts, fonts, PDF, workbook, "
                        "printers), one line per check, and exit: 0 only if all passed")
    parser.add_argument("--sample", action="store_true",
                        help="open the window with a sample election ready to count (a "
                        "20-seat committee, at least 10 women)")
    parser.add_argument("--startup-probe", action="store_true", help=argparse.SUPPRESS)
    if election_file:
        parser.add_argument("election", type=Path, metavar="ELECTION.countdesk",
                            help="the election file to open in the window")
        return parser, {}
    commands: dict[str, object] = {}
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module_name in COMMANDS.items():
        if only is None or name == only:
            module = importlib.import_module(module_name)
            sub = subparsers.add_parser(name, help=module.HELP, description=module.HELP)
            module.add_arguments(sub)
            commands[name] = module
    return parser, commands


def main(argv: Sequence[str] | None = None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    # The options before a command take no values: the first word is the command, or the
    # election file to open in the window (one that exists, or is named like one; any other
    # word is refused as a command that is not known).
    word = next((a for a in argv if not a.startswith("-")), None)
    opens_file = word is not None and word not in COMMANDS and (
        word.endswith(".countdesk") or Path(word).exists())
    parser, commands = build_parser(word if word in COMMANDS else None, opens_file)
    args = parser.parse_args(argv)
    command = getattr(args, "command", None)
    try:
        if args.self_test:
            from countdesk.selftest import run_self_test

            return run_self_test()
        if args.startup_probe:
            from countdesk.selftest.startup import run_until_shown

            return run_until_shown()
        if command is None:
            election: Path | None = getattr(args, "election", None)
            if election is not None and args.sample:
                raise CountDeskError("give an election file or --sample, not both")
            if election is not None and not election.is_file():
                raise CountDeskError(f"{election}: there is no such election file")
            from countdesk.gui.app import run_app

            return run_app(sample=args.sample, election=election)
        return commands[command].run(args)  # type: ignore[attr-defined]
    except CountDeskError as error:
        print(f"countdesk: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"countdesk: {error.strerror or error}: {error.filename or ''}".rstrip(": "),
              file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("countdesk: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
