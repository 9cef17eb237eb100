"""Figures for a day: inquiries per category, leads per account."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from bot.desk import access
from bot.desk.context import Actor, Desk
from storage import reports


@dataclass(frozen=True)
class DaySummary:
    """One local day: inquiries per category (None: unmatched) and leads per account."""

    day: date
    categories: Mapping[str | None, int]
    leads: Mapping[str, int]


def day_summary(
    desk: Desk, day: date | None = None, *, actor: Actor, account: str | None = None
) -> DaySummary:
    """Inquiries per category and leads per account for one local day."""
    day = day or desk.today()
    with desk.transaction() as session:
        access.require(session, actor, "view_leads", floors=desk.floors)
        account_id = desk.existing_account_id(session, account) if account else None
        if account and account_id is None:
            return DaySummary(day, {}, {})
        categories = reports.counts_by_category(
            session, since=desk.day_start(day), until=desk.day_start(day + timedelta(days=1)),
            account_id=account_id,
        )  # fmt: skip
        leads = reports.lead_counts(session, day_from=day, day_to=day, account_id=account_id)
    return DaySummary(day, categories, leads)
