"""/scriptstats end to end: a lead reads what converts; an operator is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.telegram.botrig import LEAD, OPERATOR, buttons, make_desk, running, sqlite_url
from tests.telegram.fakeapi import FakeTelegramServer

pytestmark = pytest.mark.anyio


async def test_scriptstats_for_a_lead_only(fake_api: FakeTelegramServer, tmp_path: Path) -> None:
    desk = make_desk(sqlite_url(tmp_path))
    async with running(desk, fake_api):
        fake_api.push_text(OPERATOR, OPERATOR, "团建多少钱")
        await fake_api.wait_for("sendMessage", lambda p: p.get("chat_id") == OPERATOR)
        message = fake_api.bot_messages(OPERATOR)[-1]
        fake_api.push_callback(OPERATOR, OPERATOR, buttons(message)["✅1"], message["message_id"])
        await fake_api.wait_for("answerCallbackQuery")
        fake_api.push_text(LEAD, LEAD, "/scriptstats 价格")
        sent = await fake_api.wait_for("sendMessage", lambda p: p.get("chat_id") == LEAD)
        fake_api.push_text(OPERATOR, OPERATOR, "/scriptstats")
        refused = await fake_api.wait_for(
            "sendMessage", lambda p: p.get("chat_id") == OPERATOR, count=2
        )
    report = sent[0]["text"]
    assert "近 30 天 · 分类 价格" in report and "归因" in report
    assert "价格：最好 tj-price-general-dm（转化 0%，使用 1，客资 0）" in report
    assert "没有权限" in refused[-1]["text"] and "最好" not in refused[-1]["text"]
