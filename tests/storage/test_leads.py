"""The lead table: adding, finding, listing, status, notes, edits, duplicates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from storage.errors import InvalidValue, NotFound
from storage.lead_fields import clean_fields
from storage.leads import (
    add_note,
    edit_lead,
    find_duplicates,
    find_leads,
    get_lead,
    list_events,
    list_leads,
    set_status,
)
from tests.storage.conftest import DAY, NOW, World


def test_add_and_get_a_lead(world: World) -> None:
    added = world.lead(
        red_nickname=" 小王HR ", need="50人年会", city="北京", wechat="wx_wang",
        phone="13800138000", headcount=50, budget_per_head=800, month=12, source="comment",
        operator_id=world.alice,
    )  # fmt: skip
    with world.sessions.begin() as session:
        got = get_lead(session, clue_number="TJ-20261128-001")
        events = list_events(session, clue_number=got.clue_number)
    assert got == added
    assert (got.account_code, got.red_nickname, got.status, got.created_at) == (
        "TJ", "小王HR", "new", NOW,
    )  # fmt: skip
    assert [(e.kind, e.new_status, e.operator_id) for e in events] == [
        ("created", "new", world.alice)
    ]


def test_unknown_clue_number_is_not_found(world: World) -> None:
    with world.sessions.begin() as session, pytest.raises(NotFound, match="TJ-20990101-001"):
        get_lead(session, clue_number="TJ-20990101-001")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"source": "phone"}, "unknown source 'phone'"),
        ({"month": 13}, "month is out of range"),
        ({"headcount": "50"}, "headcount must be a whole number"),
        ({"wechat": "x" * 201}, "wechat is 201 characters long"),
    ],
)
def test_bad_fields_are_refused(world: World, fields: dict, message: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        world.lead(**fields)
    assert message in str(caught.value)


def test_find_by_phone_wechat_or_nickname(world: World) -> None:
    first = world.lead(red_nickname="阿花", phone="13800138000", wechat="flower_99")
    second = world.lead(red_nickname="阿花花", phone="13900139000")
    other = world.lead("MZ", red_nickname="阿花", wechat="Flower_99")
    with world.sessions.begin() as session:
        by_phone = find_leads(session, query="13800138000")
        by_part = find_leads(session, query="0013", account_id=world.tj)
        by_nick = find_leads(session, query="阿花", account_id=world.tj)
        by_wechat = find_leads(session, query="FLOWER_99")
        wildcard = find_leads(session, query="%")
    assert [lead.clue_number for lead in by_phone] == [first.clue_number]
    assert {lead.clue_number for lead in by_part} == {first.clue_number, second.clue_number}
    assert [lead.clue_number for lead in by_nick] == [first.clue_number, second.clue_number]
    assert {lead.clue_number for lead in by_wechat} == {first.clue_number, other.clue_number}
    assert wildcard == []  # LIKE wildcards in the query are taken literally


def test_list_by_account_and_day_range(world: World) -> None:
    for offset in (0, 1, 2):
        world.lead(local_day=DAY + timedelta(days=offset))
    world.lead("MZ")
    with world.sessions.begin() as session:
        middle = list_leads(session, day_from=DAY + timedelta(days=1), day_to=DAY + timedelta(1))
        tj = list_leads(session, account_id=world.tj)
        first_day = list_leads(session, day_to=DAY)
    assert [lead.local_day for lead in middle] == [date(2026, 11, 29)]
    assert len(tj) == 3
    assert [lead.account_code for lead in first_day] == ["TJ", "MZ"]


def test_status_changes_are_logged_with_the_deal_value(world: World) -> None:
    clue = world.lead().clue_number
    later = NOW + timedelta(hours=2)
    with world.sessions.begin() as session:
        set_status(session, clue_number=clue, status="contacted", operator_id=world.alice, now=NOW)
        won = set_status(
            session, clue_number=clue, status="won", operator_id=None, now=later, deal_value=40_000
        )
        events = list_events(session, clue_number=clue)
    assert (won.status, won.deal_value) == ("won", 40_000)
    assert [(e.kind, e.old_status, e.new_status) for e in events] == [
        ("created", None, "new"),
        ("status", "new", "contacted"),
        ("status", "contacted", "won"),
    ]
    assert events[-1].note == "deal_value=40000"


def test_notes_append_and_edits_record_the_difference(world: World) -> None:
    clue = world.lead(city="北京", headcount=30, notes="首次咨询").clue_number
    with world.sessions.begin() as session:
        add_note(session, clue_number=clue, note="周五再联系", operator_id=world.alice, now=NOW)
        lead = edit_lead(
            session, clue_number=clue, changes={"city": "天津", "headcount": 30},
            operator_id=world.alice, now=NOW,
        )  # fmt: skip
        events = list_events(session, clue_number=clue)
    assert lead.notes == "首次咨询\n周五再联系"
    assert (lead.city, lead.headcount) == ("天津", 30)
    assert [(e.kind, e.note) for e in events[1:]] == [
        ("note", "周五再联系"),
        ("edit", "city: '北京' -> '天津'"),
    ]


def test_edit_refuses_unknown_fields_and_changes_nothing(world: World) -> None:
    clue = world.lead(city="北京").clue_number
    with world.sessions.begin() as session, pytest.raises(InvalidValue, match="field.s.: colour"):
        edit_lead(
            session, clue_number=clue, changes={"city": "天津", "colour": "red"},
            operator_id=None, now=NOW,
        )  # fmt: skip
    with world.sessions.begin() as session:
        assert get_lead(session, clue_number=clue).city == "北京"


def test_empty_note_is_refused(world: World) -> None:
    clue = world.lead().clue_number
    with world.sessions.begin() as session, pytest.raises(InvalidValue, match="must not be empty"):
        add_note(session, clue_number=clue, note="  ", operator_id=None, now=NOW)


def test_duplicates_within_the_window_on_the_same_account(world: World) -> None:
    old = world.lead(phone="13800138000", now=NOW - timedelta(days=120))
    by_phone = world.lead(phone="13800138000", now=NOW - timedelta(days=30))
    by_wechat = world.lead(wechat="wx_li", now=NOW - timedelta(days=10))
    by_nick = world.lead(red_nickname="小李", now=NOW - timedelta(days=1))
    world.lead("MZ", phone="13800138000", wechat="wx_li", red_nickname="小李")
    since = NOW - timedelta(days=90)
    with world.sessions.begin() as session:
        found = find_duplicates(
            session, account_id=world.tj, phone="13800138000", wechat=" wx_li ",
            red_nickname="小李", since=since,
        )  # fmt: skip
        on_mz_without_match = find_duplicates(
            session, account_id=world.mz, phone="13900000000", wechat=None, red_nickname="",
            since=since,
        )  # fmt: skip
        blank = find_duplicates(
            session, account_id=world.tj, phone="", wechat=None, red_nickname=" ", since=since
        )
    expected = [by_phone.clue_number, by_wechat.clue_number, by_nick.clue_number]
    assert found == expected and old.clue_number not in found
    assert on_mz_without_match == []
    assert blank == []


def test_duplicates_on_another_account_do_not_count(world: World) -> None:
    world.lead("MZ", phone="13800138000")
    with world.sessions.begin() as session:
        found = find_duplicates(
            session, account_id=world.tj, phone="13800138000", wechat=None, red_nickname=None,
            since=NOW - timedelta(days=90),
        )  # fmt: skip
    assert found == []


@pytest.mark.parametrize("value", [10**20, 2**31, -1])
def test_numbers_beyond_the_column_are_refused(value: int) -> None:
    with pytest.raises(InvalidValue, match="out of range"):
        clean_fields({"headcount": value})
