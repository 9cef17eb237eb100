"""Summary periods: a local day, ISO week or calendar month, and what each is compared with."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.errors import UsageError
from storage.summaries import Span

KINDS = ("day", "week", "month")
WORDS = ("today", "yesterday", "week", "month")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Period:
    """Moments start <= t < end, both local (aware, in the desk's zone); end may be 'now'."""

    kind: str  # day | week | month
    start: datetime
    end: datetime

    @property
    def key(self) -> str:
        """YYYY-MM-DD, YYYY-Www or YYYY-MM: the period's name in schedules and titles."""
        if self.kind == "week":
            year, week, _ = self.start.isocalendar()
            return f"{year}-W{week:02d}"
        return self.start.strftime("%Y-%m" if self.kind == "month" else "%Y-%m-%d")

    @property
    def last_day(self) -> date:
        """The last local day the period touches."""
        return (self.end - timedelta(microseconds=1)).date()

    def span(self) -> Span:
        """The period as storage queries take it: UTC moments plus local days."""
        start, end = self.start.astimezone(UTC), self.end.astimezone(UTC)
        return Span(start, end, self.start.date(), max(self.start.date(), self.last_day))


def midnight(day: date, zone: ZoneInfo) -> datetime:
    """Local midnight of a day, aware."""
    return datetime.combine(day, time.min, zone)


def parse(text: str | None, now: datetime) -> Period:
    """today | yesterday | week | month | YYYY-MM-DD at local time `now`; else UsageError."""
    word = (text or "today").strip().lower()
    zone = now.tzinfo
    assert isinstance(zone, ZoneInfo), "now must carry the desk's ZoneInfo"
    today = now.date()
    if word == "today":
        return Period("day", midnight(today, zone), now)
    if word == "yesterday":
        return day_period(today - timedelta(days=1), zone)
    if word == "week":
        return Period("week", midnight(today - timedelta(days=today.weekday()), zone), now)
    if word == "month":
        return Period("month", midnight(today.replace(day=1), zone), now)
    if not _DAY.fullmatch(word):
        raise UsageError(f"unknown period {text!r}", "bad_period", value=text)
    try:
        day = date.fromisoformat(word)
    except ValueError as exc:
        raise UsageError(f"no such day {text!r}", "bad_period", value=text) from exc
    if day > today:
        raise UsageError(f"{day} is in the future", "future_period", value=text)
    return Period("day", midnight(day, zone), now) if day == today else day_period(day, zone)


def day_period(day: date, zone: ZoneInfo) -> Period:
    """A whole local day."""
    return Period("day", midnight(day, zone), midnight(day + timedelta(days=1), zone))


def week_period(year: int, week: int, zone: ZoneInfo) -> Period:
    """A whole ISO week, Monday to Sunday."""
    monday = date.fromisocalendar(year, week, 1)
    return Period("week", midnight(monday, zone), midnight(monday + timedelta(days=7), zone))


def month_period(year: int, month: int, zone: ZoneInfo) -> Period:
    """A whole calendar month."""
    first = date(year, month, 1)
    return Period("month", midnight(first, zone), midnight(_next_month(first), zone))


def baselines(period: Period) -> tuple[tuple[str, tuple[Period, ...]], ...]:
    """What a period is compared with, each the same length from its own start.

    A day: the same hours of the same weekday last week, and the average of the last
    7 days' same hours; a week or month: the one before, as far into it as this one is.
    """
    zone = period.start.tzinfo
    assert isinstance(zone, ZoneInfo)
    if period.kind == "day":
        days = [period.start.date() - timedelta(days=n) for n in range(1, 8)]
        same = tuple(_shifted(period, midnight(day, zone)) for day in days)
        return (("last_week", (same[-1],)), ("avg7", same))
    if period.kind == "week":
        return (("previous_week", (_shifted(period, period.start - timedelta(days=7)),)),)
    first = period.start.date()
    previous = midnight((first - timedelta(days=1)).replace(day=1), zone)
    return (("previous_month", (_shifted(period, previous, limit=period.start),)),)


def _shifted(period: Period, start: datetime, limit: datetime | None = None) -> Period:
    # Wall-clock arithmetic (zoneinfo): "midnight to 15:00" stays that on a DST change.
    elapsed = period.end.replace(tzinfo=None) - period.start.replace(tzinfo=None)
    end = (start.replace(tzinfo=None) + elapsed).replace(tzinfo=start.tzinfo)
    if limit is not None and end > limit:
        end = limit
    return Period(period.kind, start, end)


def _next_month(first: date) -> date:
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)
