"""Lead writers for the concurrency tests; importable by spawned processes."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy.orm import Session, sessionmaker

from storage.clues import DEFAULT_CLUE_FORMAT
from storage.db import make_db, make_session_factory
from storage.leads import add_lead


class Abort(Exception):
    """Raised inside a transaction to roll a freshly numbered lead back."""


def write_leads(
    sessions: sessionmaker[Session], account_id: int, day: date, count: int, abort_every: int
) -> int:
    """Add count leads, one transaction each, rolling back every abort_every-th; returns commits."""
    committed = 0
    for n in range(count):
        try:
            with sessions.begin() as session:
                add_lead(
                    session, account_id=account_id, account_code="TJ", local_day=day,
                    now=datetime.now(UTC), clue_format=DEFAULT_CLUE_FORMAT, red_nickname=f"w{n}",
                )  # fmt: skip
                if abort_every and n % abort_every == 0:
                    raise Abort
            committed += 1
        except Abort:
            pass
    return committed


def write_leads_in_process(url: str, account_id: int, day: date, count: int, every: int) -> int:
    """write_leads with this process's own engine, as a separate bot process would."""
    engine = make_db(url)
    try:
        return write_leads(make_session_factory(engine), account_id, day, count, every)
    finally:
        engine.dispose()
