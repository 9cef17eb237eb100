"""/summary status (what the scheduler sent), /followups and the follow-up buttons."""

from __future__ import annotations

from telegram import Update

from bot.desk import Actor, Desk, followups, jobs
from bot.desk.followups import Reminder
from bot.jobview import done_text, reminder_lines, status_lines
from bot.telegram import keyboards
from bot.telegram.render import h
from bot.telegram.services import Context, answer_query, call, desk_of, edit, say
from bot.texts import text as t

LISTED = 10  # reminders shown by /followups; the rest follow once these are handled


async def on_summary_status(update: Update, context: Context) -> None:
    """/summary status: the latest scheduled sends and their states (uncertain ones too)."""
    runs = await call(update, context, jobs.status, per_chat=False)
    if runs is not None:
        config = desk_of(context).config
        await say(update, context, h("\n".join(status_lines(runs, config.locale, config.tz))))


async def on_followups(update: Update, context: Context) -> None:
    """/followups: the customers due for a re-activation message now, each with buttons."""
    due = await call(update, context, followups.listing, per_chat=False)
    if due is None:
        return
    config = desk_of(context).config
    if not due:
        await say(update, context, h(_t(context, "fu.none")))
        return
    await say(update, context, h(_t(context, "fu.title", n=len(due))))
    for r in due[:LISTED]:
        text = "\n".join(reminder_lines(r, config.locale, config.tz, escape=h, quote=_code))
        markup = keyboards.followup(r.thread_id, r.anchor, r.step, config.locale)
        await say(update, context, text, markup)


async def on_followup_button(update: Update, context: Context) -> None:
    """fu:ACTION:THREAD[:ANCHOR:STEP]: sent, replied, won, lost, snooze, reopen."""
    await answer_query(update)
    data = (update.callback_query.data if update.callback_query else "") or ""
    fields = data.split(":")
    if len(fields) not in (3, 5) or not all(f.isdigit() for f in fields[2:]):
        return  # not a button this bot made
    action, thread = fields[1], int(fields[2])
    shown = {"anchor": int(fields[3]), "step": int(fields[4])} if len(fields) == 5 else {}
    result = await call(update, context, _act, thread, action, per_chat=False, **shown)
    if result is None:
        return
    after = result[0]
    config = desk_of(context).config
    done = done_text(action, after, thread, config.locale, config.tz)
    cold = action == "sent" and after is None
    await edit(update, context, h(done), keyboards.reopen(thread, config.locale) if cold else None)


def _act(
    desk: Desk, thread: int, action: str, *, actor: Actor, **shown: int
) -> tuple[Reminder | None]:
    # A tuple, so that "no reminder any more" (None) is not taken for a refusal.
    return (followups.act(desk, thread, action, actor=actor, **shown),)


def _code(text: str) -> str:
    return f"<code>{h(text)}</code>"


def _t(context: Context, key: str, **values: object) -> str:
    return t(desk_of(context).config.locale, key, **values)
