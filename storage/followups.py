"""Threads waiting for the customer, and their re-activation state (round, next due).

A thread waits when its last used suggestion (our reply) is later than its last inquiry
(the customer's message). Its ``followups`` row belongs to one customer message, the
anchor: when the customer writes again the row no longer applies, and the thread is
read as fresh (round 0) until a button writes a row for the new anchor.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage.models import AccountRow, Followup, Inquiry, Lead, Operator, SuggestionRow, Thread
from storage.types import require_aware

AWAITING = "awaiting_reply"


@dataclass(frozen=True, slots=True)
class Waiting:
    """A thread whose last message was ours, with its lead and follow-up state."""

    thread_id: int
    account_code: str
    operator_id: int
    operator_handle: str
    clue_number: str | None
    lead_status: str | None
    replied_at: datetime  # our last reply (a used suggestion)
    anchor: int  # the customer's last message (inquiries.id)
    round: int
    step: int
    state: str  # active | cold | closed
    next_due: datetime | None  # None: our reply + after_hours
    snoozed_until: datetime | None


def waiting(
    session: Session,
    *,
    operator_id: int | None = None,
    thread_id: int | None = None,
    states: tuple[str, ...] = ("active",),
    since: datetime | None = None,
) -> list[Waiting]:
    """Threads whose last message was ours, lead absent or awaiting reply, in these states.

    ``since``: only threads we answered with a suggestion shown since then, or whose
    follow-up is in one of ``states`` (a reopened thread). Without it every thread of the
    database is aggregated (seconds on millions of inquiries, and a flood of reminders
    about long-gone customers); listings and the scheduler always pass it.
    """
    replies = (
        select(Inquiry.thread_id.label("thread_id"), func.max(SuggestionRow.used_at).label("at"))
        .join(Inquiry, Inquiry.id == SuggestionRow.inquiry_id)
        .where(SuggestionRow.used, Inquiry.thread_id.is_not(None))
    )
    if thread_id is not None:
        replies = replies.where(Inquiry.thread_id == thread_id)
    elif since is not None:  # the (created_at, used, inquiry_id) index serves the range
        recent = (
            select(Inquiry.thread_id)
            .join(SuggestionRow, SuggestionRow.inquiry_id == Inquiry.id)
            .where(SuggestionRow.created_at >= require_aware(since, "since"), SuggestionRow.used)
        )
        followed = select(Followup.thread_id).where(Followup.state.in_(states))
        replies = replies.where(Inquiry.thread_id.in_(recent.union(followed)))
    replied = replies.group_by(Inquiry.thread_id).subquery()
    asked = (
        select(
            Inquiry.thread_id.label("thread_id"),
            func.max(Inquiry.created_at).label("at"),
            func.max(Inquiry.id).label("last_id"),
        )
        .where(Inquiry.thread_id.in_(select(replied.c.thread_id)))
        .group_by(Inquiry.thread_id)
        .subquery()
    )
    query = (
        select(
            Thread.id,
            AccountRow.code,
            Thread.operator_id,
            Operator.handle,
            Lead.clue_number,
            Lead.status,
            replied.c.at,
            asked.c.last_id,
            Followup,
        )
        .join(replied, replied.c.thread_id == Thread.id)
        .join(asked, asked.c.thread_id == Thread.id)
        .join(AccountRow, AccountRow.id == Thread.account_id)
        .join(Operator, Operator.id == Thread.operator_id)
        .outerjoin(Lead, Lead.id == Thread.lead_id)
        .outerjoin(Followup, Followup.thread_id == Thread.id)
        .where(replied.c.at >= asked.c.at, or_(Lead.id.is_(None), Lead.status == AWAITING))
    )
    if operator_id is not None:
        query = query.where(Thread.operator_id == operator_id)
    if thread_id is not None:
        query = query.where(Thread.id == thread_id)
    found = [_waiting(row) for row in session.execute(query.order_by(Thread.id)).all()]
    return [w for w in found if w.state in states]


def _waiting(row: Any) -> Waiting:
    thread_id, code, operator_id, handle, clue, status, at, anchor, state = row
    base = (thread_id, code, operator_id, handle, clue, status, at, anchor)
    if state is None or state.anchor != anchor:  # none yet, or about an older message
        return Waiting(*base, 0, 0, "active", None, None)
    return Waiting(*base, state.round, state.step, state.state, state.next_due,
                   state.snoozed_until)  # fmt: skip


def save(
    session: Session,
    *,
    thread_id: int,
    anchor: int,
    step: int,
    round: int,
    state: str,
    next_due: datetime | None,
    snoozed_until: datetime | None,
    now: datetime,
) -> bool:
    """Write the follow-up state read at (anchor, step) as step + 1; False if it moved.

    Compare-and-set: a row for this anchor must still be at ``step``; a missing row or
    one about an older message is replaced. Two presses of one button both read the same
    step, and only the first one's write matches.
    """
    now = require_aware(now, "now")
    values = {"anchor": anchor, "round": round, "state": state, "next_due": next_due,
              "snoozed_until": snoozed_until, "updated_at": now}  # fmt: skip
    if step > 0:
        moved = session.execute(
            update(Followup)
            .where(
                Followup.thread_id == thread_id, Followup.anchor == anchor, Followup.step == step
            )
            .values(**values, step=step + 1)
            .returning(Followup.thread_id)
            .execution_options(synchronize_session=False)
        )
        return moved.scalar() is not None
    dialect = session.get_bind().dialect.name
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(Followup)
    statement = insert.values(thread_id=thread_id, step=1, **values).on_conflict_do_update(
        index_elements=["thread_id"],
        set_={**values, "step": Followup.step + 1},
        where=Followup.anchor != anchor,  # only a row about an older message is replaced
    )
    return session.execute(statement.returning(Followup.thread_id)).scalar() is not None
