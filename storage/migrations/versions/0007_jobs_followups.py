"""Scheduled sends claimed once per job, period and chat; follow-up state per thread.

Revision ID: 0007
Revises: 0005 (re-chained after 0006 at merge)
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _ts(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "job_runs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("job", sa.String(32), nullable=False),
        sa.Column("period", sa.String(64), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),  # claimed|sending|sent|failed|uncertain
        sa.Column("owner", sa.String(64), nullable=True),
        _ts("lease_until", nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        _ts("scheduled_at", nullable=True),
        _ts("created_at"),
        _ts("updated_at"),
        _ts("sent_at", nullable=True),
        # One row per job, period and target chat: a chat the bot was removed from fails
        # alone, and a second process's INSERT of the same run finds the row taken.
        sa.UniqueConstraint("job", "period", "chat_id", name="uq_job_runs_job_period_chat_id"),
    )
    op.create_index("ix_job_runs_state_lease", "job_runs", ["state", "lease_until"])
    op.create_table(
        "followups",
        sa.Column(
            "thread_id",
            sa.Integer(),
            sa.ForeignKey("threads.id", name="fk_followups_thread_id_threads"),
            primary_key=True,
        ),
        sa.Column("anchor", sa.Integer(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),  # active|cold|closed
        _ts("next_due", nullable=True),
        _ts("snoozed_until", nullable=True),
        _ts("updated_at"),
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("followups")
    op.drop_index("ix_job_runs_state_lease", "job_runs")
    op.drop_table("job_runs")
