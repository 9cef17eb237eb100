"""Job runs: a scheduled send claimed once per (job, period, chat), with a lease.

The protocol, each step its own committed transaction: claim (or take over an expired
claim) -> to_sending just before the Bot API call -> sent, or back to claimed for a
retry, or failed, or uncertain. A lease that expires while *claimed* means the owner
died before sending: another process may take it over. One that expires while
*sending* means the message may have gone out: it is reported, never sent again.

Every step is one conditional statement whose WHERE names the state (and owner) it
expects. On PostgreSQL a rival UPDATE of the same row waits for the row lock and then
re-checks its WHERE against the committed row, so only one of two racers matches; on
SQLite every write transaction starts with BEGIN IMMEDIATE, so writers run one by one.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage.models import JobRun
from storage.types import require_aware

ERROR_LIMIT = 500


@dataclass(frozen=True, slots=True)
class RunRecord:
    """One job run as stored."""

    id: int
    job: str
    period: str
    chat_id: int
    state: str
    owner: str | None
    lease_until: datetime | None
    attempts: int
    late: bool
    error: str | None
    scheduled_at: datetime | None
    created_at: datetime
    updated_at: datetime
    sent_at: datetime | None


_COLUMNS = tuple(JobRun.__table__.columns)


def _record(row: Any) -> RunRecord:
    return RunRecord(**{column.name: row._mapping[column] for column in _COLUMNS})


def _insert(session: Session) -> Any:
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


def claim(
    session: Session,
    *,
    job: str,
    period: str,
    chat_id: int,
    owner: str,
    now: datetime,
    lease: timedelta,
    late: bool = False,
    scheduled_at: datetime | None = None,
) -> RunRecord | None:
    """The new run if this transaction is the first to claim it; None if it exists.

    INSERT … ON CONFLICT DO NOTHING RETURNING: a second inserter of the same key waits for
    the first to commit and then inserts nothing, so exactly one of them gets the row.
    """
    now = require_aware(now, "now")
    statement = (
        _insert(session)(JobRun)
        .values(
            job=job,
            period=period,
            chat_id=chat_id,
            state="claimed",
            owner=owner,
            lease_until=now + lease,
            attempts=0,
            late=late,
            scheduled_at=scheduled_at,
            created_at=now,
            updated_at=now,
        )
        .on_conflict_do_nothing(index_elements=["job", "period", "chat_id"])
        .returning(*_COLUMNS)
    )
    row = session.execute(statement).first()
    return _record(row) if row is not None else None


def take_over(
    session: Session,
    *,
    job: str,
    period: str,
    chat_id: int,
    owner: str,
    now: datetime,
    lease: timedelta,
) -> RunRecord | None:
    """The run, now ours, if it is claimed and its lease has expired (a dead owner, a retry)."""
    now = require_aware(now, "now")
    statement = (
        update(JobRun)
        .where(
            JobRun.job == job,
            JobRun.period == period,
            JobRun.chat_id == chat_id,
            JobRun.state == "claimed",
            JobRun.lease_until < now,
        )
        .values(owner=owner, lease_until=now + lease, updated_at=now)
        .returning(*_COLUMNS)
        .execution_options(synchronize_session=False)
    )
    row = session.execute(statement).first()
    return _record(row) if row is not None else None


def to_sending(
    session: Session, *, run_id: int, owner: str, now: datetime, lease: timedelta
) -> bool:
    """Move our claimed run to sending (commit before the call); False if it is not ours."""
    now = require_aware(now, "now")
    return _step(
        session, run_id, owner, ("claimed",),
        state="sending", lease_until=now + lease, attempts=JobRun.attempts + 1, updated_at=now,
    )  # fmt: skip


def mark_sent(session: Session, *, run_id: int, owner: str, now: datetime) -> bool:
    """The send arrived (also after a sweep called it uncertain: now we know)."""
    now = require_aware(now, "now")
    return _step(
        session, run_id, owner, ("sending", "uncertain"),
        state="sent", sent_at=now, updated_at=now, lease_until=None, error=None,
    )  # fmt: skip


def mark_retry(
    session: Session,
    *,
    run_id: int,
    owner: str,
    now: datetime,
    error: str,
    retry_at: datetime,
    max_attempts: int,
) -> str | None:
    """A send that cannot have reached Telegram: claimed again until retry_at, or failed
    after max_attempts. The new state, or None if the run was not ours to change."""
    now = require_aware(now, "now")
    statement = (
        update(JobRun)
        .where(JobRun.id == run_id, JobRun.owner == owner, JobRun.state == "sending")
        .values(
            state=case((JobRun.attempts >= max_attempts, "failed"), else_="claimed"),
            lease_until=require_aware(retry_at, "retry_at"),
            error=error[:ERROR_LIMIT],
            updated_at=now,
        )
        .returning(JobRun.state)
        .execution_options(synchronize_session=False)
    )
    return session.execute(statement).scalar()


def mark_failed(session: Session, *, run_id: int, owner: str, now: datetime, error: str) -> bool:
    """A send Telegram refused for good (the bot was removed from the chat, a bad request)."""
    now = require_aware(now, "now")
    return _step(
        session, run_id, owner, ("sending", "claimed"),
        state="failed", error=error[:ERROR_LIMIT], lease_until=None, updated_at=now,
    )  # fmt: skip


def mark_uncertain(session: Session, *, run_id: int, owner: str, now: datetime, error: str) -> bool:
    """A send that timed out: it may have arrived, so it is never repeated."""
    now = require_aware(now, "now")
    return _step(
        session, run_id, owner, ("sending",),
        state="uncertain", error=error[:ERROR_LIMIT], lease_until=None, updated_at=now,
    )  # fmt: skip


def expire_sending(session: Session, *, now: datetime) -> list[RunRecord]:
    """Runs whose owner died while sending: marked uncertain (reported, not resent)."""
    now = require_aware(now, "now")
    statement = (
        update(JobRun)
        .where(JobRun.state == "sending", JobRun.lease_until < now)
        .values(state="uncertain", error="lease expired while sending", updated_at=now)
        .returning(*_COLUMNS)
        .execution_options(synchronize_session=False)
    )
    return [_record(row) for row in session.execute(statement).all()]


def list_runs(session: Session, *, job: str | None = None, limit: int = 30) -> list[RunRecord]:
    """The latest runs, newest first (all jobs, or one)."""
    query = select(*_COLUMNS)
    if job is not None:
        query = query.where(JobRun.job == job)
    query = query.order_by(JobRun.updated_at.desc(), JobRun.id.desc()).limit(limit)
    return [_record(row) for row in session.execute(query).all()]


def get_run(session: Session, *, job: str, period: str, chat_id: int) -> RunRecord | None:
    """One run by its key, if it exists."""
    query = select(*_COLUMNS).where(
        JobRun.job == job, JobRun.period == period, JobRun.chat_id == chat_id
    )
    row = session.execute(query).first()
    return _record(row) if row is not None else None


def settled(session: Session, *, job: str, periods: Collection[str]) -> set[str]:
    """Of these periods, those whose run is over for good (sent, failed or uncertain).

    Lets a tick skip building what no process will send again; a claimed or sending run
    is not settled (its lease may lapse and be taken over).
    """
    if not periods:
        return set()
    query = select(JobRun.period).where(
        JobRun.job == job,
        JobRun.period.in_(list(periods)),
        JobRun.state.in_(("sent", "failed", "uncertain")),
    )
    return set(session.scalars(query))


def _step(
    session: Session, run_id: int, owner: str, states: tuple[str, ...], **values: Any
) -> bool:
    statement = (
        update(JobRun)
        .where(JobRun.id == run_id, JobRun.owner == owner, JobRun.state.in_(states))
        .values(**values)
        .returning(JobRun.id)
        .execution_options(synchronize_session=False)
    )
    return session.execute(statement).scalar() is not None
