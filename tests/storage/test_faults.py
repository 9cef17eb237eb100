"""Faults reach callers as StorageErrors with messages that say what is wrong."""

from __future__ import annotations

import socket
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, text

from storage import db
from storage.accounts import ensure_account
from storage.clues import DEFAULT_CLUE_FORMAT
from storage.db import make_db, make_session_factory, upgrade
from storage.errors import (
    DatabaseCorrupt,
    DatabaseFull,
    DatabaseUnavailable,
    InvalidValue,
    SchemaTooNew,
)
from storage.leads import add_lead, add_note, get_lead, list_events, list_leads, set_status
from storage.migrate import upgrade_if_needed
from tests.storage.conftest import DAY, NOW, World


def _migrated_file(tmp_path: Path) -> Path:
    path = tmp_path / "ro" / "replydesk.sqlite"
    engine = make_db(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


def test_read_only_sqlite_url_is_unavailable(tmp_path: Path) -> None:
    path = _migrated_file(tmp_path)
    url = f"sqlite:///file:{path}?mode=ro&uri=true"
    with pytest.raises(DatabaseUnavailable, match=r"database sqlite:///file:.* is read-only"):
        upgrade(make_db(url))


def test_sqlite_folder_that_cannot_be_created(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("")
    with pytest.raises(DatabaseUnavailable, match=r"cannot create the folder .*a-file/db"):
        make_db(f"sqlite:///{tmp_path / 'a-file' / 'db' / 'x.sqlite'}")


def test_missing_sqlite_file_in_read_only_mode(tmp_path: Path) -> None:
    url = f"sqlite:///file:{tmp_path / 'missing.sqlite'}?mode=ro&uri=true"
    with pytest.raises(DatabaseUnavailable, match="cannot be opened: unable to open"):
        upgrade(make_db(url))


def test_postgres_that_does_not_answer_fails_fast_with_password_hidden() -> None:
    with socket.socket() as probe:  # a port that nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(DatabaseUnavailable) as caught:
        upgrade(make_db(f"postgresql://bot:s3cret@127.0.0.1:{port}/replydesk"))
    message = str(caught.value)
    assert f"postgresql+psycopg://bot:***@127.0.0.1:{port}/replydesk does not answer" in message
    assert "s3cret" not in message


def test_sqlite_lock_held_past_the_busy_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 100)
    path = _migrated_file(tmp_path)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    engine = make_db(f"sqlite:///{path}")
    sessions = make_session_factory(engine)
    try:
        with (
            pytest.raises(DatabaseUnavailable, match="stayed locked by another writer"),
            sessions.begin() as session,
        ):
            ensure_account(session, code="TJ", name="团建", city="北京")
    finally:
        holder.close()
        engine.dispose()


@pytest.mark.postgresql
def test_postgres_connection_lost_mid_transaction(pg_admin: Engine) -> None:
    engine = make_db(pg_admin.url.render_as_string(hide_password=False))
    sessions = make_session_factory(engine)
    with (
        pytest.raises(DatabaseUnavailable, match="does not answer: terminating connection"),
        sessions.begin() as session,
    ):
        session.execute(text("SELECT pg_terminate_backend(pg_backend_pid())"))
    with sessions.begin() as session:  # the pool replaces the dead connection
        assert session.execute(text("SELECT 1")).scalar() == 1
    engine.dispose()


def test_newer_schema_revision_is_refused(engine: Engine) -> None:
    upgrade(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = 'f00dfeed9999'")
    with pytest.raises(SchemaTooNew, match="revision f00dfeed9999, which this version"):
        upgrade(engine)


def test_unknown_status_is_refused_and_nothing_changes(world: World) -> None:
    clue = world.lead().clue_number
    with world.sessions.begin() as session, pytest.raises(InvalidValue, match="unknown status"):
        set_status(session, clue_number=clue, status="maybe", operator_id=None, now=NOW)
    with world.sessions.begin() as session:
        assert get_lead(session, clue_number=clue).status == "new"


@pytest.mark.parametrize(("size", "accepted"), [(10_000, True), (10_001, False)])
def test_long_notes_are_kept_or_refused_whole(world: World, size: int, accepted: bool) -> None:
    clue = world.lead().clue_number
    note = "很" * size
    try:
        with world.sessions.begin() as session:
            add_note(session, clue_number=clue, note=note, operator_id=world.alice, now=NOW)
    except InvalidValue as exc:
        assert not accepted and "note is 10001 characters long; the limit is 10000" in str(exc)
    with world.sessions.begin() as session:
        lead = get_lead(session, clue_number=clue)
        kinds = [event.kind for event in list_events(session, clue_number=clue)]
    assert lead.notes == (note if accepted else "")
    assert kinds == (["created", "note"] if accepted else ["created"])


def _file_with_leads(tmp_path: Path, count: int) -> Path:
    """A migrated SQLite file holding `count` leads, checkpointed: every page is in the file."""
    path = tmp_path / "leads.sqlite"
    engine = make_db(f"sqlite:///{path}")
    upgrade(engine)
    sessions = make_session_factory(engine)
    with sessions.begin() as session:
        tj = ensure_account(session, code="TJ", name="团建", city="北京")
        for _ in range(count):
            add_lead(
                session, account_id=tj, account_code="TJ", local_day=DAY, now=NOW,
                clue_format=DEFAULT_CLUE_FORMAT, red_nickname="小王", need="年会" * 50,
            )  # fmt: skip
    engine.dispose()
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    return path


def _overwrite_page(path: Path, table: str) -> None:
    """Garbage over the root page of a table, as a failing disk or a bad copy leaves it."""
    with sqlite3.connect(path) as connection:
        size = connection.execute("PRAGMA page_size").fetchone()[0]
        root = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)
        ).fetchone()[0]
    connection.close()
    with path.open("r+b") as handle:
        handle.seek((root - 1) * size)
        handle.write(bytes(range(256)) * (size // 256))


def test_a_corrupted_page_is_reported_on_read(tmp_path: Path) -> None:
    path = _file_with_leads(tmp_path, 200)
    _overwrite_page(path, "leads")
    engine = make_db(f"sqlite:///{path}")
    upgrade(engine)  # the schema's own pages are intact: only reading leads fails
    sessions = make_session_factory(engine)
    with (
        pytest.raises(DatabaseCorrupt, match=r"is damaged \(database disk image is malformed\)"),
        sessions.begin() as session,
    ):
        list_leads(session)
    engine.dispose()


def test_a_file_that_is_not_a_database_is_reported_at_start(tmp_path: Path) -> None:
    path = _file_with_leads(tmp_path, 1)
    with path.open("r+b") as handle:
        handle.write(b"this is not SQLite" * 10)
    with pytest.raises(DatabaseCorrupt, match=r"is damaged \(file is not a database\)"):
        upgrade(make_db(f"sqlite:///{path}"))


def test_a_full_database_says_so_and_keeps_what_was_committed(tmp_path: Path) -> None:
    path = _file_with_leads(tmp_path, 1)
    engine = make_db(f"sqlite:///{path}")

    @event.listens_for(engine, "connect")
    def no_room_to_grow(dbapi_connection: Any, _record: Any) -> None:
        # A per-connection cap at the current size: SQLite reports SQLITE_FULL exactly
        # as it does for a full disk.
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    sessions = make_session_factory(engine)
    with pytest.raises(DatabaseFull, match=r"is full \(database or disk is full\)"):
        for _ in range(100):
            with sessions.begin() as session:
                add_lead(
                    session, account_id=1, account_code="TJ", local_day=DAY, now=NOW,
                    clue_format=DEFAULT_CLUE_FORMAT, need="很长的需求" * 2000,
                )  # fmt: skip
    with sessions.begin() as session:
        leads = list_leads(session)
    engine.dispose()
    assert leads and [lead.seq for lead in leads] == list(range(1, len(leads) + 1))


def test_a_database_missing_tables_is_refused_by_name(tmp_path: Path) -> None:
    engine = make_db(f"sqlite:///{tmp_path / 'half.sqlite'}")
    upgrade(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE stamps")
    with pytest.raises(DatabaseCorrupt, match="has no table stamps") as refused:
        upgrade_if_needed(engine, "half.sqlite")
    assert refused.value.code == "schema_incomplete"
    assert refused.value.values["tables"] == "stamps"
    engine.dispose()
