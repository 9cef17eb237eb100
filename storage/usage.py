"""Inquiries and the suggestions shown for them: what was shown, what was used."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from storage.errors import NotFound
from storage.models import CHANNELS, AccountRow, Inquiry, SuggestionRow
from storage.records import InquiryRecord, SuggestionRecord, inquiry_record, suggestion_record
from storage.types import clean_text, require_aware, require_choice

logger = logging.getLogger(__name__)

KEY_LIMIT = 500  # the text_key column width
RECENT_WINDOW = 20  # recent_texts looks at limit * RECENT_WINDOW latest rows at most


def log_inquiry(
    session: Session,
    *,
    account_id: int,
    operator_id: int | None,
    channel: str,
    text: str,
    category: str | None,
    script_id: str | None,
    score: float,
    confident: bool,
    local_day: date,
    now: datetime | None = None,
    thread_id: int | None = None,
    position: int | None = None,
    facts: dict[str, Any] | None = None,
) -> int:
    """Record one pasted inquiry (control characters dropped) and its classification; its id.

    ``local_day``: the day the inquiry counts for, in the desk's time zone (as for leads).
    """
    require_choice(channel, CHANNELS, "channel")
    # A broken paste's lone surrogates cannot be encoded by the driver; escapes must not
    # reach a terminal that shows the inquiry later.
    text = clean_text(text, multiline=True)
    created = require_aware(now, "now") if now else datetime.now(UTC)
    row = Inquiry(
        account_id=account_id, operator_id=operator_id, channel=channel, text=text,
        category=category, script_id=script_id, score=score, confident=confident,
        created_at=created, thread_id=thread_id, position=position, facts=facts,
        local_day=local_day,
    )  # fmt: skip
    session.add(row)
    session.flush()
    return row.id


def log_suggestions(
    session: Session,
    *,
    inquiry_id: int,
    account_id: int,
    script_id: str,
    items: Sequence[tuple[str, str]],
    now: datetime | None = None,
    hook: str | None = None,
) -> list[int]:
    """Record the (text, text_key) replies shown for an inquiry, in order; returns ids."""
    created = require_aware(now, "now") if now else _inquiry_time(session, inquiry_id)
    common = {"inquiry_id": inquiry_id, "account_id": account_id, "script_id": script_id}
    common["hook"] = hook
    rows = [
        SuggestionRow(
            **common, position=n, text=text, text_key=storable_key(key), created_at=created
        )
        for n, (text, key) in enumerate(items)
    ]
    session.add_all(rows)
    session.flush()
    return [row.id for row in rows]


def mark_used(session: Session, *, suggestion_id: int, now: datetime) -> SuggestionRecord:
    """Mark a suggestion as sent; the first use time is kept. NotFound if unknown."""
    row = session.get(SuggestionRow, suggestion_id)
    if row is None:
        raise NotFound(f"no suggestion with id {suggestion_id}", "suggestion", id=suggestion_id)
    if not row.used:
        row.used, row.used_at = True, require_aware(now, "now")
        session.flush()
    return suggestion_record(row)


def get_inquiry(session: Session, *, inquiry_id: int) -> InquiryRecord:
    """One logged inquiry; NotFound if there is none."""
    row = session.get(Inquiry, inquiry_id)
    if row is None:
        raise NotFound(f"no inquiry with id {inquiry_id}", "inquiry", id=inquiry_id)
    code = session.scalar(select(AccountRow.code).where(AccountRow.id == row.account_id)) or ""
    return inquiry_record(row, code)


def suggestions_of(session: Session, *, inquiry_id: int) -> list[SuggestionRecord]:
    """Every suggestion shown for an inquiry, oldest first."""
    query = (
        select(SuggestionRow)
        .where(SuggestionRow.inquiry_id == inquiry_id)
        .order_by(SuggestionRow.id)
    )
    return [suggestion_record(row) for row in session.scalars(query)]


def recent_texts(session: Session, *, account_id: int, script_id: str, limit: int) -> list[str]:
    """Distinct texts recently shown for this script: used ones first, newest first."""
    latest = (
        select(SuggestionRow)
        .where(SuggestionRow.account_id == account_id, SuggestionRow.script_id == script_id)
        .order_by(SuggestionRow.created_at.desc(), SuggestionRow.id.desc())
        .limit(max(limit, 1) * RECENT_WINDOW)
        .subquery()
    )
    used = func.max(case((latest.c.used, 1), else_=0))
    seen = func.max(func.coalesce(latest.c.used_at, latest.c.created_at))
    query = (
        select(latest.c.text)
        .group_by(latest.c.text)
        .order_by(used.desc(), seen.desc(), func.max(latest.c.id).desc())
        .limit(limit)
    )
    return list(session.scalars(query))


def used_count_since(session: Session, *, account_id: int, text_key: str, since: datetime) -> int:
    """How many times a text (by key) was used on this account since a moment."""
    query = select(func.count()).where(
        SuggestionRow.account_id == account_id,
        SuggestionRow.text_key == storable_key(text_key),
        SuggestionRow.used_at >= require_aware(since, "since"),
    )
    return session.scalar(query) or 0


def used_counts_since(
    session: Session, *, account_id: int, text_keys: Sequence[str], since: datetime
) -> list[int]:
    """``used_count_since`` for several texts in one query, in the order given."""
    stored = [storable_key(key) for key in text_keys]
    query = (
        select(SuggestionRow.text_key, func.count())
        .where(
            SuggestionRow.account_id == account_id,
            SuggestionRow.text_key.in_(set(stored)),
            SuggestionRow.used_at >= require_aware(since, "since"),
        )
        .group_by(SuggestionRow.text_key)
    )
    counts = {key: count for key, count in session.execute(query)} if stored else {}
    return [counts.get(key, 0) for key in stored]


def storable_key(key: str) -> str:
    """The key as stored: long keys keep a prefix plus a digest, so equality still holds."""
    if len(key) <= KEY_LIMIT:
        return key
    digest = hashlib.sha256(key.encode()).hexdigest()
    return f"{key[: KEY_LIMIT - len(digest) - 1]}#{digest}"


def _inquiry_time(session: Session, inquiry_id: int) -> datetime:
    created = session.scalar(select(Inquiry.created_at).where(Inquiry.id == inquiry_id))
    if created is None:
        raise NotFound(f"no inquiry with id {inquiry_id}")
    return created


def script_counts_since(session: Session, *, script_id: str, since: datetime) -> tuple[int, int]:
    """How often a script's replies were suggested and used (every account) since a moment."""
    since = require_aware(since, "since")
    suggested = select(func.count()).where(
        SuggestionRow.script_id == script_id, SuggestionRow.created_at >= since
    )
    used = select(func.count()).where(
        SuggestionRow.script_id == script_id, SuggestionRow.used_at >= since
    )
    return session.scalar(suggested) or 0, session.scalar(used) or 0
