"""Engines, session factories and schema migrations; nothing connects at import time."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from storage.errors import DatabaseUnavailable, InvalidValue
from storage.faults import translate_errors
from storage.migrate import run_upgrade

logger = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 30_000
PG_CONNECT_TIMEOUT_S = 5


def make_db(url: str) -> Engine:
    """Build an Engine for a SQLite or PostgreSQL URL; no connection is opened yet."""
    parsed = _parse(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed)
    if parsed.get_backend_name() == "postgresql":
        return _postgres_engine(parsed)
    shown = safe_url(parsed)
    raise InvalidValue(
        f"unsupported database {shown}; use sqlite:/// or postgresql://",
        "db_unsupported",
        url=shown,
    )


def existing_db(url: str) -> Engine | None:
    """An Engine on the database only if it exists already: a missing SQLite file is None."""
    parsed = _parse(url)
    if parsed.get_backend_name() == "sqlite" and not parsed.query.get("uri"):
        database = parsed.database or ""
        if database in ("", ":memory:") or not Path(database).expanduser().is_file():
            return None
    return make_db(url)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Session factory; callers frame transactions with `with sessions.begin() as s:`."""
    return sessionmaker(engine, expire_on_commit=False)


def upgrade(engine: Engine, timezone: str | None = None) -> None:
    """Bring the schema to the newest revision; SchemaTooNew if the database is ahead.

    ``timezone``: the configured zone, for migrations that derive local days.
    """
    run_upgrade(engine, safe_url(engine.url), timezone)


def safe_url(url: URL | str) -> str:
    """The URL as text with any password masked, for messages and logs."""
    parsed = url if isinstance(url, URL) else make_url(url)
    if parsed.get_backend_name() == "sqlite":
        # render_as_string percent-encodes file paths; SQLite URLs carry no password.
        query = "&".join(f"{key}={value}" for key, value in parsed.query.items())
        return f"{parsed.drivername}:///{parsed.database or ''}" + (f"?{query}" if query else "")
    return parsed.render_as_string(hide_password=True)


def _parse(url: str) -> URL:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        # The text is not shown: a URL that does not parse may still carry a password.
        raise InvalidValue("not a database URL", "db_bad_url") from exc
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def _sqlite_engine(url: URL) -> Engine:
    _create_private_file(url)
    engine = create_engine(url)
    translate_errors(engine, safe_url(url))
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def _create_private_file(url: URL) -> None:
    """A new database folder (0700) and file (0600): the file holds customers' phone numbers.

    SQLite creates the -wal and -shm files with the database file's permissions. Existing
    folders and files keep theirs (a deployment may have chosen them).
    """
    database = url.database or ""
    if url.query.get("uri") or database in ("", ":memory:"):
        return  # URI filenames and in-memory databases name no folder of ours to create
    path = Path(database).expanduser().resolve()
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseUnavailable(
            f"cannot create the folder for database {safe_url(url)}: {exc.strerror or exc}"
        ) from exc
    try:
        # O_EXCL: only a file this call creates; an empty file is a valid empty database.
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass
    except OSError as exc:  # e.g. a read-only folder; SQLite would fail the same way later
        logger.debug("cannot create %s yet: %s", path, exc)


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # The SQLAlchemy pysqlite recipe: the driver must not BEGIN on its own, the begin
    # hook below does, so that every transaction (DDL included) is explicit.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
    finally:
        cursor.close()


def _sqlite_on_begin(connection: Any) -> None:
    # IMMEDIATE takes the write lock up front, so concurrent writers wait on busy_timeout
    # instead of failing with "database is locked" when a reader upgrades to a writer.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def _postgres_engine(url: URL) -> Engine:
    connect_args: dict[str, Any] = {"application_name": "replydesk"}
    if "connect_timeout" not in url.query:
        # Without it an unreachable host hangs for minutes before DatabaseUnavailable.
        connect_args["connect_timeout"] = PG_CONNECT_TIMEOUT_S
    engine = create_engine(url, pool_pre_ping=True, connect_args=connect_args)
    translate_errors(engine, safe_url(url))
    return engine
