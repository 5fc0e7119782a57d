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
}


def build_parser(only: str | None = None) -> tuple[argparse.ArgumentParser, dict[str, object]]:
    """The parser, with every command, or with only the command ``only``."""
    parser = argparse.ArgumentParser(
        prog="countdesk",
        description="Count paper ballots by the Single Transferable Vote. "
        "With no command, opens the CountDesk window.",
    )
    parser.add_argument("--version", action="version", version=f"CountDesk {__version__}")
    parser.add_argument("--self-test", action="store_true",
                        help="check this install offline (counts, fonts, PDF, workbook, "
                        "printers), one line per check, and exit: 0 only if all passed")
    parser.add_argument("--sample", action="store_true",
                        help="open the window with a sample election ready to count (a "
                        "20-seat committee, at least 10 women)")
    parser.add_argument("--startup-probe", action="store_true", help=argparse.SUPPRESS)
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
    # The options before a command take no values: the first word is the command.
    word = next((a for a in argv if not a.startswith("-")), None)
    parser, commands = build_parser(word if word in COMMANDS else None)
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
            from countdesk.gui.app import run_app

            return run_app(sample=args.sample)
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
