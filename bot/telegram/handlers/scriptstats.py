"""/scriptstats [category]: which scripts and hooks turn into leads (team leads, admins)."""

from __future__ import annotations

from telegram import Update

from bot.desk import script_stats
from bot.statsview import summary
from bot.telegram.services import Context, call, locale_of, say
from bot.texts import text as t
from replies.categories import category_label


async def on_scriptstats(update: Update, context: Context) -> None:
    """/scriptstats [category]: best and worst per category (30 days), idle scripts."""
    category = " ".join(context.args or []) or None
    report = await call(
        update, context, script_stats.stats, days=30, category=category, per_chat=False
    )
    if report is None:
        return
    locale = locale_of(context)
    scope = ""
    if report.category is not None:
        scope = t(locale, "stats.scope_category", category=category_label(report.category, locale))
    await say(update, context, "\n".join(summary(locale, report, scope)), html=False)
