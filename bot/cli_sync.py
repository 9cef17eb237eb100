"""`replydesk scripts sync` and `scripts stats`: the seed's news, and what converts."""

from __future__ import annotations

import argparse
from typing import Any

from bot.cli_leads import open_desk
from bot.config import Config
from bot.texts import text as t


def add_commands(scripts: Any) -> None:
    """`scripts sync [--yes]`, `scripts stats [--days 7|30] [--category C] [--account A]`."""
    sync = scripts.add_parser("sync", help="take the seed library's new and changed scripts")
    sync.add_argument("--yes", action="store_true", help="apply without asking")
    sync.set_defaults(handler=cmd_sync)
    stats = scripts.add_parser("stats", help="what converts: per script, hook and account")
    stats.add_argument("--days", type=int, choices=(7, 30), default=30)
    stats.add_argument("--category", help="one category (id or label)")
    stats.add_argument("--account", help="one account code")
    stats.set_defaults(handler=cmd_stats)


def cmd_sync(args: argparse.Namespace, config: Config) -> int:
    """`scripts sync`: the import preview of the seed's news; team edits kept and listed."""
    from bot.cli_scripts import confirmed, show_plan, shown_ids
    from bot.desk.seed import apply_sync, plan_sync

    locale = config.locale
    desk, actor = open_desk(config)
    sync = plan_sync(desk, actor=actor)
    kept = [r.id for r in sync.kept]
    print(t(locale, "sync.preview", added=len(sync.plan.added),
            changed=len(sync.plan.changed), kept=len(kept)))  # fmt: skip
    if kept:
        print(t(locale, "sync.kept", ids=shown_ids(kept)))
    if sync.plan.empty:
        print(t(locale, "sync.nothing"))
        return 0
    show_plan(locale, sync.plan)
    if not confirmed(args, locale):
        return 1
    apply_sync(desk, sync, actor=actor)
    print(t(locale, "scripts.applied"))
    return 0


def cmd_stats(args: argparse.Namespace, config: Config) -> int:
    """`scripts stats`: best and worst per category, idle scripts, then the full tables."""
    from bot.desk.script_stats import stats
    from bot.statsview import summary, tables
    from replies.categories import category_label

    locale = config.locale
    desk, actor = open_desk(config)
    account = config.account(args.account).code if args.account else None
    report = stats(desk, actor=actor, days=args.days, category=args.category, account=account)
    scope = t(locale, "stats.scope_account", account=account) if account else ""
    if report.category:
        label = category_label(report.category, locale)
        scope += t(locale, "stats.scope_category", category=label)
    print("\n".join(summary(locale, report, scope) + tables(locale, report)))
    return 0
