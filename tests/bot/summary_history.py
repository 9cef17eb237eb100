"""A constructed week of inquiries, suggestions, threads, leads and a deal, for summaries.

"Now" is Tuesday 2026-12-01 15:00 in Shanghai. Every figure the tests expect follows
from the rows below (see test_summaries.py for the arithmetic).
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from storage import leads, threads, usage
from storage.accounts import ensure_account, ensure_operator
from storage.clues import DEFAULT_CLUE_FORMAT

ZONE = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 12, 1, 15, 0, tzinfo=ZONE).astimezone(UTC)
SCRIPTS = {"price": "price_basic", "first_inquiry": "first_hello", "invalid": "invalid_share"}


def at(day: int, hour: int, minute: int = 0, month: int = 12) -> datetime:
    """A Shanghai wall-clock moment of 2026, in UTC."""
    return datetime(2026, month, day, hour, minute, tzinfo=ZONE).astimezone(UTC)


class History:
    """Writes rows through the storage functions, one transaction for all."""

    def __init__(self, session: Session) -> None:
        self.s = session
        self.tj = ensure_account(session, code="TJ", name="团建", city="北京")
        self.mz = ensure_account(session, code="MZ", name="美妆", city="上海")
        self.alice = ensure_operator(session, handle="tg:1", display_name="Alice", role="operator")
        self.bob = ensure_operator(session, handle="tg:2", display_name="Bob", role="operator")

    def inquiry(
        self, when: datetime, account: int, operator: int, category: str | None,
        text: str = "…", thread: int | None = None, position: int | None = None,
        used: bool = False, hook: str | None = None,
    ) -> int:  # fmt: skip
        """One inquiry; with a suggestion shown (and used when asked) if it matched."""
        inquiry = usage.log_inquiry(
            self.s, account_id=account, operator_id=operator, channel="dm", text=text,
            category=category, script_id=SCRIPTS.get(category or ""), score=80.0,
            confident=True, local_day=when.astimezone(ZONE).date(), now=when,
            thread_id=thread, position=position,
        )  # fmt: skip
        if category is not None:
            (shown,) = usage.log_suggestions(
                self.s, inquiry_id=inquiry, account_id=account, script_id=SCRIPTS[category],
                items=[(f"reply {inquiry}", f"k{inquiry}")], now=when, hook=hook,
            )  # fmt: skip
            if used:
                usage.mark_used(self.s, suggestion_id=shown, now=when)
        return inquiry

    def thread(self, when: datetime, account: int, operator: int) -> int:
        """A new customer thread."""
        return threads.start_thread(self.s, operator_id=operator, account_id=account, now=when)

    def lead(
        self, when: datetime, account: int, operator: int, inquiry: int | None = None,
        thread: int | None = None, city: str | None = None,
    ) -> str:  # fmt: skip
        """A lead, tied to its thread; its clue number."""
        code = "TJ" if account == self.tj else "MZ"
        record = leads.add_lead(
            self.s, account_id=account, account_code=code, local_day=when.astimezone(ZONE).date(),
            now=when, clue_format=DEFAULT_CLUE_FORMAT, red_nickname="客户", city=city,
            operator_id=operator, inquiry_id=inquiry,
        )  # fmt: skip
        if thread is not None:
            threads.tie_lead(self.s, thread_id=thread, lead_id=record.id)
        return record.clue_number


def build(sessions: sessionmaker[Session]) -> None:
    """The whole constructed history."""
    with sessions.begin() as session:
        h = History(session)
        tj, mz, alice, bob = h.tj, h.mz, h.alice, h.bob
        # Today, Tuesday 12-01, before 15:00.
        t1 = h.thread(at(1, 9), tj, alice)
        first = h.inquiry(
            at(1, 9), tj, alice, "price", thread=t1, position=1, used=True, hook="方案"
        )
        clue = h.lead(at(1, 9, 30), tj, alice, inquiry=first, thread=t1, city="北京")
        h.inquiry(at(1, 10), tj, alice, "first_inquiry", used=True)
        h.inquiry(at(1, 11), tj, bob, "invalid")
        h.inquiry(at(1, 12), mz, bob, None, text="我的电话 13812345678 有没有口红小样")
        t3 = h.thread(at(1, 13), mz, bob)
        h.inquiry(at(1, 13), mz, bob, "first_inquiry", thread=t3, position=1)
        second = h.inquiry(
            at(1, 13, 10), mz, bob, "price", thread=t3, position=2, used=True, hook="报价单"
        )
        h.lead(at(1, 13, 20), mz, bob, inquiry=second, thread=t3, city="上海")
        leads.set_status(
            session, clue_number=clue, status="won", operator_id=alice, now=at(1, 14),
            deal_value=5000,
        )  # fmt: skip
        # Tuesday last week: one inquiry and lead in the same hours, one after 15:00.
        last = h.inquiry(at(24, 10, month=11), tj, alice, "price")
        h.lead(at(24, 10, 30, month=11), tj, alice, inquiry=last)
        h.inquiry(at(24, 16, month=11), tj, alice, "price")
        # Monday 11-30: two inquiries in the same hours (both used), one in the evening.
        h.inquiry(at(30, 8, month=11), tj, alice, "price", used=True)
        h.inquiry(at(30, 8, 30, month=11), tj, alice, "first_inquiry", used=True)
        h.inquiry(at(30, 20, month=11), tj, alice, "price")
        # Friday 11-27: a lead without an inquiry, and one invalid inquiry.
        h.lead(at(27, 11, month=11), mz, bob)
        h.inquiry(at(27, 14, 59, month=11), mz, bob, "invalid")
