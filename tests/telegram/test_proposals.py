"""Proposals end to end through the fake Bot API: propose → leads told → approve / reject;
candidate triggers promoted with one tap; custom categories."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.desk import Actor, Desk, proposals
from bot.desk.library import library_at_start, read_library
from bot.telegram import scheduler
from storage import botstate
from storage import examples as example_store
from storage import proposals as proposal_store
from tests.telegram.botrig import ADMIN, LEAD, OPERATOR, buttons, make_desk, running, sqlite_url
from tests.telegram.fakeapi import FakeTelegramServer

pytestmark = pytest.mark.anyio
PRICE = "tj-price-general-dm"


def seeded(url: str, seed: int = 1) -> Desk:
    """A bot desk whose database holds the bundled library."""
    desk = make_desk(url, seed=seed)
    library_at_start(desk.sessions, desk.config)
    return desk


async def said(fake: FakeTelegramServer, chat: int, part: str, method: str = "sendMessage") -> dict:
    """Wait for the bot to send (or edit to) a text containing part in a chat; that message."""
    await fake.wait_for(method, lambda p: p.get("chat_id") == chat and part in p.get("text", ""))
    return next(m for m in reversed(fake.bot_messages(chat)) if part in m.get("text", ""))


def tap(fake: FakeTelegramServer, user: int, message: dict, label: str) -> None:
    fake.push_callback(user, user, buttons(message)[label], message["message_id"])


async def test_propose_continued_after_a_restart_then_approved(
    fake_api: FakeTelegramServer, tmp_path: Path
) -> None:
    url = sqlite_url(tmp_path)
    async with running(seeded(url), fake_api):
        fake_api.push_text(OPERATOR, OPERATOR, "/propose")
        tap(fake_api, OPERATOR, await said(fake_api, OPERATOR, "要提议什么"), "🔑 触发语")
        await said(fake_api, OPERATOR, "给哪条话术")
        fake_api.push_text(OPERATOR, OPERATOR, "no-such-script")
        await said(fake_api, OPERATOR, "没有编号为 no-such-script 的话术")
    # A restart (or another webhook process) continues the dialogue from the database.
    async with running(seeded(url, seed=2), fake_api):
        fake_api.push_text(OPERATOR, OPERATOR, PRICE)
        await said(fake_api, OPERATOR, "新的客户说法")
        fake_api.push_text(OPERATOR, OPERATOR, "学生团有优惠吗\n学生能打折吗")
        confirm = await said(fake_api, OPERATOR, "提交这条提议")
        assert "学生能打折吗" in confirm["text"]
        tap(fake_api, OPERATOR, confirm, "📨 提交审批")
        await said(fake_api, OPERATOR, "已提交提议 #1，已通知 2 位", "editMessageText")
        to_lead = await said(fake_api, LEAD, "提议 #1")
        to_admin = await said(fake_api, ADMIN, "提议 #1")
        assert "学生团有优惠吗" in to_lead["text"] and "Tester" in to_lead["text"]
        tap(fake_api, LEAD, to_lead, "✅ 批准")
        await said(fake_api, LEAD, "提议 #1 已批准", "editMessageText")
        await said(fake_api, OPERATOR, "你的提议 #1")
        tap(fake_api, ADMIN, to_admin, "✅ 批准")  # the other copy: nothing applies twice
        await said(fake_api, ADMIN, "已被 Tester 批准，没有重复执行")
        desk = seeded(url)
    with desk.transaction() as session:
        triggers = read_library(session).by_id[PRICE].triggers
        versions = {p.state for p in proposal_store.list_proposals(session, state=None)}
    assert triggers[-2:] == ("学生团有优惠吗", "学生能打折吗") and versions == {"approved"}


async def test_pending_reject_with_a_reason(fake_api: FakeTelegramServer, tmp_path: Path) -> None:
    desk = seeded(sqlite_url(tmp_path))
    operator = Actor(f"tg:{OPERATOR}", "小王")
    made = proposals.propose(desk, "variant", actor=operator, script_id=PRICE,
                             texts=["价格看人数，{{ hook }}发您"])  # fmt: skip
    async with running(desk, fake_api):
        fake_api.push_text(OPERATOR, OPERATOR, "/pending")
        await said(fake_api, OPERATOR, "没有权限")
        fake_api.push_text(LEAD, LEAD, "/pending")
        card = await said(fake_api, LEAD, f"提议 #{made.record.id}")
        assert "小王" in card["text"] and "价格看人数" in card["text"]
        tap(fake_api, LEAD, card, "❌ 拒绝")
        await said(fake_api, LEAD, "理由是什么")
        fake_api.push_text(LEAD, LEAD, "和第二条重复了")
        await said(fake_api, LEAD, "已拒绝")
        told = await said(fake_api, OPERATOR, "未通过")
        assert "和第二条重复了" in told["text"]
        other = proposals.propose(
            desk, "trigger", actor=operator, script_id=PRICE, texts=["报价能再细一点吗"]
        )
        fake_api.push_text(LEAD, LEAD, "/pending")
        card = await said(fake_api, LEAD, f"提议 #{other.record.id}")
        tap(fake_api, LEAD, card, "❌ 拒绝")
        tap(fake_api, LEAD, await said(fake_api, LEAD, f"拒绝提议 #{other.record.id}"), "不写理由")
        await said(fake_api, LEAD, f"提议 #{other.record.id} 已拒绝", "editMessageText")
    with desk.transaction() as session:
        record = proposal_store.get_proposal(session, proposal_id=made.record.id)
        second = proposal_store.get_proposal(session, proposal_id=other.record.id)
        dialogues = botstate.get_dialogue(session, operator_id=second.decided_by or 0, chat_id=LEAD)
    assert (record.state, record.reason) == ("rejected", "和第二条重复了")
    assert (second.state, second.reason, dialogues) == ("rejected", None, None)


async def test_a_terminal_proposal_reaches_each_reviewer_once_through_the_tick(
    fake_api: FakeTelegramServer, tmp_path: Path
) -> None:
    desk = seeded(sqlite_url(tmp_path))
    terminal = Actor("terminal:wang", "小王")
    made = proposals.propose(desk, "trigger", actor=terminal, script_id=PRICE,
                             texts=["报价能再细一点吗"])  # fmt: skip
    async with running(desk, fake_api) as app:
        await scheduler.run_once(app)
        await scheduler.run_once(app)  # the claims: nobody is told twice
        card = await said(fake_api, LEAD, f"提议 #{made.record.id}")
        tap(fake_api, LEAD, card, "✅ 批准")
        await said(fake_api, LEAD, "已批准", "editMessageText")
    cards = [p for p in fake_api.sent("sendMessage") if f"提议 #{made.record.id}" in p["text"]]
    assert sorted(p["chat_id"] for p in cards) == sorted([LEAD, ADMIN])  # each once
    assert all("报价能再细一点吗" in p["text"] for p in cards)
    with desk.transaction() as session:
        assert proposal_store.get_proposal(session, proposal_id=made.record.id).state == "approved"


async def test_candidate_promoted_and_a_custom_category(
    fake_api: FakeTelegramServer, tmp_path: Path
) -> None:
    desk = seeded(sqlite_url(tmp_path))
    with desk.transaction() as session:
        example = example_store.add_example(
            session, account_id=desk.account_id(session, "TJ"), text="学生团能便宜吗",
            normalized="学生团能便宜吗", category="price", operator_id=None, source="correction",
            now=desk.now(),
        )  # fmt: skip
    async with running(desk, fake_api):
        fake_api.push_text(LEAD, LEAD, "/candidates 价格")
        listed = await said(fake_api, LEAD, "学生团能便宜吗")
        promote = next(label for label in buttons(listed) if label.startswith("➕"))
        tap(fake_api, LEAD, listed, promote)
        await said(fake_api, LEAD, "已把「学生团能便宜吗」加为话术")
        fake_api.push_text(OPERATOR, OPERATOR, "/addcategory hotel 住宿")
        await said(fake_api, OPERATOR, "没有权限")
        fake_api.push_text(ADMIN, ADMIN, "/addcategory visa 签证")
        await said(fake_api, ADMIN, "已新增分类 visa（签证）")
    with desk.transaction() as session:
        library = read_library(session)
    target = promote.split("→ ")[1]
    assert library.by_id[target].triggers[-1] == example.text and library.label("visa") == "签证"
