"""countdesk dashboard: the count day at a glance, from the returning officer's file."""

from __future__ import annotations

import argparse
from pathlib import Path

HELP = ("Print the count-day dashboard: each batch's desks, papers keyed against its hand "
        "count, open differences and doubtful papers; each desk's pace and time to finish; "
        "what is left before the result can be certified.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("election", type=Path, metavar="ELECTION.countdesk")


def run(args: argparse.Namespace) -> int:
    from countdesk.app.dashboard import dashboard, dashboard_text
    from countdesk.cli.exchange_options import open_sound

    with open_sound(args.election, "the dashboard") as ro:
        print(dashboard_text(dashboard(ro)))
    return 0
