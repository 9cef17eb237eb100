"""Proposals in chat: /propose (a guided dialogue kept in the database), the leads told of
each new one, /pending with Approve / Reject (a reason asked for, optional)."""

from __future__ import annotations

import asyncio
import logging

from telegram import InlineKeyboardMarkup, Update
from telegram.error import TelegramError

from bot.desk import proposal_dialogue, proposals
from bot.desk.dialogues import Prompt
from bot.desk.proposals import Decision, Proposal
from bot.telegram import proposalview as view
from bot.telegram.render import split
from bot.telegram.services import (
    Context,
    answer_query,
    call,
    callback_arg,
    desk_of,
    edit,
    locale_of,
    once_key,
    say,
    say_key,
)

logger = logging.getLogger(__name__)
PAGE = 10  # proposals or candidates shown at once


def handles(answer: object) -> bool:
    """Whether a text-router answer is this module's (a proposal step or a rejection)."""
    return isinstance(answer, Decision) or (
        isinstance(answer, Prompt) and answer.kind in proposal_dialogue.KINDS
    )


async def show_answer(update: Update, context: Context, answer: object) -> None:
    """Show a proposal dialogue's next step, or the rejection a typed reason made."""
    if isinstance(answer, Decision):
        await _decided(update, context, answer, edit_card=False)
        return
    assert isinstance(answer, Prompt)
    text, markup = view.step(answer, locale_of(context), desk_of(context).engine.library)
    await say(update, context, text, markup)


async def on_propose(update: Update, context: Context) -> None:
    """/propose [script|variant|trigger] [SCRIPT_ID]: start the guided proposal."""
    args = context.args or []
    kind, script_id = [*args, None, None][:2]
    prompt = await call(update, context, proposal_dialogue.begin, kind=kind, script_id=script_id)
    if prompt is not None:
        await show_answer(update, context, prompt)


async def on_kind(update: Update, context: Context) -> None:
    """A kind button (prk:VERSION:KIND) on the first question."""
    await answer_query(update)
    prompt = await call(
        update, context, proposal_dialogue.choose_kind,
        version=int(callback_arg(update, 1)), kind=callback_arg(update, 2),
    )  # fmt: skip
    if prompt is not None:
        await show_answer(update, context, prompt)


async def on_submit(update: Update, context: Context) -> None:
    """📨 (prs:VERSION): store the proposal, tell every lead and admin, once per tap."""
    await answer_query(update)
    made = await call(
        update, context, proposal_dialogue.submit, version=int(callback_arg(update, 1)),
        once=once_key(update),
    )  # fmt: skip
    if made is None:
        return
    desk, locale = desk_of(context), locale_of(context)
    ids = await asyncio.to_thread(proposals.reviewers, desk, but=made.proposer_handle)
    text = view.card(made, locale, desk.config.tz)
    told = await _send_all(context, ids, text, view.decide(made.record.id, locale))
    done = say_key(locale, "tg.proposed", id=made.record.id, n=told)
    await edit(update, context, f"{text}\n\n{done}")


async def _send_all(
    context: Context, chat_ids: list[int], text: str, markup: InlineKeyboardMarkup | None = None
) -> int:
    """Send to each chat; one that cannot be reached (never started the bot) is logged."""
    told = 0
    for chat_id in chat_ids:
        try:
            await context.bot.send_message(chat_id, split(text)[0], reply_markup=markup)
            told += 1
        except TelegramError as exc:
            logger.warning("could not tell %s about a proposal: %s", chat_id, exc)
    return told


async def on_pending(update: Update, context: Context) -> None:
    """/pending: the queue, each proposal with Approve / Reject (leads and admins)."""
    found = await call(update, context, proposals.pending, per_chat=False)
    if found is None:
        return
    locale, tz = locale_of(context), desk_of(context).config.tz
    if not found:
        await say(update, context, say_key(locale, "proposals.none"))
        return
    await say(update, context, f"<b>{say_key(locale, 'tg.pending_title', n=len(found))}</b>")
    for item in found[:PAGE]:
        await say(update, context, view.card(item, locale, tz), view.decide(item.record.id, locale))


async def on_approve(update: Update, context: Context) -> None:
    """✅ (pra:ID): apply the proposal; a second tap anywhere applies nothing."""
    await answer_query(update)
    done = await call(update, context, proposals.approve, int(callback_arg(update, 1)),
                      per_chat=False)  # fmt: skip
    if done is not None:
        await _decided(update, context, done, edit_card=True)


async def on_reject(update: Update, context: Context) -> None:
    """❌ (prr:ID): ask for an optional reason."""
    await answer_query(update)
    prompt = await call(
        update, context, proposal_dialogue.begin_reject, proposal_id=int(callback_arg(update, 1))
    )
    if prompt is not None:
        await show_answer(update, context, prompt)


async def on_no_reason(update: Update, context: Context) -> None:
    """不写理由 (prn:ID): reject without a reason."""
    await answer_query(update)
    done = await call(
        update, context, proposal_dialogue.reject_now, proposal_id=int(callback_arg(update, 1))
    )
    if done is not None:
        await _decided(update, context, done, edit_card=True)


async def _decided(update: Update, context: Context, done: Decision, *, edit_card: bool) -> None:
    """Say the decision here, and tell the proposer in their chat."""
    locale, r = locale_of(context), done.proposal.record
    if done.script is not None:
        line = say_key(locale, "tg.approved", id=r.id, script=r.script_id,
                       version=done.script.version)  # fmt: skip
    else:
        line = say_key(locale, "tg.rejected", id=r.id)
    if r.reason:
        line += "\n" + say_key(locale, "tg.reason", reason=r.reason)
    if edit_card:  # the card stays readable, its buttons gone
        card = view.card(done.proposal, locale, desk_of(context).config.tz)
        await edit(update, context, f"{card}\n\n{line}")
    else:
        await say(update, context, line)
    await _tell_proposer(context, done.proposal, done.script is not None)


async def _tell_proposer(context: Context, found: Proposal, approved: bool) -> None:
    user = found.proposer_handle.partition(":")[2]
    if not found.proposer_handle.startswith("tg:") or not user.isdigit():
        return
    locale, r = locale_of(context), found.record
    key = "tg.your_approved" if approved else "tg.your_rejected"
    text = say_key(locale, key, id=r.id, script=r.script_id, who=found.decider)
    if r.reason:
        text += "\n" + say_key(locale, "tg.reason", reason=r.reason)
    await _send_all(context, [int(user)], text)
