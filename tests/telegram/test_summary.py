"""/summary end to end: the real python-telegram-bot stack against the fake Bot API."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.db import make_db, make_session_factory
from tests.bot.summary_history import NOW, build
from tests.telegram.botrig import OPERATOR, make_desk, running, sqlite_url
from tests.telegram.fakeapi import FakeTelegramServer

pytestmark = pytest.mark.anyio


async def test_summary_text_then_chart_photo(fake_api: FakeTelegramServer, tmp_path: Path) -> None:
    desk = make_desk(sqlite_url(tmp_path))
    desk.clock = lambda: NOW  # Tuesday 2026-12-01 15:00 in Shanghai
    build(make_session_factory(make_db(sqlite_url(tmp_path))))
    mine = lambda p: p.get("chat_id") == OPERATOR  # noqa: E731
    async with running(desk, fake_api):
        fake_api.push_text(OPERATOR, OPERATOR, "/summary")
        (photo,) = await fake_api.wait_for("sendPhoto", mine)
        text = fake_api.sent("sendMessage")[-1]["text"]
        assert "咨询：6（▲5 ▲5.4）" in text and "成交金额：¥5000" in text
        assert photo["caption"] == "近 30 天咨询与线索（按账号）"
        assert fake_api.uploads("sendPhoto")[0].content.startswith(b"\x89PNG")
        fake_api.push_text(OPERATOR, OPERATOR, "/summary week mz")
        await fake_api.wait_for("sendPhoto", mine, count=2)
        week = fake_api.sent("sendMessage")[-1]["text"]
        assert "周报 2026-W49" in week and "账号：MZ" in week and "咨询：3（▲3）" in week
        fake_api.push_text(OPERATOR, OPERATOR, "/summary status")
        fake_api.push_text(OPERATOR, OPERATOR, "/summary 2099-01-01")
        said = await fake_api.wait_for("sendMessage", mine, count=4)
    assert "还没有定时发送记录" in said[-2]["text"]  # /summary status: no runs yet
    assert "还没到" in said[-1]["text"] and len(fake_api.sent("sendPhoto")) == 2
