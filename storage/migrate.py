"""Alembic, driven from code: the config is built here, no alembic.ini is needed.

Alembic is imported only to migrate: opening an up-to-date database compares its stamp
with ``HEAD`` in one SELECT, so a short command does not load Alembic and every migration.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from storage.errors import DatabaseCorrupt, SchemaTooNew
from storage.models import Base

if TYPE_CHECKING:
    from alembic.config import Config

logger = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Any constant works; it keeps two processes on one PostgreSQL from migrating at once.
PG_MIGRATION_LOCK = 0x7265706C79
HEAD = "0008"  # the newest revision in storage/migrations (a test keeps them equal)


def alembic_config(connection: Connection | None = None, timezone: str | None = None) -> Config:
    """An Alembic Config pointing at storage/migrations, optionally bound to a connection.

    ``timezone`` (the desk's configured zone) lets a migration derive local days.
    """
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    if connection is not None:
        config.attributes["connection"] = connection
    config.attributes["timezone"] = timezone
    return config


def head_revision() -> str:
    """The newest revision this code knows, read from storage/migrations."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "storage/migrations has no revisions"
    return head


def current_revisions(connection: Connection) -> tuple[str, ...]:
    """Revisions stamped in the database (empty for a fresh one)."""
    if not inspect(connection).has_table("alembic_version"):
        return ()
    return tuple(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())


def run_upgrade(engine: Engine, shown_url: str, timezone: str | None = None) -> None:
    """Upgrade to head in one transaction; the engine turns driver failures into StorageErrors."""
    from alembic import command

    with engine.begin() as connection:
        _lock(connection)
        _refuse_unknown(connection, shown_url)
        command.upgrade(alembic_config(connection, timezone), "head")
        _refuse_incomplete(connection, shown_url)
        _probe_write(connection)
    logger.info("database %s is at revision %s", shown_url, HEAD)


def upgrade_if_needed(engine: Engine, shown_url: str, timezone: str | None = None) -> None:
    """Upgrade only when the database is behind: opening an up-to-date one never writes,
    so a read-only database can still be listed, searched and exported."""
    with engine.connect() as connection:
        try:
            if current_revisions(connection) == (HEAD,):
                _refuse_incomplete(connection, shown_url)
                return
        finally:
            connection.rollback()  # a read: no transaction left open
    run_upgrade(engine, shown_url, timezone)


def _lock(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_MIGRATION_LOCK})")


def _probe_write(connection: Connection) -> None:
    # A database that is up to date needs no write to upgrade; a read-only one must still
    # fail here, at start-up, rather than on the first lead an operator logs.
    connection.exec_driver_sql("UPDATE alembic_version SET version_num = version_num")


def _refuse_incomplete(connection: Connection, shown_url: str) -> None:
    # A file stamped with the newest revision but missing tables (copied by hand, or
    # made by a development build) would fail on the first inquiry with a traceback.
    present = set(inspect(connection).get_table_names())
    missing = sorted(set(Base.metadata.tables) - present)
    if missing:
        raise DatabaseCorrupt(
            f"database {shown_url} says it is at schema revision {HEAD} but has"
            f" no table {', '.join(missing)}: restore a backup, or use another database",
            "schema_incomplete",
            url=shown_url,
            tables=", ".join(missing),
            revision=HEAD,
        )


def _refuse_unknown(connection: Connection, shown_url: str) -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    known = {revision.revision for revision in script.walk_revisions()}
    unknown = [rev for rev in current_revisions(connection) if rev not in known]
    if unknown:
        raise SchemaTooNew(
            f"database {shown_url} is at schema revision {', '.join(unknown)}, which this "
            f"version of replydesk does not know (newest known: {HEAD}); "
            "upgrade replydesk or use another database"
        )
