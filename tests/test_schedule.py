"""The pure schedule: which summary periods are due at a clock reading, and quiet hours."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.config import Config, ConfigError, load_config
from bot.schedule import after_quiet, due, in_quiet

SCHEDULE = Config().schedule()  # 21:00 daily, Mon 09:30, 1st 09:30, quiet 22:00-09:00


def at(local: str) -> datetime:
    """A Shanghai wall-clock time (UTC+8, no DST) as UTC."""
    return datetime.fromisoformat(local).replace(tzinfo=SCHEDULE.tz).astimezone(UTC)


def keys(now: datetime) -> dict[str, tuple[str, bool]]:
    return {run.job: (run.period, run.late) for run in due(now, SCHEDULE)}


@pytest.mark.parametrize(
    ("now", "daily", "weekly", "monthly"),
    [
        # Tue 1 Dec 2026: Monday 30 Nov's weekly reports week 48; the 1st's monthly, November.
        ("2026-12-01 20:59", ("2026-11-30", True), ("2026-W48", True), ("2026-11", True)),
        ("2026-12-01 21:00", ("2026-12-01", False), ("2026-W48", True), ("2026-11", True)),
        ("2026-12-01 21:09", ("2026-12-01", False), ("2026-W48", True), ("2026-11", True)),
        ("2026-12-01 21:11", ("2026-12-01", True), ("2026-W48", True), ("2026-11", True)),
        ("2026-12-01 09:29", ("2026-11-30", True), ("2026-W48", True), ("2026-10", True)),
        ("2026-12-07 09:30", ("2026-12-06", True), ("2026-W49", False), ("2026-11", True)),
        ("2026-12-07 09:29", ("2026-12-06", True), ("2026-W48", True), ("2026-11", True)),
        ("2027-01-04 09:31", ("2027-01-03", True), ("2026-W53", False), ("2026-12", True)),
    ],
)
def test_the_latest_period_of_each_job(now: str, daily, weekly, monthly) -> None:
    assert keys(at(now)) == {"daily": daily, "weekly": weekly, "monthly": monthly}


def test_a_clock_jumping_back_or_forward_names_no_new_period_twice() -> None:
    seen = [keys(at("2026-12-01 21:05"))["daily"][0]]
    seen.append(keys(at("2026-12-01 20:55"))["daily"][0])  # jumped back: yesterday, claimed
    seen.append(keys(at("2026-12-03 22:00"))["daily"][0])  # jumped 2 days: only the latest
    assert seen == ["2026-12-01", "2026-11-30", "2026-12-03"]
    run = {r.job: r for r in due(at("2026-12-03 22:00"), SCHEDULE)}["daily"]
    assert run.late and run.at == at("2026-12-03 21:00")


@pytest.mark.parametrize(
    ("moment", "quiet", "released"),
    [
        ("2026-12-01 21:59", False, "2026-12-01 21:59"),
        ("2026-12-01 22:00", True, "2026-12-02 09:00"),
        ("2026-12-02 03:00", True, "2026-12-02 09:00"),
        ("2026-12-02 08:59", True, "2026-12-02 09:00"),
        ("2026-12-02 09:00", False, "2026-12-02 09:00"),
    ],
)
def test_quiet_hours_hold_reminders_until_morning(moment: str, quiet: bool, released: str) -> None:
    assert in_quiet(at(moment), SCHEDULE) is quiet
    assert after_quiet(at(moment), SCHEDULE) == at(released)


def test_daytime_quiet_hours_and_none() -> None:
    lunch = Config(followup_quiet="12:00-13:30").schedule()
    assert in_quiet(at("2026-12-01 12:30"), lunch) and not in_quiet(at("2026-12-01 13:30"), lunch)
    assert after_quiet(at("2026-12-01 12:30"), lunch) == at("2026-12-01 13:30")
    never = Config(followup_quiet="").schedule()
    assert not in_quiet(at("2026-12-01 23:00"), never)
    assert after_quiet(at("2026-12-01 23:00") + timedelta(0), never) == at("2026-12-01 23:00")


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ('timezone = "Mars/Olympus"', "timezone"),
        ('[summary]\ndaily_at = "25:00"', "[summary] daily_at"),
        ('[summary]\ndaily_at = "9:5"', "[summary] daily_at"),
        ('[summary]\nweekly_at = "Monday 09:30"', "[summary] weekly_at"),
        ("[summary]\nmonthly_at = 930", "[summary] monthly_at"),
        ('[summary]\nchats = ["-100"]', "[summary] chats"),
        ("[summary]\nevery = 1", "[summary] every"),
        ('[followups]\nquiet = "22:00"', "[followups] quiet"),
        ('[followups]\nquiet = "09:00-09:00"', "[followups] quiet"),
        ("[followups]\nrounds = 0", "[followups] rounds"),
        ('[followups]\nafter_hours = "24"', "[followups] after_hours"),
    ],
)
def test_bad_values_name_their_key(tmp_path: Path, text: str, named: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as failed:
        load_config(str(path))
    assert named in str(failed.value)


def test_good_values_load(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '[summary]\nchats = [-100123]\ndaily_at = "20:30"\nweekly_at = "fri 18:00"\n'
        '[followups]\nafter_hours = 48\nrounds = 2\nquiet = ""\n',
        encoding="utf-8",
    )
    config = load_config(str(path))
    schedule = config.schedule()
    assert config.summary_chats == (-100123,) and (schedule.weekly_day, schedule.quiet) == (4, None)
    assert (config.followup_after_hours, config.followup_rounds) == (48, 2)
