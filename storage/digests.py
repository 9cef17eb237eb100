"""Digest aggregates: the scripts asked for most, the unmatched, uses and credited leads."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import Inquiry
from storage.summaries import Span, inquiries_in


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
