"""What converts, on a constructed history with exact expected figures (SQLite + PostgreSQL)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.desk import Desk
from bot.desk.script_stats import Line, stats
from bot.errors import PermissionDenied
from replies.engine import Engine
from replies.library import Library
from storage import accounts as account_store
from storage import leads as lead_store
from storage import scripts as script_store
from storage import threads as thread_store
from storage import usage
from tests.bot.desk_fixtures import ADMIN, ALICE, make_desk, with_role

SCRIPTS = {"p1": "price", "p2": "price", "p3": "price", "l1": "logistics", "idle1": "logistics"}


class History:
    """Writes inquiries, suggestions, uses and leads at chosen times."""

    def __init__(self, session: Session, desk: Desk) -> None:
        self.session, self.desk, self.now = session, desk, desk.now()
        self.op = account_store.ensure_operator(session, handle="h", display_name="h", role="lead")
        self.ids = {c: desk.account_id(session, c) for c in ("TJ", "MZ")}

    def at(self, days: float, minutes: int = 0) -> datetime:
        return self.now - timedelta(days=days) + timedelta(minutes=minutes)

    def thread(self, account: str, days: float) -> tuple[int, str]:
        made = thread_store.start_thread(
            self.session, operator_id=self.op, account_id=self.ids[account], now=self.at(days)
        )
        return made, account

    def shown(self, thread: tuple[int, str], script: str, hook: str, when: datetime,
              used: datetime | None = None, again: bool = False) -> None:  # fmt: skip
        tid, account = thread
        inquiry = usage.log_inquiry(
            self.session, account_id=self.ids[account], operator_id=self.op, channel="dm",
            text="多少钱", category=SCRIPTS[script], script_id=script, score=90.0,
            confident=True, now=when, thread_id=tid, local_day=when.date(),
        )  # fmt: skip
        for _ in range(2 if again else 1):  # again: "more variants" for the same inquiry
            items = [(f"{script}{n}", f"{script}{n}") for n in range(3)]
            ids = usage.log_suggestions(
                self.session, inquiry_id=inquiry, account_id=self.ids[account],
                script_id=script, items=items, now=when, hook=hook,
            )  # fmt: skip
        if used is not None:
            usage.mark_used(self.session, suggestion_id=ids[0], now=used)

    def lead(self, thread: tuple[int, str], when: datetime, won: int | None = None) -> None:
        tid, account = thread
        lead = lead_store.add_lead(
            self.session, account_id=self.ids[account], account_code=account,
            local_day=when.date(), now=when, clue_format=self.desk.config.clue_format,
        )  # fmt: skip
        thread_store.tie_lead(self.session, thread_id=tid, lead_id=lead.id)
        status = "won" if won is not None else "lost"
        lead_store.set_status(self.session, clue_number=lead.clue_number, status=status,
                              operator_id=None, now=when, deal_value=won)  # fmt: skip


@pytest.fixture
def desk(sessions: sessionmaker[Session]) -> Desk:
    desk = make_desk(sessions, Engine(Library(())))
    with desk.transaction() as session:
        for sid, category in {**SCRIPTS, "r1": "price"}.items():
            data = {"category": category, "accounts": None, "channel": "dm", "triggers": [],
                    "replies": [], "hooks": [], "tags": [],
                    "status": "retired" if sid == "r1" else "active"}  # fmt: skip
            script_store.add_script(session, script_id=sid, data=data, source="team",
                                    operator_id=None, now=desk.now())  # fmt: skip
        h = History(session, desk)
        a = h.thread("TJ", 2)
        h.shown(a, "p1", "报价单", h.at(2), used=h.at(2, 1))
        h.shown(a, "p2", "方案", h.at(2, 5), used=h.at(2, 6))
        h.lead(a, h.at(2, 10), won=50000)  # -> p2 / 方案: the last use before it
        b = h.thread("TJ", 1)
        h.shown(b, "p1", "报价单", h.at(1), used=h.at(1, 1))
        h.lead(b, h.at(1, 10))  # -> p1 / 报价单, lost
        h.shown(b, "p2", "方案", h.at(1, 15), used=h.at(1, 20))  # used after the lead came
        c = h.thread("MZ", 3)
        h.shown(c, "p1", "案例集", h.at(3), used=h.at(3, 1))
        h.lead(c, h.at(3, 10), won=20000)  # -> p1 / 案例集 / MZ
        d = h.thread("TJ", 1)
        h.shown(d, "p3", "报价单", h.at(1, 30))  # shown, never used
        h.lead(d, h.at(1, 40))  # attributed to nothing
        e = h.thread("TJ", 1)
        h.shown(e, "p3", "报价单", h.at(1, 50), used=h.at(1, 51), again=True)
        h.shown(e, "p3", "报价单", h.at(1, 55), used=h.at(1, 56))
        f = h.thread("TJ", 20)  # inside 30 days, outside 7
        h.shown(f, "l1", "清单", h.at(20), used=h.at(20, 1))
        h.lead(f, h.at(20, 10), won=10000)
    return desk


def figures(line: Line) -> tuple[int, int, int, int, int]:
    return line.suggested, line.used, line.leads, line.won, line.won_value


def test_conversion_figures_per_script_hook_and_account(desk: Desk) -> None:
    week = stats(desk, actor=ADMIN, days=7)
    assert {line.script_id: figures(line) for line in week.scripts} == {
        "p1": (3, 3, 2, 1, 20000),
        "p2": (2, 2, 1, 1, 50000),
        "p3": (3, 2, 0, 0, 0),
    }
    assert {(x.script_id, x.detail): figures(x) for x in week.hooks if x.script_id == "p1"} == {
        ("p1", "报价单"): (2, 2, 1, 0, 0),
        ("p1", "案例集"): (1, 1, 1, 1, 20000),
    }
    assert {(x.script_id, x.detail): figures(x) for x in week.accounts if x.script_id == "p1"} == {
        ("p1", "TJ"): (2, 2, 1, 0, 0),
        ("p1", "MZ"): (1, 1, 1, 1, 20000),
    }
    p1 = next(x for x in week.scripts if x.script_id == "p1")
    assert p1.conversion == pytest.approx(2 / 3)
    assert week.best["price"].script_id == "p1" and week.worst["price"].script_id == "p3"
    assert week.unattributed == 1 and week.idle == ("idle1",)  # r1 is retired already
    month = stats(desk, actor=ADMIN, days=30, category="logistics")
    assert [(x.script_id, figures(x)) for x in month.scripts] == [("l1", (1, 1, 1, 1, 10000))]
    assert month.best["logistics"].script_id == "l1" and "logistics" not in month.worst
    assert month.idle == ("idle1",)
    mz = stats(desk, actor=ADMIN, days=7, account="MZ")
    assert [(x.script_id, figures(x)) for x in mz.scripts] == [("p1", (1, 1, 1, 1, 20000))]
    assert mz.unattributed == 0


def test_only_leads_and_admins_see_it(desk: Desk) -> None:
    with pytest.raises(PermissionDenied):
        stats(desk, actor=with_role(desk, ALICE, "operator"))
