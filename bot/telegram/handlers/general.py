"""/start, /help, /account and its buttons, /grant and /revoke."""

from __future__ import annotations

from telegram import Update

from bot.desk import access, prefs
from bot.telegram import keyboards
from bot.telegram.render import h
from bot.telegram.services import (
    Context,
    answer_query,
    call,
    callback_arg,
    desk_of,
    labels_of,
    locale_of,
    say,
    say_key,
)
from bot.texts import text as t
from replies.categories import category_label
from replies.extract import mask_phones


async def on_help(update: Update, context: Context) -> None:
    """/start and /help: what the bot does, with an example (only for admitted users)."""
    account = await call(update, context, prefs.current_account, per_chat=False)
    if account is not None:
        await say(update, context, t(locale_of(context), "tg.help"))


async def on_account(update: Update, context: Context) -> None:
    """/account: the configured accounts as buttons."""
    account = await call(update, context, prefs.current_account, per_chat=False)
    if account is not None:
        codes = [a.code for a in desk_of(context).config.accounts]
        await say(update, context, say_key(locale_of(context), "tg.account", account=account),
                  keyboards.accounts(codes, account))  # fmt: skip


async def on_account_button(update: Update, context: Context) -> None:
    """An account button: make it the user's current account."""
    await answer_query(update)
    chosen = await call(
        update, context, prefs.choose_account, code=callback_arg(update, 1), per_chat=False
    )
    if chosen is not None:
        await say(update, context, say_key(locale_of(context), "tg.account_set", account=chosen))


async def on_grant(update: Update, context: Context) -> None:
    """/grant USER_ID ROLE (admins)."""
    args = context.args or []
    if len(args) != 2 or not args[0].isdigit():
        await say(update, context, say_key(locale_of(context), "tg.usage.grant"))
        return
    record = await call(update, context, access.grant, f"tg:{args[0]}", args[1], per_chat=False)
    if record is not None:
        await say(
            update, context, say_key(locale_of(context), "tg.granted", user=args[0], role=args[1])
        )


async def on_revoke(update: Update, context: Context) -> None:
    """/revoke USER_ID (admins; a config-listed id must be removed from the config)."""
    args = context.args or []
    if len(args) != 1 or not args[0].isdigit():
        await say(update, context, say_key(locale_of(context), "tg.usage.revoke"))
        return
    record = await call(update, context, access.revoke, f"tg:{args[0]}", per_chat=False)
    if record is not None:
        await say(update, context, say_key(locale_of(context), "tg.revoked", user=args[0]))


async def on_examples(update: Update, context: Context) -> None:
    """/examples: the latest category corrections, each with an undo button (leads)."""
    from bot.desk import examples

    listing = await call(update, context, examples.list_examples, latest=10, per_chat=False)
    if listing is None:
        return
    locale = locale_of(context)
    if not listing.rows:
        await say(update, context, say_key(locale, "tg.no_examples"))
        return
    lines = [f"<b>{say_key(locale, 'tg.examples_title')}</b>"]
    for row in listing.rows:
        label = category_label(row.record.category, locale, labels_of(context))
        lines.append(f"#{row.record.id} {h(mask_phones(row.record.text)[:40])} → {h(label)}")
    ids = [row.record.id for row in listing.rows]
    await say(update, context, "\n".join(lines), keyboards.undo(ids, locale))


async def on_undo_example(update: Update, context: Context) -> None:
    """An undo button under /examples: forget that correction in every process."""
    from bot.desk import examples

    await answer_query(update)
    removed = await call(
        update, context, examples.remove_example, int(callback_arg(update, 1)), per_chat=False
    )
    if removed is not None:
        await say(update, context, say_key(locale_of(context), "tg.example_removed", id=removed.id))
