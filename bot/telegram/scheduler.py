"""The one-minute tick: due summaries to the team chats and due reminders to operators.

Each send is a job run claimed in the database (bot.desk.jobs), so two bot processes,
a restart, a clock jump or a tick that overlaps the next one never send twice. A tick
runs as the bot starts (post_init): that is the catch-up of whatever fell due while no
bot ran (sent once, marked late).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import httpx
from telegram import InlineKeyboardMarkup
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.ext import Application

from bot.desk import Desk, followups, jobs, proposals
from bot.desk.summaries import Report
from bot.jobview import reminder_lines
from bot.schedule import DueRun
from bot.telegram import keyboards, proposalview
from bot.telegram.render import h, split
from bot.telegram.services import Context

logger = logging.getLogger(__name__)
JOB_NAME = "replydesk-tick"
TICK_SECONDS = 60
OWNER = "jobs.owner"
LOCK = "jobs.lock"
SEND_TIMEOUT = 20.0  # seconds for one Bot API call; a timeout counts as maybe-delivered
Send = Callable[[], Awaitable[Any]]


def install(app: Application) -> None:  # type: ignore[type-arg]
    """Add the named repeating tick (once, whatever was there before).

    Its first run is a minute after start: APScheduler cannot run a job "now" before it
    has started, so the catch-up at start is ``run_once`` from post_init instead.
    """
    app.bot_data[OWNER] = jobs.new_owner()
    app.bot_data[LOCK] = asyncio.Lock()
    queue = app.job_queue
    if queue is None:  # python-telegram-bot installed without its [job-queue] extra
        logger.error("no job queue: summaries and follow-up reminders are not sent")
        return
    for old in queue.get_jobs_by_name(JOB_NAME):
        old.schedule_removal()
    queue.run_repeating(_tick, interval=TICK_SECONDS, first=TICK_SECONDS, name=JOB_NAME)


async def _tick(context: Context) -> None:
    await run_once(context.application)


async def run_once(app: Application) -> None:  # type: ignore[type-arg]
    """One tick; a failure is logged and the next tick tries again."""
    desk: Desk = app.bot_data["desk"]
    async with app.bot_data[LOCK]:  # a slow tick is never overlapped by the next one
        try:
            await asyncio.to_thread(jobs.sweep, desk)
            for run in jobs.due_summaries(desk):
                await _summary(app, desk, run)
            for reminder in await asyncio.to_thread(followups.to_push, desk):
                await _reminder(app, desk, reminder)
            for proposal in await asyncio.to_thread(proposals.to_announce, desk):
                await _proposal(app, desk, proposal)
        except Exception:
            logger.exception("scheduled jobs failed; the next tick tries again")


async def _summary(app: Application, desk: Desk, run: DueRun) -> None:  # type: ignore[type-arg]
    owner = app.bot_data[OWNER]
    tickets = []
    for chat in desk.config.summary_chats:
        ticket = await asyncio.to_thread(
            jobs.acquire, desk, job=run.job, period=run.period, chat_id=chat, owner=owner,
            late=run.late, at=run.at,
        )  # fmt: skip
        if ticket is not None:
            tickets.append(ticket)
    if not tickets:
        return
    report = await asyncio.to_thread(jobs.summary_report, desk, run)  # built once for all chats
    for ticket in tickets:
        await deliver(desk, ticket, _report_sends(app, ticket.chat_id, report))


def _report_sends(app: Application, chat: int, report: Report) -> list[Send]:  # type: ignore[type-arg]
    bot = app.bot
    sends: list[Send] = [_text(app, chat, piece) for piece in split(h(report.text))]
    if report.png:
        png = report.png
        sends.append(lambda: bot.send_photo(chat, png, read_timeout=SEND_TIMEOUT))
    return sends


def _text(app: Application, chat: int, piece: str) -> Send:  # type: ignore[type-arg]
    return lambda: app.bot.send_message(chat, piece, read_timeout=SEND_TIMEOUT)


async def _reminder(app: Application, desk: Desk, reminder: followups.Reminder) -> None:  # type: ignore[type-arg]
    if reminder.chat_id is None:
        return
    ticket = await asyncio.to_thread(
        jobs.acquire, desk, job="followup", period=reminder.key, chat_id=reminder.chat_id,
        owner=app.bot_data[OWNER], at=reminder.due_at,
    )  # fmt: skip
    if ticket is None:
        return
    locale, tz = desk.config.locale, desk.config.tz
    text = "\n".join(reminder_lines(reminder, locale, tz, escape=h, quote=_code))
    r = reminder
    markup = keyboards.followup(r.thread_id, r.anchor, r.step, locale)
    await deliver(desk, ticket, [_message(app, ticket.chat_id, text, markup)])


async def _proposal(app: Application, desk: Desk, proposal: proposals.Proposal) -> None:  # type: ignore[type-arg]
    """A terminal user's proposal, to each team lead and admin once, with its buttons."""
    locale, pid = desk.config.locale, proposal.record.id
    text = proposalview.card(proposal, locale, desk.config.tz)
    markup = proposalview.decide(pid, locale)
    reviewers = await asyncio.to_thread(proposals.reviewers, desk, but=proposal.proposer_handle)
    for chat in reviewers:
        ticket = await asyncio.to_thread(
            jobs.acquire, desk, job="proposal", period=str(pid), chat_id=chat,
            owner=app.bot_data[OWNER], at=proposal.record.created_at,
        )  # fmt: skip
        if ticket is not None:
            await deliver(desk, ticket, [_message(app, chat, text, markup)])


def _message(app: Application, chat: int, text: str, markup: InlineKeyboardMarkup) -> Send:  # type: ignore[type-arg]
    return lambda: app.bot.send_message(
        chat, split(text)[0], reply_markup=markup, read_timeout=SEND_TIMEOUT
    )


def _code(text: str) -> str:
    return f"<code>{h(text)}</code>"


async def deliver(desk: Desk, ticket: jobs.Ticket, sends: list[Send]) -> str | None:
    """Send one run's messages under the protocol; the run's final state."""
    if not await asyncio.to_thread(jobs.begin_send, desk, ticket):
        return None  # another process took it over meanwhile
    done = 0
    try:
        for send in sends:
            await send()
            done += 1
    except Exception as exc:
        outcome, wait = classify(exc) if done == 0 else ("uncertain", None)  # part went out
        _log(ticket, outcome, exc)
        extra = {"retry_after": wait} if wait else {}
        return await asyncio.to_thread(jobs.finish, desk, ticket, outcome, str(exc), **extra)
    return await asyncio.to_thread(jobs.finish, desk, ticket, "sent")


def classify(exc: BaseException) -> tuple[str, timedelta | None]:
    """What a failed Bot API call means for the run: retry, failed for good, or uncertain."""
    if isinstance(exc, RetryAfter):
        wait = exc.retry_after
        return "retry", wait if isinstance(wait, timedelta) else timedelta(seconds=wait)
    if isinstance(exc, (Forbidden, BadRequest, InvalidToken, ChatMigrated)):
        return "failed", None  # removed from the chat, no such chat: sending again won't help
    if isinstance(exc, TimedOut):
        # A connect or pool timeout never left this machine; a read timeout may have arrived.
        never_sent = isinstance(exc.__cause__, (httpx.ConnectTimeout, httpx.PoolTimeout))
        return ("retry", None) if never_sent else ("uncertain", None)
    if isinstance(exc, NetworkError):
        return "retry", None  # connection refused, a 5xx: Telegram did not take it
    return "uncertain", None


def _log(ticket: jobs.Ticket, outcome: str, exc: BaseException) -> None:
    level = logging.WARNING if outcome == "retry" else logging.ERROR
    logger.log(
        level, "%s %s to chat %s: %s (%s)", ticket.job, ticket.period, ticket.chat_id,
        outcome, exc,
    )  # fmt: skip
