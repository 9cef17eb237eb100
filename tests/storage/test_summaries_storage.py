"""Migration 0006 backfills inquiries' local day in the zone it is given; summary queries."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from alembic import command
from sqlalchemy import Engine, text

from storage.db import make_session_factory
from storage.migrate import alembic_config
from storage.summaries import Span, daily_counts, inquiry_counts

MOMENT = datetime(
    2026, 12, 1, 2, 0, tzinfo=UTC
)  # 10:00 in Shanghai, 21:00 the day before in New York


@pytest.mark.parametrize(
    ("zone", "day"), [(None, date(2026, 12, 1)), ("America/New_York", date(2026, 11, 30))]
)
def test_the_backfill_uses_the_configured_zone(engine: Engine, zone: str | None, day: date) -> None:
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0005")
        stored = (
            MOMENT.replace(tzinfo=None).isoformat(" ", "microseconds")  # as SQLAlchemy writes
            if engine.dialect.name == "sqlite"
            else MOMENT
        )
        connection.execute(
            text("INSERT INTO accounts (id, code, name, city) VALUES (1, 'TJ', 't', '')")
        )
        connection.execute(
            text(
                "INSERT INTO inquiries (account_id, channel, text, score, confident, created_at)"
                " VALUES (1, 'dm', '多少钱', 0, :yes, :at)"
            ),
            {"yes": True, "at": stored},
        )
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection, zone), "head")
    sessions = make_session_factory(engine)
    with sessions.begin() as session:
        assert daily_counts(session, day_from=day, day_to=day)[0].inquiries == 1
        span = Span(MOMENT, MOMENT.replace(hour=3), day, day)
        assert [c.count for c in inquiry_counts(session, span=span)] == [1]
        # The day's index is used, the moment cuts: an hour later, nothing.
        later = Span(MOMENT.replace(hour=3), MOMENT.replace(hour=4), day, day)
        assert inquiry_counts(session, span=later) == []
