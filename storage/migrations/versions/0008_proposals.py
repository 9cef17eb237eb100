"""Proposals (a script, a variant or a trigger awaiting a team lead) and custom categories.

Revision ID: 0008
Revises: 0005
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _ts(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _who(name: str, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sa.Integer(), sa.ForeignKey("operators.id"), nullable=nullable)


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "proposals",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),  # script | variant | trigger
        sa.Column("script_id", sa.String(64), nullable=False),  # no FK: a new script's id
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=True),  # None: a new script
        _who("proposed_by", nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        _who("decided_by"),
        _ts("decided_at", nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        _ts("created_at"),
    )
    op.create_index("ix_proposals_state", "proposals", ["state"])
    op.create_table(
        "custom_categories",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("label_zh", sa.String(32), nullable=False),
        sa.Column("label_en", sa.String(32), nullable=True),
        _who("created_by"),
        _ts("created_at"),
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("custom_categories")
    op.drop_index("ix_proposals_state", "proposals")
    op.drop_table("proposals")
