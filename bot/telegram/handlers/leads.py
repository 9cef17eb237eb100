"""Leads in chat: the logging dialogue, cards with status buttons, lists, notes, export."""

from __future__ import annotations

import asyncio
import tempfile
from datetime import date
from pathlib import Path

from telegram import Update

from bot.desk import dialogues
from bot.desk import leads as lead_cases
from bot.desk.dialogues import Prompt
from bot.telegram import keyboards, render
from bot.telegram.services import (
    Context,
    Refused,
    actor_of,
    answer_query,
    call,
    callback_arg,
    desk_of,
    edit,
    locale_of,
    once_key,
    run,
    say,
    say_key,
)
from bot.texts import text as t

PAGE = 10


async def show_prompt(update: Update, context: Context, prompt: Prompt) -> None:
    """Ask the dialogue's next question, or show the card to confirm."""
    locale = locale_of(context)
    if prompt.kind == "deal" and prompt.step == "done":
        clue, value = prompt.values["clue"], prompt.values["deal_value"]
        await say(update, context, say_key(locale, "tg.deal_set", clue=clue, value=value))
        return
    markup = keyboards.confirm(prompt.version, locale) if prompt.step == "confirm" else None
    await say(update, context, render.prompt(prompt, locale), markup)


async def on_lead_button(update: Update, context: Context) -> None:
    """📝 记线索: start logging the customer of this inquiry."""
    inquiry_id = int(callback_arg(update, 1))
    await answer_query(update)
    prompt = await call(update, context, dialogues.begin_lead, inquiry_id=inquiry_id)
    if prompt is not None:
        await show_prompt(update, context, prompt)


async def on_confirm(update: Update, context: Context) -> None:
    """✅ on a lead card: log it (once, however often the button is tapped)."""
    version = int(callback_arg(update, 1))
    await answer_query(update)
    outcome = await call(
        update, context, dialogues.confirm_lead, version=version, once=once_key(update)
    )
    if outcome is not None:
        locale = locale_of(context)
        done = say_key(locale, "tg.lead_logged", clue=outcome.lead.clue_number)
        await edit(update, context, done, keyboards.lead(outcome.lead.clue_number, locale))


async def on_cancel(update: Update, context: Context) -> None:
    """/cancel or ❌: close the open dialogue, saving nothing."""
    if update.callback_query:
        await answer_query(update)
    closed = await call(update, context, dialogues.cancel)
    if closed is not None:
        key = "tg.cancelled" if closed else "tg.nothing_to_cancel"
        await say(update, context, say_key(locale_of(context), key))


async def on_status(update: Update, context: Context) -> None:
    """A status button on a lead card (won asks for the deal value first)."""
    clue, status = callback_arg(update, 1), callback_arg(update, 2)
    await answer_query(update)
    if status == "won":
        prompt = await call(update, context, dialogues.begin_deal, clue=clue)
        if prompt is not None:
            await show_prompt(update, context, prompt)
        return
    lead = await call(update, context, lead_cases.set_status, clue, status, per_chat=False)
    if lead is not None:
        label = t(locale_of(context), f"status.{lead.status}")
        await say(
            update,
            context,
            say_key(locale_of(context), "tg.status_set", clue=lead.clue_number, status=label),
        )


async def on_lead_command(update: Update, context: Context) -> None:
    """/lead CLUE: the lead's card with status buttons."""
    if not context.args:
        await say(update, context, say_key(locale_of(context), "tg.usage.lead"))
        return
    found = await call(update, context, lead_cases.card, context.args[0], per_chat=False)
    if found is not None:
        locale = locale_of(context)
        await say(
            update,
            context,
            render.lead_card(found, locale),
            keyboards.lead(found.lead.clue_number, locale),
        )


async def on_note(update: Update, context: Context) -> None:
    """/note CLUE TEXT."""
    if not context.args or len(context.args) < 2:
        await say(update, context, say_key(locale_of(context), "tg.usage.note"))
        return
    text = " ".join(context.args[1:])
    lead = await call(update, context, lead_cases.add_note, context.args[0], text, per_chat=False)
    if lead is not None:
        await say(
            update, context, say_key(locale_of(context), "tg.note_added", clue=lead.clue_number)
        )


async def on_find(update: Update, context: Context) -> None:
    """/find phone|wechat|nickname."""
    query = " ".join(context.args or [])
    found = await call(update, context, lead_cases.find, query, per_chat=False)
    if found is not None:
        locale = locale_of(context)
        if not found:
            await say(update, context, say_key(locale, "lead.not_found", query=query))
            return
        await say(
            update,
            context,
            render.lead_list(found, locale, t(locale, "tg.found_title", query=query)),
        )


async def on_leads(update: Update, context: Context) -> None:
    """/leads, and its page buttons: today's leads, ten at a time."""
    page = 0
    if update.callback_query:
        page = int(callback_arg(update, 1))
        await answer_query(update)
    desk = desk_of(context)
    found = await call(update, context, lead_cases.listing, day_from=desk.today(), per_chat=False)
    if found is None:
        return
    locale = locale_of(context)
    if not found:
        await say(update, context, say_key(locale, "lead.none"))
        return
    shown = found[page * PAGE : (page + 1) * PAGE]
    text = render.lead_list(shown, locale, t(locale, "tg.leads_title", page=page + 1))
    markup = keyboards.pages("leads", page, len(found) > (page + 1) * PAGE, locale)
    if update.callback_query:
        await edit(update, context, text, markup)
    else:
        await say(update, context, text, markup)


async def on_export(update: Update, context: Context) -> None:
    """/export [FROM] [TO]: the lead table as an xlsx document (leads and admins)."""
    from bot import export

    locale = locale_of(context)
    try:
        days = [date.fromisoformat(arg) for arg in (context.args or [])[:2]]
    except ValueError:
        value = " ".join(context.args or [])
        await say(update, context, say_key(locale, "tg.bad_date", value=value))
        return
    day_from = days[0] if days else None
    day_to = days[1] if len(days) > 1 else None
    actor, desk = actor_of(update), desk_of(context)
    if actor is None or update.effective_chat is None:
        return
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "leads.xlsx"
        try:
            result = await run(update, context, export.export_leads, desk, actor, day_from=day_from,
                               day_to=day_to, fmt="xlsx", output=target)  # fmt: skip
        except Refused:
            return
        caption = t(
            locale,
            "tg.export_caption",
            day_from=day_from or "…",
            day_to=day_to or desk.today(),
            rows=result.rows,
        )
        data = await asyncio.to_thread(result.path.read_bytes)
        await context.bot.send_document(
            update.effective_chat.id, data, filename=result.path.name, caption=caption
        )
