"""Counts for summaries: inquiries per category, leads per account, status, day ..."""

from __future__ import annotations

import logging
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.errors import InvalidValue
from storage.models import AccountRow, Inquiry, Lead, Operator
from storage.types import require_aware

logger = logging.getLogger(__name__)

LEAD_GROUPS = ("account", "status", "source", "operator", "day")


def counts_by_category(
    session: Session, *, since: datetime, until: datetime, account_id: int | None = None
) -> dict[str | None, int]:
    """Inquiries per category with since <= created_at < until (None: unmatched)."""
    query = select(Inquiry.category, func.count()).where(
        Inquiry.created_at >= require_aware(since, "since"),
        Inquiry.created_at < require_aware(until, "until"),
    )
    if account_id is not None:
        query = query.where(Inquiry.account_id == account_id)
    rows = session.execute(query.group_by(Inquiry.category))
    return {category: count for category, count in rows}


def lead_counts(
    session: Session,
    *,
    day_from: date,
    day_to: date,
    account_id: int | None = None,
    by: str = "account",
) -> dict[str, int]:
    """Leads per account code (or status, source, operator handle, ISO day), days inclusive."""
    if by not in LEAD_GROUPS:
        choices = ", ".join(LEAD_GROUPS)
        raise InvalidValue(f"cannot count leads by {by!r}; expected one of {choices}")
    key = {
        "account": AccountRow.code,
        "status": Lead.status,
        "source": Lead.source,
        "operator": func.coalesce(Operator.handle, ""),
        "day": Lead.local_day,
    }[by]
    query = (
        select(key, func.count(Lead.id))
        .select_from(Lead)
        .join(AccountRow, AccountRow.id == Lead.account_id)
        .outerjoin(Operator, Operator.id == Lead.operator_id)
        .where(Lead.local_day >= day_from, Lead.local_day <= day_to)
    )
    if account_id is not None:
        query = query.where(Lead.account_id == account_id)
    rows = session.execute(query.group_by(key))
    return {_text(value): count for value, count in rows}


def _text(value: object) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)
