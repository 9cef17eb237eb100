"""Driver failures that mean "the database is not usable" become DatabaseUnavailable.

A full disk and a damaged file have their own subclasses and messages, reads included:
what the operator can do about each differs (free space; restore a backup).
"""

from __future__ import annotations

import logging

from sqlalchemy import Engine, event
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.exc import DBAPIError

from storage.errors import DatabaseCorrupt, DatabaseFull, DatabaseUnavailable

logger = logging.getLogger(__name__)

READ_ONLY_MARKERS = ("readonly", "read-only")
PG_READ_ONLY_STATE = "25006"
FULL_MARKERS = ("database or disk is full",)  # SQLITE_FULL
CORRUPT_MARKERS = ("database disk image is malformed", "file is not a database")
PG_FULL_STATES = ("53100",)  # disk_full
PG_CORRUPT_STATES = ("XX001", "XX002")  # data_corrupted, index_corrupted


def unavailable(exc: DBAPIError, shown_url: str, *, connecting: bool) -> DatabaseUnavailable | None:
    """The DatabaseUnavailable this failure amounts to, or None for an ordinary SQL error."""
    found = _unavailable(exc, shown_url, connecting=connecting)
    if found is not None:
        found.values["url"] = shown_url  # a front-end names the database in any language
    return found


def _unavailable(
    exc: DBAPIError, shown_url: str, *, connecting: bool
) -> DatabaseUnavailable | None:
    reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
    state = getattr(exc.orig, "sqlstate", None)
    if any(marker in reason for marker in FULL_MARKERS) or state in PG_FULL_STATES:
        return DatabaseFull(
            f"database {shown_url} is full ({reason}): nothing of this action was saved; "
            "free some disk space and try again"
        )
    if any(marker in reason for marker in CORRUPT_MARKERS) or state in PG_CORRUPT_STATES:
        return DatabaseCorrupt(
            f"database {shown_url} is damaged ({reason}): stop using it and restore a backup, "
            "or check that [database] url names the right file"
        )
    if any(marker in reason for marker in READ_ONLY_MARKERS) or (state == PG_READ_ONLY_STATE):
        return DatabaseUnavailable(f"database {shown_url} is read-only: {reason}")
    if "database is locked" in reason:
        return DatabaseUnavailable(f"database {shown_url} stayed locked by another writer")
    if connecting or exc.connection_invalidated:
        verb = "cannot be opened" if shown_url.startswith("sqlite") else "does not answer"
        return DatabaseUnavailable(f"database {shown_url} {verb}: {reason}")
    return None


def translate_errors(engine: Engine, shown_url: str) -> None:
    """Make the engine raise DatabaseUnavailable wherever the database itself fails."""

    def on_error(context: ExceptionContext) -> None:
        error = context.sqlalchemy_exception
        # Pre-ping failures are how the pool notices a dead connection and reconnects.
        if context.is_pre_ping or not isinstance(error, DBAPIError):
            return
        connecting = context.connection is None or context.is_disconnect
        translated = unavailable(error, shown_url, connecting=connecting)
        if translated is not None:
            logger.warning("%s", translated)
            raise translated from error

    event.listen(engine, "handle_error", on_error)
