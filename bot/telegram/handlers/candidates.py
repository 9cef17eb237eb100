"""Candidate triggers in chat: /candidates with one-tap promote (or a pick), /addcategory."""

from __future__ import annotations

from telegram import Update

from bot.desk import candidates as candidate_cases
from bot.desk import categories
from bot.telegram import proposalview as view
from bot.telegram.services import (
    Context,
    answer_query,
    call,
    callback_arg,
    desk_of,
    locale_of,
    say,
    say_key,
)

PAGE = 10  # candidates shown at once


async def on_candidates(update: Update, context: Context) -> None:
    """/candidates [CATEGORY]: corrections not yet triggers, each with a promote button."""
    category = " ".join(context.args or []) or None
    found = await call(update, context, candidate_cases.candidates, category=category,
                       per_chat=False)  # fmt: skip
    if found is None:
        return
    locale = locale_of(context)
    if not found:
        await say(update, context, say_key(locale, "candidates.none"))
        return
    shown = found[:PAGE]
    library = desk_of(context).engine.library
    await say(update, context, view.candidates(shown, locale, library),
              view.promote(shown, locale))  # fmt: skip


async def on_pick(update: Update, context: Context) -> None:
    """📂 (cps:EXAMPLE): the scripts this candidate could join."""
    await answer_query(update)
    example_id = int(callback_arg(update, 1))
    found = await call(update, context, candidate_cases.candidates, per_chat=False)
    chosen = next((c for c in found or [] if c.example.id == example_id), None)
    if chosen is not None:
        text = say_key(locale_of(context), "tg.pick_script", id=example_id)
        await say(update, context, text, view.choices(chosen))


async def on_promote(update: Update, context: Context) -> None:
    """➕ (cp:EXAMPLE[:SCRIPT]): add the example's text as a trigger (a new version)."""
    await answer_query(update)
    data = (update.callback_query.data or "") if update.callback_query else ""
    script = data.split(":", 2)[2] if data.count(":") >= 2 else None
    saved = await call(update, context, candidate_cases.promote, int(callback_arg(update, 1)),
                       script_id=script, per_chat=False)  # fmt: skip
    if saved is not None:
        text = saved.data["triggers"][-1][: view.SHOWN]
        await say(update, context, say_key(locale_of(context), "candidates.promoted", text=text,
                                           script=saved.id, version=saved.version))  # fmt: skip


async def on_add_category(update: Update, context: Context) -> None:
    """/addcategory ID 中文标签 (admins)."""
    args = context.args or []
    if len(args) < 2:
        await say(update, context, say_key(locale_of(context), "tg.usage.addcategory"))
        return
    added = await call(update, context, categories.add_category, args[0], " ".join(args[1:]),
                       per_chat=False)  # fmt: skip
    if added is not None:
        text = say_key(locale_of(context), "categories.added", id=added.id, label=added.label_zh)
        await say(update, context, text)
