"""Finding leads: by contact or nickname, by day range, and earlier duplicates."""

from __future__ import annotations

import logging
from datetime import date, datetime

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from storage.models import Lead
from storage.records import LeadRecord, lead_record
from storage.sqlutil import like_pattern
from storage.types import clean_text, require_aware

logger = logging.getLogger(__name__)

SEARCH_LIMIT = 50


def find_leads(
    session: Session, *, query: str, account_id: int | None = None, limit: int = SEARCH_LIMIT
) -> list[LeadRecord]:
    """Leads whose phone, WeChat, nickname or clue number contains query; exact ones first."""
    text = clean_text(query).strip()  # as the stored values were cleaned (lead_fields)
    if not text:
        return []
    columns = (Lead.phone, Lead.wechat, Lead.red_nickname, Lead.clue_number)
    pattern = like_pattern(text)
    select_ = select(Lead).where(or_(*(c.ilike(pattern, escape="\\") for c in columns)))
    if account_id is not None:
        select_ = select_.where(Lead.account_id == account_id)
    select_ = select_.order_by(Lead.created_at.desc(), Lead.id.desc()).limit(limit)
    rows = list(session.scalars(select_))
    rows.sort(key=lambda row: not _exact(row, text.casefold()))  # stable: keeps recency
    return [lead_record(row) for row in rows]


def _exact(row: Lead, folded: str) -> bool:
    values = (row.phone, row.wechat, row.red_nickname, row.clue_number)
    return any(value is not None and value.casefold() == folded for value in values)


def list_leads(
    session: Session,
    *,
    account_id: int | None = None,
    day_from: date | None = None,
    day_to: date | None = None,
) -> list[LeadRecord]:
    """Leads by local day (both ends inclusive), in clue-number order."""
    query = select(Lead)
    if account_id is not None:
        query = query.where(Lead.account_id == account_id)
    if day_from is not None:
        query = query.where(Lead.local_day >= day_from)
    if day_to is not None:
        query = query.where(Lead.local_day <= day_to)
    query = query.order_by(Lead.local_day, Lead.account_id, Lead.seq)
    return [lead_record(row) for row in session.scalars(query)]


def find_duplicates(
    session: Session,
    *,
    account_id: int,
    phone: str | None,
    wechat: str | None,
    red_nickname: str | None,
    since: datetime,
    exclude: str | None = None,
) -> list[str]:
    """Clue numbers of this account's leads since a moment sharing a phone, WeChat or nickname."""
    matches = _same_contact(phone, wechat, red_nickname)
    if not matches:
        return []
    query = select(Lead.clue_number).where(
        Lead.account_id == account_id,
        Lead.created_at >= require_aware(since, "since"),
        or_(*matches),
    )
    if exclude is not None:
        query = query.where(Lead.clue_number != exclude)
    return list(session.scalars(query.order_by(Lead.created_at, Lead.id)))


def _same_contact(
    phone: str | None, wechat: str | None, red_nickname: str | None
) -> list[ColumnElement[bool]]:
    pairs = ((Lead.phone, phone), (Lead.wechat, wechat), (Lead.red_nickname, red_nickname))
    # Cleaned as add_lead will store them; blank values would match every lead lacking one.
    cleaned = [(column, clean_text(value).strip()) for column, value in pairs if value]
    return [column == value for column, value in cleaned if value]
