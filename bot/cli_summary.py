"""`replydesk summary [PERIOD] [--account CODE] [--png FILE]` (registered in cli.py)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from bot.cli_leads import open_desk
from bot.config import Config
from bot.texts import text as t


def add_command(sub: Any) -> None:
    """`summary`: the figures as text on standard output, the chart to a file."""
    parser = sub.add_parser("summary", help="daily / weekly / monthly figures, optional chart")
    parser.add_argument(
        "period", nargs="?", default="today", help="today (default), yesterday, week, month "
        "or YYYY-MM-DD",
    )  # fmt: skip
    parser.add_argument("--account", help="only this account")
    parser.add_argument("--png", type=Path, metavar="FILE", help="write the 30-day chart here")
    parser.set_defaults(handler=cmd_summary)


def cmd_summary(args: argparse.Namespace, config: Config) -> int:
    """Print the summary; with --png, draw the chart (a font warning goes to stderr)."""
    from bot.desk import summaries
    from bot.summaryview import summary_text

    desk, actor = open_desk(config, library=False)
    found = summaries.summary(desk, args.period, actor=actor, account=args.account)
    print(summary_text(found, config.locale))
    if args.png is not None:
        from bot import chart

        drawn = chart.render(
            found.days, day_from=found.chart_from, day_to=found.period.last_day,
            locale=config.locale, title=t(config.locale, "chart.title"),
        )  # fmt: skip
        if drawn.warning:
            print(drawn.warning, file=sys.stderr)
        _write(args.png, drawn.png)
        print(t(config.locale, "summary.chart_written", path=args.png), file=sys.stderr)
    return 0


def _write(path: Path, data: bytes) -> None:
    from bot.privatefile import cannot_write

    try:
        path.write_bytes(data)  # no personal data in the chart: the usual file mode
    except OSError as exc:
        raise cannot_write(path, exc) from exc
