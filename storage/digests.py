"""Digest aggregates: the scripts asked for most, the unmatched, uses and credited leads."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from storage.models import Inquiry, Lead, SuggestionRow
from storage.summaries import Span, inquiries_in, leads_in


def top_scripts(
    session: Session, *, span: Span, account_id: int | None = None, limit: int = 5
) -> list[tuple[str, str | None, int]]:
    """The scripts customers' inquiries matched most often: (script id, category, count)."""
    count = func.count()
    query = select(Inquiry.script_id, Inquiry.category, count).where(Inquiry.script_id.is_not(None))
    query = inquiries_in(query, span, account_id).group_by(Inquiry.script_id, Inquiry.category)
    rows = session.execute(query.order_by(count.desc(), Inquiry.script_id).limit(limit))
    return [(script or "", category, n) for script, category, n in rows]


def unmatched(
    session: Session, *, span: Span, account_id: int | None = None, limit: int = 5
) -> tuple[int, list[str]]:
    """How many inquiries matched nothing, and the latest few texts (as stored)."""
    count = inquiries_in(select(func.count()), span, account_id).where(Inquiry.category.is_(None))
    latest = inquiries_in(select(Inquiry.text), span, account_id).where(Inquiry.category.is_(None))
    texts = session.scalars(latest.order_by(Inquiry.created_at.desc()).limit(limit))
    return session.scalar(count) or 0, list(texts)


def script_uses(session: Session, *, span: Span, account_id: int | None = None) -> dict[str, int]:
    """Used suggestions per script, shown within the span."""
    query = select(SuggestionRow.script_id, func.count()).where(
        SuggestionRow.created_at >= span.start, SuggestionRow.created_at < span.end,
        SuggestionRow.used.is_(True), SuggestionRow.script_id != "",
    )  # fmt: skip
    if account_id is not None:
        query = query.where(SuggestionRow.account_id == account_id)
    return {script: n for script, n in session.execute(query.group_by(SuggestionRow.script_id))}


def lead_scripts(
    session: Session, *, span: Span, account_id: int | None = None
) -> dict[str | None, int]:
    """Leads per script of the last suggestion used in their thread before the lead."""
    lead_inquiry, shown = aliased(Inquiry), aliased(Inquiry)
    last_used = (
        select(SuggestionRow.script_id)
        .join(shown, shown.id == SuggestionRow.inquiry_id)
        .where(
            shown.thread_id == lead_inquiry.thread_id,
            SuggestionRow.used.is_(True),
            SuggestionRow.used_at <= Lead.created_at,
        )
        .order_by(SuggestionRow.used_at.desc(), SuggestionRow.id.desc())
        .limit(1)
        .correlate(Lead, lead_inquiry)
        .scalar_subquery()
    )
    query = (
        select(last_used, func.count())
        .select_from(Lead)
        .join(lead_inquiry, lead_inquiry.id == Lead.inquiry_id)
        .where(*leads_in(span, account_id))
        .group_by(last_used)
    )
    return {script: n for script, n in session.execute(query)}
