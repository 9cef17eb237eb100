"""When the scheduled jobs fall due: pure functions of a clock reading, no I/O.

The bot ticks once a minute and asks ``due(now, schedule)`` which summary periods have
started; the database claim of each (job, period, chat) makes a period run once however
often, however late, or from however many processes it is asked. So ``due`` may
return a period that ran already: it only says which period is the latest one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
# A run this much after its time is marked late: it fell due while no bot ran. The tick
# is a minute; the slack covers a slow start and a busy event loop.
LATE_AFTER = timedelta(minutes=10)


@dataclass(frozen=True)
class Schedule:
    """The configured local times of the summaries, and the quiet hours of reminders."""

    tz: ZoneInfo
    daily: time
    weekly_day: int  # 0 = Monday
    weekly: time
    monthly: time
    quiet: tuple[time, time] | None = None


@dataclass(frozen=True)
class DueRun:
    """One period of one job whose time has come: the key the claim is made on."""

    job: str  # daily | weekly | monthly
    period: str  # YYYY-MM-DD | YYYY-Www (the week reported) | YYYY-MM (the month reported)
    at: datetime  # the scheduled moment, UTC
    late: bool


def parse_clock(value: str) -> time:
    """ "HH:MM" (24-hour) as a time; ValueError saying what is wrong."""
    hours, sep, minutes = value.strip().partition(":")
    if not (sep and hours.isdigit() and minutes.isdigit() and len(minutes) == 2):
        raise ValueError(f"must be HH:MM (24-hour), got {value!r}")
    if not (0 <= int(hours) <= 23 and 0 <= int(minutes) <= 59):
        raise ValueError(f"no such time of day: {value!r}")
    return time(int(hours), int(minutes))


def parse_weekly(value: str) -> tuple[int, time]:
    """ "Mon 09:30" as (weekday, time); weekday one of Mon..Sun (any case)."""
    day, _, clock = value.strip().partition(" ")
    names = [name.lower() for name in WEEKDAYS]
    if day.lower() not in names:
        raise ValueError(f"must be a weekday ({'/'.join(WEEKDAYS)}) and HH:MM, got {value!r}")
    return names.index(day.lower()), parse_clock(clock)


def parse_quiet(value: str) -> tuple[time, time] | None:
    """ "22:00-09:00" as (start, end), crossing midnight when start > end; "" is none."""
    if not value.strip():
        return None
    start, sep, end = value.partition("-")
    if not sep:
        raise ValueError(f"must be HH:MM-HH:MM (or empty for none), got {value!r}")
    found = parse_clock(start), parse_clock(end)
    if found[0] == found[1]:
        raise ValueError(f"start and end are the same time: {value!r}")
    return found


def due(now: datetime, schedule: Schedule) -> list[DueRun]:
    """The latest period of each summary whose time is at or before now (never older ones)."""
    local = now.astimezone(schedule.tz)
    runs = [_daily(local, schedule), _weekly(local, schedule), _monthly(local, schedule)]
    return [
        DueRun(job, period, at.astimezone(UTC), now - at > LATE_AFTER) for job, period, at in runs
    ]


def _at(day: date, clock: time, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, clock, tz)


def _daily(local: datetime, s: Schedule) -> tuple[str, str, datetime]:
    day = local.date()
    if _at(day, s.daily, s.tz) > local:
        day -= timedelta(days=1)
    return "daily", day.isoformat(), _at(day, s.daily, s.tz)


def _weekly(local: datetime, s: Schedule) -> tuple[str, str, datetime]:
    day = local.date() - timedelta(days=(local.weekday() - s.weekly_day) % 7)
    if _at(day, s.weekly, s.tz) > local:
        day -= timedelta(days=7)
    year, week, _ = (day - timedelta(days=7)).isocalendar()  # the week before the run
    return "weekly", f"{year}-W{week:02d}", _at(day, s.weekly, s.tz)


def _monthly(local: datetime, s: Schedule) -> tuple[str, str, datetime]:
    day = local.date().replace(day=1)
    if _at(day, s.monthly, s.tz) > local:
        day = (day - timedelta(days=1)).replace(day=1)
    reported = day - timedelta(days=1)  # the last day of the month before the run
    return "monthly", f"{reported.year}-{reported.month:02d}", _at(day, s.monthly, s.tz)


def in_quiet(moment: datetime, schedule: Schedule) -> bool:
    """Whether a moment falls in the quiet hours (local time; start inclusive, end not)."""
    if schedule.quiet is None:
        return False
    start, end = schedule.quiet
    clock = moment.astimezone(schedule.tz).time().replace(tzinfo=None)
    return start <= clock < end if start < end else clock >= start or clock < end


def after_quiet(moment: datetime, schedule: Schedule) -> datetime:
    """The moment itself, or the end of the quiet hours it falls in (reminders wait)."""
    if schedule.quiet is None or not in_quiet(moment, schedule):
        return moment
    local = moment.astimezone(schedule.tz)
    end = _at(local.date(), schedule.quiet[1], schedule.tz)
    if end <= local:
        end = _at(local.date() + timedelta(days=1), schedule.quiet[1], schedule.tz)
    return end.astimezone(UTC)
