"""The use cases against real databases (SQLite file and PostgreSQL)."""

import random
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Config
from bot.desk import Actor, Desk, LeadRejected, PermissionDenied, require_role
from bot.runtime import build_engine
from replies.engine import Engine
from replies.library import load_library
from replies.normalize import compact
from storage.errors import NotFound

CONFIG = Config(rotation_memory=5, repeat_warning=2)
ALICE = Actor("terminal:alice", "alice", "operator")


class Clock:
    """A settable clock, starting at 10:00 Beijing time."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 28, 2, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(scope="module")
def reply_engine():
    return build_engine(CONFIG)


@pytest.fixture
def desk(sessions: sessionmaker[Session], reply_engine) -> Desk:
    return Desk(CONFIG, reply_engine, sessions, clock=Clock(), rng=random.Random(4))


def test_handle_inquiry_records_and_rotates(desk: Desk) -> None:
    first = desk.handle_inquiry("多少钱", actor=ALICE, account="TJ")
    assert first.suggestion.classification.category == "price"
    assert len(first.suggestion_ids) == 3
    second = desk.handle_inquiry("多少钱", actor=ALICE, account="tj")
    shown = {compact(r.text) for r in first.suggestion.replies}
    # A new inquiry in the same script never repeats the last N texts shown.
    assert not shown & {compact(r.text) for r in second.suggestion.replies}


def test_more_variants_are_new_and_logged(desk: Desk) -> None:
    first = desk.handle_inquiry("有案例吗", actor=ALICE, account="TJ")
    more = desk.more_variants(first)
    assert more.inquiry_id == first.inquiry_id
    assert set(more.suggestion_ids).isdisjoint(first.suggestion_ids)
    assert {compact(r.text) for r in more.suggestion.replies}.isdisjoint(
        {compact(r.text) for r in first.suggestion.replies}
    )


FIXED = """
[[script]]
id = "ship"
category = "logistics"
triggers = ["包邮吗", "发什么快递", "几天到"]
replies = ["包邮的亲", "默认顺丰哦", "两三天就到"]
"""


def test_repeat_warning_after_the_same_sentence_is_used_today(desk: Desk, tmp_path) -> None:
    (tmp_path / "lib.toml").write_text(FIXED, encoding="utf-8")
    config = Config(rotation_memory=0, repeat_warning=2)
    fixed = Desk(config, Engine(load_library(tmp_path / "lib.toml")), desk.sessions,
                 clock=desk.clock, rng=random.Random(1))  # fmt: skip
    used: Counter[str] = Counter()
    for _ in range(4):
        result = fixed.handle_inquiry("包邮吗", actor=ALICE, account="MZ")
        for n, reply in enumerate(result.suggestion.replies):
            assert result.repeated(n) == (used[reply.text] >= 2)
        first = next(n for n, r in enumerate(result.suggestion.replies) if r.text == "包邮的亲")
        fixed.mark_used(result.suggestion_ids[first])
        used["包邮的亲"] += 1
    assert used["包邮的亲"] == 4


def test_lead_logging_numbers_and_duplicates(desk: Desk) -> None:
    inquiry = desk.handle_inquiry("我们50人，电话13671829045，方案发我", actor=ALICE, account="TJ")
    draft = desk.lead_draft(inquiry)
    assert draft["phone"] == "13671829045" and draft["headcount"] == 50
    first = desk.log_lead(actor=ALICE, account="TJ", fields=draft, inquiry=inquiry)
    assert first.lead.clue_number == "TJ-20261128-001" and not first.duplicates
    again = desk.log_lead(actor=ALICE, account="TJ", fields={"phone": "13671829045"})
    assert again.lead.clue_number == "TJ-20261128-002"
    assert again.duplicates == ("TJ-20261128-001",)
    other = desk.log_lead(actor=ALICE, account="MZ", fields={"phone": "13671829045"})
    assert other.lead.clue_number == "MZ-20261128-001" and not other.duplicates


def test_clue_numbers_follow_the_local_day(desk: Desk) -> None:
    desk.clock.now = datetime(2026, 11, 28, 16, 30, tzinfo=UTC)  # 00:30 on the 29th in Beijing
    lead = desk.log_lead(actor=ALICE, account="TJ", fields={"red_nickname": "小红薯"}).lead
    assert lead.clue_number == "TJ-20261129-001"
    assert desk.today().isoformat() == "2026-11-29"


def test_a_lead_needs_a_nickname_or_contact(desk: Desk) -> None:
    with pytest.raises(LeadRejected):
        desk.log_lead(actor=ALICE, account="TJ", fields={"city": "北京"})
    # Nothing was consumed: the next lead still gets 001.
    lead = desk.log_lead(actor=ALICE, account="TJ", fields={"wechat": "abc_123"}).lead
    assert lead.seq == 1


def test_status_notes_find_and_summary(desk: Desk) -> None:
    desk.handle_inquiry("求分享", actor=ALICE, account="TJ")
    desk.handle_inquiry("多少钱", actor=ALICE, account="TJ")
    clue = desk.log_lead(actor=ALICE, account="TJ", fields={"red_nickname": "Amy"}).lead.clue_number
    desk.set_status(clue, "contacted", actor=ALICE)
    desk.add_note(clue, "周五回电", actor=ALICE)
    lead, events = desk.get_lead(clue)
    assert lead.status == "contacted" and "周五回电" in lead.notes
    assert [e.kind for e in events] == ["created", "status", "note"]
    assert [found.clue_number for found in desk.find_leads("amy")] == [clue]
    summary = desk.day_summary()
    assert summary.categories == {"invalid": 1, "price": 1} and summary.leads == {"TJ": 1}
    with pytest.raises(NotFound):
        desk.get_lead("TJ-20990101-001")


def test_list_leads_by_day(desk: Desk) -> None:
    desk.log_lead(actor=ALICE, account="TJ", fields={"red_nickname": "a"})
    desk.clock.now += timedelta(days=1)
    desk.log_lead(actor=ALICE, account="TJ", fields={"red_nickname": "b"})
    assert [x.red_nickname for x in desk.list_leads(day_from=desk.today())] == ["b"]
    assert len(desk.list_leads()) == 2


def test_roles() -> None:
    require_role(Actor("x", "x", "admin"), "lead")
    with pytest.raises(PermissionDenied):
        require_role(ALICE, "lead")


def test_blank_nickname_is_not_a_contact(desk: Desk) -> None:
    with pytest.raises(LeadRejected):
        desk.log_lead(actor=ALICE, account="TJ", fields={"red_nickname": "   ", "phone": ""})


def test_phone_is_normalised_or_refused(desk: Desk) -> None:
    lead = desk.log_lead(actor=ALICE, account="TJ", fields={"phone": "+86 139-1234-5678"}).lead
    assert lead.phone == "13912345678"
    with pytest.raises(LeadRejected, match="不是 11 位大陆手机号"):
        desk.log_lead(actor=ALICE, account="TJ", fields={"phone": "123"})
    # The refused lead consumed no clue number.
    assert desk.log_lead(actor=ALICE, account="TJ", fields={"wechat": "abc_123"}).lead.seq == 2


def test_refusals_speak_the_configured_language(sessions, reply_engine) -> None:
    english = Desk(Config(locale="en"), reply_engine, sessions, clock=Clock())
    with pytest.raises(LeadRejected, match="needs a RED nickname"):
        english.log_lead(actor=ALICE, account="TJ", fields={})
    with pytest.raises(PermissionDenied, match="needs the lead role"):
        require_role(ALICE, "lead", "en")
