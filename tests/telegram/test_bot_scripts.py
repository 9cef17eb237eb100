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
FROG_REPLIES = [
    "青蛙方案甲，{{ hook }}",
    "青蛙方案乙，留个电话发您{{ hook }}",
    "青蛙方案丙～{{ hook }}",
]


def seeded(url: str, *, fresh_engine: bool = False) -> Desk:
    """A desk whose database holds the library (the engine from it: as after a restart)."""
    desk = make_desk(url)
    library = library_at_start(desk.sessions, CONFIG).library
    if fresh_engine:
        desk = make_desk(url, reply_engine=build_engine(CONFIG, library=library))
    return desk


def rows(path: Path, query: str) -> list[tuple]:
    with sqlite3.connect(path / "bot.sqlite") as db:
        return db.execute(query).fetchall()


def _state(fake: FakeTelegramServer, user: int) -> dict[int, str]:
    return {m["message_id"]: m.get("text", "") for m in fake.bot_messages(user)}


def versions_of(path: Path, sid: str) -> list[tuple]:
    """(version, status, triggers as JSON) of every stored version of a script."""
    return rows(
        path,
        "select version, json_extract(data, '$.status'), json_extract(data, '$.triggers')"
        f" from script_versions where script_id = '{sid}' order by version",
    )


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
        await say(
            fake_api, LEAD, "坏的 {{ nope\n好的一\n好的二", "replies"
        )  # a template that does not compile
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


async def test_card_edits_a_conflict_between_two_leads_revert_and_history(
    fake_api: FakeTelegramServer, tmp_path: Path
) -> None:
    url, sid = f"sqlite:///{tmp_path / 'bot.sqlite'}", "tj-price-general-dm"
    async with running(seeded(url), fake_api):
        refused = await say(fake_api, OPERATOR, "/scripts", "权限")
        assert "需要组长" in refused["text"]
        listing = await say(fake_api, LEAD, "/scripts", "选择分类")
        category = await press(
            fake_api,
            LEAD,
            listing,
            next(k for k in buttons(listing) if k.startswith("价格")),
            "条话术",
        )
        card = await press(fake_api, LEAD, category, f"{sid} · v1", "近 30 天：推荐 0 次")
        ask = await press(fake_api, LEAD, card, "✏️ 改回复", "改第几条回复")
        await say(fake_api, LEAD, "1", "第 1 条回复的新内容")
        await say(fake_api, LEAD, "新的第一条：留个电话发您{{ hook }}", "已保存为第 2 版")
        card = await reply(fake_api, LEAD, "第 2 版 · 使用中", {})
        assert "1. <code>新的第一条" in card["text"] and "1. <code>" in ask["text"]
        # Two leads open the same card (version 2); the admin saves first.
        await press(fake_api, LEAD, card, "➕ 加触发语", "发新的触发语")
        admin_card = await say(fake_api, ADMIN, "/scripts", "选择分类")
        admin_card = await press(
            fake_api,
            ADMIN,
            admin_card,
            next(k for k in buttons(admin_card) if k.startswith("价格")),
            "条话术",
        )
        admin_card = await press(fake_api, ADMIN, admin_card, f"{sid} · v2", "近 30 天")
        await press(fake_api, ADMIN, admin_card, "➕ 加触发语", "发新的触发语")
        await say(fake_api, ADMIN, "管理员加的说法", "已保存为第 3 版")
        conflict = await say(fake_api, LEAD, "负责人加的说法", "未保存")
        assert "第 2 版" in conflict["text"] and "第 3 版" in conflict["text"]
        assert "triggers" in conflict["text"]
        await say(fake_api, LEAD, "/revert tj-price-general-dm 1", "已保存为第 4 版")
        history = await say(fake_api, LEAD, f"/history {sid}", "的版本")
        assert all(f"第 {n} 版" in history["text"] for n in (1, 2, 3, 4))
        card = await reply(fake_api, LEAD, "第 4 版 · 使用中", {})
        await press(fake_api, LEAD, card, "⏸ 停用", "已保存为第 5 版")
        card = await reply(fake_api, LEAD, "第 5 版 · 已停用", {})
        assert "▶️ 恢复" in buttons(card)
    (raw,) = rows(tmp_path, f"select triggers from scripts where id = '{sid}'")[0]
    assert json.loads(raw) == json.loads(versions_of(tmp_path, sid)[0][2])  # reverted to v1
    versions = versions_of(tmp_path, sid)
    assert [(v, s) for v, s, _ in versions] == [
        (1, "active"), (2, "active"), (3, "active"), (4, "active"), (5, "retired")
    ]  # fmt: skip
    v3 = json.loads(versions[2][2])
    assert "管理员加的说法" in v3 and "负责人加的说法" not in v3  # the admin's save is kept


def edited_csv(data: bytes) -> bytes:
    """An exported library with the first script changed, the last gone, one new."""
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    header, body = table[0], table[1:]
    body[0][header.index("triggers")] += "\n上传加的说法"
    new = list(body[1])
    new[header.index("id")] = "upload-new"
    body = [*body[:-1], new]
    out = io.StringIO()
    csv.writer(out).writerows([header, *body])
    return out.getvalue().encode()


async def test_upload_preview_cancel_confirm_conflict_and_refusals(
    fake_api: FakeTelegramServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import openpyxl

    from bot import scriptread
    from bot.desk import Actor, script_edits

    monkeypatch.setattr(scriptread, "PROGRESS_EVERY", 25)
    url = f"sqlite:///{tmp_path / 'bot.sqlite'}"
    desk = seeded(url)
    versions = "select count(*) from script_versions"
    async with running(desk, fake_api):
        fake_api.push_text(LEAD, LEAD, "/exportscripts csv")
        (sent,) = await fake_api.wait_for("sendDocument")
        assert sent["document"].filename == "scripts.csv"
        upload = edited_csv(fake_api.uploads()[-1].content)
        before = rows(tmp_path, versions)

        fake_api.push_document(LEAD, LEAD, "library.csv", upload)
        preview = await reply(fake_api, LEAD, "新增 1 · 修改 1 · 停用 1", {})
        progress = [p for p in fake_api.sent("editMessageText") if "已读 25 行" in p["text"]]
        assert [p["message_id"] for p in progress] == [preview["message_id"]]  # one message
        await say(fake_api, LEAD, "先问一下", "正在等待确认")  # the upload waits for a button
        await press(fake_api, LEAD, preview, "❌ 取消", "已取消")
        assert rows(tmp_path, versions) == before

        fake_api.push_document(LEAD, LEAD, "library.csv", upload)
        preview = await reply(fake_api, LEAD, "新增 1 · 修改 1 · 停用 1", {})
        await press(fake_api, LEAD, preview, "✅ 确认导入", "已导入")
        assert rows(tmp_path, "select version from scripts where id = 'upload-new'") == [(1,)]

        # A change between the preview and Confirm refuses the whole import.
        again = upload.replace("上传加的说法".encode(), "第二次上传".encode())
        fake_api.push_document(LEAD, LEAD, "library.csv", again)
        preview = await reply(fake_api, LEAD, "新增 0 · 修改 1", {})
        first = list(csv.reader(io.StringIO(upload.decode())))[1][0]  # the changed script
        admin = Actor(f"tg:{ADMIN}", "boss")
        script_edits.edit(desk, first, script_edits.adding("triggers", ["管理员插话"]), version=2,
                          actor=admin)  # fmt: skip
        before = rows(tmp_path, versions)
        conflict = await press(fake_api, LEAD, preview, "✅ 确认导入", "未保存")
        assert first in conflict["text"] and rows(tmp_path, versions) == before

        calls = len(fake_api.sent("getFile"))
        fake_api.push_document(LEAD, LEAD, "huge.csv", b"id\n", file_size=50 * 1024 * 1024)
        big = await reply(fake_api, LEAD, "20 MB", {})
        assert "huge.csv" in big["text"] and "50.0 MB" in big["text"]
        fake_api.push_document(OPERATOR, OPERATOR, "mine.csv", upload)
        await reply(fake_api, OPERATOR, "权限", {})
        assert len(fake_api.sent("getFile")) == calls  # neither was downloaded

        fake_api.push_document(LEAD, LEAD, "photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00binary")
        await reply(fake_api, LEAD, "二进制文件", {})
        book = openpyxl.Workbook()
        book.active.append(["id", "category", "triggers", "replies"])
        book.active.append(["f-1", "price", "=1+1", "a\nb\nc"])
        data = io.BytesIO()
        book.save(data)
        fake_api.push_document(LEAD, LEAD, "sums.xlsx", data.getvalue())
        refused = await reply(fake_api, LEAD, "是公式", {})
        assert "第 2 行 · C 列" in refused["text"]
    assert rows(tmp_path, versions) == before  # nothing of a refused file was stored
    assert rows(tmp_path, "select count(*) from dialogues") == [(0,)]


async def test_template_and_export_round_trip(fake_api: FakeTelegramServer, tmp_path: Path) -> None:
    import openpyxl

    from bot.desk.library import read_library
    from bot.scriptcells import COLUMNS
    from bot.scriptread import read_scripts

    desk = seeded(f"sqlite:///{tmp_path / 'bot.sqlite'}")
    async with running(desk, fake_api):
        fake_api.push_text(LEAD, LEAD, "/template")
        await fake_api.wait_for("sendDocument")
        fake_api.push_text(LEAD, LEAD, "/exportscripts xlsx")
        await fake_api.wait_for("sendDocument", count=2)
        await say(fake_api, LEAD, "/exportscripts pdf", "用法")
    template, export = fake_api.uploads()
    book = openpyxl.load_workbook(io.BytesIO(template.content))
    first, notes = book.worksheets
    assert [c.value for c in first[1]] == list(COLUMNS) and first.max_row == 1
    documented = {row[0].value for row in notes.iter_rows(min_row=2)}
    assert set(COLUMNS) <= documented and "客户的说法" in str(notes["B6"].value)
    path = tmp_path / export.filename
    path.write_bytes(export.content)
    with desk.transaction() as session:
        stored = read_library(session).scripts
    assert [s.id for s in read_scripts(path)] == [s.id for s in stored]
    assert [(s.triggers, s.replies, s.hooks) for s in read_scripts(path)] == [
        (s.triggers, s.replies, s.hooks) for s in stored
    ]
