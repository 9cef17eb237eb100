"""Customer threads: a customer's messages in a row, and each operator's current one.

A thread outlives the operator's pointer to it: idling or starting a new customer only
moves the pointer (current_threads), so a thread can be resumed a day later.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage.errors import NotFound
from storage.models import AccountRow, CurrentThread, Inquiry, Thread
from storage.records import ThreadRecord
from storage.types import require_aware


def start_thread(session: Session, *, operator_id: int, account_id: int, now: datetime) -> int:
    """A new, empty thread that becomes the operator's current one for the account."""
    now = require_aware(now, "now")
    row = Thread(
        account_id=account_id, operator_id=operator_id, messages=0, created_at=now, last_at=now
    )
    session.add(row)
    session.flush()
    point(session, operator_id=operator_id, account_id=account_id, thread_id=row.id, now=now)
    return row.id


def point(
    session: Session, *, operator_id: int, account_id: int, thread_id: int, now: datetime
) -> None:
    """Make a thread the operator's current one for the account, active from now (upsert)."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    now = require_aware(now, "now")
    values = {"operator_id": operator_id, "account_id": account_id, "thread_id": thread_id}
    statement = insert(CurrentThread).values(**values, pointed_at=now)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["operator_id", "account_id"],
            set_={"thread_id": thread_id, "pointed_at": now},
        )
    )


def unpoint(session: Session, *, operator_id: int, account_id: int) -> None:
    """Forget the operator's current thread for the account (the next paste starts one)."""
    session.execute(
        delete(CurrentThread).where(
            CurrentThread.operator_id == operator_id, CurrentThread.account_id == account_id
        )
    )


def current_thread(
    session: Session, *, operator_id: int, account_id: int, active_since: datetime
) -> int | None:
    """The operator's current thread, unless idle (no message, no resume) since before."""
    since = require_aware(active_since, "active_since")
    query = (
        select(Thread.id)
        .join(CurrentThread, CurrentThread.thread_id == Thread.id)
        .where(
            CurrentThread.operator_id == operator_id,
            CurrentThread.account_id == account_id,
            or_(Thread.last_at >= since, CurrentThread.pointed_at >= since),
        )
    )
    return session.scalar(query)


def append(session: Session, *, thread_id: int, now: datetime) -> int:
    """Count one more message in the thread; returns its position (1 for the first).

    One UPDATE ... RETURNING: the row lock it takes serialises two processes pasting
    into the same thread, so two messages never get the same position.
    """
    position = session.scalar(
        update(Thread)
        .where(Thread.id == thread_id)
        .values(messages=Thread.messages + 1, last_at=require_aware(now, "now"))
        .returning(Thread.messages)
    )
    if position is None:
        raise NotFound(f"no thread with id {thread_id}", "no_thread", thread=thread_id)
    return position


def thread_facts(
    session: Session, *, thread_id: int, upto: int | None = None
) -> list[dict[str, Any]]:
    """The stored facts of the thread's last messages (up to a position), in order."""
    return [facts for _, facts in thread_messages(session, thread_id=thread_id, upto=upto)]


def thread_messages(
    session: Session, *, thread_id: int, upto: int | None = None, last: int = 50
) -> list[tuple[str, dict[str, Any]]]:
    """(text, facts) of the last messages of a thread (up to a position), in order.

    Bounded: an operator who never starts a new customer must not make every paste
    read an ever longer thread.
    """
    query = select(Inquiry.text, Inquiry.facts).where(Inquiry.thread_id == thread_id)
    if upto is not None:
        query = query.where(Inquiry.position <= upto)
    query = query.order_by(Inquiry.position.desc(), Inquiry.id.desc()).limit(last)
    rows = session.execute(query).all()
    return [(text, facts or {}) for text, facts in reversed(rows)]


def get_thread(session: Session, *, thread_id: int) -> ThreadRecord:
    """One thread; NotFound if there is none."""
    found = _records(session, select_threads().where(Thread.id == thread_id))
    if not found:
        raise NotFound(f"no thread with id {thread_id}", "no_thread", thread=thread_id)
    return found[0]


def recent_threads(
    session: Session, *, operator_id: int, account_id: int | None = None, limit: int = 10
) -> list[ThreadRecord]:
    """The operator's threads with messages, most recently active first."""
    query = select_threads().where(Thread.operator_id == operator_id, Thread.messages > 0)
    if account_id is not None:
        query = query.where(Thread.account_id == account_id)
    return _records(session, query.order_by(Thread.last_at.desc(), Thread.id.desc()).limit(limit))


def tie_lead(session: Session, *, thread_id: int, lead_id: int) -> None:
    """Record that a lead was logged from this thread."""
    session.execute(update(Thread).where(Thread.id == thread_id).values(lead_id=lead_id))


def thread_of_lead(session: Session, *, lead_id: int) -> int | None:
    """The thread a lead was logged from, if any."""
    return session.scalar(select(Thread.id).where(Thread.lead_id == lead_id).limit(1))


def last_inquiry(session: Session, *, thread_id: int) -> int | None:
    """The id of the thread's latest message, if any."""
    query = select(Inquiry.id).where(Inquiry.thread_id == thread_id)
    return session.scalar(query.order_by(Inquiry.position.desc(), Inquiry.id.desc()).limit(1))


def select_threads() -> Any:
    """Threads with their account code and first message."""
    first = (
        select(Inquiry.text)
        .where(Inquiry.thread_id == Thread.id, Inquiry.position == 1)
        .limit(1)
        .scalar_subquery()
    )
    return select(Thread, AccountRow.code, first).join(
        AccountRow, AccountRow.id == Thread.account_id
    )


def _records(session: Session, query: Any) -> list[ThreadRecord]:
    rows: Sequence[Any] = session.execute(query).all()
    return [_record(t, code, text or "") for t, code, text in rows]


def _record(row: Thread, code: str, first_text: str) -> ThreadRecord:
    return ThreadRecord(
        row.id, row.account_id, code, row.operator_id, row.messages, row.lead_id,
        row.created_at, row.last_at, first_text,
    )  # fmt: skip
