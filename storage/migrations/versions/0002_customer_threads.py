"""Customer threads: one customer's messages in a row, the operator's current thread.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _ts(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "threads",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("account_id", sa.Integer(), sa.ForeignKey("accounts.id"), nullable=False),
        sa.Column("operator_id", sa.Integer(), sa.ForeignKey("operators.id"), nullable=False),
        sa.Column("messages", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("lead_id", sa.Integer(), sa.ForeignKey("leads.id"), nullable=True),
        _ts("created_at"),
        _ts("last_at"),
    )
    op.create_index("ix_threads_operator_last", "threads", ["operator_id", "last_at"])
    op.create_index("ix_threads_lead_id", "threads", ["lead_id"])
    op.create_table(
        "current_threads",
        sa.Column("operator_id", sa.Integer(), sa.ForeignKey("operators.id"), primary_key=True),
        sa.Column("account_id", sa.Integer(), sa.ForeignKey("accounts.id"), primary_key=True),
        sa.Column("thread_id", sa.Integer(), sa.ForeignKey("threads.id"), nullable=False),
        _ts("pointed_at"),
    )
    with op.batch_alter_table("inquiries") as batch:
        batch.add_column(sa.Column("thread_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("position", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("facts", sa.JSON(), nullable=True))
        # An inquiry nothing in the library resembles is stored without a category.
        batch.alter_column("category", existing_type=sa.String(64), nullable=True)
        batch.create_foreign_key("fk_inquiries_thread_id_threads", "threads", ["thread_id"], ["id"])
        batch.create_index("ix_inquiries_thread_id", ["thread_id"])
    with op.batch_alter_table("suggestions") as batch:
        batch.add_column(sa.Column("hook", sa.String(), nullable=True))


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("suggestions") as batch:
        batch.drop_column("hook")
    with op.batch_alter_table("inquiries") as batch:
        batch.drop_index("ix_inquiries_thread_id")
        batch.drop_constraint("fk_inquiries_thread_id_threads", type_="foreignkey")
        batch.alter_column("category", existing_type=sa.String(64), nullable=False)
        batch.drop_column("facts")
        batch.drop_column("position")
        batch.drop_column("thread_id")
    op.drop_table("current_threads")
    op.drop_index("ix_threads_lead_id", "threads")
    op.drop_index("ix_threads_operator_last", "threads")
    op.drop_table("threads")
