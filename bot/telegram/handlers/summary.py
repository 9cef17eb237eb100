"""/summary [today|yesterday|week|month|YYYY-MM-DD] [account]: the figures and the chart."""

from __future__ import annotations

from telegram import Update

from bot.desk import summaries
from bot.telegram.handlers import jobs
from bot.telegram.services import Context, call, desk_of, say, say_key
from bot.texts import text as t

CHART_NAME = "summary.png"


async def on_summary(update: Update, context: Context) -> None:
    """Send the summary as text, then its 30-day chart as a photo."""
    args = list(context.args or [])
    if args and args[0].lower() == "status":
        await jobs.on_summary_status(update, context)
        return
    codes = {account.code for account in desk_of(context).config.accounts}
    account = args.pop() if args and args[-1].upper() in codes else None
    period = args[0] if args else None
    report = await call(update, context, summaries.report, period, account=account, per_chat=False)
    if report is None or update.effective_chat is None:
        return
    await say(update, context, report.text, html=False)
    if report.png is None:
        locale = desk_of(context).config.locale
        await say(update, context, say_key(locale, "summary.no_chart"))
        return
    caption = t(desk_of(context).config.locale, "chart.title")
    await context.bot.send_photo(
        update.effective_chat.id, report.png, filename=CHART_NAME, caption=caption
    )
