"""What every handler shares: the desk, who is acting, calling a use case, replying."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot.desk import Actor, Desk
from bot.desk.claims import AlreadyHandled
from bot.errors import user_error_bases
from bot.telegram.render import split
from bot.telegram.transport import retried
from bot.texts import error_text
from bot.texts import text as t
from replies.categories import Labels

logger = logging.getLogger(__name__)
T = TypeVar("T")
DESK = "desk"
Context = ContextTypes.DEFAULT_TYPE


def desk_of(context: Context) -> Desk:
    """The desk the application was built with (kept in bot_data)."""
    desk: Desk = context.application.bot_data[DESK]
    return desk


def labels_of(context: Context) -> Labels:
    """The custom categories' labels of the library this process's engine reads."""
    return desk_of(context).engine.library.labels


def locale_of(context: Context) -> str:
    """The configured locale."""
    return desk_of(context).config.locale


def actor_of(update: Update) -> Actor | None:
    """The Telegram user behind an update, as the use cases know them."""
    user = update.effective_user
    if user is None:
        return None
    return Actor(f"tg:{user.id}", user.full_name or str(user.id))


def once_key(update: Update) -> str:
    """The exactly-once key of an update (a second delivery of it is ignored)."""
    return f"tg:update:{update.update_id}"


def allowed_chat(update: Update, context: Context) -> bool:
    """Private chats, the groups listed in [access] groups, and the [summary] chats."""
    chat = update.effective_chat
    if chat is None:
        return False
    if chat.type == ChatType.PRIVATE:
        return True
    config = desk_of(context).config
    return chat.id in config.groups or chat.id in config.summary_chats


class Refused(Exception):
    """A use case refused; the user was already told why."""


async def run(update: Update, context: Context, call: Callable[..., T], *args: Any, **kw: Any) -> T:
    """Run a use case off the event loop; a user error becomes one message and Refused."""
    try:
        return await asyncio.to_thread(call, *args, **kw)
    except AlreadyHandled:
        logger.info("update %s was handled before; ignored", update.update_id)
        raise Refused() from None
    except user_error_bases() as exc:
        await say(update, context, error_text(locale_of(context), exc), html=False)
        raise Refused() from exc


async def say(
    update: Update,
    context: Context,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
    *,
    html: bool = True,
) -> Message | None:
    """Send text to the update's chat, split at line ends; the keyboard goes on the last part."""
    chat = update.effective_chat
    if chat is None:
        return None
    if not html:
        from html import escape

        text = escape(text, quote=False)
    pieces = split(text)
    sent = None
    for n, piece in enumerate(pieces):
        keyboard = markup if n == len(pieces) - 1 else None
        sent = await retried(_sender(context, chat.id, piece, keyboard), resend_after_timeout=False)
    return sent


def _sender(
    context: Context, chat_id: int, text: str, markup: InlineKeyboardMarkup | None
) -> Callable[[], Awaitable[Message]]:
    # A timed-out send may have arrived: retried() never repeats it after a timeout.
    return lambda: context.bot.send_message(chat_id, text, reply_markup=markup)


async def edit(
    update: Update, context: Context, text: str, markup: InlineKeyboardMarkup | None = None
) -> None:
    """Replace the text of the message a button was on (edits are safe to repeat)."""
    query = update.callback_query
    if query is None or query.message is None:
        return
    message = query.message
    await retried(
        lambda: context.bot.edit_message_text(
            split(text)[0], chat_id=message.chat.id, message_id=message.message_id,
            reply_markup=markup,
        ),
        resend_after_timeout=True,
    )  # fmt: skip


async def replace(
    context: Context, message: Message, text: str, markup: InlineKeyboardMarkup | None = None
) -> None:
    """Replace the text of a message the bot sent (a progress line, a preview)."""
    await retried(
        lambda: context.bot.edit_message_text(
            split(text)[0], chat_id=message.chat.id, message_id=message.message_id,
            reply_markup=markup,
        ),
        resend_after_timeout=True,
    )  # fmt: skip


def say_key(locale: str, key: str, **values: object) -> str:
    """A localised sentence, escaped for HTML."""
    from html import escape

    return escape(t(locale, key, **values), quote=False)


async def call(
    update: Update,
    context: Context,
    use_case: Callable[..., T],
    *args: Any,
    per_chat: bool = True,
    **kw: Any,
) -> T | None:
    """Run a use case for this update's actor (and chat); None once a refusal was said."""
    actor, chat = actor_of(update), update.effective_chat
    if actor is None or chat is None or not allowed_chat(update, context):
        return None
    if per_chat:
        kw["chat_id"] = chat.id
    try:
        return await run(update, context, use_case, desk_of(context), *args, actor=actor, **kw)
    except Refused:
        return None


async def answer_query(update: Update) -> None:
    """Acknowledge a button press (Telegram shows a spinner until it is answered)."""
    if update.callback_query:
        await update.callback_query.answer()


def callback_arg(update: Update, n: int) -> str:
    """Field n of the pressed button's `PREFIX:id[:arg]` data."""
    data = update.callback_query.data if update.callback_query else ""
    return (data or "").split(":")[n]
