"""Many writers at once, threads and processes: clue numbers stay 1..N, no gaps."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

from sqlalchemy import select

from storage.leads import list_leads
from storage.models import ClueCounter
from tests.storage.conftest import DAY, World
from tests.storage.workers import write_leads, write_leads_in_process

WRITERS = 8
LEADS_EACH = 100  # 800 contended transactions a test; 200 each doubled the cost, not the races
ABORT_EVERY = 10  # every tenth lead is rolled back after its number was allocated


def assert_gap_free(world: World, committed: int) -> None:
    """The account's clue numbers for DAY are exactly 1..committed, each once."""
    with world.sessions.begin() as session:
        leads = list_leads(session, account_id=world.tj, day_from=DAY, day_to=DAY)
        counter = session.scalar(select(ClueCounter.last_seq).where(ClueCounter.local_day == DAY))
    assert [lead.seq for lead in leads] == list(range(1, committed + 1))
    assert len({lead.clue_number for lead in leads}) == committed
    assert leads[-1].clue_number == f"TJ-{DAY:%Y%m%d}-{committed:03d}"
    assert counter == committed


def test_threads_share_one_engine(world: World) -> None:
    with ThreadPoolExecutor(WRITERS) as pool:
        futures = [
            pool.submit(write_leads, world.sessions, world.tj, DAY, LEADS_EACH, ABORT_EVERY)
            for _ in range(WRITERS)
        ]
        committed = sum(future.result() for future in futures)
    assert committed == WRITERS * (LEADS_EACH - LEADS_EACH // ABORT_EVERY)
    assert_gap_free(world, committed)


def test_processes_with_own_engines(world: World, db_url: str) -> None:
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(WRITERS, mp_context=context) as pool:
        futures = [
            pool.submit(write_leads_in_process, db_url, world.tj, DAY, LEADS_EACH, ABORT_EVERY)
            for _ in range(WRITERS)
        ]
        committed = sum(future.result() for future in futures)
    assert committed == WRITERS * (LEADS_EACH - LEADS_EACH // ABORT_EVERY)
    assert_gap_free(world, committed)
