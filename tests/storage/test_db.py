"""Engines, migrations and timestamps on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session, sessionmaker

from storage.accounts import ensure_account
from storage.db import make_db, safe_url, upgrade
from storage.errors import InvalidValue
from storage.migrate import HEAD, current_revisions, head_revision
from storage.models import Base, Inquiry
from storage.usage import log_inquiry
from tests.storage.conftest import DAY, World

SHANGHAI = timezone(timedelta(hours=8))


def test_sqlite_connections_use_wal_foreign_keys_and_busy_timeout(tmp_path: Path) -> None:
    engine = make_db(f"sqlite:///{tmp_path / 'deep' / 'er' / 'x.sqlite'}")
    with engine.connect() as connection:
        pragmas = [
            connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "foreign_keys", "busy_timeout")
        ]
    engine.dispose()
    assert pragmas == ["wal", 1, 30_000]
    assert (tmp_path / "deep" / "er").is_dir()  # the parent folder was created


def test_sqlite_transactions_take_the_write_lock_at_begin(tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite"
    engine = make_db(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.exec_driver_sql("SELECT 1")  # a read only, yet BEGIN IMMEDIATE holds the lock
        rival = sqlite3.connect(path, timeout=0.05, isolation_level=None)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            rival.execute("BEGIN IMMEDIATE")
        rival.close()
    engine.dispose()


@pytest.mark.parametrize(
    ("url", "driver"),
    [
        ("postgresql://u:pw@db.example/replydesk", "postgresql+psycopg"),
        ("postgres://u:pw@db.example/replydesk", "postgresql+psycopg"),
        ("postgresql+psycopg://u:pw@db.example/replydesk", "postgresql+psycopg"),
    ],
)
def test_postgres_urls_use_psycopg_without_connecting(url: str, driver: str) -> None:
    engine = make_db(url)
    assert engine.url.drivername == driver
    assert "pw" not in safe_url(engine.url)


@pytest.mark.parametrize("url", ["mysql://u@h/db", "not a url"])
def test_unsupported_urls_are_rejected(url: str) -> None:
    with pytest.raises(InvalidValue):
        make_db(url)


def test_the_head_constant_is_the_newest_migration() -> None:
    assert head_revision() == HEAD  # opening a database compares its stamp with HEAD


def test_upgrade_is_idempotent_and_matches_the_models(engine: Engine) -> None:
    upgrade(engine)
    upgrade(engine)
    with engine.connect() as connection:
        assert current_revisions(connection) == (head_revision(),)
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_timestamps_read_back_as_aware_utc(world: World) -> None:
    local = datetime(2026, 11, 28, 9, 30, tzinfo=SHANGHAI)
    with world.sessions.begin() as session:
        inquiry_id = _inquiry(session, world, local)
    with world.sessions.begin() as session:
        stored = session.scalar(select(Inquiry.created_at).where(Inquiry.id == inquiry_id))
    assert stored == local
    assert stored is not None and stored.utcoffset() == timedelta(0)


def test_naive_times_are_refused(world: World) -> None:
    with world.sessions.begin() as session, pytest.raises(InvalidValue, match="timezone-aware"):
        _inquiry(session, world, datetime(2026, 11, 28, 9, 30))


def test_session_functions_leave_the_commit_to_the_caller(sessions: sessionmaker[Session]) -> None:
    with sessions() as session:
        ensure_account(session, code="TJ", name="团建", city="北京")
        session.rollback()
    with sessions.begin() as session:
        assert session.execute(text("SELECT count(*) FROM accounts")).scalar() == 0


def _inquiry(session: Session, world: World, now: datetime) -> int:
    return log_inquiry(
        session, account_id=world.tj, operator_id=world.alice, channel="dm", text="在吗",
        category="first_inquiry", script_id=None, score=80.0, confident=True, local_day=DAY,
        now=now,
    )  # fmt: skip


def test_a_new_sqlite_file_and_folder_are_private(tmp_path: Path) -> None:
    old_umask = os.umask(0o022)  # the usual umask, which would make them 0644 and 0755
    try:
        folder = tmp_path / "new" / "data"
        path = folder / "replydesk.sqlite"
        engine = make_db(f"sqlite:///{path}")
        assert _mode(folder) == 0o700 and _mode(path) == 0o600  # before SQLite opens it
        upgrade(engine)
        with engine.connect() as connection:  # the -wal and -shm files exist while open
            connection.exec_driver_sql("SELECT count(*) FROM accounts")
            modes = {p.name: _mode(p) for p in folder.iterdir()}
        engine.dispose()
    finally:
        os.umask(old_umask)
    assert modes == {
        "replydesk.sqlite": 0o600, "replydesk.sqlite-wal": 0o600, "replydesk.sqlite-shm": 0o600,
    }  # fmt: skip


def test_an_existing_sqlite_file_keeps_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite"
    sqlite3.connect(path).close()
    path.chmod(0o640)  # chosen by whoever set the deployment up
    engine = make_db(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    assert _mode(path) == 0o640


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777
