"""Aggregates for summaries: GROUP BY queries over a span of time, never all rows loaded.

A ``Span`` is a moment range [start, end) in UTC plus the local days it touches; the days
let the queries use the (local_day, created_at, ...) indexes, the moments cut a partial day.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, and_, distinct, func, select
from sqlalchemy.orm import Session, aliased

from storage.models import AccountRow, Inquiry, Lead, LeadEvent, Operator, SuggestionRow, Thread
from storage.types import require_aware

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Span:
    """Moments start <= t < end (UTC), within local days day_from..day_to (inclusive)."""

    start: datetime
    end: datetime
    day_from: date
    day_to: date


@dataclass(frozen=True, slots=True)
class Count:
    """One group of a breakdown: account code, operator name, category, city; and a count."""

    account: str
    operator: str
    category: str | None
    city: str | None
    count: int


@dataclass(frozen=True, slots=True)
class Usage:
    """Inquiries answered with a used suggestion; threads given a hook, and those with a lead."""

    used: int
    hooked: int
    hooked_leads: int


@dataclass(frozen=True, slots=True)
class DayCount:
    """Inquiries and leads of one account on one local day."""

    day: date
    account: str
    inquiries: int
    leads: int


def inquiry_counts(session: Session, *, span: Span, account_id: int | None = None) -> list[Count]:
    """Inquiries per account, operator and category (None: unmatched)."""
    query = select(Inquiry.account_id, Inquiry.operator_id, Inquiry.category, func.count())
    query = inquiries_in(query, span, account_id)
    names = _Names.of(session)
    rows = session.execute(
        query.group_by(Inquiry.account_id, Inquiry.operator_id, Inquiry.category)
    )
    return [Count(names.account(a), names.operator(o), c, None, n) for a, o, c, n in rows]


def lead_counts(session: Session, *, span: Span, account_id: int | None = None) -> list[Count]:
    """Leads per account, operator, category of their thread's first inquiry, and city."""
    category = _FIRST_CATEGORY
    query = (
        select(Lead.account_id, Lead.operator_id, category, Lead.city, func.count())
        .where(*leads_in(span, account_id))
        .group_by(Lead.account_id, Lead.operator_id, category, Lead.city)
    )
    names = _Names.of(session)
    rows = session.execute(query)
    return [Count(names.account(a), names.operator(o), c, t, n) for a, o, c, t, n in rows]


def usage(session: Session, *, span: Span, account_id: int | None = None) -> Usage:
    """Suggestion use and hook conversion of the inquiries shown in the span."""
    shown = [SuggestionRow.created_at >= span.start, SuggestionRow.created_at < span.end]
    shown.append(SuggestionRow.used.is_(True))
    if account_id is not None:
        shown.append(SuggestionRow.account_id == account_id)
    used = session.scalar(select(func.count(distinct(SuggestionRow.inquiry_id))).where(*shown))
    with_lead = func.count(distinct(Thread.id)).filter(Thread.lead_id.is_not(None))
    hooks = (
        select(func.count(distinct(Thread.id)), with_lead)
        .select_from(SuggestionRow)
        .join(Inquiry, Inquiry.id == SuggestionRow.inquiry_id)
        .join(Thread, Thread.id == Inquiry.thread_id)
        .where(*shown, SuggestionRow.hook.is_not(None))
    )
    hooked, hooked_leads = session.execute(hooks).one()
    return Usage(used or 0, hooked or 0, hooked_leads or 0)


def won_deals(session: Session, *, span: Span, account_id: int | None = None) -> tuple[int, int]:
    """Leads moved to won within the span, and the sum of their deal values."""
    won = select(LeadEvent.lead_id).where(
        LeadEvent.created_at >= span.start, LeadEvent.created_at < span.end,
        LeadEvent.kind == "status", LeadEvent.new_status == "won",
    )  # fmt: skip
    query = select(func.count(), func.coalesce(func.sum(Lead.deal_value), 0)).where(
        Lead.id.in_(won)
    )
    if account_id is not None:
        query = query.where(Lead.account_id == account_id)
    count, value = session.execute(query).one()
    return int(count), int(value or 0)


def daily_counts(
    session: Session, *, day_from: date, day_to: date, account_id: int | None = None
) -> list[DayCount]:
    """Inquiries and leads per local day and account (days inclusive; empty days absent)."""
    found: dict[tuple[date, int], list[int]] = {}
    columns = ((Inquiry.local_day, Inquiry.account_id), (Lead.local_day, Lead.account_id))
    for index, (day_column, account_column) in enumerate(columns):
        query = select(day_column, account_column, func.count()).where(
            day_column >= day_from, day_column <= day_to
        )
        if account_id is not None:
            query = query.where(account_column == account_id)
        for day, account, count in session.execute(query.group_by(day_column, account_column)):
            found.setdefault((day, account), [0, 0])[index] = count
    names = _Names.of(session)
    return [
        DayCount(day, names.account(account), counts[0], counts[1])
        for (day, account), counts in sorted(found.items())
    ]


def inquiries_in(query: Select, span: Span, account_id: int | None) -> Select:
    """The query limited to inquiries in the span (and account)."""
    query = query.where(
        *_days(Inquiry.local_day, span),
        Inquiry.created_at >= require_aware(span.start, "start"),
        Inquiry.created_at < require_aware(span.end, "end"),
    )  # fmt: skip
    return query if account_id is None else query.where(Inquiry.account_id == account_id)


def leads_in(span: Span, account_id: int | None) -> list[Any]:
    """Conditions for leads in the span (and account)."""
    found = [
        *_days(Lead.local_day, span),
        Lead.created_at >= require_aware(span.start, "start"),
        Lead.created_at < require_aware(span.end, "end"),
    ]  # fmt: skip
    return found if account_id is None else [*found, Lead.account_id == account_id]


def _days(column: Any, span: Span) -> list[Any]:
    # One day as an equality: the index then reads the day in group order (no sort).
    if span.day_from == span.day_to:
        return [column == span.day_from]
    return [column >= span.day_from, column <= span.day_to]


def _first_category_of_lead() -> Any:
    """The category of the first message of the lead's thread, else of its own inquiry."""
    own, first = aliased(Inquiry), aliased(Inquiry)
    first_of_thread = (
        select(first.category)
        .join(own, and_(own.id == Lead.inquiry_id, first.thread_id == own.thread_id))
        .where(first.position == 1)
        .limit(1)
        .correlate(Lead)
        .scalar_subquery()
    )
    fallback = select(own.category).where(own.id == Lead.inquiry_id).correlate(Lead)
    return func.coalesce(first_of_thread, fallback.scalar_subquery())


# Built once: constructing aliased subqueries costs more than running them on a day's rows.
_FIRST_CATEGORY = _first_category_of_lead()


class _Names:
    """Account codes and operator names by id: two small tables, read once per transaction."""

    @classmethod
    def of(cls, session: Session) -> _Names:
        """The names, read once per session (a use case opens one per transaction)."""
        found = session.info.get("summary_names")
        if not isinstance(found, cls):
            found = session.info["summary_names"] = cls(session)
        return found

    def __init__(self, session: Session) -> None:
        self._accounts = {
            i: code for i, code in session.execute(select(AccountRow.id, AccountRow.code))
        }
        named = session.execute(select(Operator.id, Operator.display_name))
        self._operators = {i: name for i, name in named}

    def account(self, account_id: int) -> str:
        return self._accounts.get(account_id, "?")

    def operator(self, operator_id: int | None) -> str:
        return self._operators.get(operator_id, "") if operator_id is not None else ""
