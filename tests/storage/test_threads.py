"""Thread rows: the current pointer, idling, positions under concurrent writers."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from storage import threads, usage
from storage.errors import NotFound
from tests.storage.conftest import DAY, NOW, World

WRITERS = 8
EACH = 25


def test_pointer_idle_and_unpoint(world: World) -> None:
    with world.sessions.begin() as session:
        first = threads.start_thread(session, operator_id=world.alice, account_id=world.tj, now=NOW)
        current = threads.current_thread(
            session, operator_id=world.alice, account_id=world.tj, active_since=NOW
        )
        assert current == first
        # Idle: no message or resume since the given moment.
        later = NOW + timedelta(minutes=1)
        assert threads.current_thread(
            session, operator_id=world.alice, account_id=world.tj, active_since=later
        ) is None  # fmt: skip
        assert threads.current_thread(
            session, operator_id=world.alice, account_id=world.mz, active_since=NOW
        ) is None  # fmt: skip
        threads.unpoint(session, operator_id=world.alice, account_id=world.tj)
        assert threads.current_thread(
            session, operator_id=world.alice, account_id=world.tj, active_since=NOW
        ) is None  # fmt: skip


def test_facts_come_back_in_order(world: World) -> None:
    with world.sessions.begin() as session:
        thread = threads.start_thread(
            session, operator_id=world.alice, account_id=world.tj, now=NOW
        )
        for n, text in enumerate(["第一条", "第二条"], start=1):
            position = threads.append(session, thread_id=thread, now=NOW)
            usage.log_inquiry(
                session, account_id=world.tj, operator_id=world.alice, channel="dm", text=text,
                category=None, script_id=None, score=0.0, confident=False, local_day=DAY, now=NOW,
                thread_id=thread, position=position, facts={"n": n},
            )  # fmt: skip
        assert threads.thread_facts(session, thread_id=thread) == [{"n": 1}, {"n": 2}]
        assert threads.thread_facts(session, thread_id=thread, upto=1) == [{"n": 1}]
        record = threads.get_thread(session, thread_id=thread)
        assert record.messages == 2 and record.first_text == "第一条"
        with pytest.raises(NotFound):
            threads.append(session, thread_id=thread + 100, now=NOW)


def test_concurrent_writers_never_share_a_position(world: World) -> None:
    with world.sessions.begin() as session:
        thread = threads.start_thread(
            session, operator_id=world.alice, account_id=world.tj, now=NOW
        )

    def write() -> list[int]:
        positions = []
        for _ in range(EACH):
            with world.sessions.begin() as session:
                positions.append(threads.append(session, thread_id=thread, now=NOW))
        return positions

    with ThreadPoolExecutor(WRITERS) as pool:
        results = [
            p for future in [pool.submit(write) for _ in range(WRITERS)] for p in future.result()
        ]
    assert sorted(results) == list(range(1, WRITERS * EACH + 1))
