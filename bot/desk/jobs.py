"""Scheduled sends, each once: claim -> (build) -> sending -> send -> sent, by database facts.

Every step is its own transaction, committed before the next, because the step that
matters happens outside the database: the Bot API call. A run moves to *sending* just
before the call, so a process that dies before it leaves a *claimed* run whose lease
another process takes over; one that dies during it leaves a *sending* run that is
reported as uncertain and never sent twice. The front-end classifies what the call
raised (``finish``); this module knows no Telegram.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.desk import access
from bot.desk.context import Actor, Desk
from bot.desk.summaries import Report, scheduled
from bot.schedule import DueRun, due
from bot.texts import text as t
from storage import jobs as job_store
from storage.jobs import RunRecord

logger = logging.getLogger(__name__)
CLAIM_LEASE = timedelta(minutes=3)  # building a summary (figures, chart) fits well inside
SEND_LEASE = timedelta(minutes=2)  # longer than any Bot API call with its timeouts
RETRY_AFTER = timedelta(minutes=1)  # the next tick after that takes the run over
MAX_ATTEMPTS = 5
OUTCOMES = ("sent", "retry", "failed", "uncertain")


def new_owner() -> str:
    """A name for this process's claims (host, pid and a nonce: two bots in one process)."""
    return f"{socket.gethostname()[:32]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass(frozen=True)
class Ticket:
    """A run this process holds: it may send it (after ``begin_send``)."""

    run_id: int
    job: str
    period: str
    chat_id: int
    owner: str
    late: bool


def acquire(
    desk: Desk,
    *,
    job: str,
    period: str,
    chat_id: int,
    owner: str,
    late: bool = False,
    at: datetime | None = None,
) -> Ticket | None:
    """Claim a run, or take over one whose owner's claim lapsed; None: not ours to send."""
    now = desk.now()
    key: dict[str, Any] = {"job": job, "period": period, "chat_id": chat_id}
    with desk.transaction() as session:
        run = job_store.claim(
            session, **key, owner=owner, now=now, lease=CLAIM_LEASE, late=late, scheduled_at=at
        ) or job_store.take_over(session, **key, owner=owner, now=now, lease=CLAIM_LEASE)
    if run is None:
        return None
    return Ticket(run.id, job, period, chat_id, owner, run.late)


def begin_send(desk: Desk, ticket: Ticket) -> bool:
    """Mark the run as sending (committed before the call); False: it is no longer ours."""
    with desk.transaction() as session:
        return job_store.to_sending(
            session, run_id=ticket.run_id, owner=ticket.owner, now=desk.now(), lease=SEND_LEASE
        )


def finish(
    desk: Desk,
    ticket: Ticket,
    outcome: str,
    error: str = "",
    *,
    retry_after: timedelta = RETRY_AFTER,
) -> str | None:
    """Record how the send ended (sent, retry, failed, uncertain); the run's new state."""
    now = desk.now()
    ids: dict[str, Any] = {"run_id": ticket.run_id, "owner": ticket.owner}
    with desk.transaction() as session:
        if outcome == "sent":
            return "sent" if job_store.mark_sent(session, **ids, now=now) else None
        if outcome == "retry":
            return job_store.mark_retry(
                session, **ids, now=now, error=error, retry_at=now + retry_after,
                max_attempts=MAX_ATTEMPTS,
            )  # fmt: skip
        if outcome == "failed":
            found = job_store.mark_failed(session, **ids, now=now, error=error)
            return "failed" if found else None
        found = job_store.mark_uncertain(session, **ids, now=now, error=error)
        return "uncertain" if found else None


def sweep(desk: Desk) -> list[RunRecord]:
    """Runs whose owner died mid-send, now uncertain: logged, shown in status, not resent."""
    with desk.transaction() as session:
        found = job_store.expire_sending(session, now=desk.now())
    for run in found:
        logger.warning(
            "job %s %s for chat %s may or may not have been sent (its sender stopped); "
            "not sending it again", run.job, run.period, run.chat_id,
        )  # fmt: skip
    return found


def due_summaries(desk: Desk, now: datetime | None = None) -> list[DueRun]:
    """The latest summary periods at now (claims decide which still need sending)."""
    if not desk.config.summary_chats:
        return []
    return due(now or desk.now(), desk.config.schedule())


def summary_report(desk: Desk, run: DueRun) -> Report:
    """The summary of a due period, with a marker line when it is sent late."""
    report = scheduled(desk, run.job, run.period, at=run.at)
    if not run.late:
        return report
    when = run.at.astimezone(desk.config.tz).strftime("%Y-%m-%d %H:%M")
    marker = t(desk.config.locale, "jobs.late", at=when)
    return Report(f"{marker}\n{report.text}", report.png)


def status(desk: Desk, *, actor: Actor, limit: int = 30) -> list[RunRecord]:
    """The latest job runs, newest first, for `/summary status`."""
    with desk.transaction() as session:
        access.require(session, actor, "view_jobs", desk.floors)
        return job_store.list_runs(session, limit=limit)
