"""The job-run claim protocol on SQLite and PostgreSQL: once, take-over, sending reported."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from threading import Barrier

from sqlalchemy.orm import Session, sessionmaker

from storage import jobs
from tests.storage.conftest import NOW

LEASE = timedelta(minutes=2)
KEY = {"job": "daily", "period": "2026-11-28", "chat_id": -100}


def _claim(sessions: sessionmaker[Session], owner: str, at=NOW) -> jobs.RunRecord | None:
    with sessions.begin() as session:
        return jobs.claim(session, **KEY, owner=owner, now=at, lease=LEASE, late=True)


def test_racing_claims_give_the_run_to_exactly_one(sessions: sessionmaker[Session]) -> None:
    start = Barrier(6)

    def race(n: int) -> bool:
        start.wait()
        return _claim(sessions, f"p{n}") is not None

    with ThreadPoolExecutor(6) as pool:
        won = list(pool.map(race, range(6)))
    assert won.count(True) == 1
    with sessions.begin() as session:
        run = jobs.get_run(session, **KEY)
        assert run is not None and run.state == "claimed" and run.late
        # A rival claimed nothing, and a live lease cannot be taken over.
        assert jobs.take_over(session, **KEY, owner="x", now=NOW + LEASE / 2, lease=LEASE) is None


def test_an_expired_claimed_lease_is_taken_over_once(sessions: sessionmaker[Session]) -> None:
    first = _claim(sessions, "dead")
    assert first is not None
    later = NOW + LEASE + timedelta(seconds=1)
    start = Barrier(4)

    def race(n: int) -> bool:
        start.wait()
        with sessions.begin() as session:
            taken = jobs.take_over(session, **KEY, owner=f"p{n}", now=later, lease=LEASE)
            return taken is not None

    with ThreadPoolExecutor(4) as pool:
        assert sorted(pool.map(race, range(4))) == [False, False, False, True]
    with sessions.begin() as session:
        owner = jobs.get_run(session, **KEY).owner  # type: ignore[union-attr]
        # The dead owner woke up: the run is no longer its to send.
        assert not jobs.to_sending(session, run_id=first.id, owner="dead", now=later, lease=LEASE)
        assert owner is not None
        assert jobs.to_sending(session, run_id=first.id, owner=owner, now=later, lease=LEASE)
        assert jobs.mark_sent(session, run_id=first.id, owner=owner, now=later)
        run = jobs.get_run(session, **KEY)
    assert run is not None and (run.state, run.attempts, run.sent_at) == ("sent", 1, later)


def test_an_expired_sending_lease_is_reported_not_resent(sessions: sessionmaker[Session]) -> None:
    run = _claim(sessions, "a")
    assert run is not None
    with sessions.begin() as session:
        assert jobs.to_sending(session, run_id=run.id, owner="a", now=NOW, lease=LEASE)
    much_later = NOW + 10 * LEASE
    with sessions.begin() as session:
        assert jobs.take_over(session, **KEY, owner="b", now=much_later, lease=LEASE) is None
        swept = jobs.expire_sending(session, now=much_later)
        assert [(r.id, r.state) for r in swept] == [(run.id, "uncertain")]
        assert jobs.expire_sending(session, now=much_later) == []
        assert jobs.take_over(session, **KEY, owner="b", now=much_later, lease=LEASE) is None
        listed = jobs.list_runs(session)
    assert [(r.state, r.error) for r in listed] == [("uncertain", "lease expired while sending")]


def test_retry_until_the_attempts_are_spent(sessions: sessionmaker[Session]) -> None:
    run = _claim(sessions, "a")
    assert run is not None
    at, states = NOW, []
    for _ in range(3):
        with sessions.begin() as session:
            if at != NOW:
                assert jobs.take_over(session, **KEY, owner="a", now=at, lease=LEASE)
            assert jobs.to_sending(session, run_id=run.id, owner="a", now=at, lease=LEASE)
            states.append(jobs.mark_retry(
                session, run_id=run.id, owner="a", now=at, error="502 Bad Gateway",
                retry_at=at + timedelta(minutes=1), max_attempts=3,
            ))  # fmt: skip
        at += timedelta(minutes=2)
    assert states == ["claimed", "claimed", "failed"]
    with sessions.begin() as session:
        assert jobs.take_over(session, **KEY, owner="a", now=at, lease=LEASE) is None
        assert not jobs.mark_uncertain(session, run_id=run.id, owner="a", now=at, error="x")
