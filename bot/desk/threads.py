"""Customer threads: which thread a paste joins, starting and resuming one."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from bot.desk import access
from bot.desk.context import Actor, Desk
from bot.errors import UsageError
from replies.thread import Facts, ThreadView, fold
from storage import threads as thread_store
from storage.errors import NotFound
from storage.records import ThreadRecord


def joined_thread(session: Session, desk: Desk, *, operator_id: int, account_id: int) -> int:
    """The thread a paste joins: the current one unless idle, else a new one."""
    idle = timedelta(minutes=desk.config.idle_minutes)
    found = thread_store.current_thread(
        session, operator_id=operator_id, account_id=account_id, active_since=desk.now() - idle
    )
    if found is not None:
        return found
    return thread_store.start_thread(
        session, operator_id=operator_id, account_id=account_id, now=desk.now()
    )


def view_of(session: Session, thread_id: int, upto: int | None = None) -> ThreadView:
    """The thread folded from its stored messages (up to a position)."""
    facts = thread_store.thread_facts(session, thread_id=thread_id, upto=upto)
    return fold(Facts.from_json(f) for f in facts)


def new_thread(desk: Desk, *, actor: Actor, account: str) -> None:
    """Start a new customer: the next paste opens a fresh thread (the old one is kept)."""
    with desk.transaction() as session:
        operator = access.require(session, actor, "paste", floors=desk.floors)
        thread_store.unpoint(
            session, operator_id=operator.id, account_id=desk.account_id(session, account)
        )


def recent_threads(
    desk: Desk, *, actor: Actor, account: str | None = None, limit: int = 10
) -> list[ThreadRecord]:
    """The actor's recent threads, most recently active first."""
    with desk.transaction() as session:
        operator = access.require(session, actor, "paste", floors=desk.floors)
        account_id = desk.existing_account_id(session, account) if account else None
        return thread_store.recent_threads(
            session, operator_id=operator.id, account_id=account_id, limit=limit
        )


def resume_thread(desk: Desk, thread_id: int, *, actor: Actor) -> tuple[ThreadRecord, ThreadView]:
    """Make one of the actor's threads current again (leads and admins: anyone's)."""
    with desk.transaction() as session:
        operator = access.require(session, actor, "paste", floors=desk.floors)
        try:
            thread = thread_store.get_thread(session, thread_id=thread_id)
        except NotFound:
            raise UsageError(f"no thread {thread_id}", "no_thread", thread=thread_id) from None
        if thread.operator_id != operator.id:
            access.require(session, actor, "update_any_lead", floors=desk.floors)
        thread_store.point(
            session, operator_id=operator.id, account_id=thread.account_id, thread_id=thread.id,
            now=desk.now(),
        )  # fmt: skip
        return thread, view_of(session, thread.id)
