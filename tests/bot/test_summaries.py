"""Summary figures on a constructed history (SQLite and PostgreSQL), periods, the text."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.desk import Actor, Desk
from bot.desk.periods import parse
from bot.desk.summaries import scheduled, summary
from bot.errors import PermissionDenied, UsageError
from bot.summaryview import summary_text
from tests.bot.desk_fixtures import CONFIG, make_desk, with_role
from tests.bot.summary_history import NOW, ZONE, build

ALICE = Actor("tg:1", "Alice")
STRANGER = Actor("tg:99", "Eve")


@pytest.fixture
def desk(sessions: sessionmaker[Session]) -> Desk:
    desk = make_desk(sessions, None)  # type: ignore[arg-type]  # summaries need no engine
    desk.clock.now = NOW  # type: ignore[attr-defined]
    build(sessions)
    with_role(desk, ALICE, "operator")
    return desk


def test_today_against_last_week_and_the_7_day_average(desk: Desk) -> None:
    found = summary(desk, "today", actor=ALICE)
    now, (last_name, last), (avg_name, avg) = found.current, *found.baselines
    assert (last_name, avg_name) == ("last_week", "avg7")
    assert dict(now.totals) == {
        "inquiries": 6, "valid": 4, "invalid": 1, "unmatched": 1, "leads": 2, "used": 3,
        "hooked": 2, "hooked_leads": 2, "won": 1, "won_value": 5000,
    }  # fmt: skip
    assert now.groups["inquiries_by_account"] == {"TJ": 3, "MZ": 3}
    assert now.groups["inquiries_by_operator"] == {"Alice": 2, "Bob": 4}
    assert now.groups["leads_by_operator"] == {"Alice": 1, "Bob": 1}
    # The MZ lead's thread began with a first inquiry, though its last message was a price.
    assert now.groups["leads_by_category"] == {"price": 1, "first_inquiry": 1}
    assert now.groups["leads_by_city"] == {"北京": 1, "上海": 1}
    # Last Tuesday until 15:00: the 16:00 inquiry is outside the same hours.
    assert (last.totals["inquiries"], last.totals["leads"], last.totals["valid"]) == (1, 1, 1)
    assert last.groups["leads_by_category"] == {"price": 1}
    # 7 days: 11-24 (1 inquiry, 1 lead), 11-27 (1 invalid, 1 lead), 11-30 (2 used).
    assert avg.totals["inquiries"] == pytest.approx(4 / 7)
    assert avg.totals["leads"] == pytest.approx(2 / 7)
    assert avg.totals["used"] == pytest.approx(2 / 7)
    assert avg.groups["leads_by_account"] == pytest.approx({"TJ": 1 / 7, "MZ": 1 / 7})
    text = summary_text(found, "zh")
    assert "咨询：6（▲5 ▲5.4）" in text
    assert "线索：2（▲1 ▲1.7）" in text
    assert "精准咨询占比：80.0%（有效 4 / 无效 1；▼20pp ▲5pp）" in text
    assert "钩子转化：100.0%（留资 2/发钩子 2；— —）" in text  # no hook before today
    assert "成交金额：¥5000（▲5000 ▲5000）" in text
    assert "  Bob: 4 (▲4 ▲3.9) / 1 (▲1 ▲0.9)"  # 11-27 14:59 counts in text


def test_a_week_digest_against_the_week_before(desk: Desk) -> None:
    found = summary(desk, "week", actor=ALICE)
    assert found.period.key == "2026-W49"
    ((name, before),) = found.baselines
    assert name == "previous_week"
    assert found.current.totals["inquiries"] == 9  # Monday 3 + Tuesday 6
    assert before.totals["inquiries"] == 1  # Monday 11-23 to Tuesday 11-24 15:00
    digest = found.digest
    assert digest is not None
    assert digest.top == (
        ("price_basic", "price", 4), ("first_hello", "first_inquiry", 3),
        ("invalid_share", "invalid", 1),
    )  # fmt: skip
    assert digest.unmatched == 1
    assert digest.unmatched_examples == ("我的电话 138****5678 有没有口红小样",)
    assert [(r.script_id, r.uses, r.leads) for r in digest.best] == [("price_basic", 3, 2)]
    assert [(r.script_id, r.uses, r.leads) for r in digest.worst] == [("first_hello", 2, 0)]
    text = summary_text(found, "en")
    assert "price_basic: 2 leads / 3 uses (66.7%)" in text
    assert "13812345678" not in text


def test_an_empty_day_says_so_and_divides_by_nothing(desk: Desk) -> None:
    found = summary(desk, "2026-11-20", actor=ALICE, account="MZ")
    assert found.current.empty and found.account == "MZ"
    text = summary_text(found, "zh")
    assert "这段时间没有咨询、线索或成交。" in text
    assert "精准咨询占比：—（有效 0 / 无效 0；— —）" in text


def test_the_scheduled_daily_report_has_text_and_a_chart(desk: Desk) -> None:
    report = scheduled(desk, "daily", "2026-12-01", at=NOW)
    assert report.text.startswith("📊 日报 2026-12-01（0:00–15:00）")
    assert report.png is not None and report.png.startswith(b"\x89PNG")
    monthly = scheduled(desk, "monthly", "2026-11", at=NOW)
    assert "月报 2026-11（11-01 至 11-30）" in monthly.text
    assert "咨询：6（▲6）" in monthly.text  # November against an empty October
    weekly = scheduled(desk, "weekly", "2026-W48", at=NOW)
    assert "周报 2026-W48（11-23 至 11-29）" in weekly.text and "咨询：3（▲3）" in weekly.text
    assert "高频客户问题" in weekly.text and weekly.png is not None
    with pytest.raises(UsageError):
        scheduled(desk, "weekly", "2026-48", at=NOW)


@pytest.mark.parametrize(
    ("word", "code"),
    [("tomorrow", "bad_period"), ("2026-13-01", "bad_period"), ("2026-12-02", "future_period")],
)
def test_bad_periods_are_refused_with_a_code(word: str, code: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse(word, NOW.astimezone(ZONE))
    assert caught.value.code == code


def test_periods_reach_back_to_local_midnight() -> None:
    now = datetime(2026, 12, 1, 15, 0, tzinfo=ZONE)
    assert parse("yesterday", now).span().start == datetime(2026, 11, 29, 16, tzinfo=UTC)
    assert parse("week", now).start.isoformat() == "2026-11-30T00:00:00+08:00"
    assert parse("month", now).key == "2026-12" and parse(None, now).end == now


def test_strangers_see_no_summary(desk: Desk) -> None:
    with pytest.raises(PermissionDenied):
        summary(desk, actor=STRANGER)
    assert CONFIG.locale == "zh"
