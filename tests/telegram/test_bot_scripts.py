"""The script library in chat, end to end through the fake Bot API: /addscript across a
restart, card edits, a conflict between two leads, revert, uploads and exports."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

from bot.desk import Desk
from bot.desk.library import library_at_start
from bot.runtime import build_engine
from tests.telegram.botrig import ADMIN, CONFIG, LEAD, OPERATOR, buttons, make_desk, running
from tests.telegram.fakeapi import FakeTelegramServer

pytestmark = pytest.mark.anyio
FROG = ["青蛙包场多少钱", "青蛙包场怎么收费", "青蛙包场报价发我"]
FROG_REPLIES = ["青蛙方案甲，{{ hook }}", "青蛙方案乙，留个电话发您{{ hook }}", "青蛙方案丙～{{ hook }}"]


def seeded(url: str, *, fresh_engine: bool = False) -> Desk:
    """A desk whose database holds the library (the engine from it: as after a restart)."""
    desk = make_desk(url)
    library, _ = library_at_start(desk.sessions, CONFIG)
    if fresh_engine:
        desk = make_desk(url, reply_engine=build_engine(CONFIG, library=library))
    return desk


def rows(path: Path, query: str) -> list[tuple]:
    with sqlite3.connect(path / "bot.sqlite") as db:
        return db.execute(query).fetchall()


def _state(fake: FakeTelegramServer, user: int) -> dict[int, str]:
    return {m["message_id"]: m.get("text", "") for m in fake.bot_messages(user)}


async def say(fake: FakeTelegramServer, user: int, text: str, expect: str) -> dict:
    """Send a message; the bot's message (new or edited since) containing expect."""
    before = _state(fake, user)
    fake.push_text(user, user, text)
    return await reply(fake, user, expect, before)


async def press(
    fake: FakeTelegramServer, user: int, message: dict, label: str, expect: str
) -> dict:
    """Tap a button of a bot message; the bot's message (new or edited) containing expect."""
    before = _state(fake, user)
    fake.push_callback(user, user, buttons(message)[label], message["message_id"])
    return await reply(fake, user, expect, before)


async def reply(fake: FakeTelegramServer, user: int, expect: str, before: dict[int, str]) -> dict:
    """Poll (with the fake's deadline) for a new or changed bot message containing expect."""

    def seen() -> dict | None:
        for m in reversed(fake.bot_messages(user)):
            text = m.get("text", "")
            if expect in text and before.get(m["message_id"]) != text:
                return m
        return None

    await fake.wait_for("getUpdates", lambda _: seen() is not None)
    found = seen()
    assert found is not None
    return found


async def test_addscript_continues_after_a_restart_and_then_answers_a_paste(
    fake_api: FakeTelegramServer, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'bot.sqlite'}"
    async with running(seeded(url), fake_api):
        ask = await say(fake_api, LEAD, "/addscript", "哪个分类")
        await press(fake_api, LEAD, ask, "价格", "客户常见的说法")
        await say(fake_api, LEAD, "只有一行", "至少需要 3 行")  # refused; the step stays
        await say(fake_api, LEAD, "\n".join(FROG), "发回复话术")
    # A restart (or another process on the same database) continues the dialogue.
    async with running(seeded(url), fake_api):
        await say(fake_api, LEAD, "坏的 {{ nope\n好的一\n好的二", "replies")  # a template that does not compile
        await say(fake_api, LEAD, "\n".join(FROG_REPLIES), "发钩子")
        preview = await say(fake_api, LEAD, "青蛙报价单", "预览")
        assert preview["text"].count("青蛙方案") == 3 and "青蛙报价单" in preview["text"]
        preview = await say(fake_api, LEAD, "青蛙包场人均多少", "青蛙包场人均多少")
        await press(fake_api, LEAD, preview, "💾 保存", "已保存为第 1 版")
        card = await reply(fake_api, LEAD, "近 30 天", {})
        assert "price-1" in card["text"] and "青蛙包场报价发我" in card["text"]
    stored = rows(tmp_path, "select category, hooks, version from scripts where id = 'price-1'")
    assert [(c, json.loads(h), v) for c, h, v in stored] == [("price", ["青蛙报价单"], 1)]
    assert rows(tmp_path, "select count(*) from dialogues") == [(0,)]
    # Once the engine reads the database's library (a restart), a paste gets the new script.
    async with running(seeded(url, fresh_engine=True), fake_api):
        card = await say(fake_api, OPERATOR, "青蛙包场多少钱呀", "青蛙方案")
        assert "价格" in card["text"]
