"""The script library in the database: scripts and every version of each.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _ts(name: str) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def _who() -> sa.Column:
    return sa.Column("edited_by", sa.Integer(), sa.ForeignKey("operators.id"), nullable=True)


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "scripts",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("category", sa.String(64), nullable=False),
        sa.Column("accounts", sa.JSON(), nullable=True),  # null: every account
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("triggers", sa.JSON(), nullable=False),
        sa.Column("replies", sa.JSON(), nullable=False),
        sa.Column("hooks", sa.JSON(), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        _who(),
        _ts("updated_at"),
        sa.Column("source", sa.String(16), nullable=False),
    )
    op.create_index("ix_scripts_category", "scripts", ["category"])
    op.create_table(
        "script_versions",
        sa.Column("script_id", sa.String(64), sa.ForeignKey("scripts.id"), primary_key=True),
        sa.Column("version", sa.Integer(), primary_key=True),
        sa.Column("data", sa.JSON(), nullable=False),  # the whole script, status included
        _who(),
        _ts("created_at"),
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("script_versions")
    op.drop_index("ix_scripts_category", "scripts")
    op.drop_table("scripts")
