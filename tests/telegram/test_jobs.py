"""Scheduled sends end to end: two bots on one database, faults, reminders and their buttons."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.desk import Actor, Desk, followups, inquiries, jobs, leads
from bot.telegram import scheduler
from tests.telegram.botrig import ADMIN, CONFIG, OPERATOR, buttons, make_desk, running, sqlite_url
from tests.telegram.fakeapi import ApiError, FakeTelegramServer

pytestmark = pytest.mark.anyio
CHATS = (-1001, -1002, -1003)
LATE = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)  # 22:00 in Shanghai: 21:00's daily was missed
ROOT = Actor(f"tg:{ADMIN}", "admin")


def _desk(url: str, now: datetime, **config: object) -> Desk:
    desk = make_desk(url, replace(CONFIG, **{"summary_chats": CHATS, **config}))  # type: ignore[arg-type]
    desk.clock = lambda: now
    return desk


def _to(fake: FakeTelegramServer, chat: int, method: str = "sendMessage") -> list:
    return [r for r in fake.records if r.method == method and r.params.get("chat_id") == chat]


async def test_two_bots_send_each_summary_once_a_removed_chat_alone_fails(
    fake_api: FakeTelegramServer, db_url: str
) -> None:
    def kicked(params: dict) -> object:
        if int(params["chat_id"]) == -1002:
            raise ApiError(403, "Forbidden: bot was kicked from the supergroup chat")
        return fake_api._send_message(params)

    fake_api.set_handler("sendMessage", kicked)
    one, two = _desk(db_url, LATE), _desk(db_url, LATE)
    async with running(one, fake_api) as first, running(two, fake_api) as second:
        # The catch-up at start (post_init) and later ticks, racing on purpose.
        for _ in range(3):
            await asyncio.gather(scheduler.run_once(first), scheduler.run_once(second))
        await fake_api.wait_for("sendMessage", lambda p: p["chat_id"] == -1003, count=3)
    for chat in (-1001, -1003):
        sent = _to(fake_api, chat)
        assert [r.status for r in sent] == [200] * 3  # daily, weekly, monthly: once each
        assert all(r.params["text"].startswith("⏰ 补发") for r in sent)  # the late marker
    assert [r.status for r in _to(fake_api, -1002)] == [403] * 3  # tried once, not retried
    runs = jobs.status(one, actor=ROOT)
    states = sorted((r.chat_id, r.job, r.state, r.late) for r in runs)
    assert states == sorted(
        (chat, job, "failed" if chat == -1002 else "sent", True)
        for chat in CHATS
        for job in ("daily", "weekly", "monthly")
    )


async def test_a_5xx_is_retried_and_a_timeout_is_never_resent(
    fake_api: FakeTelegramServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scheduler, "SEND_TIMEOUT", 0.3)
    on_time = datetime(2026, 12, 1, 13, 0, 30, tzinfo=UTC)  # 21:00:30: the daily is not late
    desk = _desk(sqlite_url(tmp_path), on_time, summary_chats=(-1001,))
    fake_api.fail_next("sendMessage", status=502)  # daily: Telegram did not take it
    fake_api.delay_next("sendMessage", 1.0)  # weekly: timed out, may have arrived
    async with running(desk, fake_api) as app:
        await scheduler.run_once(app)
        assert len(_to(fake_api, -1001)) == 3
        desk.clock = lambda: on_time + timedelta(minutes=2)  # past the retry delay
        await scheduler.run_once(app)
        await scheduler.run_once(app)
    runs = {r.job: r for r in jobs.status(desk, actor=ROOT)}
    assert (runs["daily"].state, runs["daily"].attempts, runs["daily"].late) == ("sent", 2, False)
    assert runs["weekly"].state == "uncertain" and runs["weekly"].attempts == 1
    assert runs["monthly"].state == "sent"
    assert len(_to(fake_api, -1001)) == 4  # 502, timed out, monthly, daily again
    assert not _to(fake_api, -1001)[-1].params["text"].startswith("⏰")


async def test_the_chart_follows_the_text(
    fake_api: FakeTelegramServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.desk.summaries import Report

    photos: list[dict] = []

    def photo(params: dict) -> dict:
        photos.append(params)
        chat = {"id": int(params["chat_id"]), "type": "supergroup", "title": "team"}
        return {"message_id": 99, "date": 0, "chat": chat, "photo": []}

    fake_api.set_handler("sendPhoto", photo)
    monkeypatch.setattr(jobs, "scheduled", lambda *a, **k: Report("日报", b"\x89PNG fake"))
    desk = _desk(sqlite_url(tmp_path), LATE, summary_chats=(-1001,))
    async with running(desk, fake_api) as app:
        await scheduler.run_once(app)
        # The summary chat is an allowed chat of its own; another group is not.
        for group in (-1555, -1001):  # the refusal needs no database: it is over first
            fake_api.push_text(group, ADMIN, "/summary status", chat_type="supergroup")
        await fake_api.wait_for("sendMessage", lambda p: "已发送" in p["text"])
    assert [r.status for r in _to(fake_api, -1001)] == [200] * 4
    assert _to(fake_api, -1555) == []
    assert len(photos) == 3 and {int(p["chat_id"]) for p in photos} == {-1001}
    assert {r.state for r in jobs.status(desk, actor=ROOT)} == {"sent"}


async def test_a_reminder_and_its_buttons(fake_api: FakeTelegramServer, tmp_path: Path) -> None:
    start = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
    desk = _desk(sqlite_url(tmp_path), start, summary_chats=())
    tom = Actor(f"tg:{OPERATOR}", "Tom")
    result = inquiries.handle(desk, "你好，想了解一下团建", actor=tom, account="TJ")
    inquiries.mark_used(desk, result.suggestion_ids[0], actor=tom)
    clue = leads.log(desk, actor=tom, account="TJ", fields={"red_nickname": "小王"},
                     thread_id=result.thread_id).lead.clue_number  # fmt: skip
    leads.set_status(desk, clue, "awaiting_reply", actor=tom)
    desk.clock = lambda: start + timedelta(hours=25)
    async with running(desk, fake_api) as app:
        await scheduler.run_once(app)
        await scheduler.run_once(app)  # sent once: the next tick sends nothing
        [pushed] = await fake_api.wait_for("sendMessage", lambda p: "跟进提醒" in p["text"])
        message = fake_api.bot_messages(OPERATOR)[-1]
        assert "<code>" in pushed["text"] and clue in pushed["text"]
        keys = buttons(message)
        fake_api.push_callback(OPERATOR, OPERATOR, keys["⏸ 24小时后再提醒"], message["message_id"])
        await fake_api.wait_for("editMessageText", lambda p: "再提醒" in p["text"])
        assert followups.count_due(desk, actor=tom) == 0
        desk.clock = lambda: start + timedelta(hours=50)
        fake_api.push_text(OPERATOR, OPERATOR, "/followups")
        await fake_api.wait_for("sendMessage", lambda p: "跟进提醒" in p["text"], count=2)
        message = fake_api.bot_messages(OPERATOR)[-1]
        fake_api.push_callback(
            OPERATOR, OPERATOR, buttons(message)["🏆 成交"], message["message_id"]
        )
        await fake_api.wait_for("editMessageText", lambda p: "已成交" in p["text"])
        fake_api.push_text(ADMIN, ADMIN, "/summary status")
        [status] = await fake_api.wait_for("sendMessage", lambda p: p["chat_id"] == ADMIN)
    assert leads.card(desk, clue, actor=tom).lead.status == "won"
    assert "跟进提醒" in status["text"] and "已发送" in status["text"]
    reminders = [p for p in fake_api.sent() if p["chat_id"] == OPERATOR and "跟进提醒" in p["text"]]
    assert len(reminders) == 2  # the push once (two ticks), then /followups


def _timed_out(cause: Exception) -> TimedOut:
    error = TimedOut()
    error.__cause__ = cause
    return error


@pytest.mark.parametrize(
    ("error", "outcome"),
    [
        (RetryAfter(7), ("retry", timedelta(seconds=7))),
        (NetworkError("Bad Gateway"), ("retry", None)),
        (NetworkError("httpx.ConnectError: connection refused"), ("retry", None)),
        (_timed_out(httpx.ConnectTimeout("connect")), ("retry", None)),
        (_timed_out(httpx.ReadTimeout("read")), ("uncertain", None)),
        (Forbidden("bot was kicked from the group chat"), ("failed", None)),
        (BadRequest("Chat not found"), ("failed", None)),
        (RuntimeError("what was that"), ("uncertain", None)),
    ],
)
def test_what_a_failed_call_means(error: Exception, outcome: tuple) -> None:
    assert scheduler.classify(error) == outcome
