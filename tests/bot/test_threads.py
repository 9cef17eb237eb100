"""Customer threads through the use cases, on SQLite and PostgreSQL."""

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Config
from bot.desk import Desk, inquiries, leads, threads
from bot.errors import PermissionDenied, UsageError
from bot.runtime import build_engine
from replies import policy
from tests.bot.desk_fixtures import ALICE, BOB, CONFIG, make_desk


@pytest.fixture(scope="module")
def reply_engine():
    return build_engine(CONFIG)


@pytest.fixture
def desk(sessions: sessionmaker[Session], reply_engine) -> Desk:
    return make_desk(sessions, reply_engine)


FIRST = "你好，我们公司60人想10月去古北水镇团建两天，人均800左右"


def test_pastes_join_one_thread_and_fields_accumulate(desk: Desk) -> None:
    first = inquiries.handle(desk, FIRST, actor=ALICE, account="TJ")
    second = inquiries.handle(desk, "多少钱", actor=ALICE, account="TJ")
    assert second.thread_id == first.thread_id and (first.position, second.position) == (1, 2)
    assert second.thread.fields.headcount == 60 and second.thread.fields.month == 10
    assert second.thread.duration == 2.0 and second.thread.sources["headcount"] == 1
    # Nothing the customer said is asked again, and a hook asks for the contact.
    for reply in second.suggestion.replies:
        assert not policy.reasks(reply.text, second.thread.known), reply.text
    carrying = [policy.carries_hook(r.text, second.suggestion.hook or "", "dm")
                for r in second.suggestion.replies]  # fmt: skip
    assert sum(carrying) >= 2


def test_a_later_value_overrides_and_remembers_its_message(desk: Desk) -> None:
    inquiries.handle(desk, "我们50人左右", actor=ALICE, account="TJ")
    later = inquiries.handle(desk, "不好意思，人数改成80人了", actor=ALICE, account="TJ")
    assert later.thread.fields.headcount == 80 and later.thread.sources["headcount"] == 2


def test_once_a_contact_is_given_no_reply_asks_for_one(desk: Desk) -> None:
    inquiries.handle(desk, FIRST, actor=ALICE, account="TJ")
    inquiries.handle(desk, "我微信 hr_lily2024", actor=ALICE, account="TJ")
    after = inquiries.handle(desk, "有案例吗", actor=ALICE, account="TJ")
    assert after.thread.has_contact
    for reply in after.suggestion.replies:
        assert "contact" not in policy.asks(reply.text), reply.text


def test_new_idle_and_other_operators_start_other_threads(desk: Desk) -> None:
    first = inquiries.handle(desk, FIRST, actor=ALICE, account="TJ")
    threads.new_thread(desk, actor=ALICE, account="TJ")
    fresh = inquiries.handle(desk, "多少钱", actor=ALICE, account="TJ")
    assert fresh.thread_id != first.thread_id and fresh.position == 1
    assert fresh.thread.fields.headcount is None
    bob = inquiries.handle(desk, "多少钱", actor=BOB, account="TJ")
    mz = inquiries.handle(desk, "多少钱", actor=ALICE, account="MZ")
    assert len({fresh.thread_id, bob.thread_id, mz.thread_id}) == 3
    desk.clock.now += timedelta(minutes=CONFIG.idle_minutes + 1)
    idle = inquiries.handle(desk, "多少钱", actor=ALICE, account="TJ")
    assert idle.thread_id != fresh.thread_id and idle.position == 1


def test_an_idle_thread_can_be_resumed_by_id(desk: Desk) -> None:
    first = inquiries.handle(desk, FIRST, actor=ALICE, account="TJ")
    desk.clock.now += timedelta(days=1)
    assert [t.id for t in threads.recent_threads(desk, actor=ALICE)] == [first.thread_id]
    record, view = threads.resume_thread(desk, first.thread_id or 0, actor=ALICE)
    assert record.messages == 1 and view.fields.headcount == 60
    again = inquiries.handle(desk, "还在吗，方案好了吗", actor=ALICE, account="TJ")
    assert again.thread_id == first.thread_id and again.position == 2
    with pytest.raises(PermissionDenied):
        threads.resume_thread(desk, first.thread_id or 0, actor=BOB)
    with pytest.raises(UsageError):
        threads.resume_thread(desk, 999_999, actor=ALICE)


def test_a_second_process_continues_the_thread(desk: Desk, reply_engine) -> None:
    inquiries.handle(desk, FIRST, actor=ALICE, account="TJ")
    other = make_desk(desk.sessions, reply_engine, seed=2)
    other.clock.now = desk.clock.now + timedelta(minutes=5)
    second = inquiries.handle(other, "多少钱", actor=ALICE, account="TJ")
    assert second.position == 2 and second.thread.fields.headcount == 60


def test_the_lead_draft_uses_the_whole_thread_and_ties_it(desk: Desk) -> None:
    inquiries.handle(desk, FIRST, actor=ALICE, account="TJ")
    last = inquiries.handle(desk, "电话 13912345678", actor=ALICE, account="TJ")
    draft = leads.draft(desk, thread_id=last.thread_id)
    assert draft["headcount"] == 60 and draft["phone"] == "13912345678"
    assert "古北水镇" in draft["need"] and "13912345678" in draft["need"]
    logged = leads.log(desk, actor=ALICE, account="TJ", fields=draft, thread_id=last.thread_id)
    assert leads.card(desk, logged.lead.clue_number, actor=ALICE).thread_id == last.thread_id
    listed = threads.recent_threads(desk, actor=ALICE)
    assert listed[0].lead_id == logged.lead.id


def test_idle_minutes_come_from_the_config(sessions, reply_engine) -> None:
    quick = make_desk(sessions, reply_engine, Config(idle_minutes=1))
    first = inquiries.handle(quick, "多少钱", actor=ALICE, account="TJ")
    quick.clock.now += timedelta(seconds=50)
    assert inquiries.handle(quick, "在吗", actor=ALICE, account="TJ").thread_id == first.thread_id
    quick.clock.now += timedelta(seconds=70)
    assert inquiries.handle(quick, "在吗", actor=ALICE, account="TJ").thread_id != first.thread_id
