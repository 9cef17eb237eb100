"""A pasted or forwarded customer message: answer it, or take it as a dialogue's answer."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType

from bot.desk import chat
from bot.desk.dialogues import Prompt
from bot.desk.proposals import Decision
from bot.desk.script_dialogues import ScriptPrompt
from bot.telegram import keyboards, render
from bot.telegram.handlers import proposals
from bot.telegram.handlers.leads import show_prompt
from bot.telegram.handlers.scripts import show_script_prompt
from bot.telegram.services import (
    Context,
    Refused,
    actor_of,
    allowed_chat,
    labels_of,
    locale_of,
    once_key,
    run,
    say,
    say_key,
)


async def on_text(update: Update, context: Context) -> None:
    """Answer a customer's message with the suggestion card (or continue a dialogue)."""
    message, actor = update.effective_message, actor_of(update)
    if message is None or actor is None or not allowed_chat(update, context):
        return
    text = _addressed_text(update, context)
    if text is None:
        return
    desk = context.application.bot_data["desk"]
    try:
        answer = await run(
            update, context, chat.message, desk, text, actor=actor, chat_id=message.chat.id,
            once=once_key(update),
        )  # fmt: skip
    except Refused:
        return
    if isinstance(answer, Decision) or proposals.handles(answer):
        await proposals.show_answer(update, context, answer)
        return
    if isinstance(answer, Prompt):
        await show_prompt(update, context, answer)
        return
    if isinstance(answer, ScriptPrompt):
        await show_script_prompt(update, context, answer)
        return
    result = answer
    locale = locale_of(context)
    await say(update, context, render.card(result, locale, "dm", labels_of(context)),
              keyboards.suggestion(result, locale, "dm", labels_of(context)))  # fmt: skip


async def on_other(update: Update, context: Context) -> None:
    """Stickers, photos, voice: say once that only text is read."""
    if (
        allowed_chat(update, context)
        and update.effective_chat
        and (update.effective_chat.type == ChatType.PRIVATE)
    ):
        await say(update, context, say_key(locale_of(context), "tg.not_text"))


def _addressed_text(update: Update, context: Context) -> str | None:
    """The text meant for the bot: all of it in private, only @mentions in groups."""
    message = update.effective_message
    if message is None or not message.text or not message.text.strip():
        return None
    if message.chat.type == ChatType.PRIVATE:
        return message.text
    mention = f"@{context.bot.username}" if context.bot.username else None
    if mention and mention in message.text:
        return message.text.replace(mention, "").strip() or None
    return None
