"""`replydesk followups [ACTION THREAD]` and the chat's /followups: list due, mark one."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from bot.cli_leads import open_desk
from bot.config import Config
from bot.errors import UsageError
from bot.jobview import done_text, reminder_lines
from bot.texts import text as t

if TYPE_CHECKING:  # the database layer loads only when a command runs
    from bot.desk.context import Actor, Desk

ACTIONS = ("sent", "replied", "won", "lost", "snooze", "reopen")


def add_commands(sub: Any) -> None:
    """`followups [ACTION THREAD]`."""
    parser = sub.add_parser("followups", help="customers to follow up now; mark one by thread id")
    parser.add_argument("action", nargs="?", choices=ACTIONS, help="what happened")
    parser.add_argument("thread", nargs="?", type=int, help="the thread id shown in the list")
    parser.set_defaults(handler=cmd_followups)


def cmd_followups(args: argparse.Namespace, config: Config) -> int:
    """List the due follow-ups with suggestions, or mark one."""
    if args.action and args.thread is None:
        raise UsageError("give the thread id after the action", "fu_needs_thread")
    desk, actor = open_desk(config)
    show(desk, actor, args.action, args.thread, print)
    return 0


def show(
    desk: Desk, actor: Actor, action: str | None, thread: int | None, out: Callable[[str], None]
) -> None:
    """Mark a thread (action and thread given) or list what is due, through out()."""
    from bot.desk import followups  # the database layer loads only when a command runs

    locale, tz = desk.config.locale, desk.config.tz
    if action and thread is not None:
        after = followups.act(desk, thread, action, actor=actor)
        out(done_text(action, after, thread, locale, tz))
        return
    due = followups.listing(desk, actor=actor)
    if not due:
        out(t(locale, "fu.none"))
        return
    out(t(locale, "fu.title", n=len(due)))
    for reminder in due:
        out("")
        out("\n".join(reminder_lines(reminder, locale, tz)))
    out("")
    out(t(locale, "fu.cli_hint"))
