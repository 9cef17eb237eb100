"""What converts: per script, hook and account, suggested / used / leads / won since a time.

A lead is attributed to the script and hook of the last suggestion used in its thread
(``threads.lead_id``) at or before the lead was logged: the reply that got the contact.
A lead with no used suggestion in its thread is attributed to nothing and counted apart.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Select, SQLColumnExpression, and_, func, select
from sqlalchemy.orm import Session

from storage.models import AccountRow, Inquiry, Lead, SuggestionRow, Thread
from storage.types import require_aware

Key = tuple[str, str | None, str]  # script id, hook, account code


@dataclass(frozen=True, slots=True)
class StatRow:
    """One script's figures with one hook for one account."""

    script_id: str
    hook: str | None
    account: str
    suggested: int = 0  # inquiries answered from the script (more variants not counted again)
    used: int = 0  # suggestions sent to the customer
    leads: int = 0  # leads attributed
    won: int = 0  # of those, won deals
    won_value: int = 0  # their summed deal value


@dataclass(frozen=True, slots=True)
class Figures:
    """Every (script, hook, account) row since a time, and the leads attributed to nothing."""

    rows: tuple[StatRow, ...]
    unattributed: int


def script_figures(
    session: Session,
    *,
    since: datetime,
    until: datetime | None = None,
    account_id: int | None = None,
) -> Figures:
    """Suggested, used, attributed leads and won deals in [since, until), one account or all."""
    window = _Window(require_aware(since, "since"), until and require_aware(until, "until"))
    found: dict[Key, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    code = SuggestionRow.script_id, SuggestionRow.hook, AccountRow.code
    shown = func.count(func.distinct(SuggestionRow.inquiry_id))
    suggested = _grouped(select(*code, shown), window.of(SuggestionRow.created_at), account_id)
    for sid, hook, account, n in session.execute(suggested):
        found[(sid, hook, account)]["suggested"] = n
    used = _grouped(select(*code, func.count()), window.of(SuggestionRow.used_at), account_id)
    for sid, hook, account, n in session.execute(used):
        found[(sid, hook, account)]["used"] = n
    attributed = 0
    for sid, hook, account, status, value in session.execute(_attribution(window, account_id)):
        counts = found[(sid, hook, account)]
        counts["leads"] += 1
        attributed += 1
        if status == "won":
            counts["won"] += 1
            counts["won_value"] += value or 0
    rows = tuple(_row(key, counts) for key, counts in sorted(found.items(), key=_order))
    return Figures(rows, _leads_in(session, window, account_id) - attributed)


@dataclass(frozen=True, slots=True)
class _Window:
    """Moments since <= t (< until, when given)."""

    since: datetime
    until: datetime | None

    def of(self, column: SQLColumnExpression[datetime | None]) -> ColumnElement[bool]:
        """The condition that a column's moment lies in the window."""
        if self.until is None:
            return column >= self.since
        return and_(column >= self.since, column < self.until)


def _row(key: Key, counts: dict[str, int]) -> StatRow:
    names = ("suggested", "used", "leads", "won", "won_value")
    return StatRow(key[0], key[1], key[2], *(counts[name] for name in names))


def _order(item: tuple[Key, dict[str, int]]) -> tuple[str, str, str]:
    (sid, hook, account), _ = item
    return sid, hook or "", account


def _grouped(query: Select, since_clause: ColumnElement[bool], account_id: int | None) -> Select:
    query = query.join(AccountRow, AccountRow.id == SuggestionRow.account_id).where(
        since_clause, SuggestionRow.script_id != ""
    )
    if account_id is not None:
        query = query.where(SuggestionRow.account_id == account_id)
    return query.group_by(SuggestionRow.script_id, SuggestionRow.hook, AccountRow.code)


def _attribution(window: _Window, account_id: int | None) -> Select:
    """Per lead logged since: the last suggestion used in its thread before it was logged."""
    last = (
        func.row_number()
        .over(
            partition_by=Lead.id,
            order_by=(SuggestionRow.used_at.desc(), SuggestionRow.id.desc()),
        )
        .label("n")
    )
    columns = (SuggestionRow.script_id, SuggestionRow.hook, AccountRow.code.label("account"))
    used = (
        select(*columns, Lead.status, Lead.deal_value, last)
        .join(Thread, Thread.lead_id == Lead.id)
        .join(Inquiry, Inquiry.thread_id == Thread.id)
        .join(SuggestionRow, SuggestionRow.inquiry_id == Inquiry.id)
        .join(AccountRow, AccountRow.id == Lead.account_id)
        .where(
            window.of(Lead.created_at),
            SuggestionRow.used_at.is_not(None),
            SuggestionRow.used_at <= Lead.created_at,
            SuggestionRow.script_id != "",
        )
    )
    if account_id is not None:
        used = used.where(Lead.account_id == account_id)
    ranked = used.subquery()
    return select(
        ranked.c.script_id, ranked.c.hook, ranked.c.account, ranked.c.status, ranked.c.deal_value
    ).where(ranked.c.n == 1)


def _leads_in(session: Session, window: _Window, account_id: int | None) -> int:
    query = select(func.count()).select_from(Lead).where(window.of(Lead.created_at))
    if account_id is not None:
        query = query.where(Lead.account_id == account_id)
    return session.scalar(query) or 0


def used_scripts(session: Session, *, since: datetime) -> set[str]:
    """The scripts with a suggestion used since ``since`` (every account)."""
    query = select(SuggestionRow.script_id).where(
        SuggestionRow.used_at >= require_aware(since, "since")
    )
    return set(session.scalars(query.distinct()))
