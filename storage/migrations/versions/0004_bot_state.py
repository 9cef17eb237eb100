"""Bot state in the database: claims (exactly-once facts), dialogues, per-operator prefs.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _ts(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "claims",
        sa.Column("key", sa.String(128), primary_key=True),
        _ts("created_at"),
    )
    op.create_table(
        "dialogues",
        sa.Column("operator_id", sa.Integer(), sa.ForeignKey("operators.id"), primary_key=True),
        sa.Column("chat_id", sa.BigInteger(), primary_key=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("step", sa.String(32), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        _ts("updated_at"),
    )
    op.create_table(
        "operator_prefs",
        sa.Column("operator_id", sa.Integer(), sa.ForeignKey("operators.id"), primary_key=True),
        sa.Column("account", sa.String(32), nullable=True),
        _ts("updated_at"),
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("operator_prefs")
    op.drop_table("dialogues")
    op.drop_table("claims")
