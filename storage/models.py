"""ORM models; rows stay inside storage/, callers get records.py dataclasses."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from storage.types import UTCDateTime

ROLES = ("admin", "lead", "operator", "none")  # none: access revoked
CHANNELS = ("dm", "comment")
SOURCES = ("dm", "comment", "outreach")
EXAMPLE_SOURCES = ("correction", "import")
STATUSES = ("new", "contacted", "awaiting_reply", "won", "lost", "invalid")
EVENT_KINDS = ("created", "status", "note", "edit")

# Named constraints let later SQLite batch migrations find and alter them.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with the naming convention and UTC timestamps."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime(), str: String()}


class AccountRow(Base):
    """One enterprise account (账号) with its short code, e.g. TJ."""

    __tablename__ = "accounts"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str]
    city: Mapped[str] = mapped_column(default="")


class Operator(Base):
    """A person using the assistant, keyed by front-end handle (tg:123, terminal:alice)."""

    __tablename__ = "operators"
    id: Mapped[int] = mapped_column(primary_key=True)
    handle: Mapped[str] = mapped_column(String(128), unique=True)
    display_name: Mapped[str]
    role: Mapped[str] = mapped_column(String(16))


class Inquiry(Base):
    """One pasted customer question and how the engine classified it."""

    __tablename__ = "inquiries"
    __table_args__ = (
        Index("ix_inquiries_account_created", "account_id", "created_at"),
        # Covering for the summaries: one local day (equality) scanned in group order,
        # cut at a moment; its (local_day, account_id) prefix serves the 30-day chart.
        Index(
            "ix_inquiries_day_group",
            "local_day", "account_id", "operator_id", "category", "created_at",
        ),
    )  # fmt: skip
    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    channel: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(String(64))
    script_id: Mapped[str | None]
    score: Mapped[float] = mapped_column(Float)
    confident: Mapped[bool]
    created_at: Mapped[datetime] = mapped_column(index=True)
    thread_id: Mapped[int | None] = mapped_column(ForeignKey("threads.id"), index=True)
    position: Mapped[int | None] = mapped_column(Integer)  # 1 for a thread's first message
    facts: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # what the message told us
    local_day: Mapped[date] = mapped_column(Date)  # in the desk's time zone, as for leads


class SuggestionRow(Base):
    """One reply text shown for an inquiry; used once the operator copies it."""

    __tablename__ = "suggestions"
    __table_args__ = (
        Index("ix_suggestions_account_script_created", "account_id", "script_id", "created_at"),
        Index("ix_suggestions_account_key_used", "account_id", "text_key", "used_at"),
        # Covering for the summaries' suggestion use in a span of moments.
        Index("ix_suggestions_created_used", "created_at", "used", "inquiry_id", "hook"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    inquiry_id: Mapped[int] = mapped_column(ForeignKey("inquiries.id"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    script_id: Mapped[str]
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    text_key: Mapped[str] = mapped_column(String(500))
    used: Mapped[bool] = mapped_column(default=False, server_default=false())
    used_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    hook: Mapped[str | None]


class Lead(Base):
    """One row of the lead table (客资表), numbered by its clue number."""

    __tablename__ = "leads"
    __table_args__ = (
        UniqueConstraint("account_id", "local_day", "seq"),
        Index("ix_leads_account_phone", "account_id", "phone"),
        Index("ix_leads_account_wechat", "account_id", "wechat"),
        Index("ix_leads_account_nickname", "account_id", "red_nickname"),
        Index("ix_leads_day_created", "local_day", "created_at", "account_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    clue_number: Mapped[str] = mapped_column(String(64), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    local_day: Mapped[date] = mapped_column(Date, index=True)
    seq: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]
    red_nickname: Mapped[str] = mapped_column(default="")
    need: Mapped[str] = mapped_column(Text, default="")
    city: Mapped[str | None]
    wechat: Mapped[str | None]
    phone: Mapped[str | None]
    headcount: Mapped[int | None] = mapped_column(Integer)
    budget_per_head: Mapped[int | None] = mapped_column(BigInteger)
    budget_total: Mapped[int | None] = mapped_column(BigInteger)
    month: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="new")
    deal_value: Mapped[int | None] = mapped_column(BigInteger)
    notes: Mapped[str] = mapped_column(Text, default="")
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    inquiry_id: Mapped[int | None] = mapped_column(ForeignKey("inquiries.id"))
    script_id: Mapped[str | None]
    account: Mapped[AccountRow] = relationship(lazy="joined", innerjoin=True)


class LeadEvent(Base):
    """One change in a lead's life: created, status change, note or edit."""

    __tablename__ = "lead_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(16))
    old_status: Mapped[str | None] = mapped_column(String(16))
    new_status: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))


class ClueCounter(Base):
    """Last clue sequence handed out per account and local day."""

    __tablename__ = "clue_counters"
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), primary_key=True)
    local_day: Mapped[date] = mapped_column(Date, primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)


class Thread(Base):
    """One customer's messages in a row, as one operator pasted them for one account."""

    __tablename__ = "threads"
    __table_args__ = (Index("ix_threads_operator_last", "operator_id", "last_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    operator_id: Mapped[int] = mapped_column(ForeignKey("operators.id"))
    messages: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # use_alter: leads -> inquiries -> threads -> leads is a cycle of foreign keys.
    lead_id: Mapped[int | None] = mapped_column(ForeignKey("leads.id", use_alter=True), index=True)
    created_at: Mapped[datetime]
    last_at: Mapped[datetime]


class CurrentThread(Base):
    """The thread a paste joins, per operator and account (absent: the next paste starts one)."""

    __tablename__ = "current_threads"
    operator_id: Mapped[int] = mapped_column(ForeignKey("operators.id"), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id"))
    pointed_at: Mapped[datetime]  # a resumed thread counts as active from then


class LearnedExample(Base):
    """An inquiry labelled by a person (a correction or an import); the model learns it."""

    __tablename__ = "learned_examples"
    __table_args__ = (Index("ix_learned_examples_account_normalized", "account_id", "normalized"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))  # None: all
    text: Mapped[str] = mapped_column(Text)  # as the customer wrote it
    normalized: Mapped[str] = mapped_column(Text)  # the caller's matching normalisation
    category: Mapped[str] = mapped_column(String(64))
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    source: Mapped[str] = mapped_column(String(16))  # correction | import
    created_at: Mapped[datetime]
    removed_at: Mapped[datetime | None]


class Stamp(Base):
    """A version number bumped on every change of something processes cache (examples)."""

    __tablename__ = "stamps"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)


class Claim(Base):
    """A fact that something happened once (an update handled, a summary sent)."""

    __tablename__ = "claims"
    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    created_at: Mapped[datetime]


class Dialogue(Base):
    """A half-done conversation of one operator in one chat (lead logging, a deal value)."""

    __tablename__ = "dialogues"
    operator_id: Mapped[int] = mapped_column(ForeignKey("operators.id"), primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    step: Mapped[str] = mapped_column(String(32))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer)  # compare-and-set: every change bumps it
    updated_at: Mapped[datetime]


class OperatorPrefs(Base):
    """What an operator chose that outlives a message: the current account."""

    __tablename__ = "operator_prefs"
    operator_id: Mapped[int] = mapped_column(ForeignKey("operators.id"), primary_key=True)
    account: Mapped[str | None] = mapped_column(String(32))
    updated_at: Mapped[datetime]


SCRIPT_STATUSES = ("active", "retired")
SCRIPT_SOURCES = ("bundled", "file", "team")


class ScriptRow(Base):
    """One reply script of the team's library; ``version`` grows with every change."""

    __tablename__ = "scripts"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    category: Mapped[str] = mapped_column(String(64), index=True)
    accounts: Mapped[list[str] | None] = mapped_column(JSON)  # None: every account
    channel: Mapped[str] = mapped_column(String(16))
    triggers: Mapped[list[str]] = mapped_column(JSON)
    replies: Mapped[list[str]] = mapped_column(JSON)  # the variants
    hooks: Mapped[list[str]] = mapped_column(JSON)
    tags: Mapped[list[str]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16))
    version: Mapped[int] = mapped_column(Integer)
    edited_by: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    updated_at: Mapped[datetime]
    source: Mapped[str] = mapped_column(String(16))


class ScriptVersion(Base):
    """A script as it was at one version, with who made it and when."""

    __tablename__ = "script_versions"
    script_id: Mapped[str] = mapped_column(ForeignKey("scripts.id"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    edited_by: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    created_at: Mapped[datetime]


JOB_STATES = ("claimed", "sending", "sent", "failed", "uncertain")
FOLLOWUP_STATES = ("active", "cold", "closed")


class JobRun(Base):
    """One scheduled send to one chat (a summary period, a reminder), claimed before it goes.

    The unique (job, period, chat_id) row is the fact that makes it happen once; its state
    says how far it got: claimed -> sending -> sent, or failed / uncertain.
    """

    __tablename__ = "job_runs"
    __table_args__ = (
        UniqueConstraint("job", "period", "chat_id"),
        Index("ix_job_runs_state_lease", "state", "lease_until"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    job: Mapped[str] = mapped_column(String(32))
    period: Mapped[str] = mapped_column(String(64))
    chat_id: Mapped[int] = mapped_column(BigInteger)
    state: Mapped[str] = mapped_column(String(16))
    owner: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    late: Mapped[bool] = mapped_column(default=False)
    error: Mapped[str | None] = mapped_column(Text)
    scheduled_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]


class Followup(Base):
    """Re-activation state of a customer thread whose last message was ours.

    ``anchor`` is the customer's last message the follow-up is about: once they write
    again the row no longer applies and the thread starts afresh.
    """

    __tablename__ = "followups"
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id"), primary_key=True)
    anchor: Mapped[int] = mapped_column(Integer)  # inquiries.id
    round: Mapped[int] = mapped_column(Integer)  # re-activation messages sent so far
    step: Mapped[int] = mapped_column(Integer)  # bumped by every change: the reminder's key
    state: Mapped[str] = mapped_column(String(16))
    next_due: Mapped[datetime | None]
    snoozed_until: Mapped[datetime | None]
    updated_at: Mapped[datetime]


PROPOSAL_KINDS = ("script", "variant", "trigger")
PROPOSAL_STATES = ("pending", "approved", "rejected")


class ProposalRow(Base):
    """An operator's proposed script, variants or triggers, awaiting a team lead."""

    __tablename__ = "proposals"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    script_id: Mapped[str] = mapped_column(String(64))  # the script changed, or the new one
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    base_version: Mapped[int | None] = mapped_column(Integer)  # the version proposed against
    proposed_by: Mapped[int] = mapped_column(ForeignKey("operators.id"))
    state: Mapped[str] = mapped_column(String(16), index=True)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    decided_at: Mapped[datetime | None]
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]


class CustomCategory(Base):
    """A category an admin added to the ten built-in ones, with its labels."""

    __tablename__ = "custom_categories"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    label_zh: Mapped[str] = mapped_column(String(32))
    label_en: Mapped[str | None] = mapped_column(String(32))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    created_at: Mapped[datetime]
