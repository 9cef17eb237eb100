"""The buttons under a suggestion card: used, new wordings, channel, category, new customer."""

from __future__ import annotations

from telegram import Update

from bot.desk import inquiries, prefs, threads
from bot.telegram import keyboards, render
from bot.telegram.services import (
    Context,
    Refused,
    actor_of,
    allowed_chat,
    answer_query,
    call,
    callback_arg,
    desk_of,
    edit,
    labels_of,
    locale_of,
    once_key,
    run,
    say,
    say_key,
)
from replies.categories import BUILTIN_CATEGORIES


async def on_use(update: Update, context: Context) -> None:
    """✅n: mark that suggestion used (rotation memory)."""
    suggestion_id = int(callback_arg(update, 1))
    record = await call(update, context, inquiries.mark_used, suggestion_id, per_chat=False)
    if record is not None and update.callback_query:
        text = say_key(locale_of(context), "tg.used", n=record.position + 1)
        await update.callback_query.answer(text)
    else:
        await answer_query(update)


async def on_more(update: Update, context: Context) -> None:
    """🔁 / 💬: the same card with new wordings, for this or the other channel."""
    inquiry_id, channel = int(callback_arg(update, 1)), callback_arg(update, 2)
    await answer_query(update)
    result = await call(
        update, context, inquiries.more_variants, inquiry_id, channel=channel,
        once=once_key(update), per_chat=False,
    )  # fmt: skip
    if result is not None:
        locale = locale_of(context)
        await edit(update, context, render.card(result, locale, channel, labels_of(context)),
                   keyboards.suggestion(result, locale, channel, labels_of(context)))  # fmt: skip


async def on_categories(update: Update, context: Context) -> None:
    """🏷: offer every category for this inquiry."""
    inquiry_id = int(callback_arg(update, 1))
    await answer_query(update)
    locale = locale_of(context)
    names = sorted(desk_of(context).engine.library.categories, key=_builtin_first)
    await say(update, context, say_key(locale, "tg.pick_category"),
              keyboards.categories(inquiry_id, names, locale, labels_of(context)))  # fmt: skip


async def on_category(update: Update, context: Context) -> None:
    """A category picked for an inquiry: its suggestions replace these, and it is learned."""
    from bot.desk import examples

    inquiry_id, category = int(callback_arg(update, 1)), callback_arg(update, 2)
    await answer_query(update)
    corrected = await call(update, context, examples.correct, inquiry_id, category, per_chat=False)
    if corrected is not None:
        result, locale = corrected.result, locale_of(context)
        channel = "comment" if result.suggestion.channel == "comment" else "dm"
        await edit(update, context, render.card(result, locale, channel, labels_of(context)),
                   keyboards.suggestion(result, locale, channel, labels_of(context)))  # fmt: skip


async def on_new(update: Update, context: Context) -> None:
    """🆕 (and /new): the next message starts a new customer thread."""
    await answer_query(update)
    actor = actor_of(update)
    if actor is None or not allowed_chat(update, context):
        return
    desk = desk_of(context)
    try:
        account = await run(update, context, prefs.current_account, desk, actor=actor)
        await run(update, context, threads.new_thread, desk, actor=actor, account=account)
    except Refused:
        return
    await say(update, context, say_key(locale_of(context), "tg.new_thread"))


def _builtin_first(category: str) -> tuple[int, str]:
    """The ten built-in categories in their usual order, then a library's own."""
    order = list(BUILTIN_CATEGORIES)
    return (order.index(category), "") if category in order else (len(order), category)
