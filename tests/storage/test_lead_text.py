"""Lead and inquiry text is stored without control or invisible characters: safe to show, find."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from storage.leads import add_note, find_duplicates, find_leads, get_lead
from storage.models import Inquiry
from storage.types import clean_text
from storage.usage import log_inquiry
from tests.storage.conftest import DAY, NOW, World

ESCAPES = "\x1b]0;PWNED\x07\x1b[2J"


@pytest.mark.parametrize(
    ("raw", "multiline", "cleaned"),
    [
        (f"{ESCAPES}小王", False, "]0;PWNED[2J小王"),
        ("\x9b31m红\x85色", False, "31m红 色"),  # C1 controls: CSI, NEL
        ("a\tb\r\nc", False, "a b c"),
        ("a\tb\r\nc", True, "a\tb\nc"),
        ("wx\u200b123\ufeff", False, "wx123"),
        ("\u202eevil", True, "evil"),  # a bidi override reverses what follows on screen
        ("👨\u200d👩\u200d👧", True, "👨\u200d👩\u200d👧"),
        ("broken\udca0paste", False, "brokenpaste"),
        ("小王 plain", False, "小王 plain"),
    ],
)
def test_clean_text(raw: str, multiline: bool, cleaned: str) -> None:
    assert clean_text(raw, multiline=multiline) == cleaned


def test_fields_and_notes_are_stored_without_escape_sequences(world: World) -> None:
    lead = world.lead(
        red_nickname=f"{ESCAPES}小王", need=f"年会{ESCAPES}\n两天", city="北京\x1b[0m",
        wechat="wx\u200b123",
    )  # fmt: skip
    with world.sessions.begin() as session:
        note = f"回访\x07\n{ESCAPES}"
        add_note(session, clue_number=lead.clue_number, note=note, operator_id=None, now=NOW)
        got = get_lead(session, clue_number=lead.clue_number)
    assert (got.red_nickname, got.city, got.wechat) == ("]0;PWNED[2J小王", "北京[0m", "wx123")
    assert got.need == "年会]0;PWNED[2J\n两天"
    assert got.notes == "回访\n]0;PWNED[2J"


def test_zero_width_characters_do_not_hide_a_duplicate_or_a_lead(world: World) -> None:
    first = world.lead(red_nickname="小\u200b王", wechat="wx_\u200dwang88").clue_number
    with world.sessions.begin() as session:
        duplicates = find_duplicates(
            session, account_id=world.tj, phone=None, wechat="wx_wang88\u2060",
            red_nickname=None, since=NOW - timedelta(days=1),
        )  # fmt: skip
        by_nickname = find_leads(session, query="\ufeff小王")
        by_wechat = find_leads(session, query="wx_\u200bwang")
        nothing = find_leads(session, query="\u200b\u200b")
    assert duplicates == [first]
    assert [lead.clue_number for lead in by_nickname + by_wechat] == [first, first]
    assert nothing == []


def test_an_inquiry_from_a_broken_paste_is_stored_cleaned(world: World) -> None:
    with world.sessions.begin() as session:
        inquiry = log_inquiry(
            session, account_id=world.tj, operator_id=None, channel="dm",
            text=f"\udca0多少钱{ESCAPES}\r\n50人", category="price", script_id=None,
            score=80.0, confident=True, local_day=DAY, now=NOW,
        )  # fmt: skip
        stored = session.scalar(select(Inquiry.text).where(Inquiry.id == inquiry))
    assert stored == "多少钱]0;PWNED[2J\n50人"
