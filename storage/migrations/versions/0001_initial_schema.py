"""Initial schema: accounts, operators, inquiries, suggestions, leads, events, counters.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), primary_key=True)


def _ts(name: str, nullable: bool = False) -> sa.Column:
    # Migrations pin the plain column type; UTCDateTime only adds Python-side conversion.
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _fk(name: str, table: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.Integer(), sa.ForeignKey(f"{table}.id"), nullable=nullable)


def _str(name: str, length: int | None = None, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.String(length), nullable=nullable)


def upgrade() -> None:
    """Apply this revision."""
    _people()
    _usage()
    _leads()


def _people() -> None:
    op.create_table(
        "accounts", _id(), _str("code", 32, False), _str("name"), _str("city"),
        sa.UniqueConstraint("code"),
    )  # fmt: skip
    op.create_table(
        "operators", _id(), _str("handle", 128), _str("display_name"), _str("role", 16),
        sa.UniqueConstraint("handle"),
    )  # fmt: skip


def _usage() -> None:
    op.create_table(
        "inquiries", _id(), _fk("account_id", "accounts"),
        _fk("operator_id", "operators", nullable=True),
        _str("channel", 16), sa.Column("text", sa.Text(), nullable=False),
        _str("category", 64), _str("script_id", nullable=True),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("confident", sa.Boolean(), nullable=False), _ts("created_at"),
    )  # fmt: skip
    op.create_index("ix_inquiries_account_created", "inquiries", ["account_id", "created_at"])
    op.create_index("ix_inquiries_created_at", "inquiries", ["created_at"])
    op.create_table(
        "suggestions", _id(), _fk("inquiry_id", "inquiries"), _fk("account_id", "accounts"),
        _str("script_id"), sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False), _str("text_key", 500),
        sa.Column("used", sa.Boolean(), server_default=sa.false(), nullable=False),
        _ts("used_at", nullable=True), _ts("created_at"),
    )  # fmt: skip
    op.create_index("ix_suggestions_inquiry_id", "suggestions", ["inquiry_id"])
    op.create_index(
        "ix_suggestions_account_script_created",
        "suggestions",
        ["account_id", "script_id", "created_at"],
    )
    op.create_index(
        "ix_suggestions_account_key_used", "suggestions", ["account_id", "text_key", "used_at"]
    )


def _leads() -> None:
    op.create_table(
        "leads", _id(), _str("clue_number", 64), _fk("account_id", "accounts"),
        sa.Column("local_day", sa.Date(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False), _ts("created_at"),
        _str("red_nickname"), sa.Column("need", sa.Text(), nullable=False),
        _str("city", nullable=True), _str("wechat", nullable=True), _str("phone", nullable=True),
        sa.Column("headcount", sa.Integer(), nullable=True),
        sa.Column("budget_per_head", sa.BigInteger(), nullable=True),
        sa.Column("budget_total", sa.BigInteger(), nullable=True),
        sa.Column("month", sa.Integer(), nullable=True),
        _str("source", 16), _str("status", 16),
        sa.Column("deal_value", sa.BigInteger(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        _fk("operator_id", "operators", nullable=True),
        _fk("inquiry_id", "inquiries", nullable=True), _str("script_id", nullable=True),
        sa.UniqueConstraint("clue_number"),
        sa.UniqueConstraint("account_id", "local_day", "seq"),
    )  # fmt: skip
    for name, column in (("phone", "phone"), ("wechat", "wechat"), ("nickname", "red_nickname")):
        op.create_index(f"ix_leads_account_{name}", "leads", ["account_id", column])
    op.create_index("ix_leads_local_day", "leads", ["local_day"])
    op.create_table(
        "lead_events", _id(), _fk("lead_id", "leads"), _ts("created_at"), _str("kind", 16),
        _str("old_status", 16, nullable=True), _str("new_status", 16, nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        _fk("operator_id", "operators", nullable=True),
    )  # fmt: skip
    op.create_index("ix_lead_events_lead_id", "lead_events", ["lead_id"])
    op.create_table(
        "clue_counters", _fk("account_id", "accounts"),
        sa.Column("local_day", sa.Date(), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("account_id", "local_day"),
    )  # fmt: skip


def downgrade() -> None:
    """Revert this revision."""
    for table in (
        "clue_counters", "lead_events", "leads", "suggestions", "inquiries", "operators",
        "accounts",
    ):  # fmt: skip
        op.drop_table(table)
