"""Inquiries gain the local day they belong to, as leads have; summary indexes.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from collections.abc import Sequence
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The backfill needs the time zone the desk counts days in, which lives in the bot's config
# (storage must not read it). The caller hands it over (storage.migrate: attributes
# "timezone", from config.timezone); a bare upgrade falls back to the config's default,
# Asia/Shanghai, which is the zone of every team this product serves (China: one zone, no
# DST). Leads already store the day their creator's desk computed, so only inquiries need it.
DEFAULT_TZ = "Asia/Shanghai"
BATCH = 5000


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("inquiries") as batch:
        batch.add_column(sa.Column("local_day", sa.Date(), nullable=True))
    config = op.get_context().config
    given = config.attributes.get("timezone") if config is not None else None
    _backfill(ZoneInfo(given or DEFAULT_TZ))
    with op.batch_alter_table("inquiries") as batch:
        batch.alter_column("local_day", existing_type=sa.Date(), nullable=False)
    # A summary asks for one local day at a time (a day and its baselines), cut at a moment
    # and grouped: with the day as an equality, this index is read in group order, covering
    # (no table lookups, no sort); its (local_day, account_id) prefix serves the chart.
    op.create_index(
        "ix_inquiries_day_group",
        "inquiries",
        ["local_day", "account_id", "operator_id", "category", "created_at"],
    )
    op.create_index("ix_leads_day_created", "leads", ["local_day", "created_at", "account_id"])
    op.create_index(
        "ix_suggestions_created_used", "suggestions", ["created_at", "used", "inquiry_id", "hook"]
    )
    op.create_index("ix_lead_events_created_at", "lead_events", ["created_at"])


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index("ix_lead_events_created_at", "lead_events")
    op.drop_index("ix_suggestions_created_used", "suggestions")
    op.drop_index("ix_leads_day_created", "leads")
    op.drop_index("ix_inquiries_day_group", "inquiries")
    with op.batch_alter_table("inquiries") as batch:
        batch.drop_column("local_day")


def _backfill(zone: ZoneInfo) -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        bind.execute(
            sa.text("UPDATE inquiries SET local_day = (created_at AT TIME ZONE :tz)::date"),
            {"tz": zone.key},
        )
        return
    # SQLite has no time zone database: convert in Python, a batch at a time.
    last = 0
    select = sa.text("SELECT id, created_at FROM inquiries WHERE id > :last ORDER BY id LIMIT :n")
    update = sa.text("UPDATE inquiries SET local_day = :day WHERE id = :id")
    while rows := bind.execute(select, {"last": last, "n": BATCH}).all():
        values = [{"id": row[0], "day": _local_day(row[1], zone)} for row in rows]
        bind.execute(update, values)
        last = rows[-1][0]


def _local_day(stored: str | datetime, zone: ZoneInfo) -> str:
    moment = stored if isinstance(stored, datetime) else datetime.fromisoformat(stored)
    return moment.replace(tzinfo=UTC).astimezone(zone).date().isoformat()
