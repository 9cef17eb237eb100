"""The send protocol's use cases: a crash before sending is taken over, one during is not."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Config
from bot.desk import Desk, jobs
from bot.runtime import build_engine
from tests.bot.desk_fixtures import ADMIN, make_desk

CONFIG = Config(summary_chats=(-1,))


@pytest.fixture
def desk(sessions: sessionmaker[Session]) -> Desk:
    return make_desk(sessions, build_engine(CONFIG, warm=False), CONFIG)


def _later(desk: Desk, by: timedelta) -> None:
    desk.clock.now += by  # type: ignore[attr-defined]


def test_crashes_before_and_during_a_send(desk: Desk) -> None:
    key = {"job": "daily", "period": "2026-11-28", "chat_id": -1}
    dead = jobs.acquire(desk, **key, owner="dead")
    assert dead is not None and jobs.acquire(desk, **key, owner="alive") is None
    _later(desk, jobs.CLAIM_LEASE + timedelta(seconds=1))  # died after claiming: taken over
    alive = jobs.acquire(desk, **key, owner="alive")
    assert alive is not None and alive.run_id == dead.run_id
    assert not jobs.begin_send(desk, dead) and jobs.begin_send(desk, alive)
    assert jobs.sweep(desk) == []  # the sending lease is live
    _later(desk, jobs.SEND_LEASE + timedelta(seconds=1))  # died while sending
    assert [r.state for r in jobs.sweep(desk)] == ["uncertain"]
    assert jobs.acquire(desk, **key, owner="third") is None  # never sent again
    [run] = jobs.status(desk, actor=ADMIN)
    assert (run.state, run.owner, run.attempts) == ("uncertain", "alive", 1)
    # A send that finished after all: it is known to have arrived.
    assert jobs.finish(desk, alive, "sent") == "sent"


def test_a_late_summary_gets_its_marker(desk: Desk) -> None:
    runs = {run.job: run for run in jobs.due_summaries(desk)}  # 10:00 on 28 Nov: all late
    report = jobs.summary_report(desk, runs["daily"])
    assert (
        report.text.splitlines()[0]
        == "⏰ 补发：本应于 2026-11-27 21:00 发送（当时没有机器人在运行）"
    )
    assert jobs.due_summaries(make_desk(desk.sessions, desk.engine)) == []  # no chats, no runs
