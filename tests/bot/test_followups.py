"""Re-activation follow-ups through the use cases, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Config
from bot.desk import Actor, Desk, followups, inquiries, jobs, leads, threads
from bot.errors import UsageError
from bot.runtime import build_engine
from tests.bot.desk_fixtures import ALICE, make_desk

TG = Actor("tg:1003", "Tom")
CONFIG = Config(operators=(1003,), followup_rounds=2)
FIRST = "你好，我们公司60人想10月去古北水镇团建两天，人均800左右"
HOUR = timedelta(hours=1)


@pytest.fixture(scope="module")
def reply_engine():
    return build_engine(CONFIG)


@pytest.fixture
def desk(sessions: sessionmaker[Session], reply_engine) -> Desk:
    return make_desk(sessions, reply_engine, CONFIG)


def _answered(desk: Desk, actor: Actor, text: str = FIRST) -> int:
    """The customer writes, we send the first suggestion; the thread id."""
    result = inquiries.handle(desk, text, actor=actor, account="TJ")
    _at(desk, desk.now() + timedelta(minutes=1))
    inquiries.mark_used(desk, result.suggestion_ids[0], actor=actor)
    assert result.thread_id is not None
    return result.thread_id


def _at(desk: Desk, moment: datetime) -> None:
    desk.clock.now = moment  # type: ignore[attr-defined]


def test_due_after_24h_then_rounds_then_cold_and_reopened(desk: Desk) -> None:
    start = desk.now()
    thread = _answered(desk, ALICE)
    _at(desk, start + 23 * HOUR)
    assert followups.count_due(desk, actor=ALICE) == 0
    _at(desk, start + 24 * HOUR + timedelta(minutes=1))
    [due] = followups.listing(desk, actor=ALICE)
    assert (due.thread_id, due.round, due.situation, due.chat_id) == (thread, 0, "silent", None)
    assert len(due.replies) == 3 and len(set(due.replies)) == 3
    after = followups.act(desk, thread, "sent", actor=ALICE, step=due.step, anchor=due.anchor)
    assert after is not None and after.round == 1 and after.due_at == desk.now() + 24 * HOUR
    assert followups.listing(desk, actor=ALICE) == []
    with pytest.raises(UsageError) as stale:  # the same button pressed again
        followups.act(desk, thread, "sent", actor=ALICE, step=due.step, anchor=due.anchor)
    assert stale.value.code == "fu_moved"
    _at(desk, desk.now() + 25 * HOUR)
    [second] = followups.listing(desk, actor=ALICE)
    assert second.round == 1 and set(second.replies) != set(due.replies)  # varied wording
    assert followups.act(desk, thread, "sent", actor=ALICE) is None  # the last round: cold
    _at(desk, desk.now() + 100 * HOUR)
    assert followups.listing(desk, actor=ALICE) == []
    reopened = followups.act(desk, thread, "reopen", actor=ALICE)
    assert reopened is not None and reopened.round == 0
    assert [r.thread_id for r in followups.listing(desk, actor=ALICE)] == [thread]


def test_customers_gone_longer_than_the_whole_schedule_are_not_reminded(desk: Desk) -> None:
    start = desk.now()
    gone = _answered(desk, ALICE)
    # The horizon is 2 x (rounds + 1) x after_hours = 144 h: a week later this customer
    # left long ago, the one answered now is due tomorrow; asked by id, both are found.
    _at(desk, start + 7 * 24 * HOUR)
    threads.new_thread(desk, actor=ALICE, account="TJ")
    recent = _answered(desk, ALICE, "多少钱")
    _at(desk, desk.now() + 25 * HOUR)
    assert [r.thread_id for r in followups.listing(desk, actor=ALICE)] == [recent]
    assert followups.count_due(desk, actor=ALICE) == 1
    assert followups.act(desk, gone, "snooze", actor=ALICE) is not None


def test_a_customer_who_writes_again_starts_the_thread_afresh(desk: Desk) -> None:
    start = desk.now()
    thread = _answered(desk, ALICE)
    _at(desk, start + 25 * HOUR)
    followups.act(desk, thread, "snooze", actor=ALICE)
    assert followups.count_due(desk, actor=ALICE) == 0
    threads.resume_thread(desk, thread, actor=ALICE)
    inquiries.handle(desk, "多少钱", actor=ALICE, account="TJ")  # their message is the last
    _at(desk, start + 60 * HOUR)
    assert followups.count_due(desk, actor=ALICE) == 0
    threads.resume_thread(desk, thread, actor=ALICE)
    assert _answered(desk, ALICE, "有案例吗") == thread
    _at(desk, start + 85 * HOUR)
    [due] = followups.listing(desk, actor=ALICE)
    assert due.round == 0 and due.situation == "kept_asking"


def _lead(desk: Desk, actor: Actor, status: str) -> tuple[int, str]:
    thread = _answered(desk, actor)
    clue = leads.log(
        desk, actor=actor, account="TJ", fields={"red_nickname": "小王"}, thread_id=thread
    ).lead.clue_number
    leads.set_status(desk, clue, status, actor=actor)
    return thread, clue


@pytest.mark.parametrize(
    ("action", "status"), [("replied", "contacted"), ("won", "won"), ("lost", "lost")]
)
def test_each_button_moves_the_lead(desk: Desk, action: str, status: str) -> None:
    start = desk.now()
    thread, clue = _lead(desk, ALICE, "awaiting_reply")
    _lead(desk, TG, "new")  # a lead not awaiting a reply gets no reminder
    _at(desk, start + 25 * HOUR)
    assert [r.thread_id for r in followups.to_push(desk)] == []  # ALICE is a terminal user
    [due] = followups.listing(desk, actor=ALICE)
    assert due.clue_number == clue
    followups.act(desk, thread, action, actor=ALICE, step=due.step, anchor=due.anchor)
    assert leads.card(desk, clue, actor=ALICE).lead.status == status
    assert followups.listing(desk, actor=ALICE) == []


def test_pushes_wait_for_the_end_of_quiet_hours(desk: Desk) -> None:
    _at(desk, datetime(2026, 11, 27, 14, 30, tzinfo=UTC))  # 22:30 in Shanghai
    thread = _answered(desk, TG)
    _at(desk, datetime(2026, 11, 28, 14, 31, tzinfo=UTC))  # due at 22:30, quiet until 09:00
    assert followups.count_due(desk, actor=TG) == 1 and followups.to_push(desk) == []
    _at(desk, datetime(2026, 11, 29, 0, 59, tzinfo=UTC))  # 08:59
    assert followups.to_push(desk) == []
    _at(desk, datetime(2026, 11, 29, 1, 0, tzinfo=UTC))  # 09:00
    [push] = followups.to_push(desk)
    assert (push.thread_id, push.chat_id) == (thread, 1003)
    # Once sent, the tick builds it no more (until a button moves the thread on).
    ticket = jobs.acquire(desk, job="followup", period=push.key, chat_id=1003, owner="t")
    assert ticket is not None and jobs.begin_send(desk, ticket)
    assert followups.to_push(desk) != []  # sending: its lease may still lapse
    jobs.finish(desk, ticket, "sent")
    assert followups.to_push(desk) == []
