"""Learned examples (operators' corrections, imports) and the version stamps.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-10
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _ts(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "learned_examples",
        sa.Column("id", sa.Integer(), primary_key=True),
        # NULL: the example counts for every account (an import without --account).
        sa.Column("account_id", sa.Integer(), sa.ForeignKey("accounts.id"), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("normalized", sa.Text(), nullable=False),
        sa.Column("category", sa.String(64), nullable=False),
        sa.Column("operator_id", sa.Integer(), sa.ForeignKey("operators.id"), nullable=True),
        sa.Column("source", sa.String(16), nullable=False),
        _ts("created_at"),
        _ts("removed_at", nullable=True),
    )
    op.create_index(
        "ix_learned_examples_account_normalized", "learned_examples", ["account_id", "normalized"]
    )
    op.create_table(
        "stamps",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("version", sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("stamps")
    op.drop_index("ix_learned_examples_account_normalized", "learned_examples")
    op.drop_table("learned_examples")
