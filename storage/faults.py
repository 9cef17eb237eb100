"""Driver failures that mean "the database is not usable" become DatabaseUnavailable."""

from __future__ import annotations

import logging

from sqlalchemy import Engine, event
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.exc import DBAPIError

from storage.errors import DatabaseUnavailable

logger = logging.getLogger(__name__)

READ_ONLY_MARKERS = ("readonly", "read-only")
PG_READ_ONLY_STATE = "25006"


def unavailable(exc: DBAPIError, shown_url: str, *, connecting: bool) -> DatabaseUnavailable | None:
    """The DatabaseUnavailable this failure amounts to, or None for an ordinary SQL error."""
    reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
    if any(marker in reason for marker in READ_ONLY_MARKERS) or (
        getattr(exc.orig, "sqlstate", None) == PG_READ_ONLY_STATE
    ):
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
