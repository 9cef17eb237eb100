"""The use cases against real databases (SQLite file and PostgreSQL)."""

import random
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Config
from bot.desk import Actor, Desk, access, inquiries, leads
from bot.desk.reports import day_summary
from bot.errors import LeadRejected, PermissionDenied, UsageError
from bot.runtime import build_engine
from bot.texts import error_text
from replies.engine import Engine
from replies.library import load_library
from replies.normalize import compact
from storage.errors import NotFound
from tests.bot.desk_fixtures import ADMIN, ALICE, BOB, CONFIG, Clock, make_desk


@pytest.fixture(scope="module")
def reply_engine():
    return build_engine(CONFIG)


@pytest.fixture
def desk(sessions: sessionmaker[Session], reply_engine) -> Desk:
    return make_desk(sessions, reply_engine)


def test_handle_inquiry_records_and_rotates(desk: Desk) -> None:
    first = inquiries.handle(desk, "多少钱", actor=ALICE, account="TJ")
    assert first.suggestion.classification.category == "price"
    assert len(first.suggestion_ids) == 3
    second = inquiries.handle(desk, "多少钱", actor=ALICE, account="tj")
    shown = {compact(r.text) for r in first.suggestion.replies}
    # A new inquiry in the same script never repeats the last N texts shown.
    assert not shown & {compact(r.text) for r in second.suggestion.replies}


def test_more_variants_by_id_are_new_and_logged(desk: Desk, reply_engine) -> None:
    first = inquiries.handle(desk, "有案例吗", actor=ALICE, account="TJ")
    # A second desk (another process) continues from the id alone.
    other = make_desk(desk.sessions, reply_engine, seed=9)
    more = inquiries.more_variants(other, first.inquiry_id, actor=ALICE)
    assert more.inquiry_id == first.inquiry_id
    assert set(more.suggestion_ids).isdisjoint(first.suggestion_ids)
    assert {compact(r.text) for r in more.suggestion.replies}.isdisjoint(
        {compact(r.text) for r in first.suggestion.replies}
    )


def test_another_channel_answers_without_logging_the_inquiry_again(desk: Desk) -> None:
    first = inquiries.handle(desk, "多少钱", actor=ALICE, account="TJ")
    inquiries.more_variants(desk, first.inquiry_id, actor=ALICE, channel="comment")
    inquiries.more_variants(desk, first.inquiry_id, actor=ALICE, channel="dm")
    summary = day_summary(desk, actor=ADMIN)
    assert sum(summary.categories.values()) == 1


FIXED = """
[[script]]
id = "ship"
category = "invalid"  # no hook is due: the texts stay exactly as written
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
        result = inquiries.handle(fixed, "包邮吗", actor=ALICE, account="MZ")
        for n, reply in enumerate(result.suggestion.replies):
            assert result.repeated(n) == (used[reply.text] >= 2)
        first = next(n for n, r in enumerate(result.suggestion.replies) if r.text == "包邮的亲")
        inquiries.mark_used(fixed, result.suggestion_ids[first], actor=ALICE)
        used["包邮的亲"] += 1
    assert used["包邮的亲"] == 4


def test_lead_from_a_thread_numbers_and_duplicates(desk: Desk) -> None:
    inquiry = inquiries.handle(
        desk, "我们50人，电话13671829045，方案发我", actor=ALICE, account="TJ"
    )
    draft = leads.draft(desk, thread_id=inquiry.thread_id)
    assert draft["phone"] == "13671829045" and draft["headcount"] == 50
    first = leads.log(desk, actor=ALICE, account="TJ", fields=draft, thread_id=inquiry.thread_id)
    assert first.lead.clue_number == "TJ-20261128-001" and not first.duplicates
    assert first.lead.inquiry_id == inquiry.inquiry_id
    # The duplicate shows on the check, before anything is saved.
    check = leads.check(desk, account="TJ", fields={"phone": "136 7182 9045"})
    assert check.duplicates == ("TJ-20261128-001",) and check.values["phone"] == "13671829045"
    again = leads.log(desk, actor=ALICE, account="TJ", fields={"phone": "13671829045"})
    assert again.lead.clue_number == "TJ-20261128-002"
    assert again.duplicates == ("TJ-20261128-001",)
    other = leads.log(desk, actor=ALICE, account="MZ", fields={"phone": "13671829045"})
    assert other.lead.clue_number == "MZ-20261128-001" and not other.duplicates
    assert leads.card(desk, first.lead.clue_number, actor=ALICE).thread_id == inquiry.thread_id


def test_clue_numbers_follow_the_local_day(desk: Desk) -> None:
    desk.clock.now = desk.clock.now.replace(hour=16, minute=30)  # 00:30 on the 29th in Beijing
    lead = leads.log(desk, actor=ALICE, account="TJ", fields={"red_nickname": "小红薯"}).lead
    assert lead.clue_number == "TJ-20261129-001"
    assert desk.today().isoformat() == "2026-11-29"


def test_a_lead_needs_a_nickname_or_contact(desk: Desk) -> None:
    with pytest.raises(LeadRejected):
        leads.log(desk, actor=ALICE, account="TJ", fields={"city": "北京"})
    # Nothing was consumed: the next lead still gets 001.
    assert leads.log(desk, actor=ALICE, account="TJ", fields={"wechat": "abc_123"}).lead.seq == 1


def test_status_by_label_notes_find_and_summary(desk: Desk) -> None:
    inquiries.handle(desk, "求分享", actor=ALICE, account="TJ")
    inquiries.handle(desk, "多少钱", actor=ALICE, account="TJ")
    clue = leads.log(desk, actor=ALICE, account="TJ", fields={"red_nickname": "Amy"}).lead
    leads.set_status(desk, clue.clue_number, "已联系", actor=ALICE)
    leads.set_status(desk, clue.clue_number.lower(), "won", actor=ALICE)
    leads.add_note(desk, clue.clue_number, "周五回电", actor=ALICE)
    card = leads.card(desk, clue.clue_number, actor=ALICE)
    assert card.lead.status == "won" and "周五回电" in card.lead.notes
    assert [e.kind for e in card.events] == ["created", "status", "status", "note"]
    assert [f.clue_number for f in leads.find(desk, "amy", actor=ALICE)] == [clue.clue_number]
    summary = day_summary(desk, actor=ALICE)
    assert summary.categories == {"invalid": 1, "price": 1} and summary.leads == {"TJ": 1}
    with pytest.raises(NotFound):
        leads.card(desk, "TJ-20990101-001", actor=ALICE)
    with pytest.raises(UsageError):
        leads.set_status(desk, clue.clue_number, "搞定了", actor=ALICE)
    with pytest.raises(UsageError):
        leads.find(desk, "  ", actor=ALICE)


def test_list_leads_by_day(desk: Desk) -> None:
    leads.log(desk, actor=ALICE, account="TJ", fields={"red_nickname": "a"})
    desk.clock.now += timedelta(days=1)
    leads.log(desk, actor=ALICE, account="TJ", fields={"red_nickname": "b"})
    listed = leads.listing(desk, actor=ALICE, day_from=desk.today())
    assert [x.red_nickname for x in listed] == ["b"]
    assert len(leads.listing(desk, actor=ALICE)) == 2


def test_roles_come_from_the_database(desk: Desk) -> None:
    with desk.transaction() as session:
        assert access.identify(session, ADMIN).role == "admin"
        assert access.identify(session, ALICE).role == "operator"
        access.require(session, ADMIN, "export")
        with pytest.raises(PermissionDenied) as refused:
            access.require(session, ALICE, "export")
    assert refused.value.values["needed"] == "lead"
    assert "（运营）没有权限执行此操作，需要组长及以上角色" in error_text("zh", refused.value)
    assert error_text("en", refused.value).endswith(
        "(operator) may not do this; it needs the team lead role"
    )


def test_operators_update_only_their_own_leads(desk: Desk) -> None:
    mine = leads.log(desk, actor=ALICE, account="TJ", fields={"red_nickname": "a"}).lead
    with pytest.raises(PermissionDenied):
        leads.set_status(desk, mine.clue_number, "lost", actor=BOB)
    with pytest.raises(PermissionDenied):
        leads.add_note(desk, mine.clue_number, "not mine", actor=BOB)
    assert leads.set_status(desk, mine.clue_number, "lost", actor=ADMIN).status == "lost"


def test_first_operator_of_an_empty_install_is_admin(sessions, reply_engine) -> None:
    fresh = Desk(CONFIG, reply_engine, sessions, clock=Clock())
    with fresh.transaction() as session:
        assert access.identify(session, BOB).role == "admin"
        assert access.identify(session, ALICE).role == "operator"


def test_blank_nickname_is_not_a_contact(desk: Desk) -> None:
    with pytest.raises(LeadRejected):
        leads.log(desk, actor=ALICE, account="TJ", fields={"red_nickname": "   ", "phone": ""})


def test_phone_is_normalised_or_refused(desk: Desk) -> None:
    lead = leads.log(desk, actor=ALICE, account="TJ", fields={"phone": "+86 139-1234-5678"}).lead
    assert lead.phone == "13912345678"
    with pytest.raises(LeadRejected) as refused:
        leads.log(desk, actor=ALICE, account="TJ", fields={"phone": "123"})
    assert "不是 11 位大陆手机号" in error_text("zh", refused.value)
    assert "not an 11-digit" in error_text("en", refused.value)
    # The refused lead consumed no clue number.
    assert leads.log(desk, actor=ALICE, account="TJ", fields={"wechat": "abc_123"}).lead.seq == 2


def test_not_found_speaks_one_language(desk: Desk) -> None:
    with pytest.raises(NotFound) as missing:
        leads.card(desk, "TJ-20990101-001", actor=ALICE)
    zh, en = error_text("zh", missing.value), error_text("en", missing.value)
    assert "TJ-20990101-001" in zh and "no lead" not in zh
    assert "There is no lead" in en


def test_find_by_any_phone_spelling_and_invisible_nicknames_are_no_contact(desk: Desk) -> None:
    clue = leads.log(desk, actor=ALICE, account="TJ", fields={"phone": "13812345678"}).lead
    found = leads.find(desk, "138-1234-5678", actor=ALICE)
    assert [f.clue_number for f in found] == [clue.clue_number]
    with pytest.raises(LeadRejected):
        leads.log(desk, actor=ALICE, account="TJ", fields={"red_nickname": "\u200b\u200d"})


def test_a_read_only_database_can_be_listed_searched_and_exported(tmp_path, reply_engine) -> None:
    from bot import export

    path = tmp_path / "ro.sqlite"
    writable = Desk.open(Config(database_url=f"sqlite:///{path}"))
    clue = leads.log(writable, actor=ADMIN, account="TJ", fields={"red_nickname": "Amy"}).lead
    writable.sessions.kw["bind"].dispose()
    url = f"sqlite:///file:{path}?mode=ro&uri=true"
    reader = Desk.open(Config(database_url=url))  # opening migrates nothing, writes nothing
    assert [x.clue_number for x in leads.listing(reader, actor=ADMIN)] == [clue.clue_number]
    assert leads.find(reader, "amy", actor=ADMIN)[0].clue_number == clue.clue_number
    result = export.export_leads(reader, ADMIN, output=tmp_path / "leads.csv")
    assert result.rows == 1


def test_strangers_floors_grants_and_revokes(sessions, reply_engine) -> None:
    from bot.desk.access import grant, revoke

    config = Config(admins=(1,), leads=(2,))
    desk = make_desk(sessions, reply_engine, config)
    boss, lead, stranger = Actor("tg:1", "boss"), Actor("tg:2", "li"), Actor("tg:9", "x")
    with pytest.raises(PermissionDenied) as refused:
        inquiries.handle(desk, "多少钱", actor=stranger, account="TJ")
    assert refused.value.code == "stranger" and refused.value.values["user_id"] == "9"
    assert "9" in error_text("zh", refused.value) and "多少钱" not in error_text(
        "zh", refused.value
    )
    with desk.transaction() as session:
        assert access.identify(session, boss, desk.floors).role == "admin"
        assert access.identify(session, lead, desk.floors).role == "lead"
    grant(desk, "tg:9", "operator", actor=boss)
    assert inquiries.handle(desk, "多少钱", actor=stranger, account="TJ").suggestion.replies
    with pytest.raises(PermissionDenied):
        grant(desk, "tg:3", "admin", actor=lead)
    with pytest.raises(UsageError) as listed:
        revoke(desk, "tg:2", actor=boss)
    assert listed.value.code == "revoke_listed"
    revoke(desk, "tg:9", actor=boss)
    with pytest.raises(PermissionDenied):
        inquiries.handle(desk, "多少钱", actor=stranger, account="TJ")
    # A listed id's floor holds even after its stored role was lowered.
    grant(desk, "tg:2", "operator", actor=boss)
    with desk.transaction() as session:
        assert access.identify(session, lead, desk.floors).role == "lead"


def test_a_desk_for_the_lead_log_reads_the_scripts_only_when_asked(tmp_path) -> None:
    from sqlalchemy import text

    from replies.errors import LibraryError

    config = Config(database_url=f"sqlite:///{tmp_path / 'db.sqlite'}")
    seeded = Desk.open(config, warm=False)  # an empty database gets the bundled scripts
    with seeded.transaction() as session:
        broken = session.execute(text("SELECT id FROM scripts ORDER BY id LIMIT 1")).scalar_one()
        session.execute(
            text("UPDATE scripts SET replies = :r WHERE id = :id"),
            {"r": '["{{ unclosed"]', "id": broken},
        )
    desk = Desk.open(config, library=False)
    clue = leads.log(desk, actor=ADMIN, account="TJ", fields={"red_nickname": "Amy"}).lead
    assert leads.find(desk, "amy", actor=ADMIN)[0].clue_number == clue.clue_number
    with pytest.raises(LibraryError) as damaged:  # the library is read on first use
        desk.engine  # noqa: B018
    assert broken in str(damaged.value)
    assert desk.scripts_stamp is None
    with pytest.raises(LibraryError):  # a desk for the library's commands reads it at once
        Desk.open(config, warm=False)
