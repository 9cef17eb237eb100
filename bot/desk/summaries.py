"""Daily, weekly and monthly summaries: figures of a period next to what they compare with."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from bot.desk import access
from bot.desk.context import Actor, Desk
from bot.desk.digest import Digest, digest_of
from bot.desk.periods import Period, baselines, day_period, month_period, parse, week_period
from bot.errors import UsageError
from storage import summaries as store
from storage.summaries import DayCount, Span

__all__ = ["Figures", "Period", "Report", "Summary", "report", "scheduled", "summary"]

logger = logging.getLogger(__name__)

CHART_DAYS = 30
TOTALS = (
    "inquiries", "valid", "invalid", "unmatched", "leads", "used", "hooked", "hooked_leads",
    "won", "won_value",
)  # fmt: skip
GROUPS = (
    "inquiries_by_account", "inquiries_by_operator", "leads_by_account", "leads_by_operator",
    "leads_by_category", "leads_by_city",
)  # fmt: skip
NO_ROW = 0  # an account in the config but not yet in the database: no row has id 0


@dataclass(frozen=True)
class Figures:
    """Totals (TOTALS) and breakdowns (GROUPS) of one span; averages may be fractional."""

    totals: Mapping[str, float]
    groups: Mapping[str, Mapping[str, float]]

    @property
    def empty(self) -> bool:
        """Nothing happened: no inquiry, no lead, no deal."""
        return not any(self.totals[name] for name in ("inquiries", "leads", "won"))


@dataclass(frozen=True)
class Summary:
    """A period's figures, its baselines by name, its digest (week/month), the chart's days."""

    period: Period
    account: str | None
    current: Figures
    baselines: tuple[tuple[str, Figures], ...]
    days: tuple[DayCount, ...]
    chart_from: date
    digest: Digest | None = field(default=None)


@dataclass(frozen=True)
class Report:
    """What the scheduler posts: the summary text and its chart (None if drawing failed)."""

    text: str
    png: bytes | None


def summary(
    desk: Desk, period: str | None = None, *, actor: Actor, account: str | None = None
) -> Summary:
    """The summary of today, yesterday, this week or month, or a past day (YYYY-MM-DD)."""
    chosen = parse(period, desk.now().astimezone(desk.config.tz))
    with desk.transaction() as session:
        access.require(session, actor, "summary", floors=desk.floors)
        return _summarise(session, desk, chosen, account, digest=chosen.kind != "day")


def report(
    desk: Desk, period: str | None = None, *, actor: Actor, account: str | None = None
) -> Report:
    """``summary`` as a chat posts it: the text in the configured locale and the chart."""
    from bot.summaryview import render_report  # the chart's libraries load only here

    found = summary(desk, period, actor=actor, account=account)
    return render_report(found, desk.config.locale)


def scheduled(desk: Desk, job: str, period_key: str, *, at: datetime) -> Report:
    """The scheduler's report: daily (YYYY-MM-DD, midnight to `at`), weekly, monthly."""
    from bot.summaryview import render_report  # the chart's libraries load only here

    period = _scheduled_period(desk, job, period_key, at)
    with desk.transaction() as session:
        found = _summarise(session, desk, period, None, digest=job != "daily")
    return render_report(found, desk.config.locale)


def _scheduled_period(desk: Desk, job: str, key: str, at: datetime) -> Period:
    zone = desk.config.tz
    try:
        if job == "daily":
            whole = day_period(date.fromisoformat(key), zone)
            return Period("day", whole.start, min(whole.end, at.astimezone(zone)))
        if job == "weekly":
            year, _, week = key.partition("-W")
            return week_period(int(year), int(week), zone)
        if job == "monthly":
            year, _, month = key.partition("-")
            return month_period(int(year), int(month), zone)
    except ValueError as exc:
        raise UsageError(f"bad period key {key!r} for {job}", "bad_period", value=key) from exc
    raise UsageError(f"unknown summary job {job!r}", "bad_period", value=job)


def _summarise(
    session: Session, desk: Desk, period: Period, account: str | None, *, digest: bool
) -> Summary:
    code = desk.account(account).code if account else None
    account_id = (desk.existing_account_id(session, code) or NO_ROW) if code else None
    current = figures(session, period.span(), account_id)
    compared = tuple(
        (name, average([figures(session, p.span(), account_id) for p in periods]))
        for name, periods in baselines(period)
    )
    chart_from = period.last_day - timedelta(days=CHART_DAYS - 1)
    days = store.daily_counts(
        session, day_from=chart_from, day_to=period.last_day, account_id=account_id
    )
    found = digest_of(session, period.span(), account_id) if digest else None
    return Summary(period, code, current, compared, tuple(days), chart_from, found)


def figures(session: Session, span: Span, account_id: int | None) -> Figures:
    """Every figure of one span, from a handful of GROUP BY queries."""
    inquiries = store.inquiry_counts(session, span=span, account_id=account_id)
    leads = store.lead_counts(session, span=span, account_id=account_id)
    used = store.usage(session, span=span, account_id=account_id)
    won, value = store.won_deals(session, span=span, account_id=account_id)
    totals: dict[str, float] = {
        "inquiries": sum(c.count for c in inquiries),
        "valid": sum(c.count for c in inquiries if c.category not in (None, "invalid")),
        "invalid": sum(c.count for c in inquiries if c.category == "invalid"),
        "unmatched": sum(c.count for c in inquiries if c.category is None),
        "leads": sum(c.count for c in leads),
        "used": used.used, "hooked": used.hooked, "hooked_leads": used.hooked_leads,
        "won": won, "won_value": value,
    }  # fmt: skip
    groups = {
        "inquiries_by_account": _sum_by(inquiries, "account"),
        "inquiries_by_operator": _sum_by(inquiries, "operator"),
        "leads_by_account": _sum_by(leads, "account"),
        "leads_by_operator": _sum_by(leads, "operator"),
        "leads_by_category": _sum_by(leads, "category"),
        "leads_by_city": _sum_by(leads, "city"),
    }
    return Figures(totals, groups)


def average(many: list[Figures]) -> Figures:
    """The mean of several spans' figures (a group absent from a span counts as 0)."""
    n = len(many) or 1
    totals = {name: sum(f.totals[name] for f in many) / n for name in TOTALS}
    groups: dict[str, dict[str, float]] = {}
    for name in GROUPS:
        merged: dict[str, float] = {}
        for one in many:
            for key, value in one.groups[name].items():
                merged[key] = merged.get(key, 0) + value / n
        groups[name] = merged
    return Figures(totals, groups)


def _sum_by(counts: list[store.Count], attribute: str) -> dict[str, float]:
    found: dict[str, float] = {}
    for count in counts:
        key = getattr(count, attribute) or ""  # "": no operator, category or city
        found[key] = found.get(key, 0) + count.count
    return found
