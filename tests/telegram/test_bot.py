"""The bot end to end: the real python-telegram-bot stack against the fake Bot API."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import openpyxl
import pytest

from tests.telegram.botrig import (
    ADMIN,
    LEAD,
    OPERATOR,
    STRANGER,
    buttons,
    last_text,
    make_desk,
    running,
    sqlite_url,
)
from tests.telegram.fakeapi import FakeTelegramServer

pytestmark = pytest.mark.anyio
PASTE = "你好，我们公司60人想10月去古北水镇团建两天，人均800左右"


def rows(path: Path, query: str) -> list[tuple]:
    with sqlite3.connect(path / "bot.sqlite") as db:
        return db.execute(query).fetchall()


async def paste(fake: FakeTelegramServer, user: int, text: str, count: int) -> dict:
    fake.push_text(user, user, text)
    await fake.wait_for("sendMessage", lambda p: p.get("chat_id") == user, count=count)
    return fake.bot_messages(user)[-1]


async def test_a_stranger_gets_only_their_id(fake_api: FakeTelegramServer, tmp_path: Path) -> None:
    async with running(make_desk(sqlite_url(tmp_path)), fake_api):
        fake_api.push_text(STRANGER, STRANGER, PASTE)
        sent = await fake_api.wait_for("sendMessage", lambda p: p.get("chat_id") == STRANGER)
    text = sent[0]["text"]
    assert str(STRANGER) in text and "管理员" in text
    assert "价格" not in text and "首次咨询" not in text and "回复" not in text
    assert rows(tmp_path, "select count(*) from inquiries") == [(0,)]


async def test_paste_card_and_every_button(fake_api: FakeTelegramServer, tmp_path: Path) -> None:
    async with running(make_desk(sqlite_url(tmp_path)), fake_api):
        card = await paste(fake_api, OPERATOR, PASTE, 1)
        sent = fake_api.sent("sendMessage")[-1]
        assert sent["parse_mode"] == "HTML" and "<code>" in sent["text"]
        keys = buttons(card)
        assert {
            "✅1",
            "✅2",
            "✅3",
            "🔁 换一批",
            "💬 评论区版",
            "📝 记线索",
            "🏷 换分类",
            "🆕 新客户",
        } <= set(keys)
        assert all(len(data.encode()) <= 64 for data in keys.values())
        fake_api.push_callback(OPERATOR, OPERATOR, keys["✅2"], card["message_id"])
        await fake_api.wait_for("answerCallbackQuery", lambda p: "第 2 条" in p.get("text", ""))
        before = card["text"]
        fake_api.push_callback(OPERATOR, OPERATOR, keys["🔁 换一批"], card["message_id"])
        await fake_api.wait_for("editMessageText")
        assert fake_api.message(OPERATOR, card["message_id"])["text"] != before
        fake_api.push_callback(OPERATOR, OPERATOR, keys["💬 评论区版"], card["message_id"])
        edited = await fake_api.wait_for("editMessageText", count=2)
        assert "微信" not in edited[-1]["text"].split("提取信息")[0]
        second = await paste(fake_api, OPERATOR, "多少钱", 2)
        assert "同一客户 · 第2条" in second["text"] and "人数=60" in second["text"]
        fake_api.push_callback(
            OPERATOR, OPERATOR, buttons(second)["🆕 新客户"], second["message_id"]
        )
        await fake_api.wait_for("sendMessage", lambda p: "已开始新客户" in p["text"])
        third = await paste(fake_api, OPERATOR, "多少钱", 4)
        assert "同一客户" not in third["text"]
    assert rows(tmp_path, "select count(*) from suggestions where used") == [(1,)]
    assert rows(tmp_path, "select count(*) from inquiries") == [(3,)]


async def test_low_confidence_offers_three_categories(fake_api, tmp_path: Path) -> None:
    from bot.config import Config
    from bot.runtime import build_engine
    from tests.telegram.botrig import CONFIG

    # Calibrated, an exact trigger scores 100; a vague inquiry stays well below 99.9.
    unsure = Config(**{**CONFIG.__dict__, "threshold": 99.9})
    desk = make_desk(sqlite_url(tmp_path), unsure, reply_engine=build_engine(unsure))
    async with running(desk, fake_api):
        card = await paste(fake_api, OPERATOR, "你们这边怎么弄", 1)
        assert "不太确定" in card["text"]
        first_row = card["reply_markup"]["inline_keyboard"][0]
        assert len(first_row) == 3 and all(b["callback_data"].startswith("cat:") for b in first_row)
        fake_api.push_callback(
            OPERATOR, OPERATOR, first_row[1]["callback_data"], card["message_id"]
        )
        edited = await fake_api.wait_for("editMessageText")
        assert edited[-1]["text"].startswith(f"<b>{first_row[1]['text']}</b>")


async def test_edits_are_retried_after_a_server_error(fake_api, tmp_path: Path) -> None:
    async with running(make_desk(sqlite_url(tmp_path)), fake_api):
        card = await paste(fake_api, OPERATOR, "多少钱", 1)
        fake_api.fail_next("editMessageText", status=502)
        fake_api.push_callback(OPERATOR, OPERATOR, buttons(card)["🔁 换一批"], card["message_id"])
        await fake_api.wait_for("editMessageText", count=2)
    assert [r.status for r in fake_api.records if r.method == "editMessageText"] == [502, 200]


async def test_lead_dialogue_continued_by_a_second_application(fake_api, tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    async with running(make_desk(url), fake_api):
        card = await paste(fake_api, OPERATOR, PASTE, 1)
        fake_api.push_callback(OPERATOR, OPERATOR, buttons(card)["📝 记线索"], card["message_id"])
        # The thread knows the need and the figures: only a contact is asked for.
        await fake_api.wait_for("sendMessage", lambda p: "小红书昵称" in p["text"])
    # A restart, or another process behind the same webhook, continues the dialogue.
    async with running(make_desk(url, seed=2), fake_api):
        fake_api.push_text(OPERATOR, OPERATOR, "138-1234-5678")
        confirm = await fake_api.wait_for("sendMessage", lambda p: "确认登记" in p["text"])
        message = fake_api.bot_messages(OPERATOR)[-1]
        assert "13812345678" in confirm[-1]["text"] and "人数：60" in confirm[-1]["text"]
        ok = buttons(message)["✅ 确认登记"]
        fake_api.push_callback(OPERATOR, OPERATOR, ok, message["message_id"])
        fake_api.push_callback(OPERATOR, OPERATOR, ok, message["message_id"])  # tapped twice
        await fake_api.wait_for("editMessageText", lambda p: "已登记客资 TJ-" in p["text"])
        await fake_api.wait_for("answerCallbackQuery", count=3)
    assert rows(tmp_path, "select phone, headcount from leads") == [("13812345678", 60)]
    assert rows(tmp_path, "select count(*) from threads where lead_id is not null") == [(1,)]


async def test_duplicate_warning_on_the_card(fake_api, tmp_path: Path) -> None:
    from bot.desk import Actor, leads

    desk = make_desk(sqlite_url(tmp_path))
    first = leads.log(desk, actor=Actor(f"tg:{LEAD}", "li"), account="TJ",
                      fields={"phone": "13812345678"}).lead  # fmt: skip
    async with running(desk, fake_api):
        card = await paste(fake_api, OPERATOR, "我电话138 1234 5678，方案发我", 1)
        fake_api.push_callback(OPERATOR, OPERATOR, buttons(card)["📝 记线索"], card["message_id"])
        await fake_api.wait_for("sendMessage", lambda p: "确认登记" in p["text"])
        message = fake_api.bot_messages(OPERATOR)[-1]
        assert "可能重复" in message["text"] and first.clue_number in message["text"]
        fake_api.push_callback(
            OPERATOR, OPERATOR, buttons(message)["❌ 取消"], message["message_id"]
        )
        await fake_api.wait_for("sendMessage", lambda p: "已取消" in p["text"])
    assert rows(tmp_path, "select count(*) from leads") == [(1,)]


async def test_leads_paging_card_status_and_deal_value(fake_api, tmp_path: Path) -> None:
    from bot.desk import Actor, leads

    desk = make_desk(sqlite_url(tmp_path))
    actor = Actor(f"tg:{LEAD}", "li")
    clues = [
        leads.log(
            desk, actor=actor, account="TJ", fields={"red_nickname": f"客户{n}"}
        ).lead.clue_number
        for n in range(12)
    ]
    async with running(desk, fake_api):
        page = await paste(fake_api, LEAD, "/leads", 1)
        assert clues[0] in page["text"] and clues[11] not in page["text"]
        fake_api.push_callback(LEAD, LEAD, buttons(page)["下一页 ▶"], page["message_id"])
        await fake_api.wait_for("editMessageText", lambda p: clues[11] in p["text"])
        card = await paste(fake_api, LEAD, f"/lead {clues[3]}", 2)
        fake_api.push_callback(LEAD, LEAD, buttons(card)["已成交"], card["message_id"])
        await fake_api.wait_for("sendMessage", lambda p: "成交金额" in p["text"])
        fake_api.push_text(LEAD, LEAD, "4.5万")
        await fake_api.wait_for("sendMessage", lambda p: "45000" in p["text"])
        fake_api.push_text(LEAD, LEAD, f"/note {clues[3]} 周五回电")
        await fake_api.wait_for("sendMessage", lambda p: "已为" in p["text"])
        fake_api.push_text(LEAD, LEAD, "/find 客户3")
        await fake_api.wait_for(
            "sendMessage", lambda p: "查找" in p["text"] and clues[3] in p["text"]
        )
    assert rows(
        tmp_path, f"select status, deal_value from leads where clue_number = '{clues[3]}'"
    ) == [("won", 45000)]


async def test_export_is_a_document_for_leads_only(fake_api, tmp_path: Path) -> None:
    from bot.desk import Actor, leads

    desk = make_desk(sqlite_url(tmp_path))
    leads.log(desk, actor=Actor(f"tg:{LEAD}", "li"), account="TJ", fields={"red_nickname": "Amy"})
    async with running(desk, fake_api):
        fake_api.push_text(OPERATOR, OPERATOR, "/export")
        refused = await fake_api.wait_for("sendMessage", lambda p: p["chat_id"] == OPERATOR)
        assert "需要组长" in refused[0]["text"] and not fake_api.uploads()
        fake_api.push_text(LEAD, LEAD, "/export")
        await fake_api.wait_for("sendDocument")
    upload = fake_api.uploads()[0]
    sheet = openpyxl.load_workbook(io.BytesIO(upload.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][2] == "小红书昵称" and values[1][2] == "Amy"


async def test_account_switch_is_remembered(fake_api, tmp_path: Path) -> None:
    async with running(make_desk(sqlite_url(tmp_path)), fake_api):
        menu = await paste(fake_api, OPERATOR, "/account", 1)
        fake_api.push_callback(OPERATOR, OPERATOR, buttons(menu)["MZ"], menu["message_id"])
        await fake_api.wait_for("sendMessage", lambda p: "已切换到账号 MZ" in p["text"])
        await paste(fake_api, OPERATOR, "这个口红多少钱", 3)
    assert rows(
        tmp_path, "select a.code from inquiries i join accounts a on a.id = i.account_id"
    ) == [("MZ",)]


async def test_malformed_and_duplicate_updates(fake_api, tmp_path: Path) -> None:
    async with running(make_desk(sqlite_url(tmp_path)), fake_api):
        fake_api.push_raw({"message": {"message_id": "not a number", "chat": "nope"}})
        good = fake_api.push_text(OPERATOR, OPERATOR, "多少钱")
        await fake_api.wait_for("sendMessage", lambda p: p["chat_id"] == OPERATOR)
        fake_api.push_raw(good, assign_id=False)  # delivered again with the same update_id
        fake_api.push_text(OPERATOR, OPERATOR, "有案例吗")
        await fake_api.wait_for("sendMessage", lambda p: p["chat_id"] == OPERATOR, count=2)
    assert rows(tmp_path, "select text from inquiries order by id") == [("多少钱",), ("有案例吗",)]
    assert not fake_api.pending_updates


async def test_role_limits_and_grants(fake_api, tmp_path: Path) -> None:
    async with running(make_desk(sqlite_url(tmp_path)), fake_api):
        fake_api.push_text(OPERATOR, OPERATOR, f"/grant {STRANGER} operator")
        await fake_api.wait_for("sendMessage", lambda p: "需要管理员" in p["text"])
        fake_api.push_text(ADMIN, ADMIN, f"/grant {STRANGER} operator")
        await fake_api.wait_for("sendMessage", lambda p: "已授予" in p["text"])
        await paste(fake_api, STRANGER, "多少钱", 1)
        assert "价格" in last_text(fake_api, STRANGER)
        fake_api.push_text(ADMIN, ADMIN, f"/revoke {LEAD}")
        await fake_api.wait_for("sendMessage", lambda p: "配置文件" in p["text"])


async def test_webhook_checks_the_secret(fake_api, tmp_path: Path) -> None:
    from bot.telegram.app import build_application
    from tests.telegram.fakeapi import free_port

    desk = make_desk(sqlite_url(tmp_path))
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram"
    app = build_application(desk, fake_api.token, rate_limit=False, base_url=fake_api.base_url,
                            base_file_url=fake_api.base_file_url)  # fmt: skip
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_webhook(
            listen="127.0.0.1", port=port, url_path="telegram", webhook_url=url,
            secret_token="s3cret-Token",
        )  # fmt: skip
        try:
            update = fake_api.text_update(OPERATOR, OPERATOR, "多少钱")
            assert await fake_api.deliver_webhook(url, update, "wrong") == 403
            assert await fake_api.deliver_webhook(url, update, "s3cret-Token") == 200
            await fake_api.wait_for("sendMessage", lambda p: p["chat_id"] == OPERATOR)
        finally:
            await app.updater.stop()
            await app.stop()
    assert rows(tmp_path, "select count(*) from inquiries") == [(1,)]
    assert fake_api.webhook["url"] == url


async def test_bad_input_is_handled_quietly(fake_api, tmp_path: Path) -> None:
    async with running(make_desk(sqlite_url(tmp_path)), fake_api):
        sticker = fake_api.text_update(OPERATOR, OPERATOR, "x")
        sticker["message"].pop("text")
        sticker["message"]["sticker"] = {
            "file_id": "s1", "file_unique_id": "s1", "type": "regular", "width": 512,
            "height": 512, "is_animated": False, "is_video": False,
        }  # fmt: skip
        fake_api.push_raw(sticker, assign_id=True)
        await fake_api.wait_for("sendMessage", lambda p: "请发送文字" in p["text"])
        edited = fake_api.text_update(OPERATOR, OPERATOR, "多少钱")
        edited["edited_message"] = edited.pop("message")
        edited["edited_message"]["edit_date"] = edited["edited_message"]["date"]
        fake_api.push_raw(edited)
        long = "<b>多少钱</b>" + "啊" * 3900  # HTML in a customer's text stays text
        fake_api.push_text(OPERATOR, OPERATOR, long)
        await fake_api.wait_for(
            "sendMessage", lambda p: "&lt;b&gt;" in p["text"] or "价格" in p["text"]
        )
        card = fake_api.bot_messages(OPERATOR)[-1]
        fake_api.push_callback(OPERATOR, OPERATOR, "more:999999:dm", card["message_id"])
        await fake_api.wait_for("sendMessage", lambda p: "没有编号为 999999 的咨询" in p["text"])
        fake_api.push_callback(OPERATOR, OPERATOR, "use:abc", card["message_id"])
        fake_api.push_text(OPERATOR, OPERATOR, "有案例吗")
        await fake_api.wait_for("sendMessage", lambda p: "案例" in p["text"])
    assert all(len(p["text"]) <= 4096 for p in fake_api.sent("sendMessage"))
    assert rows(tmp_path, "select count(*) from inquiries") == [(2,)]  # not the edit
    assert any("出错了，已记录" in p["text"] for p in fake_api.sent("sendMessage"))


async def test_groups_only_listed_and_only_when_addressed(fake_api, tmp_path: Path) -> None:
    from bot.config import Config
    from tests.telegram.botrig import CONFIG

    listed = -100123
    config = Config(**{**CONFIG.__dict__, "groups": (listed,)})
    async with running(make_desk(sqlite_url(tmp_path), config), fake_api) as app:
        username = app.bot.username
        fake_api.push_text(-100999, OPERATOR, f"@{username} 多少钱", chat_type="supergroup")
        fake_api.push_text(listed, OPERATOR, "多少钱", chat_type="supergroup")
        fake_api.push_text(listed, OPERATOR, f"@{username} 有案例吗", chat_type="supergroup")
        await fake_api.wait_for("sendMessage", lambda p: p["chat_id"] == listed)
    assert [p["chat_id"] for p in fake_api.sent("sendMessage")] == [listed]
    assert rows(tmp_path, "select text from inquiries") == [("有案例吗",)]


async def test_category_change_is_learned_and_undone_by_a_lead(fake_api, tmp_path: Path) -> None:
    async with running(make_desk(sqlite_url(tmp_path)), fake_api):
        card = await paste(fake_api, OPERATOR, "你们能开发票吗", 1)
        fake_api.push_callback(OPERATOR, OPERATOR, buttons(card)["🏷 换分类"], card["message_id"])
        await fake_api.wait_for("sendMessage", lambda p: "选择正确的分类" in p["text"])
        menu = fake_api.bot_messages(OPERATOR)[-1]
        fake_api.push_callback(OPERATOR, OPERATOR, buttons(menu)["案例"], menu["message_id"])
        edited = await fake_api.wait_for("editMessageText")
        assert edited[-1]["text"].startswith("<b>案例</b>")
        again = await paste(fake_api, OPERATOR, "你们能开发票吗", 3)
        assert "<b>案例</b>" in again["text"]  # the very next inquiry uses the correction
        seen = await paste(fake_api, OPERATOR, "/examples", 4)
        undo = next(v for k, v in buttons(seen).items() if k.startswith("↩"))
        fake_api.push_callback(OPERATOR, OPERATOR, undo, seen["message_id"])  # operators may not
        await fake_api.wait_for("sendMessage", lambda p: "需要组长" in p["text"])
        listing = await paste(fake_api, LEAD, "/examples", 1)
        assert "你们能开发票吗" in listing["text"]
        fake_api.push_callback(LEAD, LEAD, undo, listing["message_id"])
        await fake_api.wait_for("sendMessage", lambda p: "已撤销纠正" in p["text"])
    assert rows(tmp_path, "select count(*) from learned_examples where removed_at is null") == [
        (0,)
    ]
